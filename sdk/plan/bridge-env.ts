/**
 * The environment variables each bridge's NixOS module reads its secrets from, and which
 * secret (by role) each one carries. Bridges whose module adopts tokens from the pre-seeded
 * registration and needs no credential (WhatsApp, Signal, Meta, mautrix-discord, IRC) or that
 * reads the library's registration where it lies (hookshot) have no environment file.
 */
import type { BridgeType } from "../spec/bridge";
import { TELEGRAM_MODULE_GENERATION, type TelegramModuleGeneration } from "./release";

/** What a bridge secret is, independent of the bridge's naming. */
export type BridgeSecretRole = "as-token" | "hs-token" | "api-id" | "api-hash" | "bot-token" | "client-id";

const TELEGRAM_ENV: Record<TelegramModuleGeneration, Partial<Record<BridgeSecretRole, string>>> = {
    python: {
        "as-token": "MAUTRIX_TELEGRAM_APPSERVICE_AS_TOKEN",
        "hs-token": "MAUTRIX_TELEGRAM_APPSERVICE_HS_TOKEN",
        "api-id": "MAUTRIX_TELEGRAM_TELEGRAM_API_ID",
        "api-hash": "MAUTRIX_TELEGRAM_TELEGRAM_API_HASH",
        "bot-token": "MAUTRIX_TELEGRAM_TELEGRAM_BOT_TOKEN",
    },
    // bridgev2 has no bot_token setting; an unknown prefixed variable would stop the bridge.
    bridgev2: {
        "as-token": "MAUTRIX_TELEGRAM_APPSERVICE__AS_TOKEN",
        "hs-token": "MAUTRIX_TELEGRAM_APPSERVICE__HS_TOKEN",
        "api-id": "MAUTRIX_TELEGRAM_NETWORK__API_ID",
        "api-hash": "MAUTRIX_TELEGRAM_NETWORK__API_HASH",
    },
};

const DISCORD_ENV: Partial<Record<BridgeSecretRole, string>> = {
    "client-id": "APPSERVICE_DISCORD_AUTH_CLIENT_I_D",
    "bot-token": "APPSERVICE_DISCORD_AUTH_BOT_TOKEN",
};

/** Secret role -> environment variable for a bridge type (on the pinned release by default). */
export function bridgeEnvVariables(
    type: BridgeType,
    telegram: TelegramModuleGeneration = TELEGRAM_MODULE_GENERATION,
): Partial<Record<BridgeSecretRole, string>> {
    switch (type) {
        case "mautrix-telegram":
            return TELEGRAM_ENV[telegram];
        case "matrix-appservice-discord":
            return DISCORD_ENV;
        case "mautrix-whatsapp":
        case "mautrix-signal":
        case "mautrix-meta":
        case "mautrix-discord":
        case "matrix-hookshot":
        case "matrix-appservice-irc":
            return {};
    }
}
