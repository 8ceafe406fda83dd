/**
 * Appservice registrations, built by the library in the Matrix spec format. Tokens are
 * SecretRefs; the same document is rendered for the bridge and the homeserver.
 */
import { bridgeModule, type BridgeType } from "../spec/bridge";
import { BRIDGE_REGISTRATION_PATHS, bridgeCredentialRegistrationPath, homeserverRegistrationPath } from "./paths";
import { escapeRegex, homeserverLoopbackUrl, homeserverPrivateUrl, type ResolvedBridge, type ResolvedStack } from "./resolve";
import { secretNames } from "./secrets";
import type { RegistrationPlan, SecretRef } from "./types";
import { byText } from "./order";

/**
 * Bridges whose unit runs under systemd's DynamicUser: their registration cannot be given
 * an owner ahead of time, so it is delivered through LoadCredential (see secret-files.ts).
 */
export const DYNAMIC_USER_BRIDGES: ReadonlySet<BridgeType> = new Set<BridgeType>(["matrix-appservice-discord"]);

/**
 * Bridges whose module reads the registration from a path it is given (`registrationFile`)
 * and runs as root: they read the library's root-only copy where it lies.
 */
export const ROOT_READ_BRIDGES: ReadonlySet<BridgeType> = new Set<BridgeType>(["matrix-hookshot"]);

/** Third-party protocols a bridge answers lookups for. */
const PROTOCOLS: Partial<Record<BridgeType, readonly string[]>> = {
    "matrix-appservice-irc": ["irc"],
    "matrix-appservice-discord": ["discord"],
};

/** Bridges that create portal rooms with aliases under their prefix. */
const ALIAS_NAMESPACE: ReadonlySet<BridgeType> = new Set<BridgeType>([
    "mautrix-telegram",
    "matrix-appservice-irc",
    "matrix-appservice-discord",
]);

/** Bridges that want typing notifications, receipts and presence pushed to them. */
const EPHEMERAL: ReadonlySet<BridgeType> = new Set<BridgeType>([
    "mautrix-telegram",
    "mautrix-whatsapp",
    "mautrix-signal",
    "mautrix-meta",
    "mautrix-discord",
]);

function ref(name: string): SecretRef {
    return { $secret: name };
}

/** Where the bridge's own copy of its registration is written. */
export function bridgeRegistrationPath(bridge: ResolvedBridge): string {
    return DYNAMIC_USER_BRIDGES.has(bridge.type) || ROOT_READ_BRIDGES.has(bridge.type)
        ? bridgeCredentialRegistrationPath(bridge.id)
        : BRIDGE_REGISTRATION_PATHS[bridgeModule(bridge)];
}

export function registrationFor(
    stack: ResolvedStack,
    bridge: ResolvedBridge,
    addresses: Readonly<Record<string, string>>,
): RegistrationPlan {
    const hs = stack.homeserver(bridge.homeserver);
    const sameHost = bridge.host === hs.host;
    const url = sameHost ? `http://127.0.0.1:${bridge.port}` : `http://${addresses[bridge.host]}:${bridge.port}`;
    const server = escapeRegex(hs.serverName);
    const userRegex = `@${escapeRegex(bridge.userPrefix)}.*:${server}`;
    const botRegex = `@${escapeRegex(bridge.botLocalpart)}:${server}`;
    const asTokenSecret = secretNames.bridge(bridge.id, "as-token");
    const hsTokenSecret = secretNames.bridge(bridge.id, "hs-token");
    const protocols = PROTOCOLS[bridge.type];
    const ephemeral = EPHEMERAL.has(bridge.type);
    const document = {
        id: bridge.id,
        url,
        as_token: ref(asTokenSecret),
        hs_token: ref(hsTokenSecret),
        sender_localpart: bridge.botLocalpart,
        namespaces: {
            users: [
                { exclusive: true, regex: userRegex },
                { exclusive: true, regex: botRegex },
            ],
            aliases: ALIAS_NAMESPACE.has(bridge.type)
                ? [{ exclusive: true, regex: `#${escapeRegex(bridge.userPrefix)}.*:${server}` }]
                : [],
            rooms: [],
        },
        rate_limited: false,
        ...(protocols ? { protocols: [...protocols] } : {}),
        ...(ephemeral ? { receive_ephemeral: true, "de.sorunome.msc2409.push_ephemeral": true } : {}),
    };
    return {
        id: bridge.id,
        bridgeType: bridge.type,
        homeserver: hs.name,
        bridgeHost: bridge.host,
        homeserverHost: hs.host,
        url,
        senderLocalpart: bridge.botLocalpart,
        userRegex,
        asTokenSecret,
        hsTokenSecret,
        document,
        // Across hosts over the private network (see servesRemoteClients).
        homeserverUrl: sameHost ? homeserverLoopbackUrl(hs) : homeserverPrivateUrl(hs, addresses[hs.host]!),
        homeserverPath: homeserverRegistrationPath(bridge.id),
        bridgePath: bridgeRegistrationPath(bridge),
    };
}

/** One registration per bridge, sorted by id. */
export function stackRegistrations(stack: ResolvedStack, addresses: Readonly<Record<string, string>>): RegistrationPlan[] {
    return stack.bridges
        .map((bridge) => registrationFor(stack, bridge, addresses))
        .sort(byText((r) => r.id));
}
