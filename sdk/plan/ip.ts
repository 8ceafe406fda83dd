/**
 * IPv4/IPv6 address arithmetic for the plan: private addresses from a CIDR block and
 * canonical CIDR blocks for cloud firewall rules. Addresses are handled as bigints.
 */

export interface ParsedCidr {
    readonly family: 4 | 6;
    /** The address as written, as a number. */
    readonly address: bigint;
    readonly prefix: number;
}

function bitsOf(family: 4 | 6): number {
    return family === 4 ? 32 : 128;
}

export function parseIpv4(s: string): bigint | undefined {
    const parts = s.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const part of parts) {
        if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
        value = (value << 8n) | BigInt(Number(part));
    }
    return value;
}

export function parseIpv6(s: string): bigint | undefined {
    const halves = s.split("::");
    if (halves.length > 2) return undefined;
    const toGroups = (h: string): number[] | undefined => {
        if (h === "") return [];
        const groups: number[] = [];
        const pieces = h.split(":");
        for (let i = 0; i < pieces.length; i++) {
            const piece = pieces[i];
            if (i === pieces.length - 1 && piece.includes(".")) {
                const v4 = parseIpv4(piece);
                if (v4 === undefined) return undefined;
                groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
            } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
                groups.push(parseInt(piece, 16));
            } else {
                return undefined;
            }
        }
        return groups;
    };
    const head = toGroups(halves[0]);
    const tail = halves.length === 2 ? toGroups(halves[1]) : [];
    if (!head || !tail) return undefined;
    const missing = 8 - head.length - tail.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
    const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
    return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function formatIpv4(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (>= 2) of zero groups as `::`. */
export function formatIpv6(value: bigint): string {
    const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
    let bestStart = -1;
    let bestLength = 1;
    for (let i = 0; i < 8; ) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(":");
    return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export function ipFamily(address: string): 4 | 6 | undefined {
    if (parseIpv4(address) !== undefined) return 4;
    if (parseIpv6(address) !== undefined) return 6;
    return undefined;
}

export function parseCidr(cidr: string): ParsedCidr {
    const [addressText, prefixText, ...rest] = cidr.split("/");
    const v4 = parseIpv4(addressText);
    const family = v4 !== undefined ? 4 : 6;
    const address = v4 ?? parseIpv6(addressText);
    const prefix = Number(prefixText);
    if (rest.length > 0 || address === undefined || !/^\d{1,3}$/.test(prefixText ?? "") || prefix > bitsOf(family)) {
        throw new Error(`"${cidr}" is not a CIDR block such as 10.0.0.0/8 or fc00::/7`);
    }
    return { family, address, prefix };
}

/** The block's first address (host bits cleared). */
export function networkAddress(block: ParsedCidr): bigint {
    const hostBits = BigInt(bitsOf(block.family) - block.prefix);
    return (block.address >> hostBits) << hostBits;
}

/** Number of addresses in the block. */
export function blockSize(block: ParsedCidr): bigint {
    return 1n << BigInt(bitsOf(block.family) - block.prefix);
}

/**
 * The block in the form the Hetzner API keeps: host bits cleared (the API rejects them)
 * and IPv6 in RFC 5952 form (the API rewrites other spellings, which would show as drift).
 */
export function canonicalCidr(cidr: string): string {
    const block = parseCidr(cidr);
    const network = networkAddress(block);
    const text = block.family === 4 ? formatIpv4(network) : formatIpv6(network);
    return `${text}/${block.prefix}`;
}
