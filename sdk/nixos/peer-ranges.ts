/**
 * coturn's `denied-peer-ip`/`allowed-peer-ip` take an address or an `lo-hi` range, not a
 * CIDR block (see the reference turnserver.conf), so CIDR blocks are turned into ranges.
 */

function ipv4ToBigInt(addr: string): bigint {
    return addr.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function bigIntToIpv4(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

function ipv6ToBigInt(addr: string): bigint {
    const [head, tail] = addr.includes("::") ? addr.split("::") : [addr, undefined];
    const headGroups = head ? head.split(":") : [];
    const tailGroups = tail ? tail.split(":") : [];
    const missing = 8 - headGroups.length - tailGroups.length;
    const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
    return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function bigIntToIpv6(value: bigint): string {
    const groups: string[] = [];
    for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
    return groups.join(":");
}

/** `10.80.0.0/16` -> `10.80.0.0-10.80.255.255`; anything that is not a CIDR block is kept. */
export function peerRangeForCoturn(range: string): string {
    const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(range);
    if (!match) return range;
    const [, addr, bitsText] = match;
    const bits = BigInt(Number(bitsText));
    const v6 = addr.includes(":");
    const width = v6 ? 128n : 32n;
    const value = v6 ? ipv6ToBigInt(addr) : ipv4ToBigInt(addr);
    const hostMask = (1n << (width - bits)) - 1n;
    const low = value & ~hostMask & ((1n << width) - 1n);
    const high = low | hostMask;
    const show = v6 ? bigIntToIpv6 : bigIntToIpv4;
    return `${show(low)}-${show(high)}`;
}
