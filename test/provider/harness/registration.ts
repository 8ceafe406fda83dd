/** One resource a program registered, reduced to what the comparison looks at. */
export interface Registration {
    /** `urn:pulumi:<stack>::<project>::<parent types joined by $><type>::<name>`: type, name and parent chain. */
    readonly urn: string;
    readonly custom: boolean;
    /** Inputs as plain data (see `plainValue`). */
    readonly inputs: unknown;
    /** Paths of the inputs that arrived wrapped as secrets. */
    readonly secretInputs: readonly string[];
}

/** The URN the engine gives a resource: the parent's type chain, then its own type and name. */
export function resourceUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    const parentTypes = parentUrn ? `${parentUrn.split("::")[2]}$` : "";
    return `urn:pulumi:${stack}::${project}::${parentTypes}${type}::${name}`;
}

/**
 * `<parent type>$<type>::<name>`: what identifies a registration in a comparison. The engine's
 * URN carries the whole chain of parent types, `setMocks` keeps only the nearest one; both
 * agree on this much.
 */
export function nearestUrn(urn: string): string {
    const [, , qualified = "", ...name] = urn.split("::");
    return `${qualified.split("$").slice(-2).join("$")}::${name.join("::")}`;
}
