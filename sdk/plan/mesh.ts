/**
 * The WireGuard mesh: every host peers with every other host of the stack, so each host's
 * `privateAddress` is its mesh address and its private ports open on the mesh interface
 * only. Keys are made on each host by a deploy step; the plan names peers, never keys.
 */
import type { HostSpec } from "../spec/host";
import { MESH_LISTEN_PORT, meshOn } from "../spec/mesh";
import type { StackSpec } from "../spec/stack";
import { parseCidr } from "./ip";
import { meshAddresses } from "./mesh-addresses";

/** The mesh's interface on every host. */
export const MESH_INTERFACE = "wg-matrix";

/** Each host's WireGuard private key: made on the host, root-only, outside the Nix store. */
export const MESH_PRIVATE_KEY_FILE = "/var/lib/nixos-matrix/mesh/private.key";

/** Seconds between keepalives: keeps NAT mappings open and handshakes fresh for the health checks. */
export const MESH_KEEPALIVE_SECONDS = 25;

/** One peer as a host sees it. */
export interface MeshPeer {
    readonly host: string;
    /** The peer's mesh address; the only address routed to it through the mesh (`/32`). */
    readonly address: string;
    /**
     * Where its packets go: an address known now (an existing host's, or a Hetzner host's
     * Cloud Network address with `meshEndpoints: private`), or null for a Hetzner host's
     * public IPv4, known once the cloud assigns it.
     */
    readonly endpoint: string | null;
    readonly port: number;
}

/** One host's side of the mesh. */
export interface MeshPlan {
    readonly interface: string;
    readonly address: string;
    /** Prefix length of `meshNetwork`, for the interface address. */
    readonly prefixLength: number;
    readonly listenPort: number;
    readonly privateKeyFile: string;
    readonly keepaliveSeconds: number;
    /** Every other host of the stack, in declaration order. */
    readonly peers: readonly MeshPeer[];
}

/** Where the host's peers send its packets (see MeshPeer.endpoint). */
function endpointOf(host: HostSpec, spec: StackSpec, networkAddresses: Readonly<Record<string, string>>): string | null {
    if (spec.meshEndpoints === "private") return networkAddresses[host.name];
    return host.provider === "existing" ? host.address : null;
}

/** Host name -> its side of the mesh; null when the stack does not use the mesh. */
export function stackMesh(spec: StackSpec, networkAddresses: Readonly<Record<string, string>>): Readonly<Record<string, MeshPlan>> | null {
    if (!meshOn(spec)) return null;
    const addresses = meshAddresses(spec.hosts, spec.meshNetwork);
    const prefixLength = parseCidr(spec.meshNetwork).prefix;
    const peerOf = (host: HostSpec): MeshPeer => ({
        host: host.name,
        address: addresses[host.name],
        endpoint: endpointOf(host, spec, networkAddresses),
        port: MESH_LISTEN_PORT,
    });
    return Object.fromEntries(
        spec.hosts.map((host) => [
            host.name,
            {
                interface: MESH_INTERFACE,
                address: addresses[host.name],
                prefixLength,
                listenPort: MESH_LISTEN_PORT,
                privateKeyFile: MESH_PRIVATE_KEY_FILE,
                keepaliveSeconds: MESH_KEEPALIVE_SECONDS,
                peers: spec.hosts.filter((other) => other.name !== host.name).map(peerOf),
            },
        ]),
    );
}
