import { z } from "zod";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A lower-case DNS name with at least two labels, e.g. `matrix.example.org`. Each check
 * aborts the rest, so a bad name gets the one reason that matters.
 */
export const domainName = z
    .string({ error: "must be a domain name" })
    .min(1, { error: "must not be empty", abort: true })
    .max(253, { error: "must be at most 253 characters", abort: true })
    .refine((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s), { error: "must be a bare domain name, not a URL: drop the scheme (https://)", abort: true })
    .refine((s) => !/:\d*$/.test(s), { error: "must be a bare domain name without a port", abort: true })
    .refine((s) => s === s.toLowerCase(), { error: "must be lower case", abort: true })
    .refine((s) => !s.endsWith("."), { error: "must not end with a dot", abort: true })
    .refine((s) => s.split(".").length >= 2, { error: "must have at least two labels, e.g. example.org", abort: true })
    .refine((s) => s.split(".").every((label) => LABEL.test(label)), {
        error: "each label must be 1-63 characters of a-z, 0-9 and '-', not starting or ending with '-'",
        abort: true,
    })
    .refine((s) => !/^\d+$/.test(s.split(".").pop()!), {
        error: "must end in a top-level domain, not a number: an IP address is not a domain name",
    });

/** A short identifier usable in unit names, paths and DNS labels. */
export const identifier = z
    .string({ error: "must be a string" })
    .regex(/^[a-z][a-z0-9-]{0,30}$/, {
        error: "must start with a-z and hold only a-z, 0-9 and '-' (at most 31 characters)",
    });

export const port = z
    .number({ error: "must be a port number" })
    .int({ error: "must be an integer" })
    .min(1, { error: "must be between 1 and 65535" })
    .max(65535, { error: "must be between 1 and 65535" });

/** An inclusive port range. */
export const portRange = z
    .object({ from: port, to: port })
    .strict()
    .refine((r) => r.from <= r.to, {
        error: (issue) => `must not be greater than to (${(issue.input as { to: number }).to})`,
        path: ["from"],
    });

export type PortRange = z.output<typeof portRange>;

function isIpv4(s: string): boolean {
    const parts = s.split(".");
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && String(Number(p)) === p);
}

function isIpv6(s: string): boolean {
    if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(":")) return false;
    const halves = s.split("::");
    if (halves.length > 2) return false;
    const groups = halves.flatMap((h) => (h ? h.split(":") : []));
    const tailV4 = groups.length > 0 && groups[groups.length - 1].includes(".");
    const count = groups.length + (tailV4 ? 1 : 0);
    if (tailV4 && !isIpv4(groups[groups.length - 1])) return false;
    const hexOk = groups.slice(0, tailV4 ? -1 : undefined).every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
    return hexOk && (halves.length === 2 ? count < 8 : count === 8);
}

export function isIpAddress(s: string): boolean {
    return isIpv4(s) || isIpv6(s);
}

/** An IPv4 or IPv6 address. */
export const ipAddress = z.string({ error: "must be an IP address" }).refine(isIpAddress, {
    error: "must be an IPv4 or IPv6 address",
});

/** A CIDR block, e.g. `10.0.0.0/8` or `fc00::/7`. */
export const cidr = z.string({ error: "must be a CIDR block" }).refine(
    (s) => {
        const [addr, bits, ...rest] = s.split("/");
        if (rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
        if (isIpv4(addr)) return Number(bits) <= 32;
        return isIpv6(addr) && Number(bits) <= 128;
    },
    { error: "must be a CIDR block such as 10.0.0.0/8 or fc00::/7" },
);

/** A value that must be present: a secret string or a Pulumi Output of one (kept opaque here). */
export const credential = z.custom<unknown>(
    (v) => v !== undefined && v !== null && (typeof v !== "string" || v.trim().length > 0),
    { error: "is required and must not be empty" },
);
