/**
 * The secret files of a homeserver's host: Synapse's extra config with its secrets, the
 * Conduit family's environment file, what the bootstrap step reads (registration secret or
 * token, admin and bot passwords), and the homeserver's copies of the bridges' registrations.
 */
import { IMPLEMENTATION_LABELS } from "../spec/homeserver-implementations";
import { CONDUIT_LIBRARY_ADMIN } from "./conduit-bootstrap";
import { conduitFamilyServer } from "./conduit-family";
import type { ResolvedModerationBot } from "./moderation-bots";
import {
    adminPasswordPath,
    botRegistrationPasswordPath,
    conduitEnvPath,
    moderationBotPasswordPath,
    registrationSecretPath,
    registrationTokenPath,
    synapseSecretConfigPath,
} from "./paths";
import { turnOf, type ResolvedHomeserver, type ResolvedStack } from "./resolve";
import { ref, rootOnlyRaw, secretFile } from "./secret-file";
import { secretNames } from "./secrets";
import type { HostWorkers, RegistrationPlan, SecretFile, SecretRef } from "./types";
import { workerSecretSettings } from "./worker-secrets";

/** The secrets every process of a Synapse homeserver reads from its extra config file. */
export function synapseSecretSettings(stack: ResolvedStack, hs: ResolvedHomeserver): Record<string, unknown> {
    const turn = turnOf(stack, hs);
    const doc: Record<string, SecretRef> = {
        registration_shared_secret: ref(secretNames.registrationSharedSecret(hs.name)),
        macaroon_secret_key: ref(secretNames.macaroonSecretKey(hs.name)),
    };
    if (turn) doc.turn_shared_secret = ref(secretNames.turnStaticAuthSecret(turn.name));
    return doc;
}

export function homeserverFiles(stack: ResolvedStack, hs: ResolvedHomeserver, bots: readonly ResolvedModerationBot[], workers: HostWorkers | undefined): SecretFile[] {
    const turn = turnOf(stack, hs);
    if (hs.implementation === "synapse") {
        const doc = {
            ...synapseSecretSettings(stack, hs),
            ...(workers ? workerSecretSettings(workers.workers, hs.host) : {}),
        };
        return [
            secretFile({
                path: synapseSecretConfigPath(hs.name),
                owner: "root",
                group: "matrix-synapse",
                mode: "0440",
                content: { kind: "yaml", doc },
                why: `Synapse extra config with the secrets of homeserver ${hs.name}`,
            }),
            ...bootstrapFiles(hs, bots.filter((b) => b.homeserver === hs.name)),
        ];
    }
    // The server reads every setting from prefixed variables too: the secrets stay out of the store.
    const prefix = conduitFamilyServer(hs.implementation, hs.serverName).envPrefix;
    const vars: Record<string, SecretRef> = { [`${prefix}REGISTRATION_TOKEN`]: ref(secretNames.registrationToken(hs.name)) };
    if (turn) vars[`${prefix}TURN_SECRET`] = ref(secretNames.turnStaticAuthSecret(turn.name));
    return [
        ...conduitBootstrapFiles(hs),
        secretFile({
            path: conduitEnvPath(hs.name),
            owner: "root",
            group: "root",
            mode: "0400",
            content: { kind: "env", vars },
            why: `${IMPLEMENTATION_LABELS[hs.implementation]} environment file of homeserver ${hs.name}`,
        }),
    ];
}

/**
 * What the bootstrap step reads, root only: the registration shared secret on its own, and
 * each admin's generated password. Present only when there is a user to create.
 */
function bootstrapFiles(hs: ResolvedHomeserver, bots: readonly ResolvedModerationBot[]): SecretFile[] {
    if (hs.admins.length === 0) return [];
    return [
        rootOnlyRaw(
            registrationSecretPath(hs.name),
            secretNames.registrationSharedSecret(hs.name),
            `registration shared secret of homeserver ${hs.name}, for creating its users`,
        ),
        ...hs.admins.map((admin) =>
            rootOnlyRaw(adminPasswordPath(hs.name, admin), secretNames.adminPassword(hs.name, admin), `password of admin ${admin} of homeserver ${hs.name}`),
        ),
        ...bots.map((bot) =>
            rootOnlyRaw(
                botRegistrationPasswordPath(hs.name, bot.localpart),
                secretNames.moderationBotPassword(bot.name),
                `password of moderation bot ${bot.name} of homeserver ${hs.name}, for registering it`,
            ),
        ),
    ];
}

/** The bot's host logs in with its password (root only); the token it gets stays on that host. */
export function moderationBotFile(bot: ResolvedModerationBot): SecretFile {
    return rootOnlyRaw(moderationBotPasswordPath(bot.name), secretNames.moderationBotPassword(bot.name), `password of moderation bot ${bot.name}, for logging in`);
}

/** What the Conduit-family bootstrap step reads, root only: the registration token and each admin's password. */
function conduitBootstrapFiles(hs: ResolvedHomeserver): SecretFile[] {
    return [
        rootOnlyRaw(registrationTokenPath(hs.name), secretNames.registrationToken(hs.name), `registration token of homeserver ${hs.name}, for creating its users`),
        ...[CONDUIT_LIBRARY_ADMIN, ...hs.admins].map((admin) =>
            rootOnlyRaw(adminPasswordPath(hs.name, admin), secretNames.adminPassword(hs.name, admin), `password of admin ${admin} of homeserver ${hs.name}`),
        ),
    ];
}

/**
 * The homeserver's copy of a registration: listed in Synapse's app_service_config_files, or
 * read by the bootstrap step (as root) to register it through a Conduit-family admin room.
 */
export function homeserverRegistrationFile(reg: RegistrationPlan, conduit: boolean): SecretFile {
    return secretFile({
        path: reg.homeserverPath,
        owner: "root",
        group: conduit ? "root" : "matrix-synapse",
        mode: conduit ? "0400" : "0440",
        content: { kind: "yaml", doc: reg.document },
        why: `registration of bridge ${reg.id} for homeserver ${reg.homeserver} (homeserver's copy)`,
    });
}
