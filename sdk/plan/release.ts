/**
 * The NixOS release the stack targets, the one nixpkgs source every host builds against,
 * and what depends on them: set in this one place. sdk/nixos/release.ts and
 * sdk/components/nixos-release.ts only read them.
 */

/** One exact nixpkgs source: a channel release or commit tarball and its unpacked hash. */
export interface NixpkgsPin {
    /** The NixOS release the source belongs to, e.g. `26.05`. */
    readonly release: string;
    /** Where the tarball is fetched from. */
    readonly url: string;
    /** Nix base-32 sha256 of the unpacked tarball (what `nix-prefetch-url --unpack` prints). */
    readonly sha256: string;
}

export const NIXOS_RELEASE = "26.05";

/**
 * Channel release nixos-26.05.10057.cf9d2fb3e50f (nixpkgs commit
 * cf9d2fb3e50fa1cd5114c47505ea9177f7ff5f49, 2026-09-18). The same url and sha256 are pinned
 * by public NixOS configurations (`builtins.fetchTarball { url; sha256; }`). Moving the pin
 * is an upgrade of every host: see the README, "Updating NixOS and Synapse".
 */
export const NIXPKGS_PIN: NixpkgsPin = {
    release: NIXOS_RELEASE,
    url: "https://releases.nixos.org/nixos/26.05/nixos-26.05.10057.cf9d2fb3e50f/nixexprs.tar.xz",
    sha256: "1kiwzvfgzxby7c63rfprh27c4mcgg3k0ccw9dvhvm2phcbp5a1vs",
};

/**
 * `system.stateVersion` of a host whose own is not known: Hetzner hosts installed before the
 * library recorded it on the server (label `nixos-matrix-state-version`), all installed on
 * 25.11, and existing hosts that name none. Frozen, so that moving the pin never moves it.
 */
export const UNRECORDED_STATE_VERSION = "25.11";

/**
 * PostgreSQL major version NixOS picks by `system.stateVersion` (services.postgresql.package's
 * default), frozen here so that moving the pin never changes it: a major upgrade is a data
 * migration. First entry whose release the state version reaches wins.
 */
export const POSTGRESQL_BY_STATE_VERSION: readonly { readonly from: string; readonly major: number }[] = [
    { from: "25.11", major: 17 },
    { from: "24.11", major: 16 },
    { from: "23.11", major: 15 },
    { from: "22.05", major: 14 },
    { from: "21.11", major: 13 },
    { from: "20.03", major: 11 },
];

export type TelegramModuleGeneration = "python" | "bridgev2";

/**
 * mautrix-telegram's NixOS module on NIXOS_RELEASE. 26.05 still ships the Python bridge (JSON
 * settings, env overrides with one `_` per level, pre-seeded registration adopted): the move
 * to the Go bridgev2 module (nixpkgs PR 510662) was still open after the 26.05 branch-off.
 * The bridgev2 module reads `env_config_prefix` variables with `__` per level, errors on
 * unknown ones, and generates no registration.
 */
export const TELEGRAM_MODULE_GENERATION: TelegramModuleGeneration = "python";

export type WhatsappModuleGeneration = "legacy" | "bridgev2";

/**
 * mautrix-whatsapp's NixOS module on NIXOS_RELEASE: the bridgev2 layout (nixpkgs PR 420722,
 * merged July 2025, "upgrade default config"; `database` at the top, `appservice.username_template`).
 */
export const WHATSAPP_MODULE_GENERATION: WhatsappModuleGeneration = "bridgev2";

/**
 * The last NixOS release that ships matrix-appservice-discord (`services.matrix-appservice-discord`).
 * The 26.11 development line removes it and points its users to mautrix-discord.
 */
export const LAST_RELEASE_WITH_APPSERVICE_DISCORD = "26.05";
