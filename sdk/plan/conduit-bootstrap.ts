/**
 * What the bootstrap step does on a Conduit-family homeserver, as data. These servers have no
 * shared-secret registration and no appservice option: the first registered user becomes admin
 * and joins `#admins:<server name>`, and appservices are registered by commands to `@conduit`
 * in that room (see conduit-family.ts for each server's commands and their sources). The
 * library registers that first user itself, with the server's registration token, then the
 * `admins` and the homeserver's bridges through the admin room. Pure; only file paths.
 */
import type { ConduitFamilyImplementation } from "../spec/homeserver-implementations";
import { conduitFamilyAdminBot, conduitFamilyServer, type ConduitFamilyServer } from "./conduit-family";
import { byText } from "./order";
import { adminPasswordPath, homeserverRegistrationPath, registrationTokenPath } from "./paths";
import type { ResolvedHomeserver, ResolvedStack } from "./resolve";

/** Localpart of the user the library registers first: the admin room's first member. */
export const CONDUIT_LIBRARY_ADMIN = "nixos-matrix";

/** One bridge registered through the admin room, from the homeserver's root-only copy. */
export interface ConduitAppservice {
    readonly id: string;
    readonly registrationFile: string;
}

/** The Conduit-family half of a bootstrap run. */
export interface ConduitBootstrap {
    /** The library's own admin, registered first (so the server makes it admin). */
    readonly libraryAdmin: { readonly localpart: string; readonly userId: string; readonly passwordFile: string };
    readonly registrationTokenFile: string;
    /** `#admins:<server name>`, where the admin bot `@conduit:<server name>` listens. */
    readonly adminRoom: string;
    readonly adminBot: string;
    readonly commands: ConduitFamilyServer["commands"];
    /** continuwuity: the unit whose journal holds the first-run token, and the words before it. */
    readonly firstRunToken?: { readonly unit: string; readonly line: string };
    readonly appservices: readonly ConduitAppservice[];
}

type ConduitFamilyHomeserver = ResolvedHomeserver & { readonly implementation: ConduitFamilyImplementation };

/**
 * Every Conduit-family homeserver gets the step, bridges or not: the library's admin is its
 * first user, so nobody who registers early becomes admin, and a bridge removed with the last
 * one is still unregistered (the step unregisters what its host's state says it registered).
 */
export function conduitBootstraps(hs: ResolvedHomeserver): hs is ConduitFamilyHomeserver {
    return hs.implementation !== "synapse";
}

export function conduitBootstrap(stack: ResolvedStack, hs: ConduitFamilyHomeserver): ConduitBootstrap {
    const server = conduitFamilyServer(hs.implementation, hs.serverName);
    return {
        libraryAdmin: {
            localpart: CONDUIT_LIBRARY_ADMIN,
            userId: `@${CONDUIT_LIBRARY_ADMIN}:${hs.serverName}`,
            passwordFile: adminPasswordPath(hs.name, CONDUIT_LIBRARY_ADMIN),
        },
        registrationTokenFile: registrationTokenPath(hs.name),
        adminRoom: `#admins:${hs.serverName}`,
        adminBot: conduitFamilyAdminBot(hs.serverName),
        commands: server.commands,
        ...(server.firstRunTokenLine ? { firstRunToken: { unit: `${server.unit}.service`, line: server.firstRunTokenLine } } : {}),
        appservices: stack.bridges
            .filter((b) => b.homeserver === hs.name)
            .map((b) => ({ id: b.id, registrationFile: homeserverRegistrationPath(b.id) }))
            .sort(byText((a) => a.id)),
    };
}
