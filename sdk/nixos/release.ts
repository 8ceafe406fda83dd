/**
 * What the bundle's modules need to know about the pinned NixOS release. The release and
 * the Telegram module generation are the plan's (sdk/plan/release.ts); this adds only what
 * the static modules alone depend on. The modules read it from params.json (`release`).
 */
import { NIXOS_RELEASE as RELEASE, TELEGRAM_MODULE_GENERATION, type TelegramModuleGeneration } from "../plan/release";

export type { TelegramModuleGeneration };
export type WhatsappModuleGeneration = "legacy" | "bridgev2";

export const NIXOS_RELEASE: {
    readonly version: string;
    readonly stateVersion: string;
    readonly telegramModule: TelegramModuleGeneration;
    readonly whatsappModule: WhatsappModuleGeneration;
} = {
    version: RELEASE,
    /** `system.stateVersion` of hosts installed by this library: the release they start on. */
    stateVersion: RELEASE,
    telegramModule: TELEGRAM_MODULE_GENERATION,
    /**
     * The pinned release's mautrix-whatsapp module is the pre-bridgev2 one
     * (`appservice.database = { type; uri; }`, `bridge.username_template`).
     */
    whatsappModule: "legacy",
};

/** The interface of a Hetzner Cloud private network on current server types. */
export const DEFAULT_PRIVATE_INTERFACE = "enp7s0";

/** Let's Encrypt's staging directory, used when `acme.staging` is on. */
export const ACME_STAGING_SERVER = "https://acme-staging-v02.api.letsencrypt.org/directory";
