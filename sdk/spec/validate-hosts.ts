import { formatAddress, parseAddress } from "../plan/ip";
import type { SpecIssue } from "./errors";
import { meshOn } from "./mesh";
import { meshCapacity, networksOverlap } from "./private-network";
import type { StackSpec } from "./stack";

/** One address has many spellings (`2001:DB8::1`, `2001:db8:0::1`); compare canonical text. */
function addressKey(address: string): string {
    const parsed = parseAddress(address);
    return parsed ? formatAddress(parsed) : address;
}

/**
 * Existing hosts are told apart by address: two entries with one address would be
 * configured twice, each switch undoing the other.
 */
export function checkExistingHostAddresses(spec: StackSpec): SpecIssue[] {
    const seen = new Map<string, string>();
    const issues: SpecIssue[] = [];
    spec.hosts.forEach((host, i) => {
        if (host.provider !== "existing") return;
        const addresses: [string, string][] = [[`hosts[${i}].address`, host.address]];
        if (host.privateAddress !== undefined && host.privateAddress !== host.address) {
            addresses.push([`hosts[${i}].privateAddress`, host.privateAddress]);
        }
        for (const [path, address] of addresses) {
            const earlier = seen.get(addressKey(address));
            if (earlier === undefined) seen.set(addressKey(address), path);
            else issues.push({ path, message: `'${address}' is already ${earlier}` });
        }
    });
    return issues;
}

/** Homeservers of `spec` with workers on another host than their own, and those worker hosts. */
function remoteWorkerHosts(hs: StackSpec["homeservers"][number]): string[] {
    if (hs.implementation !== "synapse") return [];
    return [...new Set(hs.workers.map((g) => g.host ?? hs.host))].filter((h) => h !== hs.host);
}

/**
 * Without the mesh, an existing host running a bridge whose homeserver is elsewhere opens
 * that bridge's port on the user's own private network, so it must name the interface:
 * guessing one (Hetzner's `enp7s0`) opens the port on an interface the host may not have.
 * The same holds for a host running Synapse workers of a homeserver elsewhere, and for that
 * homeserver's host, which opens PostgreSQL, Redis and replication to them.
 * With the mesh, private ports open on the mesh interface, which every host has.
 */
export function checkPrivateInterfaces(spec: StackSpec): SpecIssue[] {
    if (meshOn(spec)) return [];
    const homeserverHost = new Map(spec.homeservers.map((hs) => [hs.name, hs.host]));
    const issues: SpecIssue[] = [];
    spec.hosts.forEach((host, i) => {
        if (host.provider !== "existing" || host.privateInterface !== undefined) return;
        const reached = spec.bridges
            .filter((b) => b.host === host.name && homeserverHost.get(b.homeserver) !== host.name)
            .map((b) => `bridge '${b.id}'`);
        for (const hs of spec.homeservers) {
            const remote = remoteWorkerHosts(hs);
            if (remote.includes(host.name)) reached.push(`workers of homeserver '${hs.name}'`);
            if (hs.host === host.name && remote.length > 0) reached.push(`homeserver '${hs.name}', whose workers on other hosts reach its PostgreSQL and Redis`);
        }
        if (reached.length === 0) return;
        issues.push({
            path: `hosts[${i}].privateInterface`,
            message:
                `is required: this host runs ${reached.join(", ")}, reached from another host, and mesh is false; ` +
                `give this host's network interface on your private network, e.g. eth1, or turn the mesh on`,
        });
    });
    return issues;
}

/**
 * Mesh addresses and the private network must never be confused: their blocks are apart.
 * With the mesh on, the block holds every host.
 */
export function checkMeshNetwork(spec: StackSpec): SpecIssue[] {
    if (networksOverlap(spec.meshNetwork, spec.privateNetwork)) {
        return [{ path: "meshNetwork", message: `${spec.meshNetwork} overlaps privateNetwork ${spec.privateNetwork}; give a block apart from it` }];
    }
    const room = meshCapacity(spec.meshNetwork);
    if (meshOn(spec) && spec.hosts.length > room) {
        return [{ path: "meshNetwork", message: `${spec.meshNetwork} holds ${room} hosts, the stack has ${spec.hosts.length}; give a larger block` }];
    }
    return [];
}
