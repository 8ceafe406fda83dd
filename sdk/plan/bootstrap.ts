/**
 * The users the bootstrap step creates after the last switch, as data: per Synapse homeserver
 * with admins, on its host, through shared-secret registration on the loopback listener; per
 * Conduit-family homeserver, through its admin room (see conduit-bootstrap.ts). Pure;
 * only file paths, never a secret value.
 */
import type { HomeserverImplementation } from "../spec/homeserver-implementations";
import { bootstrapBot, type BootstrapBot, type ResolvedModerationBot } from "./moderation-bots";
import { conduitBootstrap, conduitBootstraps, type ConduitBootstrap } from "./conduit-bootstrap";
import { byText } from "./order";
import { adminPasswordPath, bootstrapStatePath, registrationSecretPath } from "./paths";
import { homeserverLoopbackUrl, type ResolvedStack } from "./resolve";
import { secretNames } from "./secrets";

/** One server admin to create (once) and whose password to set (once per rotation). */
export interface BootstrapAdmin {
    readonly localpart: string;
    readonly userId: string;
    /** Where the host keeps its generated password (written by the secrets step). */
    readonly passwordFile: string;
    /** The secret's name in the plan (the component's `adminPasswords` output). */
    readonly passwordSecret: string;
    /** Raised: set the password from `passwordFile` even though the user exists. */
    readonly rotation: number;
}

/** One run of the bootstrap step: on `host`, for homeserver `homeserver`. */
export interface BootstrapRun {
    readonly homeserver: string;
    readonly host: string;
    readonly serverName: string;
    /** Synapse's client listener as the host reaches it. */
    readonly homeserverUrl: string;
    /** Synapse's registration shared secret (Synapse only). */
    readonly sharedSecretFile?: string;
    readonly implementation: HomeserverImplementation;
    /** How the step works on the Conduit family (Conduit, continuwuity, Tuwunel only). */
    readonly conduit?: ConduitBootstrap;
    /** Root-only directory of what earlier runs did (the rotation applied, the admin token). */
    readonly stateDir: string;
    readonly admins: readonly BootstrapAdmin[];
    /** Moderation bots of this homeserver: their users, and their management rooms made by the first admin. */
    readonly bots: readonly BootstrapBot[];
}

export function stackBootstrapRuns(stack: ResolvedStack, bots: readonly ResolvedModerationBot[] = []): BootstrapRun[] {
    return stack.homeservers
        .filter((hs) => hs.admins.length > 0 || conduitBootstraps(hs))
        .map((hs) => ({
            homeserver: hs.name,
            host: hs.host,
            serverName: hs.serverName,
            homeserverUrl: homeserverLoopbackUrl(hs),
            implementation: hs.implementation,
            ...(conduitBootstraps(hs) ? { conduit: conduitBootstrap(stack, hs) } : { sharedSecretFile: registrationSecretPath(hs.name) }),
            stateDir: bootstrapStatePath(hs.name),
            admins: hs.admins.map((localpart) => ({
                localpart,
                userId: `@${localpart}:${hs.serverName}`,
                passwordFile: adminPasswordPath(hs.name, localpart),
                passwordSecret: secretNames.adminPassword(hs.name, localpart),
                rotation: hs.adminPasswordRotation,
            })),
            bots: bots.filter((b) => b.homeserver === hs.name).map(bootstrapBot),
        }))
        .sort(byText((r) => r.homeserver));
}
