/**
 * Synapse workers as one host's modules read them (`synapse-workers.nix`, `redis.nix`,
 * nginx's routes): the homeserver's shared worker settings, this host's worker units, and on
 * the main host the replication listener, Redis, PostgreSQL access and the routing table.
 * What every Synapse process reads besides is in params-synapse-common.ts.
 */
import { synapseOldSigningKeysDir } from "../plan/paths";
import type { HostPlan, HostWorkers } from "../plan/types";
import { databasePasswordPath, redisPasswordPath, signingKeyPath, SYNAPSE_DATABASE } from "../plan/worker-secrets";
import { redisServerName, type WorkerLocation, type WorkerUpstream } from "../plan/workers";
import { atMostOne, requireSecretFile } from "./stack-lookup";

export interface WorkerUnitParams {
    readonly worker_app: string;
    readonly worker_listeners: readonly {
        readonly type: "http";
        readonly port: number;
        readonly bind_addresses: readonly string[];
        readonly tls: false;
        readonly x_forwarded: true;
        readonly resources: readonly { readonly names: readonly string[]; readonly compress: false }[];
    }[];
}

export interface SynapseWorkersParams {
    readonly homeserver: string;
    /** This host runs the main process; false: a worker host (worker units only). */
    readonly main: boolean;
    /** The shared signing key across hosts; null: Synapse's own key on the main host. */
    readonly signingKeyFile: string | null;
    /**
     * The main host's directory of `old_signing_keys` (one more config path of every process
     * here), which the old signing keys step fills before the switch to the shared key;
     * null: Synapse keeps its own key, or this is a worker host.
     */
    readonly oldSigningKeysDir: string | null;
    /** instance_map, stream_writers, ... */
    readonly shared: Readonly<Record<string, unknown>>;
    readonly replication: { readonly port: number; readonly bindAddresses: readonly string[]; readonly address: string };
    /** Where processes reach Redis (the password comes with the secret config). */
    readonly redis: { readonly host: string; readonly port: number };
    /** The Redis server itself, on the main host only. */
    readonly redisServer: { readonly name: string; readonly port: number; readonly bind: string; readonly passwordFile: string } | null;
    /** PostgreSQL opened to remote worker hosts (main host, across hosts only). */
    readonly databaseAccess: {
        readonly listenAddresses: string;
        readonly clients: readonly string[];
        readonly user: string;
        readonly database: string;
        readonly passwordFile: string;
    } | null;
    /** This host's worker units, by worker name. */
    readonly workers: Readonly<Record<string, WorkerUnitParams>>;
    /** nginx routes to workers (main host only). */
    readonly upstreams: readonly WorkerUpstream[];
    readonly locations: readonly WorkerLocation[];
}

function unitParams(view: HostWorkers): Record<string, WorkerUnitParams> {
    return Object.fromEntries(
        view.instances.map((w) => [
            w.name,
            {
                worker_app: w.app,
                worker_listeners: [
                    {
                        type: "http",
                        port: w.port,
                        bind_addresses: w.bindAddresses,
                        tls: false,
                        x_forwarded: true,
                        resources: [{ names: w.resources, compress: false }],
                    },
                ],
            },
        ]),
    );
}

export function synapseWorkersParams(host: HostPlan): SynapseWorkersParams | null {
    const view = atMostOne(host, host.workers, "homeservers with workers");
    if (view === undefined) return null;
    const w = view.workers;
    const main = view.main;
    return {
        homeserver: w.homeserver,
        main,
        signingKeyFile: w.crossHost ? requireSecretFile(host, signingKeyPath(w.homeserver), "Synapse signing key") : null,
        oldSigningKeysDir: main && w.crossHost ? synapseOldSigningKeysDir(w.homeserver) : null,
        shared: w.shared,
        replication: w.replication,
        redis: { host: w.redis.address, port: w.redis.port },
        redisServer: main
            ? {
                name: redisServerName(w.homeserver),
                port: w.redis.port,
                bind: w.redis.bindAddresses.join(" "),
                passwordFile: requireSecretFile(host, redisPasswordPath(w.homeserver), "Redis password"),
            }
            : null,
        databaseAccess:
            main && w.database !== null
                ? {
                    listenAddresses: ["127.0.0.1", w.database.address].join(","),
                    clients: w.database.clients.map((a) => `${a}/32`),
                    user: SYNAPSE_DATABASE.user,
                    database: SYNAPSE_DATABASE.database,
                    passwordFile: requireSecretFile(host, databasePasswordPath(w.homeserver), "PostgreSQL password"),
                }
                : null,
        workers: unitParams(view),
        upstreams: main ? w.upstreams : [],
        locations: main ? w.locations : [],
    };
}
