/**
 * The secret files each host receives, written by its secrets step before its switch.
 * Ownership follows who reads the file: services that read it themselves get it through
 * their group (0440) or as owner (0640); files systemd reads as root (EnvironmentFile,
 * LoadCredential) stay root-only (0400).
 */
import { bridgeEnvVariables } from "./bridge-env";
import { CONDUIT_LIBRARY_ADMIN } from "./conduit-bootstrap";
import { conduitFamilyServer } from "./conduit-family";
import { IMPLEMENTATION_LABELS, isConduitFamily } from "../spec/homeserver-implementations";
import { byText } from "./order";
import {
    adminPasswordPath,
    botRegistrationPasswordPath,
    registrationTokenPath,
    moderationBotPasswordPath,
    BRIDGE_REGISTRATION_PATHS,
    BRIDGE_UNITS,
    BRIDGE_USERS,
    BRIDGE_GROUPS,
    bridgeEnvPath,
    conduitEnvPath,
    registrationSecretPath,
    synapseSecretConfigPath,
    turnSecretPath,
} from "./paths";
import { DYNAMIC_USER_BRIDGES, ROOT_READ_BRIDGES } from "./registrations";
import { bridgeModule } from "../spec/bridge";
import { turnOf, type ResolvedBridge, type ResolvedHomeserver, type ResolvedStack, type ResolvedTurn } from "./resolve";
import { secretsOf } from "./secret-refs";
import { bridgeSecrets, secretNames } from "./secrets";
import type { BackupPlan } from "./backup";
import type { ResolvedModerationBot } from "./moderation-bots";
import { CREDENTIAL_ARGS, CREDENTIAL_SHAPES, hostPattern } from "../spec/credentials";
import type { HostWorkers, RegistrationPlan, SecretCheck, SecretFile, SecretRef } from "./types";
import { workerHostConfigFile, workerSecretFiles, workerSecretSettings } from "./worker-secrets";

/** The credential name a DynamicUser bridge's registration is loaded under. */
export const REGISTRATION_CREDENTIAL = "registration";

function ref(name: string): SecretRef {
    return { $secret: name };
}

/**
 * A SecretFile whose `secrets` are read off its content, so the two cannot disagree; keys in
 * the order of the type, whatever order the caller wrote them in.
 */
function secretFile(file: Omit<SecretFile, "secrets">): SecretFile {
    const { path, owner, group, mode, content, why, checks, loadCredential } = file;
    const secrets = secretsOf(content);
    return { path, owner, group, mode, content, secrets, why, ...(checks ? { checks } : {}), ...(loadCredential ? { loadCredential } : {}) };
}

/** The secrets every process of a Synapse homeserver reads from its extra config file. */
function synapseSecretSettings(stack: ResolvedStack, hs: ResolvedHomeserver): Record<string, unknown> {
    const turn = turnOf(stack, hs);
    const doc: Record<string, SecretRef> = {
        registration_shared_secret: ref(secretNames.registrationSharedSecret(hs.name)),
        macaroon_secret_key: ref(secretNames.macaroonSecretKey(hs.name)),
    };
    if (turn) doc.turn_shared_secret = ref(secretNames.turnStaticAuthSecret(turn.name));
    return doc;
}

function homeserverFiles(stack: ResolvedStack, hs: ResolvedHomeserver, bots: readonly ResolvedModerationBot[], workers: HostWorkers | undefined): SecretFile[] {
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
function moderationBotFile(bot: ResolvedModerationBot): SecretFile {
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

/** One secret's value as a root-only file, read by a deploy step running as root. */
function rootOnlyRaw(path: string, secret: string, why: string): SecretFile {
    return secretFile({ path, owner: "root", group: "root", mode: "0400", content: { kind: "raw", secret }, why });
}

/**
 * The homeserver's copy of a registration: listed in Synapse's app_service_config_files, or
 * read by the bootstrap step (as root) to register it through a Conduit-family admin room.
 */
function homeserverRegistrationFile(reg: RegistrationPlan, conduit: boolean): SecretFile {
    return secretFile({
        path: reg.homeserverPath,
        owner: "root",
        group: conduit ? "root" : "matrix-synapse",
        mode: conduit ? "0400" : "0440",
        content: { kind: "yaml", doc: reg.document },
        why: `registration of bridge ${reg.id} for homeserver ${reg.homeserver} (homeserver's copy)`,
    });
}

function turnFile(turn: ResolvedTurn): SecretFile {
    return secretFile({
        path: turnSecretPath(turn.name),
        owner: "root",
        group: "turnserver",
        mode: "0440",
        content: { kind: "raw", secret: secretNames.turnStaticAuthSecret(turn.name) },
        why: `static-auth-secret-file of TURN server ${turn.name}`,
    });
}

/**
 * The bridge's copy of its registration. A static-user bridge gets it at the path its module
 * adopts, owned by its user. matrix-appservice-discord runs under DynamicUser: its user does
 * not exist outside the unit and its state directory is systemd's, so the file stays root-only
 * here and the unit loads it with LoadCredential; its preStart copies it into the state
 * directory (as the dynamic user) before the module's own "generate when missing" check.
 */
function bridgeRegistrationFile(bridge: ResolvedBridge, reg: RegistrationPlan): SecretFile {
    const common = {
        path: reg.bridgePath,
        content: { kind: "yaml", doc: reg.document } as const,
        why: `registration of bridge ${bridge.id} for homeserver ${reg.homeserver} (bridge's copy)`,
    };
    if (DYNAMIC_USER_BRIDGES.has(bridge.type)) {
        return secretFile({
            ...common,
            owner: "root",
            group: "root",
            mode: "0400",
            loadCredential: {
                unit: BRIDGE_UNITS[bridgeModule(bridge)],
                name: REGISTRATION_CREDENTIAL,
                installAt: BRIDGE_REGISTRATION_PATHS[bridgeModule(bridge)],
            },
        });
    }
    if (ROOT_READ_BRIDGES.has(bridge.type)) return secretFile({ ...common, owner: "root", group: "root", mode: "0400" });
    const user = BRIDGE_USERS[bridgeModule(bridge)];
    const group = BRIDGE_GROUPS[bridgeModule(bridge)] ?? user;
    return secretFile({ ...common, owner: user, group, mode: "0640" });
}

/** The bridge's environment file (read by systemd as root), when its module takes any secret that way. */
function bridgeEnvFile(bridge: ResolvedBridge, index: number): SecretFile[] {
    const env = bridgeEnvVariables(bridge.type);
    const vars: Record<string, SecretRef> = {};
    const checks: SecretCheck[] = [];
    for (const secret of bridgeSecrets(bridge, index)) {
        const variable = env[secret.role];
        if (variable === undefined) continue;
        vars[variable] = ref(secret.decl.name);
        const source = secret.decl.source;
        const arg = source.kind === "user" ? CREDENTIAL_ARGS[bridge.type]?.[source.field.split(".").pop() ?? ""] : undefined;
        if (source.kind === "user" && arg) checks.push({ variable, bridge: bridge.id, arg, pattern: hostPattern(arg), reason: CREDENTIAL_SHAPES[arg].reason });
    }
    if (Object.keys(vars).length === 0) return [];
    return [
        secretFile({
            path: bridgeEnvPath(bridge.id),
            owner: "root",
            group: "root",
            mode: "0400",
            content: { kind: "env", vars },
            why: `environment file of bridge ${bridge.id}`,
            ...(checks.length > 0 ? { checks: checks.sort(byText((c) => c.variable)) } : {}),
        }),
    ];
}

/**
 * Every secret file of one host, sorted by path. A registration goes to both its bridge's host
 * and its homeserver's host, as two files even when that is one host.
 */
export function hostSecretFiles(
    stack: ResolvedStack,
    hostName: string,
    registrations: readonly RegistrationPlan[],
    backup: BackupPlan | null = null,
    bots: readonly ResolvedModerationBot[] = [],
    workers: readonly HostWorkers[] = [],
): SecretFile[] {
    const files: SecretFile[] = [];
    const registrationOf = new Map(registrations.map((r) => [r.id, r] as const));
    for (const hs of stack.homeservers.filter((h) => h.host === hostName)) {
        files.push(...homeserverFiles(stack, hs, bots, workers.find((w) => w.workers.homeserver === hs.name)));
    }
    for (const view of workers) {
        files.push(...workerSecretFiles(view.workers, hostName, secretFile));
        if (view.main) continue;
        // Every Synapse process reads the appservice registrations, workers on other hosts too.
        for (const reg of registrations.filter((r) => r.homeserver === view.workers.homeserver)) files.push(homeserverRegistrationFile(reg, false));
        const base = synapseSecretSettings(stack, stack.homeserver(view.workers.homeserver));
        files.push(workerHostConfigFile(view.workers, hostName, base, secretFile));
    }
    for (const reg of registrations.filter((r) => r.homeserverHost === hostName)) {
        files.push(homeserverRegistrationFile(reg, isConduitFamily(stack.homeserver(reg.homeserver).implementation)));
    }
    for (const turn of stack.turnServers.filter((t) => t.host === hostName)) files.push(turnFile(turn));
    stack.bridges.forEach((bridge, index) => {
        if (bridge.host !== hostName) return;
        const reg = registrationOf.get(bridge.id);
        if (reg === undefined) throw new Error(`bridge ${bridge.id} has no registration`);
        files.push(bridgeRegistrationFile(bridge, reg), ...bridgeEnvFile(bridge, index));
    });
    for (const bot of bots.filter((b) => b.host === hostName)) files.push(moderationBotFile(bot));
    if (backup) files.push(...backupFiles(hostName, backup));
    return files.sort(byText((f) => f.path));
}

/** restic reads these as root: the repository password, and the S3 keys or the SSH key. */
function backupFiles(hostName: string, backup: BackupPlan): SecretFile[] {
    const rootOnly = { owner: "root", group: "root", mode: "0400" } as const;
    const files = [
        secretFile({
            path: backup.passwordFile,
            ...rootOnly,
            content: { kind: "raw", secret: secretNames.backupPassword(hostName) },
            why: `restic repository password of host ${hostName}`,
        }),
    ];
    if (backup.environmentFile !== null) {
        files.push(
            secretFile({
                path: backup.environmentFile,
                ...rootOnly,
                content: {
                    kind: "env",
                    vars: {
                        AWS_ACCESS_KEY_ID: ref(secretNames.backupCredential("accessKeyId")),
                        AWS_SECRET_ACCESS_KEY: ref(secretNames.backupCredential("secretAccessKey")),
                    },
                },
                why: "S3 credentials of the backup repository",
            }),
        );
    }
    if (backup.sftp !== null) {
        files.push(
            secretFile({
                path: backup.sftp.keyFile,
                ...rootOnly,
                content: { kind: "raw", secret: secretNames.backupCredential("sshPrivateKey") },
                why: "SSH key restic logs in to the backup repository with",
            }),
        );
    }
    return files;
}
