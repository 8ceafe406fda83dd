/**
 * What the bootstrap step does on a Conduit homeserver, as data. Conduit has no shared-secret
 * registration and no appservice option: its first registered user becomes its admin and joins
 * `#admins:<server name>`, and appservices are registered by messages to `@conduit` in that room
 * (Conduit's APPSERVICES.md). The library registers that first user itself, with Conduit's
 * registration token, then the `admins` and the homeserver's bridges through the admin room.
 * Pure; only file paths.
 */
import { byText } from "./order";
import { adminPasswordPath, homeserverRegistrationPath, registrationTokenPath } from "./paths";
import type { ResolvedHomeserver, ResolvedStack } from "./resolve";

/** Localpart of the user the library registers first on Conduit: the admin room's first member. */
export const CONDUIT_LIBRARY_ADMIN = "nixos-matrix";

/** One bridge registered through the admin room, from the homeserver's root-only copy. */
export interface ConduitAppservice {
    readonly id: string;
    readonly registrationFile: string;
}

/** The Conduit half of a bootstrap run. */
export interface ConduitBootstrap {
    /** The library's own admin, registered first (so Conduit makes it admin). */
    readonly libraryAdmin: { readonly localpart: string; readonly userId: string; readonly passwordFile: string };
    readonly registrationTokenFile: string;
    /** `#admins:<server name>`, where Conduit's admin bot `@conduit:<server name>` listens. */
    readonly adminRoom: string;
    readonly adminBot: string;
    readonly appservices: readonly ConduitAppservice[];
}

/** A Conduit homeserver needs the step when it has admins to create or bridges to register. */
export function conduitBootstraps(stack: ResolvedStack, hs: ResolvedHomeserver): boolean {
    return hs.implementation === "conduit" && (hs.admins.length > 0 || stack.bridges.some((b) => b.homeserver === hs.name));
}

export function conduitBootstrap(stack: ResolvedStack, hs: ResolvedHomeserver): ConduitBootstrap {
    return {
        libraryAdmin: {
            localpart: CONDUIT_LIBRARY_ADMIN,
            userId: `@${CONDUIT_LIBRARY_ADMIN}:${hs.serverName}`,
            passwordFile: adminPasswordPath(hs.name, CONDUIT_LIBRARY_ADMIN),
        },
        registrationTokenFile: registrationTokenPath(hs.name),
        adminRoom: `#admins:${hs.serverName}`,
        adminBot: `@conduit:${hs.serverName}`,
        appservices: stack.bridges
            .filter((b) => b.homeserver === hs.name)
            .map((b) => ({ id: b.id, registrationFile: homeserverRegistrationPath(b.id) }))
            .sort(byText((a) => a.id)),
    };
}
