import { z } from "zod";

export interface Ipv4Cidr {
    /** The network address as a 32-bit unsigned number. */
    readonly network: number;
    readonly prefix: number;
}

/** Parses `a.b.c.d/n` strictly (no leading zeros), or returns undefined. */
export function parseIpv4Cidr(s: string): { address: number; prefix: number } | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
    if (!match) return undefined;
    const parts = match.slice(1, 5);
    if (parts.some((p) => Number(p) > 255 || String(Number(p)) !== p)) return undefined;
    const prefix = Number(match[5]);
    if (prefix > 32 || String(prefix) !== match[5]) return undefined;
    const address = parts.reduce((acc, p) => acc * 256 + Number(p), 0);
    return { address, prefix };
}

function maskOf(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function formatIpv4(n: number): string {
    return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
}

/** RFC 1918 ranges; Hetzner Cloud networks must lie in one of them. */
const PRIVATE_RANGES: readonly Ipv4Cidr[] = [
    { network: 0x0a000000, prefix: 8 },
    { network: 0xac100000, prefix: 12 },
    { network: 0xc0a80000, prefix: 16 },
];

function within(inner: Ipv4Cidr, outer: Ipv4Cidr): boolean {
    return inner.prefix >= outer.prefix && ((inner.network & maskOf(outer.prefix)) >>> 0) === outer.network;
}

const IPV4_CIDR = "must be an IPv4 CIDR block such as 10.80.0.0/16";

/**
 * The stack's Hetzner Cloud network: an IPv4 private range between /8 and /24, written
 * with its network address (host bits zero), since Hetzner rejects anything else.
 */
export const privateNetworkCidr = z.string({ error: IPV4_CIDR }).superRefine((s, ctx) => {
    const parsed = parseIpv4Cidr(s);
    if (!parsed) {
        ctx.addIssue({ code: "custom", message: `${IPV4_CIDR} (Hetzner networks are IPv4)` });
        return;
    }
    const { address, prefix } = parsed;
    if (prefix < 8 || prefix > 24) {
        ctx.addIssue({ code: "custom", message: `prefix length /${prefix} must be between /8 and /24` });
        return;
    }
    const network = (address & maskOf(prefix)) >>> 0;
    if (network !== address) {
        const expected = `${formatIpv4(network)}/${prefix}`;
        ctx.addIssue({ code: "custom", message: `must be written with its network address: ${expected}` });
        return;
    }
    if (!PRIVATE_RANGES.some((range) => within({ network, prefix }, range))) {
        ctx.addIssue({ code: "custom", message: "must lie within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" });
    }
});
