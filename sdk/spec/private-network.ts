import { z } from "zod";
import { addressInBlock, blockContains, parseCidr, tryParseCidr } from "../plan/ip";

/** RFC 1918 ranges; Hetzner Cloud networks must lie in one of them. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parseCidr);

const IPV4_CIDR = "must be an IPv4 CIDR block such as 10.80.0.0/16";

/**
 * The stack's Hetzner Cloud network: an IPv4 private range between /8 and /24, written
 * with its network address (host bits zero), since Hetzner rejects anything else.
 */
export const privateNetworkCidr = z.string({ error: IPV4_CIDR }).superRefine((s, ctx) => {
    const parsed = tryParseCidr(s);
    // The prefix is compared as written too: `/08` is not how anyone spells /8.
    if (!parsed || parsed.family !== 4 || String(parsed.prefix) !== s.split("/")[1]) {
        ctx.addIssue({ code: "custom", message: `${IPV4_CIDR} (Hetzner networks are IPv4)` });
        return;
    }
    const { prefix } = parsed;
    if (prefix < 8 || prefix > 24) {
        ctx.addIssue({ code: "custom", message: `prefix length /${prefix} must be between /8 and /24` });
        return;
    }
    const network = addressInBlock(parsed, 0n);
    if (network !== parsed.address.toString()) {
        ctx.addIssue({ code: "custom", message: `must be written with its network address: ${network}/${prefix}` });
        return;
    }
    if (!PRIVATE_RANGES.some((range) => blockContains(range, parsed))) {
        ctx.addIssue({ code: "custom", message: "must lie within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" });
    }
});
