import type { PropertyTags, SourceDocTags } from "./doc-tags";

/** The parts of a Pulumi package schema this module touches. */
interface PropertySpec {
    description?: string;
    secret?: boolean;
    [key: string]: unknown;
}
interface ObjectSpec {
    description?: string;
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

function apply(where: string, properties: Record<string, PropertySpec> | undefined, tags: ReadonlyMap<string, PropertyTags> | undefined): void {
    for (const [name, tag] of tags ?? []) {
        const property = properties?.[name];
        if (!property) {
            if (tag.secret) throw new Error(`${where}.${name} is tagged @secret but is not in the inferred schema`);
            continue;
        }
        if (tag.default) {
            const defaultLine = `Default: ${tag.default}`;
            property.description = property.description ? `${property.description}\n\n${defaultLine}` : defaultLine;
        }
        if (tag.secret) property.secret = true;
    }
}

/**
 * Adds what the inference drops (see doc-tags.ts): `secret: true` on every resource input,
 * resource output and object-type property tagged `@secret`, each `@default` appended to
 * the description, and each object type described by its interface's doc text. Returns a new
 * schema; the input is left as is.
 */
export function applyDocTags(inferred: PackageSchema, source: SourceDocTags): PackageSchema {
    const schema = JSON.parse(JSON.stringify(inferred)) as PackageSchema;
    const prefix = `${schema.name}:index:`;
    for (const [token, resource] of Object.entries(schema.resources)) {
        const className = token.slice(prefix.length);
        const argsName = source.argsOfClass.get(className);
        if (!argsName) throw new Error(`no constructor args interface found for ${className}`);
        apply(argsName, resource.inputProperties, source.tags.get(argsName));
        apply(className, resource.properties, source.tags.get(className));
    }
    for (const [token, type] of Object.entries(schema.types)) {
        const typeName = token.slice(prefix.length);
        const doc = source.interfaceDocs.get(typeName);
        if (doc && !type.description) type.description = doc;
        apply(typeName, type.properties, source.tags.get(typeName));
    }
    return schema;
}
