/**
 * Defaults that depend on other fields or on other services, applied in one place so
 * every part of the plan (and the NixOS layer, through HostServices) sees the same values.
 */
import { BRIDGE_DEFAULTS, bridgeModule, type BridgeSpec } from "../spec/bridge";
import type { ElementSpec } from "../spec/element";
import type { HomeserverSpec } from "../spec/homeserver";
import type { HostSpec } from "../spec/host";
import type { StackSpec } from "../spec/stack";
import { meshOn } from "../spec/mesh";
import { HOMESERVER_LISTEN_PORT_DEFAULTS } from "../spec/resolved-defaults";
import { SEED_DENIED_PEER_RANGES, type TurnSpec } from "../spec/turn";
import { addressWithPort, formatAddress, lastAddress, networkAddress, parseCidr } from "./ip";

/** Loopback port of each implementation's client listener. */
export const HOMESERVER_LISTEN_PORTS: Record<HomeserverSpec["implementation"], number> = HOMESERVER_LISTEN_PORT_DEFAULTS;

/** A homeserver with `domain`, `listenPort` and `wellKnownDelegation` filled in. */
export type ResolvedHomeserver = HomeserverSpec & {
    readonly domain: string;
    readonly listenPort: number;
    readonly wellKnownDelegation: boolean;
};

/** A bridge with `port`, `userPrefix` and `botLocalpart` filled in. */
export type ResolvedBridge = BridgeSpec & {
    readonly port: number;
    readonly userPrefix: string;
    readonly botLocalpart: string;
};

/** A TURN server with `deniedPeerRanges` filled in. */
export type ResolvedTurn = TurnSpec & { readonly deniedPeerRanges: string[] };

export function resolveHomeserver(hs: HomeserverSpec): ResolvedHomeserver {
    const domain = hs.domain ?? hs.serverName;
    return {
        ...hs,
        domain,
        listenPort: hs.listenPort ?? HOMESERVER_LISTEN_PORTS[hs.implementation],
        wellKnownDelegation: hs.wellKnownDelegation ?? domain !== hs.serverName,
    };
}

export function resolveBridge(bridge: BridgeSpec): ResolvedBridge {
    const defaults = BRIDGE_DEFAULTS[bridgeModule(bridge)];
    return {
        ...bridge,
        port: bridge.port ?? defaults.port,
        userPrefix: bridge.userPrefix ?? defaults.userPrefix,
        botLocalpart: bridge.botLocalpart ?? defaults.botLocalpart,
    };
}

/** A CIDR block as coturn's `lo-hi` address range, the form every coturn version reads. */
export function cidrAsAddressRange(cidr: string): string {
    const block = parseCidr(cidr);
    return `${formatAddress(networkAddress(block))}-${formatAddress(lastAddress(block))}`;
}

/**
 * The seed's denied peers plus the stack's own private network and, when the stack uses
 * it, the mesh, so the relay can reach neither.
 */
export function resolveTurn(turn: TurnSpec, privateNetwork: string, meshNetwork: string | null = null): ResolvedTurn {
    const own = [privateNetwork, ...(meshNetwork ? [meshNetwork] : [])].map(cidrAsAddressRange);
    const denied = turn.deniedPeerRanges ?? [...SEED_DENIED_PEER_RANGES, ...own];
    return { ...turn, deniedPeerRanges: denied };
}

/** Every service of the stack, resolved, with lookups by name. */
export interface ResolvedStack {
    readonly spec: StackSpec;
    readonly hosts: readonly HostSpec[];
    readonly homeservers: readonly ResolvedHomeserver[];
    readonly turnServers: readonly ResolvedTurn[];
    readonly elements: readonly ElementSpec[];
    readonly bridges: readonly ResolvedBridge[];
    homeserver(name: string): ResolvedHomeserver;
    turn(name: string): ResolvedTurn;
    host(name: string): HostSpec;
}

function lookup<T>(items: readonly T[], key: (item: T) => string, kind: string): (name: string) => T {
    const byName = new Map(items.map((item) => [key(item), item] as const));
    return (name) => {
        const item = byName.get(name);
        if (item === undefined) throw new Error(`no ${kind} named "${name}" in the stack`);
        return item;
    };
}

export function resolveStack(spec: StackSpec): ResolvedStack {
    const homeservers = spec.homeservers.map(resolveHomeserver);
    const turnServers = spec.turnServers.map((t) => resolveTurn(t, spec.privateNetwork, meshOn(spec) ? spec.meshNetwork : null));
    return {
        spec,
        hosts: spec.hosts,
        homeservers,
        turnServers,
        elements: spec.elements,
        bridges: spec.bridges.map(resolveBridge),
        homeserver: lookup(homeservers, (h) => h.name, "homeserver"),
        turn: lookup(turnServers, (t) => t.name, "TURN server"),
        host: lookup(spec.hosts, (h) => h.name, "host"),
    };
}

/** The TURN server a homeserver's clients use, if any. */
export function turnOf(stack: ResolvedStack, hs: ResolvedHomeserver): ResolvedTurn | undefined {
    return hs.turn === undefined ? undefined : stack.turn(hs.turn);
}

/**
 * Regex-escapes a literal for a Matrix namespace. Only the classic metacharacters, so the
 * result reads the same to Python `re` (Synapse) and Rust `regex` (Conduit).
 */
export function escapeRegex(literal: string): string {
    return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The loopback address each implementation listens on as the library configures it: Synapse's
 * listener binds `::1` and `127.0.0.1`, Conduit's `settings.global.address` is `::1`, and
 * continuwuity's and Tuwunel's `settings.global.address` is `[ "::1" ]`.
 */
export const HOMESERVER_LOOPBACK_HOSTS: Record<HomeserverSpec["implementation"], string> = {
    synapse: "127.0.0.1",
    conduit: "[::1]",
    continuwuity: "[::1]",
    tuwunel: "[::1]",
};

/** The homeserver's client listener as seen from its own host. */
export function homeserverLoopbackUrl(hs: ResolvedHomeserver): string {
    return `http://${HOMESERVER_LOOPBACK_HOSTS[hs.implementation]}:${hs.listenPort}`;
}

/** The homeserver's client listener from another host: its host's private address, the listener's port. */
export function homeserverPrivateUrl(hs: ResolvedHomeserver, privateAddress: string): string {
    return `http://${addressWithPort(privateAddress, hs.listenPort)}`;
}
