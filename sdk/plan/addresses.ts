/**
 * Private-network addresses. A Hetzner host gets `network + 2 + i`, where `i` is its index
 * in `spec.hosts` (all hosts count, existing ones too): Hetzner keeps the network's first
 * usable address (`.1`) for its gateway, and indexing by declaration keeps every address
 * stable when hosts are appended. The plan attaches each server with this explicit IP, so
 * the address known here is the one the cloud assigns.
 * An existing host uses `privateAddress ?? address`.
 */
import { SpecError } from "../spec/errors";
import type { HostSpec } from "../spec/host";
import { blockSize, formatIpv4, networkAddress, parseCidr } from "./ip";

/** Offset of the first address handed out: `.0` is the network, `.1` Hetzner's gateway. */
export const FIRST_HOST_OFFSET = 2;

/** Host name -> private address, for every host of the stack. */
export function privateAddresses(hosts: readonly HostSpec[], privateNetwork: string): Readonly<Record<string, string>> {
    const block = parseCidr(privateNetwork);
    if (block.family !== 4) {
        throw new Error(`privateNetwork: "${privateNetwork}" must be an IPv4 block (Hetzner networks are IPv4 only)`);
    }
    const base = networkAddress(block);
    // The last address is the broadcast address, never assigned.
    const lastUsable = blockSize(block) - 2n;
    // Address -> the field of the existing host that set it, as the user wrote it.
    const existing = new Map<string, string>();
    hosts.forEach((host, i) => {
        if (host.provider === "existing") existing.set(host.privateAddress ?? host.address, `hosts[${i}].${host.privateAddress ? "privateAddress" : "address"}`);
    });
    const out: Record<string, string> = {};
    hosts.forEach((host, index) => {
        if (host.provider === "existing") {
            out[host.name] = host.privateAddress ?? host.address;
            return;
        }
        const offset = BigInt(FIRST_HOST_OFFSET + index);
        if (offset > lastUsable) {
            throw new SpecError([{ path: "privateNetwork", message: `${privateNetwork} has no address left for hosts[${index}]; give a larger network` }]);
        }
        const address = formatIpv4(base + offset);
        const taken = existing.get(address);
        if (taken !== undefined) {
            throw new SpecError([
                {
                    path: taken,
                    message:
                        `${address} is the private address hosts[${index}] gets on ${privateNetwork} (Hetzner hosts take the network's ` +
                        `address ${FIRST_HOST_OFFSET} + their position among the hosts); give another privateAddress`,
                },
            ]);
        }
        out[host.name] = address;
    });
    return out;
}

