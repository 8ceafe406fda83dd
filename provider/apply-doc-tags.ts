import type { SecretTags } from "./secret-tags";

/** The parts of a Pulumi package schema this module touches. */
interface PropertySpec {
    secret?: boolean;
    [key: string]: unknown;
}
interface ObjectSpec {
    properties?: Record<string, PropertySpec>;
    inputProperties?: Record<string, PropertySpec>;
    [key: string]: unknown;
}
export interface PackageSchema {
    name: string;
    resources: Record<string, ObjectSpec>;
    types: Record<string, ObjectSpec>;
    [key: string]: unknown;
}

function mark(where: string, properties: Record<string, PropertySpec> | undefined, secrets: ReadonlySet<string> | undefined): void {
    for (const name of secrets ?? []) {
        const property = properties?.[name];
        if (!property) throw new Error(`${where}.${name} is tagged @secret but is not in the inferred schema`);
        property.secret = true;
    }
}

/**
 * Sets `secret: true` on every resource input, resource output and object-type property whose
 * TypeScript declaration carries `@secret`. Returns a new schema; the input is left as is.
 */
export function markSecrets(
    inferred: PackageSchema,
    read: { readonly tags: SecretTags; readonly argsOfClass: ReadonlyMap<string, string> },
): PackageSchema {
    const schema = JSON.parse(JSON.stringify(inferred)) as PackageSchema;
    const prefix = `${schema.name}:index:`;
    for (const [token, resource] of Object.entries(schema.resources)) {
        const className = token.slice(prefix.length);
        const argsName = read.argsOfClass.get(className);
        if (!argsName) throw new Error(`no constructor args interface found for ${className}`);
        mark(argsName, resource.inputProperties, read.tags.get(argsName));
        mark(className, resource.properties, read.tags.get(className));
    }
    for (const [token, type] of Object.entries(schema.types)) {
        const typeName = token.slice(prefix.length);
        mark(typeName, type.properties, read.tags.get(typeName));
    }
    return schema;
}
