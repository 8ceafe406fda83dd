/**
 * The one port table per host. Every firewall (Hetzner Cloud and NixOS) is derived from
 * these rows only. Appservice, database and Redis ports are never public.
 */
import type { HostSpec } from "../spec/host";
import type { Exposure, HostServices, HostWorkers, PortRule } from "./types";
import { servesRemoteClients } from "./remote-clients";
import { HOMESERVER_PRIVATE_PROXY_UNIT } from "./paths";
import type { ResolvedBridge, ResolvedHomeserver, ResolvedStack, ResolvedTurn } from "./resolve";
import type { MeshPlan } from "./mesh";
import { compareText } from "./order";

const POSTGRES_PORT = 5432;
const HTTP_PORT = 80;
const HTTPS_PORT = 443;
const FEDERATION_PORT = 8448;

type Protocol = PortRule["protocol"];

function rule(protocol: Protocol, from: number, to: number, exposure: Exposure, service: string, why: string): PortRule {
    return { protocol, from, to, exposure, service, why };
}

function single(protocol: Protocol, port: number, exposure: Exposure, service: string, why: string): PortRule {
    return rule(protocol, port, port, exposure, service, why);
}

function sshRules(host: HostSpec): PortRule[] {
    const port = host.provider === "existing" ? host.port : 22;
    return [single("tcp", port, "public", "ssh", "SSH for deploys")];
}

function homeserverRules(hs: ResolvedHomeserver, remoteClients: boolean, workers: HostWorkers | undefined): PortRule[] {
    const service = `homeserver/${hs.name}`;
    const forwarded = hs.implementation === "synapse" ? "" : ` through ${HOMESERVER_PRIVATE_PROXY_UNIT}.socket`;
    const listener = remoteClients
        ? single("tcp", hs.listenPort, "private", service, `${hs.implementation} listener behind nginx, and for bridges and moderation bots on other hosts${forwarded}`)
        : single("tcp", hs.listenPort, "loopback", service, `${hs.implementation} listener behind nginx`);
    const rules = [
        single("tcp", HTTP_PORT, "public", service, "HTTP: ACME challenges and redirect to HTTPS"),
        single("tcp", HTTPS_PORT, "public", service, "HTTPS: client and federation APIs through nginx"),
        listener,
    ];
    if (hs.federation.enabled && hs.federation.port8448) {
        rules.push(single("tcp", FEDERATION_PORT, "public", service, "federation on port 8448"));
    }
    if (hs.implementation === "synapse") {
        const remote = workers?.workers.database != null;
        const why = remote ? "PostgreSQL for Synapse and its workers on other hosts" : "PostgreSQL for Synapse";
        rules.push(single("tcp", POSTGRES_PORT, remote ? "private" : "loopback", service, why));
    }
    return rules;
}

/**
 * Ports of Synapse workers, never public: private when the homeserver's processes span
 * hosts (they reach each other at private addresses), loopback otherwise. The main host
 * adds the replication listener and Redis.
 */
function workerRules(view: HostWorkers): PortRule[] {
    const w = view.workers;
    const exposure: Exposure = w.crossHost ? "private" : "loopback";
    const service = `homeserver/${w.homeserver}`;
    const rules: PortRule[] = [];
    if (view.main) {
        rules.push(single("tcp", w.replication.port, exposure, service, "Synapse HTTP replication listener, for its workers"));
        rules.push(single("tcp", w.redis.port, exposure, service, "Redis for Synapse replication"));
    }
    for (const instance of view.instances) {
        rules.push(single("tcp", instance.port, exposure, `${service}/${instance.name}`, `Synapse worker ${instance.name} (${instance.type})`));
    }
    return rules;
}

function turnRules(turn: ResolvedTurn): PortRule[] {
    const service = `turn/${turn.name}`;
    const rules: PortRule[] = [
        // coturn gets its certificate by standalone HTTP-01.
        single("tcp", HTTP_PORT, "public", service, "HTTP: ACME challenges for the TURN certificate"),
    ];
    for (const protocol of ["tcp", "udp"] as const) {
        rules.push(single(protocol, turn.listeningPort, "public", service, "TURN/STUN listener"));
        rules.push(single(protocol, turn.tlsListeningPort, "public", service, "TURN over TLS/DTLS"));
    }
    rules.push(rule("udp", turn.relayRange.from, turn.relayRange.to, "public", service, "TURN relay ports"));
    return rules;
}

function elementRules(name: string): PortRule[] {
    const service = `element/${name}`;
    return [
        single("tcp", HTTP_PORT, "public", service, "HTTP: ACME challenges and redirect to HTTPS"),
        single("tcp", HTTPS_PORT, "public", service, "HTTPS: Element Web"),
    ];
}

/** A bridge's appservice port: loopback beside its homeserver, private-network only otherwise. */
function bridgeRules(bridge: ResolvedBridge, homeserverHost: string): PortRule[] {
    const exposure: Exposure = bridge.host === homeserverHost ? "loopback" : "private";
    const from = exposure === "loopback" ? "from the homeserver on this host" : `from homeserver host ${homeserverHost}`;
    const rules = [single("tcp", bridge.port, exposure, `bridge/${bridge.id}`, `appservice API, ${from}`)];
    if (bridge.type === "matrix-hookshot") {
        const proxy = exposure === "loopback" ? "from nginx on this host" : `from nginx on homeserver host ${homeserverHost}`;
        rules.push(single("tcp", bridge.webhookPort, exposure, `bridge/${bridge.id}`, `webhook listener, ${proxy}`));
    }
    return rules;
}

function byPort(a: PortRule, b: PortRule): number {
    return a.from - b.from || a.to - b.to || compareText(a.protocol, b.protocol);
}

/**
 * Merges rows for the same protocol and range (e.g. 80/443 of a homeserver and Element on
 * one host) into one, listing every service (`, `) and reason (`; `) in order of appearance.
 * Rows that share a port but not an exposure are refused rather than widened, so a loopback
 * or private port is never opened by accident. Sorted by port, then protocol.
 */
export function mergePortRules(rules: readonly PortRule[]): PortRule[] {
    const groups = new Map<string, PortRule[]>();
    for (const r of rules) {
        const key = `${r.protocol}/${r.from}-${r.to}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const distinct = (values: string[]) => [...new Set(values)];
    return [...groups.entries()]
        .map(([key, group]) => {
            const clash = group.find((r) => r.exposure !== group[0].exposure);
            if (clash) {
                throw new Error(
                    `port ${key} is ${group[0].exposure} for ${group[0].service} but ${clash.exposure} for ${clash.service}`,
                );
            }
            return group;
        })
        .map((group) => ({
            ...group[0],
            service: distinct(group.map((r) => r.service)).join(", "),
            why: distinct(group.map((r) => r.why)).join("; "),
        }))
        .sort(byPort);
}

/** The port table of one host, sorted by port then protocol. */
export function hostPorts(
    stack: ResolvedStack,
    host: HostSpec,
    services: HostServices,
    mesh: MeshPlan | null = null,
    workers: readonly HostWorkers[] = [],
): PortRule[] {
    const rules: PortRule[] = [...sshRules(host)];
    // The mesh's only public addition: peers' WireGuard packets arrive on public interfaces.
    if (mesh) rules.push(single("udp", mesh.listenPort, "public", "mesh", "WireGuard mesh between the stack's hosts"));
    for (const hs of services.homeservers) {
        const remoteClients = servesRemoteClients(hs, stack.spec.moderationBots, stack.bridges);
        rules.push(...homeserverRules(stack.homeserver(hs.name), remoteClients, workers.find((w) => w.workers.homeserver === hs.name)));
    }
    for (const view of workers) rules.push(...workerRules(view));
    for (const turn of services.turnServers) rules.push(...turnRules(stack.turn(turn.name)));
    for (const element of services.elements) rules.push(...elementRules(element.name));
    for (const bridge of stack.bridges.filter((b) => b.host === host.name)) {
        rules.push(...bridgeRules(bridge, stack.homeserver(bridge.homeserver).host));
    }
    return mergePortRules(rules);
}
