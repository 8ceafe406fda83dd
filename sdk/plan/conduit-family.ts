/**
 * What differs between the Conduit-family servers, as data: their NixOS module, unit, state
 * directory, environment-variable prefix and admin-room commands. Everything else (RocksDB,
 * loopback listener behind nginx, first user = admin, appservices registered in
 * `#admins:<server name>`) they share, and the library handles them alike.
 *
 * Sources, each read at the module or release of NixOS 26.05:
 * - nixpkgs nixos/modules/services/matrix/{conduit,continuwuity,tuwunel}.nix: the unit names
 *   (`conduit`, `continuwuity`, `tuwunel`), `StateDirectory` under `DynamicUser` (so the data
 *   lives in /var/lib/private/<dir>), `settings.global.address`/`port` (a list on the forks).
 * - The servers' config loaders: Conduit reads `CONDUIT_`-prefixed variables, continuwuity
 *   `CONTINUWUITY_` (src/core/config/mod.rs, `Env::prefixed`), Tuwunel `TUWUNEL_`; each also the
 *   older prefixes.
 * - Admin commands: Conduit's APPSERVICES.md (`@conduit:<server>: register-appservice`,
 *   `unregister-appservice <id>`, `list-appservices`); continuwuity's admin reference and
 *   Tuwunel's docs/appservices.md (`!admin appservices register`, `unregister <id>`, `list`),
 *   all answered by `@conduit:<server>` with `Appservice registered with ID: <id>`,
 *   `Appservice unregistered.` and `Appservices (<n>): <ids>`.
 * - First user: continuwuity (0.5 on) starts in "first-run mode" while it has no user. Then
 *   only a one-time registration token that it prints to its log (the journal) registers, and
 *   the configured token does not (src/service/firstrun, registration_tokens). Conduit and
 *   Tuwunel take the configured token; Tuwunel makes the first user admin with
 *   `grant_admin_to_first_user`.
 */
import type { ConduitFamilyImplementation } from "../spec/homeserver-implementations";

export interface ConduitFamilyServer {
    /** The nixpkgs module, `services.<nixosService>`. */
    readonly nixosService: string;
    /** The systemd unit the module runs, without `.service`. */
    readonly unit: string;
    /** Where the unit keeps RocksDB; the first that exists is the live one. */
    readonly dataDirs: readonly string[];
    /** Prefix of the environment variables the server reads settings from. */
    readonly envPrefix: string;
    /** The admin-room commands, each sent as one message (`<register>` then the YAML in a code block). */
    readonly commands: { readonly register: string; readonly unregister: string; readonly list: string };
    /** Journal line that carries the first-run registration token (continuwuity only). */
    readonly firstRunTokenLine?: string;
}

const FORK_COMMANDS = { register: "!admin appservices register", unregister: "!admin appservices unregister", list: "!admin appservices list" };

export function conduitFamilyServer(implementation: ConduitFamilyImplementation, serverName: string): ConduitFamilyServer {
    switch (implementation) {
        case "conduit":
            return {
                nixosService: "matrix-conduit",
                unit: "conduit",
                dataDirs: ["/var/lib/private/matrix-conduit", "/var/lib/matrix-conduit"],
                envPrefix: "CONDUIT_",
                commands: {
                    register: `@conduit:${serverName}: register-appservice`,
                    unregister: `@conduit:${serverName}: unregister-appservice`,
                    list: `@conduit:${serverName}: list-appservices`,
                },
            };
        case "continuwuity":
            return {
                nixosService: "matrix-continuwuity",
                unit: "continuwuity",
                dataDirs: ["/var/lib/private/continuwuity", "/var/lib/continuwuity"],
                envPrefix: "CONTINUWUITY_",
                commands: FORK_COMMANDS,
                firstRunTokenLine: "using the registration token",
            };
        case "tuwunel":
            return {
                nixosService: "matrix-tuwunel",
                unit: "tuwunel",
                dataDirs: ["/var/lib/private/tuwunel", "/var/lib/tuwunel"],
                envPrefix: "TUWUNEL_",
                commands: FORK_COMMANDS,
            };
    }
}

/** The server that answers admin commands in `#admins`, on every member of the family. */
export function conduitFamilyAdminBot(serverName: string): string {
    return `@conduit:${serverName}`;
}
