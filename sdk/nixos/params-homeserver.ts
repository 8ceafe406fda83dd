import type { HostPlan, StackPlan } from "../plan/types";
import { conduitEnvPath } from "../plan/paths";
import type { HomeserverSpec } from "../spec/homeserver";
import { IMPLEMENTATION_LABELS } from "../spec/homeserver-implementations";
import { conduitFamilyServer } from "../plan/conduit-family";
import { webhookDomains, webhookProxies } from "./params-bridges";
import { servesRemoteClients } from "../plan/remote-clients";
import { HOMESERVER_PRIVATE_PROXY_UNIT } from "../plan/paths";
import { addressWithPort } from "../plan/ip";
import type { ConduitParams, ConduwuitParams, ElementParams, HomeserverPrivateProxyParams, HomeserverProxyParams, SynapseParams, WellKnownParams } from "./params-types";
import {
    findHomeserver,
    findTurn,
    homeserverDomain,
    homeserverLoopbackUrl,
    homeserverPort,
    requireSecretFile,
    wellKnownDelegation,
} from "./stack-lookup";

const remoteBots = (stack: StackPlan) => stack.hosts.flatMap((h) => h.services.moderationBots);
const remoteBridges = (stack: StackPlan) => stack.hosts.flatMap((h) => h.services.bridges);

/** Client-facing TURN URIs: UDP and TCP on the plain port, TLS on the TLS port. */
export function turnUris(stack: StackPlan, hs: HomeserverSpec): string[] {
    if (!hs.turn) return [];
    const turn = findTurn(stack, hs.turn);
    return [
        `turn:${turn.realm}:${turn.listeningPort}?transport=udp`,
        `turn:${turn.realm}:${turn.listeningPort}?transport=tcp`,
        `turns:${turn.realm}:${turn.tlsListeningPort}?transport=tcp`,
    ];
}

/** Synapse's size notation (`50M`, `512K`, `1G`) as Conduit's byte count. */
function sizeInBytes(size: string): number {
    const unit = size.slice(-1);
    const factor = unit === "G" ? 1024 ** 3 : unit === "M" ? 1024 ** 2 : 1024;
    return Number(size.slice(0, -1)) * factor;
}

export function synapseParams(host: HostPlan, stack: StackPlan, hs: HomeserverSpec): SynapseParams {
    return {
        name: hs.name,
        listenPort: homeserverPort(hs),
        enableRegistration: hs.registrationEnabled,
        federation: hs.federation.enabled,
        maxUploadSize: hs.maxUploadSize,
        turnUris: turnUris(stack, hs),
        privateBindAddresses: servesRemoteClients(hs, remoteBots(stack), remoteBridges(stack)) ? [host.privateAddress] : [],
    };
}

export function conduitParams(host: HostPlan, stack: StackPlan, hs: HomeserverSpec): ConduitParams {
    const label = IMPLEMENTATION_LABELS[hs.implementation];
    return {
        name: hs.name,
        serverName: hs.serverName,
        port: homeserverPort(hs),
        // The bootstrap step registers with the token, which the server then demands of everyone.
        allowRegistration: true,
        allowFederation: hs.federation.enabled,
        maxRequestSize: sizeInBytes(hs.maxUploadSize),
        environmentFile: requireSecretFile(host, conduitEnvPath(hs.name), `${label} environment file`),
        turnUris: turnUris(stack, hs),
    };
}

/**
 * continuwuity or Tuwunel. Tuwunel makes the first user admin only with
 * `grant_admin_to_first_user` (its default, set here so the bootstrap step never depends on it).
 */
export function conduwuitParams(host: HostPlan, stack: StackPlan, hs: HomeserverSpec & { implementation: "continuwuity" | "tuwunel" }): ConduwuitParams {
    const server = conduitFamilyServer(hs.implementation, hs.serverName);
    return {
        ...conduitParams(host, stack, hs),
        service: server.nixosService,
        unit: server.unit,
        extraSettings: hs.implementation === "tuwunel" ? { grant_admin_to_first_user: true } : {},
    };
}

/** The private socket of a Conduit-family homeserver that serves bridges on other hosts; else null. */
export function homeserverPrivateProxyParams(host: HostPlan, stack: StackPlan, hs: HomeserverSpec): HomeserverPrivateProxyParams | null {
    if (hs.implementation === "synapse" || !servesRemoteClients(hs, remoteBots(stack), remoteBridges(stack))) return null;
    const port = homeserverPort(hs);
    // systemd-socket-proxyd splits its target at the last colon and resolves the rest: no brackets.
    const loopback = new URL(homeserverLoopbackUrl(hs)).hostname.replace(/^\[(.*)\]$/, "$1");
    return { unit: HOMESERVER_PRIVATE_PROXY_UNIT, listen: addressWithPort(host.privateAddress, port), upstream: `${loopback}:${port}` };
}

export function homeserverProxyParams(hs: HomeserverSpec, stack: StackPlan): HomeserverProxyParams {
    return {
        domain: homeserverDomain(hs),
        upstream: homeserverLoopbackUrl(hs),
        paths: hs.implementation === "synapse" ? ["/_matrix", "/_synapse/client"] : ["/_matrix"],
        federationPort8448: hs.federation.enabled && hs.federation.port8448,
        sharesWellKnown: wellKnownDelegation(hs) && hs.serverName === homeserverDomain(hs),
        webhooks: webhookProxies(stack, hs.name),
        webhookDomains: webhookDomains(stack, hs.name),
    };
}

/** Delegation documents on the server name; null when delegation is off. */
export function wellKnownParams(hs: HomeserverSpec, elements: readonly ElementParams[]): WellKnownParams | null {
    if (!wellKnownDelegation(hs)) return null;
    const domain = homeserverDomain(hs);
    const documents: Record<string, unknown> = {
        client: { "m.homeserver": { base_url: `https://${domain}` } },
    };
    if (hs.federation.enabled) documents.server = { "m.server": `${domain}:443` };
    if (hs.adminContact) {
        documents.support = { contacts: [{ email_address: hs.adminContact, role: "m.role.admin" }] };
    }
    // Element's site redirects plain HTTP as a whole, which would hide the documents from the
    // health check; the spec gives every name to one service, so this cannot happen.
    const element = elements.find((e) => e.domain === hs.serverName);
    if (element) throw new Error(`element ${element.name} is served on ${hs.serverName}, the server name of homeserver ${hs.name}`);
    return { domain: hs.serverName, documents };
}

export function elementParams(host: HostPlan, stack: StackPlan): ElementParams[] {
    return [...host.services.elements]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((element) => {
            const hs = findHomeserver(stack, element.homeserver).spec;
            return {
                name: element.name,
                domain: element.domain,
                config: {
                    default_server_config: {
                        "m.homeserver": { base_url: `https://${homeserverDomain(hs)}`, server_name: hs.serverName },
                    },
                    ...element.config,
                },
            };
        });
}
