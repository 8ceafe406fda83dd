/**
 * The secret files each host receives, written by its secrets step before its switch.
 * Ownership follows who reads the file: services that read it themselves get it through
 * their group (0440) or as owner (0640); files systemd reads as root (EnvironmentFile,
 * LoadCredential) stay root-only (0400).
 */
import { BRIDGE_REGISTRATION_PATHS, BRIDGE_UNITS, BRIDGE_USERS, bridgeEnvPath, conduitEnvPath, synapseSecretConfigPath, turnSecretPath } from "./paths";
import { bridgeEnvVariables } from "./bridge-env";
import { DYNAMIC_USER_BRIDGES } from "./registrations";
import { turnOf, type ResolvedBridge, type ResolvedHomeserver, type ResolvedStack, type ResolvedTurn } from "./resolve";
import { secretsOf } from "./secret-refs";
import { bridgeSecrets, secretNames } from "./secrets";
import type { RegistrationPlan, SecretFile, SecretFileContent, SecretRef } from "./types";

/** The credential name a DynamicUser bridge's registration is loaded under. */
export const REGISTRATION_CREDENTIAL = "registration";

function ref(name: string): SecretRef {
    return { $secret: name };
}

function file(
    path: string,
    owner: string,
    group: string,
    mode: SecretFile["mode"],
    content: SecretFileContent,
    why: string,
    extra: Pick<SecretFile, "loadCredential"> = {},
): SecretFile {
    return { path, owner, group, mode, content, secrets: secretsOf(content), why, ...extra };
}

function homeserverFiles(stack: ResolvedStack, hs: ResolvedHomeserver): SecretFile[] {
    const turn = turnOf(stack, hs);
    if (hs.implementation === "synapse") {
        const doc: Record<string, SecretRef> = {
            registration_shared_secret: ref(secretNames.registrationSharedSecret(hs.name)),
            macaroon_secret_key: ref(secretNames.macaroonSecretKey(hs.name)),
        };
        if (turn) doc.turn_shared_secret = ref(secretNames.turnStaticAuthSecret(turn.name));
        return [
            file(synapseSecretConfigPath(hs.name), "root", "matrix-synapse", "0440", { kind: "yaml", doc },
                `Synapse extra config with the secrets of homeserver ${hs.name}`),
        ];
    }
    // Always present, possibly empty, so the module can point secretFile at it unconditionally.
    const vars: Record<string, SecretRef> = {};
    if (turn) vars.CONDUIT_TURN_SECRET = ref(secretNames.turnStaticAuthSecret(turn.name));
    return [
        file(conduitEnvPath(hs.name), "root", "root", "0400", { kind: "env", vars },
            `Conduit environment file of homeserver ${hs.name}`),
    ];
}

/** The homeserver's copy of a registration. Conduit cannot load files: it is registered from this copy through the admin API. */
function homeserverRegistrationFile(hs: ResolvedHomeserver, reg: RegistrationPlan): SecretFile {
    const synapse = hs.implementation === "synapse";
    return file(reg.homeserverPath, "root", synapse ? "matrix-synapse" : "root", synapse ? "0440" : "0400",
        { kind: "yaml", doc: reg.document },
        `registration of bridge ${reg.id} for homeserver ${hs.name} (homeserver's copy)`);
}

function turnFile(turn: ResolvedTurn): SecretFile {
    return file(turnSecretPath(turn.name), "root", "turnserver", "0440",
        { kind: "raw", secret: secretNames.turnStaticAuthSecret(turn.name) },
        `static-auth-secret-file of TURN server ${turn.name}`);
}

/**
 * The bridge's copy of its registration. A static-user bridge gets it at the path its module
 * adopts, owned by its user. matrix-appservice-discord runs under DynamicUser: its user does
 * not exist outside the unit and its state directory is systemd's, so the file stays root-only
 * here and the unit loads it with LoadCredential; its preStart copies it into the state
 * directory (as the dynamic user) before the module's own "generate when missing" check.
 */
function bridgeRegistrationFile(bridge: ResolvedBridge, reg: RegistrationPlan): SecretFile {
    const why = `registration of bridge ${bridge.id} for homeserver ${reg.homeserver} (bridge's copy)`;
    const content: SecretFileContent = { kind: "yaml", doc: reg.document };
    if (DYNAMIC_USER_BRIDGES.has(bridge.type)) {
        return file(reg.bridgePath, "root", "root", "0400", content, why, {
            loadCredential: {
                unit: BRIDGE_UNITS[bridge.type],
                name: REGISTRATION_CREDENTIAL,
                installAt: BRIDGE_REGISTRATION_PATHS[bridge.type],
            },
        });
    }
    const user = BRIDGE_USERS[bridge.type];
    return file(reg.bridgePath, user, user, "0640", content, why);
}

/** The bridge's environment file (read by systemd as root), when its module takes any secret that way. */
function bridgeEnvFile(bridge: ResolvedBridge, index: number): SecretFile[] {
    const env = bridgeEnvVariables(bridge.type);
    const vars: Record<string, SecretRef> = {};
    for (const secret of bridgeSecrets(bridge, index)) {
        const variable = env[secret.role];
        if (variable !== undefined) vars[variable] = ref(secret.decl.name);
    }
    if (Object.keys(vars).length === 0) return [];
    return [file(bridgeEnvPath(bridge.id), "root", "root", "0400", { kind: "env", vars },
        `environment file of bridge ${bridge.id}`)];
}

/** Every secret file of one host, sorted by path. */
export function hostSecretFiles(
    stack: ResolvedStack,
    hostName: string,
    registrations: readonly RegistrationPlan[],
): SecretFile[] {
    const files: SecretFile[] = [];
    const registrationOf = new Map(registrations.map((r) => [r.id, r] as const));
    for (const hs of stack.homeservers.filter((h) => h.host === hostName)) {
        files.push(...homeserverFiles(stack, hs));
        for (const reg of registrations.filter((r) => r.homeserver === hs.name)) {
            files.push(homeserverRegistrationFile(hs, reg));
        }
    }
    for (const turn of stack.turnServers.filter((t) => t.host === hostName)) files.push(turnFile(turn));
    stack.bridges.forEach((bridge, index) => {
        if (bridge.host !== hostName) return;
        const reg = registrationOf.get(bridge.id);
        if (reg === undefined) throw new Error(`bridge ${bridge.id} has no registration`);
        files.push(bridgeRegistrationFile(bridge, reg), ...bridgeEnvFile(bridge, index));
    });
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
