/**
 * The NixOS release the stack targets, and what depends on it. Change both together.
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
