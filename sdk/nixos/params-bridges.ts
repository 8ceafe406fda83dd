import type { HostPlan, StackPlan } from "../plan/types";
import { bridgeEnvPath } from "../plan/paths";
import { resolveBridge } from "../plan/resolve";
import type { BridgeSpec, BridgeType, IrcNetworkSpec } from "../spec/bridge";
import { byText } from "../plan/order";
import type { BridgeParams, HookshotBridgeParams, HostParams, IrcBridgeParams, MetaBridgeParams, WebhookDomainParams, WebhookProxyParams } from "./params-types";
import { atMostOne, findHomeserver, hasSecretFile, homeserverDomain } from "./stack-lookup";

function commonBridgeParams(host: HostPlan, stack: StackPlan, bridge: BridgeSpec): BridgeParams {
    const { spec: hs, host: hsHost } = findHomeserver(stack, bridge.homeserver);
    const sameHost = hsHost.name === host.name;
    const registration = stack.registrations.find((r) => r.id === bridge.id);
    if (!registration) throw new Error(`bridge ${bridge.id}: no registration in the plan`);
    const resolved = resolveBridge(bridge);
    const envFile = bridgeEnvPath(bridge.id);
    return {
        id: bridge.id,
        port: resolved.port,
        homeserverUrl: registration.homeserverUrl,
        homeserverDomain: hs.serverName,
        url: registration.url,
        // Beside its homeserver the bridge stays on loopback; across hosts it must accept the
        // private network, whose address is assigned late: the host firewall keeps it off
        // public interfaces.
        listenAddress: sameHost ? "127.0.0.1" : "0.0.0.0",
        // The registration's sender is the bot, whatever the bridge's config says.
        botLocalpart: registration.senderLocalpart,
        userPrefix: resolved.userPrefix,
        environmentFile: hasSecretFile(host, envFile) ? envFile : null,
        settings: bridge.settings,
    };
}

/**
 * matrix-appservice-irc's `ircService.servers`, keyed by server address. Static `mappings`
 * need existing room IDs, so channels are reached through dynamic rooms: `#<prefix><channel>`
 * aliases the bridge creates on first join.
 */
function ircServers(networks: readonly IrcNetworkSpec[], userPrefix: string): Record<string, unknown> {
    const servers: Record<string, unknown> = {};
    for (const network of networks) {
        servers[network.address] = {
            name: network.name ?? network.address,
            port: network.port,
            ssl: network.tls,
            dynamicChannels: { enabled: true, createAlias: true, published: true, aliasTemplate: `#${userPrefix}$CHANNEL` },
            membershipLists: { enabled: true },
            // Puppets stay inside the registration's exclusive user namespace.
            matrixClients: { userTemplate: `@${userPrefix}$SERVER_$NICK` },
        };
    }
    return servers;
}

function ircBridgeParams(common: BridgeParams, networks: readonly IrcNetworkSpec[]): IrcBridgeParams {
    return { ...common, servers: ircServers(networks, common.userPrefix) };
}

function bridgeOfType(host: HostPlan, type: BridgeType): BridgeSpec | undefined {
    return atMostOne(host, host.services.bridges.filter((b) => b.type === type), `${type} bridges`);
}

/** Where nginx on the homeserver's domain serves a hookshot bridge's webhooks. */
export function hookshotWebhookPath(bridgeId: string): string {
    return `/hookshot/${bridgeId}/`;
}

function hookshotParams(host: HostPlan, stack: StackPlan, bridge: Extract<BridgeSpec, { type: "matrix-hookshot" }>): HookshotBridgeParams {
    const common = commonBridgeParams(host, stack, bridge);
    const registration = stack.registrations.find((r) => r.id === bridge.id);
    if (!registration) throw new Error(`bridge ${bridge.id}: no registration in the plan`);
    const { spec: hs } = findHomeserver(stack, bridge.homeserver);
    return {
        ...common,
        registrationFile: registration.bridgePath,
        webhookPort: bridge.webhookPort,
        webhookUrlPrefix:
            bridge.webhookDomain !== undefined
                ? `https://${bridge.webhookDomain}/webhook/`
                : `https://${homeserverDomain(hs)}${hookshotWebhookPath(bridge.id)}webhook/`,
    };
}

/** Each hookshot bridge of `homeserver` with the URL nginx reaches its webhook listener at. */
function hookshotUpstreams(stack: StackPlan, homeserver: string): { bridge: Extract<BridgeSpec, { type: "matrix-hookshot" }>; upstream: string }[] {
    const found = [];
    for (const bridge of stack.hosts.flatMap((h) => h.services.bridges)) {
        if (bridge.type !== "matrix-hookshot" || bridge.homeserver !== homeserver) continue;
        const registration = stack.registrations.find((r) => r.id === bridge.id);
        if (!registration) throw new Error(`bridge ${bridge.id}: no registration in the plan`);
        // Same address as the appservice URL: loopback beside the homeserver, private otherwise.
        found.push({ bridge, upstream: `http://${new URL(registration.url).hostname}:${bridge.webhookPort}/` });
    }
    return found;
}

/** The locations of the homeserver's virtual host that reach hookshot webhook listeners, sorted by path. */
export function webhookProxies(stack: StackPlan, homeserver: string): WebhookProxyParams[] {
    return hookshotUpstreams(stack, homeserver)
        .filter(({ bridge }) => bridge.webhookDomain === undefined)
        .map(({ bridge, upstream }) => ({ path: hookshotWebhookPath(bridge.id), upstream }))
        .sort(byText((p) => p.path));
}

/** The virtual hosts of the hookshot bridges of `homeserver` with a webhookDomain, sorted by domain. */
export function webhookDomains(stack: StackPlan, homeserver: string): WebhookDomainParams[] {
    return hookshotUpstreams(stack, homeserver)
        .flatMap(({ bridge, upstream }) => (bridge.webhookDomain === undefined ? [] : [{ domain: bridge.webhookDomain, upstream }]))
        .sort(byText((d) => d.domain));
}

export function bridgesParams(host: HostPlan, stack: StackPlan): HostParams["bridges"] {
    const telegram = bridgeOfType(host, "mautrix-telegram");
    const whatsapp = bridgeOfType(host, "mautrix-whatsapp");
    const irc = bridgeOfType(host, "matrix-appservice-irc");
    const discord = bridgeOfType(host, "matrix-appservice-discord");
    const signal = bridgeOfType(host, "mautrix-signal");
    const mautrixDiscord = bridgeOfType(host, "mautrix-discord");
    const hookshot = bridgeOfType(host, "matrix-hookshot");
    const meta = host.services.bridges
        .flatMap((b): MetaBridgeParams[] => (b.type === "mautrix-meta" ? [{ ...commonBridgeParams(host, stack, b), network: b.network }] : []))
        .sort((a, b) => (a.network < b.network ? -1 : 1));
    const ircParams: IrcBridgeParams | null =
        irc && irc.type === "matrix-appservice-irc"
            ? ircBridgeParams(commonBridgeParams(host, stack, irc), irc.networks)
            : null;
    return {
        telegram: telegram ? commonBridgeParams(host, stack, telegram) : null,
        whatsapp: whatsapp ? commonBridgeParams(host, stack, whatsapp) : null,
        irc: ircParams,
        discord: discord ? commonBridgeParams(host, stack, discord) : null,
        signal: signal ? commonBridgeParams(host, stack, signal) : null,
        mautrixDiscord: mautrixDiscord ? commonBridgeParams(host, stack, mautrixDiscord) : null,
        meta,
        hookshot: hookshot && hookshot.type === "matrix-hookshot" ? hookshotParams(host, stack, hookshot) : null,
    };
}
