import { BRIDGE_TYPES } from "../../../../sdk/spec/bridge";
import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Field shapes of bridges: type, credentials, naming and IRC networks. */
export const BRIDGE_FIELD_CASES: readonly BadInput[] = [
    {
        name: "bridge type unknown",
        input: variant((s) => (s.bridges[1].type = "mautrix-slack")),
        message: `bridges[1].type: must be one of ${BRIDGE_TYPES.join(", ")}`,
    },
    {
        name: "bridge type missing",
        input: variant((s) => delete s.bridges[1].type),
        message: `bridges[1].type: must be one of ${BRIDGE_TYPES.join(", ")}`,
    },
    {
        name: "bridge id with underscore",
        input: variant((s) => (s.bridges[0].id = "tele_gram")),
        message: /^bridges\[0\]\.id: must start with a-z/,
    },
    {
        name: "bridge port as a string",
        input: variant((s) => (s.bridges[0].port = "29317")),
        message: "bridges[0].port: must be a port number",
    },
    {
        name: "bridge userPrefix upper-case",
        input: variant((s) => (s.bridges[0].userPrefix = "Telegram_")),
        message: "bridges[0].userPrefix: must hold only a-z, 0-9 and . _ = - /",
    },
    {
        name: "bridge botLocalpart with '@'",
        input: variant((s) => (s.bridges[0].botLocalpart = "@telegrambot")),
        message: "bridges[0].botLocalpart: must hold only a-z, 0-9 and . _ = - /",
    },
    {
        name: "Telegram credentials missing",
        input: variant((s) => delete s.bridges[0].credentials),
        message: "bridges[0].credentials: is required",
    },
    {
        name: "Telegram apiId missing",
        input: variant((s) => delete s.bridges[0].credentials.apiId),
        message: "bridges[0].credentials.apiId: is required and must not be empty",
    },
    {
        name: "Telegram apiHash blank",
        input: variant((s) => (s.bridges[0].credentials.apiHash = "  ")),
        message: "bridges[0].credentials.apiHash: is required and must not be empty",
    },
    {
        name: "Telegram apiId not digits",
        input: variant((s) => (s.bridges[0].credentials.apiId = "abc123")),
        message: "bridges[0].credentials.apiId: must be Telegram's numeric api_id: digits only",
    },
    {
        name: "Telegram apiId negative number",
        input: variant((s) => (s.bridges[0].credentials.apiId = -5)),
        message: "bridges[0].credentials.apiId: must be Telegram's numeric api_id: digits only",
    },
    {
        name: "Telegram credentials unknown key",
        input: variant((s) => (s.bridges[0].credentials.apiKey = "k")),
        message: "bridges[0].credentials.apiKey: is not a known field",
    },
    {
        name: "WhatsApp given credentials",
        input: variant((s) => (s.bridges[1].credentials = { token: "t" })),
        message: "bridges[1].credentials.token: is not a known field",
    },
    {
        name: "Discord clientId not digits",
        input: variant((s) => (s.bridges[3].credentials.clientId = "my-app")),
        message: "bridges[3].credentials.clientId: must be the Discord application's numeric client id: digits only",
    },
    {
        name: "Discord botToken missing",
        input: variant((s) => delete s.bridges[3].credentials.botToken),
        message: "bridges[3].credentials.botToken: is required and must not be empty",
    },
    {
        name: "IRC bridge without networks key",
        input: variant((s) => delete s.bridges[2].networks),
        message: "bridges[2].networks: is required",
    },
    {
        name: "IRC bridge with no network",
        input: variant((s) => (s.bridges[2].networks = [])),
        message: "bridges[2].networks: must name at least one IRC network",
    },
    {
        name: "IRC network address not a domain",
        input: variant((s) => (s.bridges[2].networks[0].address = "irc libera.chat")),
        message: /^bridges\[2\]\.networks\[0\]\.address: each label must be/,
    },
    {
        name: "IRC channel without '#'",
        input: variant((s) => (s.bridges[2].networks[0].channels = ["nixos"])),
        message: "bridges[2].networks[0].channels[0]: must be a channel such as #nixos",
    },
    {
        name: "IRC networks on a Telegram bridge",
        input: variant((s) => (s.bridges[0].networks = [])),
        message: "bridges[0].networks: is not a known field",
    },
    {
        name: "mautrix-meta without its network",
        input: variant((s) => s.bridges.push({ id: "meta", type: "mautrix-meta", host: "main", homeserver: "hs" })),
        message: "bridges[4].network: must be one of messenger, instagram",
    },
    {
        name: "mautrix-meta for a network it has no instance for here",
        input: variant((s) => s.bridges.push({ id: "meta", type: "mautrix-meta", network: "facebook", host: "main", homeserver: "hs" })),
        message: "bridges[4].network: must be one of messenger, instagram",
    },
    {
        name: "a Meta network on a Signal bridge",
        input: variant((s) => s.bridges.push({ id: "sig", type: "mautrix-signal", network: "instagram", host: "main", homeserver: "hs" })),
        message: "bridges[4].network: is not a known field",
    },
    {
        name: "a credential on mautrix-signal, which takes none",
        input: variant((s) => s.bridges.push({ id: "sig", type: "mautrix-signal", host: "main", homeserver: "hs", credentials: { botToken: "x" } })),
        message: "bridges[4].credentials.botToken: is not a known field",
    },
    {
        name: "a Discord bot token on mautrix-discord, whose users log in through its bot",
        input: variant((s) =>
            s.bridges.push({ id: "md", type: "mautrix-discord", host: "edge", homeserver: "hs", botLocalpart: "mdbot", credentials: { botToken: "a.b.c" } }),
        ),
        message: "bridges[4].credentials.botToken: is not a known field",
    },
    {
        name: "hookshot webhook port zero",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookPort: 0 })),
        message: "bridges[4].webhookPort: must be between 1 and 65535",
    },
    {
        name: "hookshot webhook port as text",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookPort: "9000" })),
        message: "bridges[4].webhookPort: must be a port number",
    },
    {
        name: "hookshot webhook domain as a URL",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookDomain: "https://hooks.example.org" })),
        message: "bridges[4].webhookDomain: must be a bare domain name, not a URL: drop the scheme (https://)",
    },
    {
        name: "hookshot webhook domain in capitals",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookDomain: "Hooks.example.org" })),
        message: "bridges[4].webhookDomain: must be lower case",
    },
    {
        name: "a webhook domain on a bridge without webhooks",
        input: variant((s) => s.bridges.push({ id: "sig", type: "mautrix-signal", host: "main", homeserver: "hs", webhookDomain: "sig.example.org" })),
        message: "bridges[4].webhookDomain: is not a known field",
    },
    {
        name: "a webhook port on a bridge without webhooks",
        input: variant((s) => s.bridges.push({ id: "sig", type: "mautrix-signal", host: "main", homeserver: "hs", webhookPort: 9000 })),
        message: "bridges[4].webhookPort: is not a known field",
    },
];
