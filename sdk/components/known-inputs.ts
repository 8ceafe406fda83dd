/**
 * Structural args (names, domains, ports, sizes) decide the plan, so they must be known
 * values before anything is created. Plain values pass through synchronously; Promises and
 * Outputs are awaited, and an Output unknown at plan time (e.g. an IP during preview) is a
 * clear error naming the field.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecError } from "../spec/errors";

/** True when `value` holds no Promise or Output anywhere inside. */
export function isPlainDeep(value: unknown): boolean {
    if (value === null || typeof value !== "object") return true;
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
    if (Array.isArray(value)) return value.every(isPlainDeep);
    return Object.values(value as Record<string, unknown>).every(isPlainDeep);
}

interface OutputInternals<T> {
    readonly isKnown: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<T>;
}

/** Awaits every Promise and Output inside `value`; `path` names the field in errors. */
export async function resolveKnown(value: unknown, path: string): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const output = value as unknown as OutputInternals<unknown>;
        if (!(await output.isKnown)) {
            throw new SpecError([
                { path, message: "must be known when the stack is planned; pass a plain value, not the output of a resource created in this program" },
            ]);
        }
        return resolveKnown(await output.promise(), path);
    }
    if (value instanceof Promise) return resolveKnown(await value, path);
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return Promise.all(value.map((v, i) => resolveKnown(v, `${path}[${i}]`)));
    const entries = await Promise.all(
        Object.entries(value as Record<string, unknown>).map(async ([k, v]) => [k, await resolveKnown(v, path ? `${path}.${k}` : k)] as const),
    );
    return Object.fromEntries(entries);
}

/** A credential: any Input of a string, kept secret end to end. Undefined stays undefined. */
export function secretCredential(value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined {
    return value === undefined ? undefined : pulumi.secret(value);
}

/** Drops keys whose value is undefined, so zod defaults apply and `.strict()` sees no noise. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
