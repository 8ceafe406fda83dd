import {
    specialOutputValueSig,
    specialResourceSig,
    specialSecretSig,
    specialSigKey,
    unknownValue,
} from "@pulumi/pulumi/runtime/rpc";

/** How an unknown value (preview) reads after `plainValue`. */
export const UNKNOWN = "<unknown>";

/**
 * Turns a value as it travels over the wire (Struct JSON, or what `setMocks` hands a mock)
 * into plain data: secrets and output values are unwrapped, resource references become
 * their URN, unknowns become `UNKNOWN`. Two registrations are "the same" when their plain
 * values are deeply equal; whether a value was secret is compared separately.
 */
export function plainValue(value: unknown): unknown {
    if (value === unknownValue) return UNKNOWN;
    if (Array.isArray(value)) return value.map(plainValue);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    const sig = record[specialSigKey];
    if (sig === specialSecretSig) return plainValue(record.value);
    if (sig === specialOutputValueSig) return "value" in record ? plainValue(record.value) : UNKNOWN;
    if (sig === specialResourceSig) return { resourceUrn: record.urn };
    if (sig !== undefined) throw new Error(`plainValue: unsupported special value ${String(sig)}`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
        if (record[key] !== undefined) out[key] = plainValue(record[key]);
    }
    return out;
}

/** Dotted paths (with [i]) of every value that is wrapped as a secret, in wire or mock form. */
export function secretPaths(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) return value.flatMap((item, i) => secretPaths(item, `${path}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    const record = value as Record<string, unknown>;
    const sig = record[specialSigKey];
    if (sig === specialSecretSig) return [path];
    if (sig === specialOutputValueSig) {
        return record.secret === true ? [path] : secretPaths(record.value, path);
    }
    if (sig !== undefined) return [];
    return Object.keys(record)
        .sort()
        .flatMap((key) => secretPaths(record[key], path ? `${path}.${key}` : key));
}

/** Wraps a plain value the way the engine sends a secret input to Construct. */
export function wireSecret(value: unknown): Record<string, unknown> {
    return { [specialSigKey]: specialSecretSig, value };
}
