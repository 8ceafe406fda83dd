/**
 * Every piece of address handling of the project, on `ipaddr.js`: parsing addresses and
 * CIDR blocks, containment and overlap, the n-th address of a block, and canonical text
 * (RFC 5952 for IPv6). Pure; the spec and the plan both read addresses through here.
 */
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

export interface ParsedCidr {
    readonly family: 4 | 6;
    /** The address as written. */
    readonly address: IpAddress;
    readonly prefix: number;
}

function bitsOf(family: 4 | 6): number {
    return family === 4 ? 32 : 128;
}

/**
 * A strictly written address: IPv4 as four decimal parts without leading zeros (ipaddr.js
 * also reads `10`, `0x0a.0.0.1` and `010.0.0.1`, which no configuration file means), IPv6
 * in any RFC 4291 text form without a zone index.
 */
export function parseAddress(s: string): IpAddress | undefined {
    if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
    if (!s.includes("%") && ipaddr.IPv6.isValid(s)) {
        const tail = s.slice(s.lastIndexOf(":") + 1);
        if (tail.includes(".") && !ipaddr.IPv4.isValidFourPartDecimal(tail)) return undefined;
        return ipaddr.IPv6.parse(s);
    }
    return undefined;
}

export function isIpAddress(s: string): boolean {
    return parseAddress(s) !== undefined;
}

export function ipFamily(address: string): 4 | 6 | undefined {
    const parsed = parseAddress(address);
    if (!parsed) return undefined;
    return parsed.kind() === "ipv4" ? 4 : 6;
}

/** Canonical text: dotted decimal for IPv4, RFC 5952 for IPv6. */
export function formatAddress(address: IpAddress): string {
    return address.kind() === "ipv4" ? address.toString() : (address as ipaddr.IPv6).toRFC5952String();
}

export function tryParseCidr(cidr: string): ParsedCidr | undefined {
    const [addressText, prefixText, ...rest] = cidr.split("/");
    const address = parseAddress(addressText);
    if (rest.length > 0 || !address || !/^\d{1,3}$/.test(prefixText ?? "")) return undefined;
    const family = address.kind() === "ipv4" ? 4 : 6;
    const prefix = Number(prefixText);
    if (prefix > bitsOf(family)) return undefined;
    return { family, address, prefix };
}

export function parseCidr(cidr: string): ParsedCidr {
    const block = tryParseCidr(cidr);
    if (!block) throw new Error(`"${cidr}" is not a CIDR block such as 10.0.0.0/8 or fc00::/7`);
    return block;
}

export function isCidr(s: string): boolean {
    return tryParseCidr(s) !== undefined;
}

function toBigint(address: IpAddress): bigint {
    return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigint(value: bigint, family: 4 | 6): IpAddress {
    const length = bitsOf(family) / 8;
    const bytes = Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
    return ipaddr.fromByteArray(bytes);
}

/** The block's first address (host bits cleared). */
export function networkAddress(block: ParsedCidr): IpAddress {
    return block.family === 4
        ? ipaddr.IPv4.networkAddressFromCIDR(`${block.address.toString()}/${block.prefix}`)
        : ipaddr.IPv6.networkAddressFromCIDR(`${block.address.toString()}/${block.prefix}`);
}

/** The block's last address (host bits set). */
export function lastAddress(block: ParsedCidr): IpAddress {
    return block.family === 4
        ? ipaddr.IPv4.broadcastAddressFromCIDR(`${block.address.toString()}/${block.prefix}`)
        : ipaddr.IPv6.broadcastAddressFromCIDR(`${block.address.toString()}/${block.prefix}`);
}

/** Number of addresses in the block. */
export function blockSize(block: ParsedCidr): bigint {
    return 1n << BigInt(bitsOf(block.family) - block.prefix);
}

/** The address `offset` places after the block's network address; the caller keeps it inside the block. */
export function addressInBlock(block: ParsedCidr, offset: bigint): string {
    return formatAddress(fromBigint(toBigint(networkAddress(block)) + offset, block.family));
}

/** Whether `inner` (an address or a block) lies wholly inside `outer`. */
export function blockContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
    if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
    return inner.address.match([outer.address, outer.prefix] as [IpAddress, number]);
}

/** Whether two blocks share any address. */
export function blocksOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
    return blockContains(a, b) || blockContains(b, a);
}

/**
 * The block in the form the Hetzner API keeps: host bits cleared (the API rejects them)
 * and IPv6 in RFC 5952 form (the API rewrites other spellings, which would show as drift).
 */
export function canonicalCidr(cidr: string): string {
    const block = parseCidr(cidr);
    return `${formatAddress(networkAddress(block))}/${block.prefix}`;
}

/** `address:port`, an IPv6 address in brackets (URLs, WireGuard endpoints, systemd's ListenStream=). */
export function addressWithPort(address: string, port: number): string {
    return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}
