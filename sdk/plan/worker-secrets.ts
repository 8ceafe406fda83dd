/**
 * Secrets of Synapse workers: `worker_replication_secret` and the Redis password, generated;
 * across hosts also the database password remote workers log in with and the signing key
 * every process signs with. They reach each process through files outside the store:
 * Synapse's extra config file (the same path on every host of the homeserver), Redis's
 * `requirePassFile`, and files the main host's PostgreSQL and every host's Synapse read.
 */
import { SECRETS_DIR, synapseSecretConfigPath } from "./paths";
import { secretNames } from "./secrets";
import type { SecretDecl, SecretFile, SecretRef } from "./types";
import type { HomeserverWorkers } from "./workers";

/** The role remote workers log in to PostgreSQL as, and its database: the ones nixpkgs creates for Synapse. */
export const SYNAPSE_DATABASE = { user: "matrix-synapse", database: "matrix-synapse" } as const;

/** Length of the signing key's seed: 43 base64 characters carry Ed25519's 32 bytes. */
const SIGNING_SEED_LENGTH = 43;
/** The key id of the generated signing key (`ed25519:a_workers`). */
export const SIGNING_KEY_ID = "a_workers";

export const workerSecretNames = {
    replicationSecret: (homeserver: string) => `homeserver/${homeserver}/worker-replication-secret`,
    redisPassword: (homeserver: string) => `homeserver/${homeserver}/redis-password`,
    databasePassword: (homeserver: string) => `homeserver/${homeserver}/database-password`,
    signingKeySeed: (homeserver: string) => `homeserver/${homeserver}/signing-key-seed`,
} as const;

export function redisPasswordPath(homeserver: string): string {
    return `${SECRETS_DIR}/redis-${homeserver}.password`;
}

export function databasePasswordPath(homeserver: string): string {
    return `${SECRETS_DIR}/postgresql-${homeserver}.password`;
}

export function signingKeyPath(homeserver: string): string {
    return `${SECRETS_DIR}/synapse-${homeserver}.signing.key`;
}

function ref(name: string): SecretRef {
    return { $secret: name };
}

export function workerSecretDecls(workers: HomeserverWorkers, length: number): SecretDecl[] {
    const hs = workers.homeserver;
    const random = (name: string, n = length): SecretDecl => ({ name, source: { kind: "random", length: n } });
    const decls = [random(workerSecretNames.replicationSecret(hs)), random(workerSecretNames.redisPassword(hs))];
    if (workers.crossHost) {
        decls.push(random(workerSecretNames.databasePassword(hs)), random(workerSecretNames.signingKeySeed(hs), SIGNING_SEED_LENGTH));
    }
    return decls;
}

/** Keys the homeserver's Synapse extra config file gains on `host` (main or a worker host). */
export function workerSecretSettings(workers: HomeserverWorkers, host: string): Record<string, unknown> {
    const hs = workers.homeserver;
    const settings: Record<string, unknown> = {
        worker_replication_secret: ref(workerSecretNames.replicationSecret(hs)),
        // Synapse merges its config files key by key, so the whole `redis` section lives here.
        redis: { enabled: true, host: workers.redis.address, port: workers.redis.port, password: ref(workerSecretNames.redisPassword(hs)) },
    };
    if (workers.database !== null && host !== workers.mainHost) {
        settings.database = {
            name: "psycopg2",
            args: {
                host: workers.database.address,
                port: workers.database.port,
                user: SYNAPSE_DATABASE.user,
                database: SYNAPSE_DATABASE.database,
                password: ref(workerSecretNames.databasePassword(hs)),
                cp_min: 5,
                cp_max: 10,
            },
        };
    }
    return settings;
}

type FileOf = (file: Omit<SecretFile, "secrets">) => SecretFile;

/** Files of `host` besides the extra config: Redis and PostgreSQL passwords on the main host, the signing key everywhere across hosts. */
export function workerSecretFiles(workers: HomeserverWorkers, host: string, secretFile: FileOf): SecretFile[] {
    const hs = workers.homeserver;
    const files: SecretFile[] = [];
    const rootOnly = { owner: "root", group: "root", mode: "0400" } as const;
    if (host === workers.mainHost) {
        files.push(
            secretFile({
                path: redisPasswordPath(hs),
                ...rootOnly,
                content: { kind: "raw", secret: workerSecretNames.redisPassword(hs) },
                why: `requirePassFile of the Redis of homeserver ${hs}'s workers`,
            }),
        );
        if (workers.database !== null) {
            files.push(
                secretFile({
                    path: databasePasswordPath(hs),
                    ...rootOnly,
                    content: { kind: "raw", secret: workerSecretNames.databasePassword(hs) },
                    why: `PostgreSQL password of ${SYNAPSE_DATABASE.user}, for homeserver ${hs}'s workers on other hosts`,
                }),
            );
        }
    }
    if (workers.crossHost) {
        files.push(
            secretFile({
                path: signingKeyPath(hs),
                owner: "root",
                group: "matrix-synapse",
                mode: "0440",
                content: { kind: "raw", secret: workerSecretNames.signingKeySeed(hs), prefix: `ed25519 ${SIGNING_KEY_ID} ` },
                why: `signing key of homeserver ${hs}, shared by its processes on every host`,
            }),
        );
    }
    return files;
}

/** The extra config file of a worker host: the homeserver's secrets plus the worker settings. */
export function workerHostConfigFile(workers: HomeserverWorkers, host: string, base: Record<string, unknown>, secretFile: FileOf): SecretFile {
    return secretFile({
        path: synapseSecretConfigPath(workers.homeserver),
        owner: "root",
        group: "matrix-synapse",
        mode: "0440",
        content: { kind: "yaml", doc: { ...base, ...workerSecretSettings(workers, host) } },
        why: `Synapse extra config with the secrets of homeserver ${workers.homeserver}'s workers on ${host}`,
    });
}

export { secretNames };
