/**
 * The secret files of a bridge's host: the bridge's copy of its registration, owned as its
 * module needs, and its environment file with the credentials it takes that way.
 */
import { bridgeModule } from "../spec/bridge";
import { CREDENTIAL_ARGS, CREDENTIAL_SHAPES, hostPattern } from "../spec/credentials";
import { bridgeEnvVariables } from "./bridge-env";
import { byText } from "./order";
import { BRIDGE_GROUPS, BRIDGE_REGISTRATION_PATHS, BRIDGE_UNITS, BRIDGE_USERS, bridgeEnvPath } from "./paths";
import { DYNAMIC_USER_BRIDGES, ROOT_READ_BRIDGES } from "./registrations";
import type { ResolvedBridge } from "./resolve";
import { ref, secretFile } from "./secret-file";
import { bridgeSecrets } from "./secrets";
import type { RegistrationPlan, SecretCheck, SecretFile, SecretRef } from "./types";

/** The credential name a DynamicUser bridge's registration is loaded under. */
export const REGISTRATION_CREDENTIAL = "registration";

/**
 * The bridge's copy of its registration. A static-user bridge gets it at the path its module
 * adopts, owned by its user. matrix-appservice-discord runs under DynamicUser: its user does
 * not exist outside the unit and its state directory is systemd's, so the file stays root-only
 * here and the unit loads it with LoadCredential; its preStart copies it into the state
 * directory (as the dynamic user) before the module's own "generate when missing" check.
 */
export function bridgeRegistrationFile(bridge: ResolvedBridge, reg: RegistrationPlan): SecretFile {
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
export function bridgeEnvFile(bridge: ResolvedBridge, index: number): SecretFile[] {
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
