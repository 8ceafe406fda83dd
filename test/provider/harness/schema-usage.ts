/**
 * Checks a program's use of the provider against provider/schema.json: resource types,
 * input property names (nested object types included), required inputs and outputs read.
 * Each check returns problems as `where: what` lines; an empty list means the use is valid.
 */

export interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
}
interface ResourceSpec {
    inputProperties: Record<string, PropertySpec>;
    requiredInputs?: string[];
    properties: Record<string, PropertySpec>;
}
interface TypeSpec {
    properties: Record<string, PropertySpec>;
    required?: string[];
}
export interface PackageSchema {
    name: string;
    resources: Record<string, ResourceSpec>;
    types: Record<string, TypeSpec>;
}

/** Python's name for a schema property, as Pulumi's Python codegen derives it: `volumeSizeGb` -> `volume_size_gb`. */
export function pythonName(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function isInterpolation(value: unknown): boolean {
    return typeof value === "string" && /^\$\{[^}]+\}$/.test(value);
}

/** Problems with `value` given for a property described by `spec`. */
export function checkValue(schema: PackageSchema, spec: PropertySpec, value: unknown, where: string): string[] {
    if (isInterpolation(value)) return [];
    if (spec.$ref?.startsWith("#/types/")) {
        const type = schema.types[spec.$ref.slice("#/types/".length)];
        if (!type) return [`${where}: schema lacks ${spec.$ref}`];
        if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${where}: must be an object`];
        return checkObject(schema, type.properties, type.required ?? [], value as Record<string, unknown>, where);
    }
    if (spec.type === "array" && spec.items) {
        if (!Array.isArray(value)) return [`${where}: must be a list`];
        return value.flatMap((item, i) => checkValue(schema, spec.items!, item, `${where}[${i}]`));
    }
    return [];
}

/** Problems with an object of properties: unknown names, missing required ones, nested values. */
export function checkObject(
    schema: PackageSchema,
    properties: Record<string, PropertySpec>,
    required: readonly string[],
    given: Record<string, unknown>,
    where: string,
): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(given)) {
        const spec = properties[key];
        if (!spec) problems.push(`${where}.${key}: not an input (inputs: ${Object.keys(properties).join(", ")})`);
        else problems.push(...checkValue(schema, spec, value, `${where}.${key}`));
    }
    for (const key of required) if (!(key in given)) problems.push(`${where}.${key}: required input missing`);
    return problems;
}
