/**
 * Defaults that depend on other fields, resolved in one place so that validation,
 * plan and nixos agree on them.
 */
import { BRIDGE_DEFAULTS, bridgeModule, type BridgeSpec } from "./bridge";
import type { HomeserverSpec } from "./homeserver";

/** Loopback port of each implementation's client listener. */
export const HOMESERVER_LISTEN_PORT_DEFAULTS = { synapse: 8008, conduit: 6167, continuwuity: 6167, tuwunel: 6167 } as const;

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
    const defaults = BRIDGE_DEFAULTS[bridgeModule(bridge)];
    return {
        port: bridge.port ?? defaults.port,
        userPrefix: bridge.userPrefix ?? defaults.userPrefix,
        botLocalpart: bridge.botLocalpart ?? defaults.botLocalpart,
    };
}

/**
 * Server types Hetzner sells today, by role: a homeserver host runs Synapse and PostgreSQL
 * and gets 8 GB; every other role (TURN, Element, bridges) fits in 4 GB. CX Gen 3
 * (cost-optimized, x86) is sold in the EU locations only; elsewhere (ash, hil, sin) the
 * same sizes are CPX Gen 2.
 * Why by role: one default size either starves a homeserver or overpays for a TURN relay.
 */
export const SERVER_TYPE_DEFAULTS = {
    eu: { homeserver: "cx33", small: "cx23" },
    elsewhere: { homeserver: "cpx32", small: "cpx22" },
} as const;

/** The locations that sell CX Gen 3. */
export const CX_LOCATIONS: readonly string[] = ["fsn1", "nbg1", "hel1"];

/** A Hetzner host's server type: as set, else the default of its role and location. */
export function hetznerServerType(host: { readonly serverType?: string; readonly location: string }, carriesHomeserver: boolean): string {
    if (host.serverType !== undefined) return host.serverType;
    const sizes = CX_LOCATIONS.includes(host.location) ? SERVER_TYPE_DEFAULTS.eu : SERVER_TYPE_DEFAULTS.elsewhere;
    return carriesHomeserver ? sizes.homeserver : sizes.small;
}
