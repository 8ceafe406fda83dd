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
