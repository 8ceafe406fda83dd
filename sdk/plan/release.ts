/**
 * The NixOS release the stack targets, and what depends on it: one setting in one place.
 * Change them together; sdk/nixos/release.ts and sdk/components/nixos-release.ts only
 * read them.
 */
export const NIXOS_RELEASE = "25.11";

export type TelegramModuleGeneration = "python" | "bridgev2";

/**
 * mautrix-telegram's NixOS module on NIXOS_RELEASE. 25.11 ships the Python bridge (JSON
 * settings, env overrides with one `_` per level, pre-seeded registration adopted). The
 * newer bridgev2 module (nixpkgs master of 2026) reads `env_config_prefix` variables with
 * `__` per level, errors on unknown ones, and generates no registration.
 */
export const TELEGRAM_MODULE_GENERATION: TelegramModuleGeneration = "python";

export type WhatsappModuleGeneration = "legacy" | "bridgev2";

/**
 * mautrix-whatsapp's NixOS module on NIXOS_RELEASE: the pre-bridgev2 one
 * (`appservice.database = { type; uri; }`, `bridge.username_template`).
 */
export const WHATSAPP_MODULE_GENERATION: WhatsappModuleGeneration = "legacy";
