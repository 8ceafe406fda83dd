/**
 * The mesh section of params.json: the host's WireGuard interface and its peers. Peers'
 * public keys come from their key steps at deploy time (RenderOptions.meshPeers); the
 * private key stays in its file on the host.
 */
import type { HostPlan } from "../plan/types";
import type { MeshParams } from "./params-types";
import { addressWithPort } from "../plan/ip";

/** What the deploy learns about each peer: its public key, and a Hetzner host's public IPv4. */
export interface MeshPeerFacts {
    readonly publicKey: string;
    readonly publicAddress?: string;
}

/** Stands in for a public key not known yet (synth, tests); a deploy always knows every key. */
export function unknownMeshKey(host: string): string {
    return `unknown: made by ${host}'s mesh key step`;
}

/**
 * Units that reach other hosts or bind the mesh address, and so start after the mesh: every
 * Matrix service here, Redis included; PostgreSQL only where it listens on the mesh address
 * for workers on other hosts (binding an address not up yet fails its start). Never nginx,
 * and no socket (the homeserver's private socket binds before its address exists: FreeBind).
 */
function unitsAfterMesh(host: HostPlan): string[] {
    const servesOtherHosts = host.workers.some((view) => view.main && view.workers.database !== null);
    const local = new Set(["nginx.service", ...(servesOtherHosts ? [] : ["postgresql.service"])]);
    return host.healthChecks.units
        .filter((u) => u.endsWith(".service") && !local.has(u))
        .map((u) => u.replace(/\.service$/, ""));
}

export function meshParams(host: HostPlan, peers: Readonly<Record<string, MeshPeerFacts>> = {}): MeshParams | null {
    const mesh = host.mesh;
    if (!mesh) return null;
    return {
        interface: mesh.interface,
        unit: `wireguard-${mesh.interface}`,
        publicKey: peers[host.name]?.publicKey ?? unknownMeshKey(host.name),
        ips: [`${mesh.address}/${mesh.prefixLength}`],
        listenPort: mesh.listenPort,
        privateKeyFile: mesh.privateKeyFile,
        peers: mesh.peers.map((peer) => {
            const facts = peers[peer.host];
            const address = peer.endpoint ?? facts?.publicAddress ?? null;
            return {
                host: peer.host,
                publicKey: facts?.publicKey ?? unknownMeshKey(peer.host),
                allowedIPs: [`${peer.address}/32`],
                endpoint: address === null ? null : addressWithPort(address, peer.port),
                persistentKeepalive: mesh.keepaliveSeconds,
            };
        }),
        unitsAfter: unitsAfterMesh(host),
    };
}
