import { z } from "zod";
import type { StackSpec } from "./stack";

/**
 * Where a host's peers send its WireGuard packets: its public address (any two hosts
 * anywhere), or its address on a LAN all hosts share and trust (`privateAddress` of an
 * existing host, the Cloud Network address of a Hetzner host).
 */
export const meshEndpoints = z.enum(["public", "private"], { error: "must be 'public' or 'private'" });

/** The UDP port every host's WireGuard listens on (WireGuard's customary port). */
export const MESH_LISTEN_PORT = 51820;

export type MeshEndpoints = z.output<typeof meshEndpoints>;

/** Whether the stack's hosts talk over the WireGuard mesh: as set, else when there is more than one host. */
export function meshOn(spec: Pick<StackSpec, "mesh" | "hosts">): boolean {
    return spec.mesh ?? spec.hosts.length > 1;
}
