import { z } from "zod";
import { credential, domainName, identifier, port } from "./common";
import { credentialProblem, type CredentialArg } from "./credentials";
import { addJsonIssues } from "./json-value";

export const BRIDGE_TYPES = [
    "mautrix-telegram",
    "mautrix-whatsapp",
    "mautrix-signal",
    "mautrix-meta",
    "mautrix-discord",
    "matrix-hookshot",
    "matrix-appservice-irc",
    "matrix-appservice-discord",
] as const;
export type BridgeType = (typeof BRIDGE_TYPES)[number];

/** The networks mautrix-meta bridges, one NixOS instance (`services.mautrix-meta.instances.<network>`) each. */
export const META_NETWORKS = ["messenger", "instagram"] as const;
export type MetaNetwork = (typeof META_NETWORKS)[number];

/**
 * One NixOS bridge service: the bridge type, or for mautrix-meta the type and its network.
 * Paths, users, units and defaults are keyed by it.
 */
export type BridgeModule = Exclude<BridgeType, "mautrix-meta"> | `mautrix-meta-${MetaNetwork}`;

export function bridgeModule(bridge: { readonly type: BridgeType; readonly network?: MetaNetwork }): BridgeModule {
    if (bridge.type !== "mautrix-meta") return bridge.type;
    if (bridge.network === undefined) throw new Error("internal: a mautrix-meta bridge without its network passed the spec");
    return `mautrix-meta-${bridge.network}`;
}

/**
 * Per-service defaults; the one place that knows each bridge's port and naming. Ports and
 * names are the NixOS modules' own defaults where they have one (mautrix-meta's instagram
 * instance: 29320; messenger has no preset instance, so it takes the module's base port 29319).
 */
export const BRIDGE_DEFAULTS: Record<BridgeModule, { port: number; userPrefix: string; botLocalpart: string }> = {
    "mautrix-telegram": { port: 29317, userPrefix: "telegram_", botLocalpart: "telegrambot" },
    "mautrix-whatsapp": { port: 29318, userPrefix: "whatsapp_", botLocalpart: "whatsappbot" },
    "mautrix-signal": { port: 29328, userPrefix: "signal_", botLocalpart: "signalbot" },
    "mautrix-meta-messenger": { port: 29319, userPrefix: "messenger_", botLocalpart: "messengerbot" },
    "mautrix-meta-instagram": { port: 29320, userPrefix: "instagram_", botLocalpart: "instagrambot" },
    "mautrix-discord": { port: 29334, userPrefix: "discord_", botLocalpart: "discordbot" },
    "matrix-hookshot": { port: 9993, userPrefix: "_webhooks_", botLocalpart: "hookshot" },
    "matrix-appservice-irc": { port: 8009, userPrefix: "irc_", botLocalpart: "ircbot" },
    "matrix-appservice-discord": { port: 9005, userPrefix: "_discord_", botLocalpart: "discordbot" },
};

/** Port of hookshot's webhook listener, behind nginx at `/hookshot/<id>/` of the homeserver's domain. */
export const HOOKSHOT_WEBHOOK_PORT_DEFAULT = 9000;

/**
 * A credential of the given shape. Plain values are checked here; a secret Output is
 * checked by its component once its value is known.
 */
function shapedCredential(arg: CredentialArg) {
    return credential.superRefine((value, ctx) => {
        if (typeof value === "string" && value.trim() === "") return;
        if (typeof value !== "string" && typeof value !== "number") return;
        const problem = credentialProblem(arg, value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

const localpart = z.string().regex(/^[a-z0-9._=\-/]+$/, {
    error: "must hold only a-z, 0-9 and . _ = - /",
});

const common = {
    /** Appservice id, unique in the stack. */
    id: identifier,
    host: identifier,
    /** Name of the MatrixHomeserver this bridge registers with. */
    homeserver: identifier,
    /** Port the bridge listens on (private network). @default per type */
    port: port.optional(),
    /** Prefix of the puppet users' localparts; the bridge's exclusive user namespace. @default per type */
    userPrefix: localpart.optional(),
    /** Localpart of the bridge bot. @default per type */
    botLocalpart: localpart.optional(),
    /** Merged over the generated bridge settings. @default {} */
    settings: z.record(z.string(), z.unknown()).superRefine(addJsonIssues).default({}),
};

const telegram = z
    .object({
        ...common,
        type: z.literal("mautrix-telegram"),
        credentials: z
            .object({
                apiId: shapedCredential("telegramApiId"),
                apiHash: shapedCredential("telegramApiHash"),
                botToken: shapedCredential("telegramBotToken").optional(),
            })
            .strict(),
    })
    .strict();

/** A bridge the stack holds no credential for: its users log in through its bot. */
function credentialFree<T extends BridgeType, E extends z.ZodRawShape>(type: T, fields: E) {
    return z
        .object({ ...common, type: z.literal(type), ...fields, credentials: z.object({}).strict().default({}) })
        .strict();
}

const whatsapp = credentialFree("mautrix-whatsapp", {});

export const ircNetwork = z
    .object({
        /** Address of the IRC server, e.g. `irc.libera.chat`. */
        address: domainName,
        /** @default "Libera" style display name: the address */
        name: z.string().min(1).optional(),
        /** @default 6697 */
        port: port.default(6697),
        /** @default true */
        tls: z.boolean().default(true),
        /** Channels mapped to rooms, e.g. `#nixos`. @default [] */
        channels: z.array(z.string().regex(/^[#&][^\s,]{1,49}$/, { error: "must be a channel such as #nixos" })).default([]),
    })
    .strict();

const signal = credentialFree("mautrix-signal", {});

const meta = credentialFree("mautrix-meta", {
    /** Which Meta network this instance bridges. */
    network: z.enum(META_NETWORKS, { error: `must be one of ${META_NETWORKS.join(", ")}` }),
});

const mautrixDiscord = credentialFree("mautrix-discord", {});

const hookshot = credentialFree("matrix-hookshot", {
    /** Port of the webhook listener; nginx proxies `/hookshot/<id>/` of the homeserver's domain to it. @default 9000 */
    webhookPort: port.default(HOOKSHOT_WEBHOOK_PORT_DEFAULT),
    /**
     * A domain of its own for the webhooks (`https://<webhookDomain>/webhook/...`), served by
     * nginx on the homeserver's host, instead of `/hookshot/<id>/` of the homeserver's domain.
     */
    webhookDomain: domainName.optional(),
});

const irc = z
    .object({
        ...common,
        type: z.literal("matrix-appservice-irc"),
        networks: z.array(ircNetwork).min(1, { error: "must name at least one IRC network" }),
        credentials: z.object({}).strict().default({}),
    })
    .strict();

const discord = z
    .object({
        ...common,
        type: z.literal("matrix-appservice-discord"),
        credentials: z
            .object({ clientId: shapedCredential("discordClientId"), botToken: shapedCredential("discordBotToken") })
            .strict(),
    })
    .strict();

export const bridgeSpec = z.discriminatedUnion("type", [telegram, whatsapp, signal, meta, mautrixDiscord, hookshot, irc, discord], {
    error: `must be one of ${BRIDGE_TYPES.join(", ")}`,
});

export type BridgeSpec = z.output<typeof bridgeSpec>;
export type IrcNetworkSpec = z.output<typeof ircNetwork>;
