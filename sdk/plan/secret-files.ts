/**
 * The secret files each host receives, written by its secrets step before its switch.
 * Ownership follows who reads the file: services that read it themselves get it through
 * their group (0440) or as owner (0640); files systemd reads as root (EnvironmentFile,
 * LoadCredential) stay root-only (0400).
 */
import { isConduitFamily } from "../spec/homeserver-implementations";
import { backupFiles } from "./backup-secret-files";
import type { BackupPlan } from "./backup";
import { bridgeEnvFile, bridgeRegistrationFile } from "./bridge-secret-files";
import { homeserverFiles, homeserverRegistrationFile, moderationBotFile, synapseSecretSettings } from "./homeserver-secret-files";
import type { ResolvedModerationBot } from "./moderation-bots";
import { byText } from "./order";
import { turnSecretPath } from "./paths";
import type { ResolvedStack, ResolvedTurn } from "./resolve";
import { secretFile } from "./secret-file";
import { secretNames } from "./secrets";
import type { HostWorkers, RegistrationPlan, SecretFile } from "./types";
import { workerHostConfigFile, workerSecretFiles } from "./worker-secrets";

export { REGISTRATION_CREDENTIAL } from "./bridge-secret-files";

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

