/**
 * Mesh addresses: host `i` of `spec.hosts` gets `meshNetwork + 1 + i`, so appending a
 * host never moves another's address.
 */
import { SpecError } from "../spec/errors";
import type { HostSpec } from "../spec/host";
import { addressInBlock, blockSize, parseCidr } from "./ip";

/** Host name -> mesh address, for every host of the stack. */
export function meshAddresses(hosts: readonly HostSpec[], meshNetwork: string): Readonly<Record<string, string>> {
    const block = parseCidr(meshNetwork);
    // The network address and the broadcast address are never handed out.
    const usable = blockSize(block) - 2n;
    if (BigInt(hosts.length) > usable) {
        throw new SpecError([{ path: "meshNetwork", message: `${meshNetwork} holds ${usable} hosts, the stack has ${hosts.length}; give a larger block` }]);
    }
    return Object.fromEntries(hosts.map((host, index) => [host.name, addressInBlock(block, BigInt(1 + index))]));
}
