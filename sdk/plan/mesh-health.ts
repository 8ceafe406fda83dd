/**
 * The mesh's part of each host's health checks: a recent WireGuard handshake with every peer
 * that switched before it. Peers switching in the same level or later may not run their new
 * configuration yet (a new key, the mesh itself on a first deploy); they check this host in
 * turn. So the homeserver, switching last, checks every host whose bridges it reaches.
 */
import type { HostPlan } from "./types";

/** Seconds a handshake stays recent: WireGuard renews it every two minutes while keepalives flow. */
export const MESH_HANDSHAKE_MAX_AGE_SECONDS = 180;

/** The hosts with mesh handshake checks added, in the same order. */
export function withMeshHealth(hosts: readonly HostPlan[], rollout: readonly (readonly string[])[]): HostPlan[] {
    const level = new Map(rollout.flatMap((names, i) => names.map((name) => [name, i] as const)));
    return hosts.map((host) => {
        if (!host.mesh) return host;
        const before = host.mesh.peers.filter((peer) => (level.get(peer.host) ?? 0) < (level.get(host.name) ?? 0));
        if (before.length === 0) return host;
        const mesh = {
            interface: host.mesh.interface,
            peers: before.map((peer) => ({ host: peer.host, address: peer.address })),
            maxHandshakeAgeSeconds: MESH_HANDSHAKE_MAX_AGE_SECONDS,
        };
        return { ...host, healthChecks: { ...host.healthChecks, mesh } };
    });
}
