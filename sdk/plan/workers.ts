/**
 * Synapse workers of each homeserver: roles -> instances (name, host, port), the settings
 * every process shares (`instance_map`, `stream_writers`, ...), and nginx's upstreams and
 * locations from the routing table. Pure; no secret values.
 *
 * Across hosts, processes reach each other at `HostPlan.privateAddress` and bind it besides
 * loopback: the replication listener, Redis, PostgreSQL and every worker listener.
 */
import { REDIS_PORT, REPLICATION_PORT, WORKER_PORT_RANGE, type WorkerType } from "../spec/workers";
import type { ResolvedHomeserver, ResolvedStack } from "./resolve";
import type { HostWorkers } from "./types";
import { ROUTED_ROLES, WORKER_ROUTES, type Balance } from "./worker-routes";

export const LOOPBACK = "127.0.0.1";
export const POSTGRES_PORT = 5432;

export type WorkerApp = "synapse.app.generic_worker" | "synapse.app.media_repository";

export interface WorkerInstance {
    /** Synapse's `worker_name`, the `instance_map` key and the nixpkgs `workers.<name>`. */
    readonly name: string;
    readonly type: WorkerType;
    readonly app: WorkerApp;
    readonly host: string;
    readonly port: number;
    /** Where it listens: loopback, and the host's private address when workers span hosts. */
    readonly bindAddresses: readonly string[];
    /** Where the other processes reach it. */
    readonly address: string;
    /** Resources of its one HTTP listener. */
    readonly resources: readonly string[];
    /** Its systemd unit, as nixpkgs names it. */
    readonly unit: string;
}

export interface WorkerUpstream {
    /** nginx upstream name, e.g. `synapse_hs_sync_user`. */
    readonly name: string;
    readonly balance: Balance;
    /** `address:port` of each instance. */
    readonly servers: readonly string[];
}

export interface WorkerLocation {
    readonly pattern: string;
    readonly upstream: string;
}

export interface HomeserverWorkers {
    readonly homeserver: string;
    readonly mainHost: string;
    /** Some worker runs on another host than the main process. */
    readonly crossHost: boolean;
    /** Hosts running workers other than the main host, sorted. */
    readonly remoteHosts: readonly string[];
    readonly instances: readonly WorkerInstance[];
    /** The main process's HTTP replication listener. */
    readonly replication: { readonly port: number; readonly bindAddresses: readonly string[]; readonly address: string };
    readonly redis: { readonly port: number; readonly bindAddresses: readonly string[]; readonly address: string };
    /** PostgreSQL as remote worker hosts reach it; null when every worker is on the main host (local socket). */
    readonly database: { readonly address: string; readonly port: number; readonly clients: readonly string[] } | null;
    /** Synapse settings every process of the homeserver shares. */
    readonly shared: Readonly<Record<string, unknown>>;
    readonly upstreams: readonly WorkerUpstream[];
    readonly locations: readonly WorkerLocation[];
}

const APPS: Partial<Record<WorkerType, WorkerApp>> = { "media-repository": "synapse.app.media_repository" };

/** Stream each writer type writes (Synapse's `stream_writers` keys). */
const STREAMS: Partial<Record<WorkerType, string>> = {
    "event-persister": "events",
    "typing-writer": "typing",
    "to-device-writer": "to_device",
    "account-data-writer": "account_data",
    "receipts-writer": "receipts",
    "presence-writer": "presence",
    "push-rules-writer": "push_rules",
};

export function workerUnit(name: string): string {
    return `matrix-synapse-worker-${name}.service`;
}

function resourcesOf(type: WorkerType): string[] {
    // Every worker answers the client API too, so each has a health check on its own listener.
    const served = type === "media-repository" ? ["media", "client", "federation"] : ["client", "federation"];
    return [...served, "replication"];
}

function instancesOf(hs: ResolvedHomeserver, crossHost: boolean, addresses: Readonly<Record<string, string>>): WorkerInstance[] {
    const seen = new Map<WorkerType, number>();
    let port = WORKER_PORT_RANGE.from;
    return hs.workers.flatMap((group) =>
        Array.from({ length: group.count }, () => {
            const n = (seen.get(group.type) ?? 0) + 1;
            seen.set(group.type, n);
            const host = group.host ?? hs.host;
            const name = `${group.type}-${n}`;
            return {
                name,
                type: group.type,
                app: APPS[group.type] ?? "synapse.app.generic_worker",
                host,
                port: port++,
                bindAddresses: crossHost ? [LOOPBACK, addresses[host]] : [LOOPBACK],
                address: crossHost ? addresses[host] : LOOPBACK,
                resources: resourcesOf(group.type),
                unit: workerUnit(name),
            };
        }),
    );
}

function namesOf(instances: readonly WorkerInstance[], type: WorkerType): string[] {
    return instances.filter((w) => w.type === type).map((w) => w.name);
}

/** The settings all processes share; only roles that have instances appear. */
function sharedSettings(instances: readonly WorkerInstance[], main: { address: string; port: number }): Record<string, unknown> {
    const instanceMap: Record<string, { host: string; port: number }> = { main: { host: main.address, port: main.port } };
    for (const w of instances) instanceMap[w.name] = { host: w.address, port: w.port };
    const streamWriters: Record<string, string | string[]> = {};
    for (const [type, stream] of Object.entries(STREAMS) as [WorkerType, string][]) {
        const names = namesOf(instances, type);
        // One writer as a name, as Synapse's config schema has it; several (events, receipts) as a list, as docs/workers.md does.
        if (names.length > 0) streamWriters[stream] = names.length === 1 ? names[0] : names;
    }
    const settings: Record<string, unknown> = { instance_map: instanceMap };
    if (Object.keys(streamWriters).length > 0) settings.stream_writers = streamWriters;
    const senders = namesOf(instances, "federation-sender");
    if (senders.length > 0) Object.assign(settings, { send_federation: false, federation_sender_instances: senders });
    const pushers = namesOf(instances, "pusher");
    if (pushers.length > 0) Object.assign(settings, { start_pushers: false, pusher_instances: pushers });
    const media = namesOf(instances, "media-repository");
    if (media.length > 0) Object.assign(settings, { enable_media_repo: false, media_instance_running_background_jobs: media[0] });
    const appservices = namesOf(instances, "appservice-sender");
    if (appservices.length > 0) settings.notify_appservices_from_worker = appservices[0];
    const background = namesOf(instances, "background-tasks");
    if (background.length > 0) settings.run_background_tasks_on = background[0];
    return settings;
}

function routing(hs: string, instances: readonly WorkerInstance[]): { upstreams: WorkerUpstream[]; locations: WorkerLocation[] } {
    const upstreams = new Map<string, WorkerUpstream>();
    const locations: WorkerLocation[] = [];
    for (const route of WORKER_ROUTES) {
        const serving = instances.filter((w) => w.type === route.role);
        if (serving.length === 0) continue;
        const name = `synapse_${hs}_${route.role}_${route.balance}`.replace(/-/g, "_");
        if (!upstreams.has(name)) {
            upstreams.set(name, { name, balance: route.balance, servers: serving.map((w) => `${w.address}:${w.port}`) });
        }
        locations.push({ pattern: route.pattern, upstream: name });
    }
    return { upstreams: [...upstreams.values()], locations };
}

function homeserverWorkers(hs: ResolvedHomeserver, addresses: Readonly<Record<string, string>>): HomeserverWorkers {
    const workerHosts = [...new Set(hs.workers.map((g) => g.host ?? hs.host))];
    const remoteHosts = workerHosts.filter((h) => h !== hs.host).sort();
    const crossHost = remoteHosts.length > 0;
    const instances = instancesOf(hs, crossHost, addresses);
    const mainAddress = crossHost ? addresses[hs.host] : LOOPBACK;
    const bindAddresses = crossHost ? [LOOPBACK, mainAddress] : [LOOPBACK];
    return {
        homeserver: hs.name,
        mainHost: hs.host,
        crossHost,
        remoteHosts,
        instances,
        replication: { port: REPLICATION_PORT, bindAddresses, address: mainAddress },
        redis: { port: REDIS_PORT, bindAddresses, address: mainAddress },
        database: crossHost ? { address: mainAddress, port: POSTGRES_PORT, clients: remoteHosts.map((h) => addresses[h]) } : null,
        shared: sharedSettings(instances, { address: mainAddress, port: REPLICATION_PORT }),
        ...routing(hs.name, instances),
    };
}

/** Every Synapse homeserver with workers, in declaration order. */
export function stackWorkers(stack: ResolvedStack, addresses: Readonly<Record<string, string>>): HomeserverWorkers[] {
    return stack.homeservers
        .filter((hs) => hs.implementation === "synapse" && hs.workers.length > 0)
        .map((hs) => homeserverWorkers(hs, addresses));
}

/** Roles with instances that nginx sends no request to. */
export function unroutedRoles(workers: HomeserverWorkers): WorkerType[] {
    return [...new Set(workers.instances.map((w) => w.type))].filter((t) => !ROUTED_ROLES.has(t));
}

/** The nixpkgs `services.redis.servers` name of a homeserver's Redis, and its unit. */
export function redisServerName(homeserver: string): string {
    return `synapse-${homeserver}`;
}

export function redisUnit(homeserver: string): string {
    return `redis-${redisServerName(homeserver)}.service`;
}

/**
 * The homeserver whose main process this host runs while its workers run on other hosts: the
 * host that keeps Synapse's first key as an old one (old-signing-keys.sh) and backs it up; else null.
 */
export function crossHostMainHomeserver(workers: readonly HostWorkers[]): string | null {
    return workers.find((v) => v.main && v.workers.crossHost)?.workers.homeserver ?? null;
}
