/**
 * Defaults that depend on other fields, resolved in one place so that validation,
 * plan and nixos agree on them.
 */
import { BRIDGE_DEFAULTS, type BridgeSpec } from "./bridge";
import type { HomeserverSpec } from "./homeserver";

/** Loopback port of each implementation's client listener. */
export const HOMESERVER_LISTEN_PORT_DEFAULTS = { synapse: 8008, conduit: 6167 } as const;

/** The host name serving the homeserver's APIs: `domain`, or `serverName` when unset. */
export function homeserverDomain(hs: HomeserverSpec): string {
    return hs.domain ?? hs.serverName;
}

/** Whether `/.well-known/matrix/{server,client}` is served: as set, else when the domain differs from serverName. */
export function homeserverDelegates(hs: HomeserverSpec): boolean {
    return hs.wellKnownDelegation ?? homeserverDomain(hs) !== hs.serverName;
}

export function homeserverListenPort(hs: HomeserverSpec): number {
    return hs.listenPort ?? HOMESERVER_LISTEN_PORT_DEFAULTS[hs.implementation];
}

export interface BridgeNaming {
    readonly port: number;
    readonly userPrefix: string;
    readonly botLocalpart: string;
}

/** A bridge's port, puppet user prefix and bot localpart, with the per-type defaults applied. */
export function bridgeNaming(bridge: BridgeSpec): BridgeNaming {
    const defaults = BRIDGE_DEFAULTS[bridge.type];
    return {
        port: bridge.port ?? defaults.port,
        userPrefix: bridge.userPrefix ?? defaults.userPrefix,
        botLocalpart: bridge.botLocalpart ?? defaults.botLocalpart,
    };
}

/**
 * Server types Hetzner sells today, by role (CX Gen 3, cost-optimized, x86, sold in fsn1,
 * nbg1 and hel1). A homeserver host runs Synapse and PostgreSQL and needs 8 GB; every other
 * role (TURN, Element, bridges) fits in 4 GB.
 * Why by role: one default size either starves a homeserver or overpays for a TURN relay.
 */
export const SERVER_TYPE_DEFAULTS = { homeserver: "cx33", small: "cx23" } as const;

/** A Hetzner host's server type: as set, else the default of its role. */
export function hetznerServerType(serverType: string | undefined, carriesHomeserver: boolean): string {
    return serverType ?? (carriesHomeserver ? SERVER_TYPE_DEFAULTS.homeserver : SERVER_TYPE_DEFAULTS.small);
}
