/**
 * What the bundle's modules need to know about the pinned NixOS release, gathered from
 * sdk/plan/release.ts (the one place it is set). The modules read it from params.json
 * (`release`).
 */
import {
    NIXOS_RELEASE as RELEASE,
    POSTGRESQL_BY_STATE_VERSION,
    TELEGRAM_MODULE_GENERATION,
    WHATSAPP_MODULE_GENERATION,
    type TelegramModuleGeneration,
    type WhatsappModuleGeneration,
} from "../plan/release";

export type { TelegramModuleGeneration, WhatsappModuleGeneration };

export const NIXOS_RELEASE: {
    readonly version: string;
    readonly telegramModule: TelegramModuleGeneration;
    readonly whatsappModule: WhatsappModuleGeneration;
} = {
    version: RELEASE,
    telegramModule: TELEGRAM_MODULE_GENERATION,
    whatsappModule: WHATSAPP_MODULE_GENERATION,
};

/**
 * `system.stateVersion` of a Hetzner host this library installs when the cloud has not told
 * (the release it starts on); the cloud's record wins (see STATE_VERSION_LABEL).
 */
export const DEFAULT_STATE_VERSION: string = RELEASE;

/**
 * The PostgreSQL major NixOS would pick for a host of this stateVersion, frozen (see
 * POSTGRESQL_BY_STATE_VERSION): moving the pin never changes it.
 */
export function postgresqlMajorFor(stateVersion: string): number {
    const entry = POSTGRESQL_BY_STATE_VERSION.find((e) => stateVersion >= e.from);
    if (!entry) throw new Error(`system.stateVersion ${stateVersion} predates every PostgreSQL the pinned nixpkgs packages: set nixos-matrix:postgresqlVersion`);
    return entry.major;
}

/** The interface of a Hetzner Cloud private network on current server types. */
export const DEFAULT_PRIVATE_INTERFACE = "enp7s0";

/** Let's Encrypt's staging directory, used when `acme.staging` is on. */
export const ACME_STAGING_SERVER = "https://acme-staging-v02.api.letsencrypt.org/directory";
