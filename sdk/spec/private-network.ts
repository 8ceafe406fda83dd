import { z } from "zod";
import { addressInBlock, blockContains, blocksOverlap, blockSize, parseCidr, tryParseCidr } from "../plan/ip";

/** RFC 1918 ranges; Hetzner Cloud networks must lie in one of them. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parseCidr);
const PRIVATE_RANGES_TEXT = "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16";

/**
 * An IPv4 private block with a prefix length in `[minPrefix, maxPrefix]`, written with its
 * network address (host bits zero) and its prefix as plain digits.
 */
function privateIpv4Block(example: string, why: string, minPrefix: number, maxPrefix: number) {
    const ipv4Cidr = `must be an IPv4 CIDR block such as ${example}`;
    return z.string({ error: ipv4Cidr }).superRefine((s, ctx) => {
        const parsed = tryParseCidr(s);
        // The prefix is compared as written too: `/08` is not how anyone spells /8.
        if (!parsed || parsed.family !== 4 || String(parsed.prefix) !== s.split("/")[1]) {
            ctx.addIssue({ code: "custom", message: `${ipv4Cidr} (${why})` });
            return;
        }
        const { prefix } = parsed;
        if (prefix < minPrefix || prefix > maxPrefix) {
            ctx.addIssue({ code: "custom", message: `prefix length /${prefix} must be between /${minPrefix} and /${maxPrefix}` });
            return;
        }
        const network = addressInBlock(parsed, 0n);
        if (network !== parsed.address.toString()) {
            ctx.addIssue({ code: "custom", message: `must be written with its network address: ${network}/${prefix}` });
            return;
        }
        if (!PRIVATE_RANGES.some((range) => blockContains(range, parsed))) {
            ctx.addIssue({ code: "custom", message: `must lie within ${PRIVATE_RANGES_TEXT}` });
        }
    });
}

/**
 * The stack's Hetzner Cloud network: an IPv4 private range between /8 and /24, written
 * with its network address (host bits zero), since Hetzner rejects anything else.
 */
export const privateNetworkCidr = privateIpv4Block("10.80.0.0/16", "Hetzner networks are IPv4", 8, 24);

/**
 * The range the hosts' mesh addresses come from: an IPv4 private block of at least four
 * addresses, apart from `privateNetwork` (checked across fields).
 */
export const meshNetworkCidr = privateIpv4Block("10.81.0.0/24", "mesh addresses are IPv4", 8, 30);

/** Whether two well-formed blocks share an address. */
export function networksOverlap(a: string, b: string): boolean {
    return blocksOverlap(parseCidr(a), parseCidr(b));
}

/** Hosts a well-formed mesh block holds: all but its network and broadcast addresses. */
export function meshCapacity(meshNetwork: string): number {
    return Number(blockSize(parseCidr(meshNetwork)) - 2n);
}
