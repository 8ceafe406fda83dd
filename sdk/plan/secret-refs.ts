/**
 * SecretRef leaves inside secret file content: finding them and replacing them by values.
 */
import type { SecretFileContent, SecretRef } from "./types";
import { compareText } from "./order";

export function isSecretRef(value: unknown): value is SecretRef {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    return keys.length === 1 && keys[0] === "$secret" && typeof (value as SecretRef).$secret === "string";
}

function collect(value: unknown, into: Set<string>): void {
    if (isSecretRef(value)) {
        into.add(value.$secret);
    } else if (Array.isArray(value)) {
        for (const item of value) collect(item, into);
    } else if (typeof value === "object" && value !== null) {
        for (const item of Object.values(value)) collect(item, into);
    }
}

/** Names of every secret the content uses, sorted. */
export function secretsOf(content: SecretFileContent): string[] {
    const names = new Set<string>();
    switch (content.kind) {
        case "raw":
            names.add(content.secret);
            break;
        case "env":
            collect(content.vars, names);
            break;
        case "yaml":
        case "json":
            collect(content.doc, names);
            break;
    }
    return [...names].sort(compareText);
}

/** A copy of `value` with each SecretRef replaced by `lookup(name)`; key order kept. */
export function substituteSecretRefs(value: unknown, lookup: (name: string) => string): unknown {
    if (isSecretRef(value)) return lookup(value.$secret);
    if (Array.isArray(value)) return value.map((item) => substituteSecretRefs(item, lookup));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteSecretRefs(v, lookup)]));
    }
    return value;
}
