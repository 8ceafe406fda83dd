/**
 * Where things live on a host. The plan writes secret files at these paths; the static
 * NixOS modules read them through params.json. One place, so both ends agree.
 */
import type { BridgeModule } from "../spec/bridge";

export const STATE_DIR = "/var/lib/nixos-matrix";
export const SECRETS_DIR = `${STATE_DIR}/secrets`;

/**
 * Where the switch step keeps each fetched nixpkgs source, by its sha256: a link to the store
 * path, itself rooted for the garbage collector. The configuration's NIX_PATH and registry
 * name this link, so they need no network to evaluate and agree with what the system was built from.
 */
export function pinnedNixpkgsPath(sha256: string): string {
    return `${STATE_DIR}/nixpkgs/${sha256}`;
}

/** Synapse's extra config file with registration_shared_secret, macaroon_secret_key, turn_shared_secret. */
export function synapseSecretConfigPath(homeserver: string): string {
    return `${SECRETS_DIR}/synapse-${homeserver}.yaml`;
}

/**
 * A directory Synapse reads as one more config path (every `*.yaml` in it): the main host's
 * `old_signing_keys`, written there once Synapse's own key gives way to the shared one of
 * workers across hosts. Public keys only; empty until there is an old key.
 */
export function synapseOldSigningKeysDir(homeserver: string): string {
    return `${STATE_DIR}/synapse-${homeserver}-old-signing-keys`;
}

/** The registration shared secret alone, for the bootstrap step (root only). */
export function registrationSecretPath(homeserver: string): string {
    return `${SECRETS_DIR}/registration-shared-secret-${homeserver}`;
}

/** Conduit's registration token alone, for the bootstrap step's first registrations (root only). */
export function registrationTokenPath(homeserver: string): string {
    return `${SECRETS_DIR}/registration-token-${homeserver}`;
}

/** The generated password of a server admin, read by the bootstrap step (root only). */
export function adminPasswordPath(homeserver: string, localpart: string): string {
    return `${SECRETS_DIR}/admins-${homeserver}/${localpart}.password`;
}

/** A moderation bot's password as its homeserver's host keeps it, for registering the bot (root only). */
export function botRegistrationPasswordPath(homeserver: string, localpart: string): string {
    return `${SECRETS_DIR}/bots-${homeserver}/${localpart}.password`;
}

/** A moderation bot's password as the bot's host keeps it, for logging in (root only). */
export function moderationBotPasswordPath(bot: string): string {
    return `${SECRETS_DIR}/moderation-bot-${bot}.password`;
}

/** What a moderation bot's bootstrap step keeps between runs (root only): its token, the rotation applied. */
export function moderationBotStatePath(bot: string): string {
    return `${STATE_DIR}/moderation-bot/${bot}`;
}

/** The bot's access token, made on its host by logging in; the module loads it with LoadCredential. */
export function moderationBotTokenPath(bot: string): string {
    return `${moderationBotStatePath(bot)}/access-token`;
}

/** What the bootstrap step keeps between runs for a homeserver (users made, rotations applied). */
export function bootstrapStatePath(homeserver: string): string {
    return `${STATE_DIR}/bootstrap/${homeserver}`;
}

/** Conduit's environment file (CONDUIT_TURN_SECRET, ...). */
export function conduitEnvPath(homeserver: string): string {
    return `${SECRETS_DIR}/conduit-${homeserver}.env`;
}

/** A bridge's registration as the homeserver host keeps it (listed in app_service_config_files). */
export function homeserverRegistrationPath(bridgeId: string): string {
    return `${SECRETS_DIR}/registrations/${bridgeId}.yaml`;
}

/** coturn's static-auth-secret-file. */
export function turnSecretPath(turn: string): string {
    return `${SECRETS_DIR}/turn-${turn}.secret`;
}

/** A bridge's environment file (tokens and credentials its module reads). */
export function bridgeEnvPath(bridgeId: string): string {
    return `${SECRETS_DIR}/bridge-${bridgeId}.env`;
}

/** The registration path each bridge's NixOS module adopts (see shared nixos/MODULES.md). */
export const BRIDGE_REGISTRATION_PATHS: Record<BridgeModule, string> = {
    "mautrix-telegram": "/var/lib/mautrix-telegram/telegram-registration.yaml",
    "mautrix-whatsapp": "/var/lib/mautrix-whatsapp/whatsapp-registration.yaml",
    "mautrix-signal": "/var/lib/mautrix-signal/signal-registration.yaml",
    "mautrix-meta-messenger": "/var/lib/mautrix-meta-messenger/meta-registration.yaml",
    "mautrix-meta-instagram": "/var/lib/mautrix-meta-instagram/meta-registration.yaml",
    "mautrix-discord": "/var/lib/mautrix-discord/discord-registration.yaml",
    // The module reads its registration from `registrationFile`; the library points it at its
    // own root-only copy (see bridgeRegistrationPath).
    "matrix-hookshot": "/var/lib/matrix-hookshot/registration.yaml",
    "matrix-appservice-irc": "/var/lib/matrix-appservice-irc/registration.yml",
    "matrix-appservice-discord": "/var/lib/matrix-appservice-discord/discord-registration.yaml",
};

/** The system user (and group) each bridge's module runs as. */
export const BRIDGE_USERS: Record<BridgeModule, string> = {
    "mautrix-telegram": "mautrix-telegram",
    "mautrix-whatsapp": "mautrix-whatsapp",
    "mautrix-signal": "mautrix-signal",
    "mautrix-meta-messenger": "mautrix-meta-messenger",
    "mautrix-meta-instagram": "mautrix-meta-instagram",
    "mautrix-discord": "mautrix-discord",
    // The module sets no User: the unit runs as root.
    "matrix-hookshot": "root",
    "matrix-appservice-irc": "matrix-appservice-irc",
    "matrix-appservice-discord": "matrix-appservice-discord",
};

/** The group a bridge's files belong to, where it is not its user's name. */
export const BRIDGE_GROUPS: Partial<Record<BridgeModule, string>> = {
    // Every mautrix-meta instance's user is in the one group `mautrix-meta`.
    "mautrix-meta-messenger": "mautrix-meta",
    "mautrix-meta-instagram": "mautrix-meta",
};

/**
 * The socket (and its proxy service) that opens a Conduit-family homeserver's client listener on
 * the private address for bridges on other hosts: the module binds loopback only. One homeserver
 * per host, so one fixed name.
 */
export const HOMESERVER_PRIVATE_PROXY_UNIT = "nixos-matrix-homeserver-private";

/** The systemd unit of each bridge. */
export const BRIDGE_UNITS: Record<BridgeModule, string> = {
    "mautrix-telegram": "mautrix-telegram.service",
    "mautrix-whatsapp": "mautrix-whatsapp.service",
    "mautrix-signal": "mautrix-signal.service",
    "mautrix-meta-messenger": "mautrix-meta-messenger.service",
    "mautrix-meta-instagram": "mautrix-meta-instagram.service",
    "mautrix-discord": "mautrix-discord.service",
    "matrix-hookshot": "matrix-hookshot.service",
    "matrix-appservice-irc": "matrix-appservice-irc.service",
    "matrix-appservice-discord": "matrix-appservice-discord.service",
};

/**
 * A registration handed to a bridge whose unit runs under DynamicUser (no fixed owner can be
 * given to a file in its state directory): root-only, read through LoadCredential.
 */
export function bridgeCredentialRegistrationPath(bridgeId: string): string {
    return `${SECRETS_DIR}/bridge-${bridgeId}-registration.yaml`;
}
