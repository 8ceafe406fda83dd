import { z } from "zod";
import { isCidr, isIpAddress } from "../plan/ip";

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

/**
 * The localpart of a user the library creates (`alice` in `@alice:example.org`): the Matrix
 * user-ID grammar narrowed to what also names a file and a Pulumi resource.
 */
export const userLocalpart = z
    .string({ error: "must be a user localpart such as alice" })
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
        error: "must be a user localpart such as alice: a-z, 0-9, '.', '_' and '-', starting with a letter or digit (at most 64 characters)",
    });

/** A counter the user raises (0, 1, 2, ...) to ask for something new, e.g. a rotated secret. */
export const rotationCounter = z
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .default(0);

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

/** A Linux network interface name: at most 15 characters, no `/`, space or `:`. */
export const interfaceName = z
    .string({ error: "must be a network interface name such as eth1" })
    .regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,14}$/, { error: "must be a network interface name such as eth1 (at most 15 letters, digits, '.', '-' or '_')" })
    .refine((s) => s !== "lo", { error: "must not be lo: loopback is not a network other hosts reach" });

/** An IPv4 or IPv6 address. */
export const ipAddress = z.string({ error: "must be an IP address" }).refine(isIpAddress, {
    error: "must be an IPv4 or IPv6 address",
});

/** A CIDR block, e.g. `10.0.0.0/8` or `fc00::/7`. */
export const cidr = z.string({ error: "must be a CIDR block" }).refine(isCidr, {
    error: "must be a CIDR block such as 10.0.0.0/8 or fc00::/7",
});

/** A value that must be present: a secret string or a Pulumi Output of one (kept opaque here). */
export const credential = z.custom<unknown>(
    (v) => v !== undefined && v !== null && (typeof v !== "string" || v.trim().length > 0),
    { error: "is required and must not be empty" },
);
