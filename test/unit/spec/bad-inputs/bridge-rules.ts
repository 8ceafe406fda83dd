import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Bridges' homeservers, user namespaces and IRC networks. */
export const BRIDGE_RULE_CASES: readonly BadInput[] = [
    {
        name: "two bridges with one user prefix",
        input: variant((s) => (s.bridges[3].userPrefix = "telegram_")),
        message: "bridges[3].userPrefix: user namespace 'telegram_*' overlaps 'telegram_*' of bridges[0] on homeserver 'hs'",
    },
    {
        name: "a user prefix inside another bridge's namespace",
        input: variant((s) => (s.bridges[3].userPrefix = "telegram_x")),
        message: "bridges[3].userPrefix: user namespace 'telegram_x*' overlaps 'telegram_*' of bridges[0] on homeserver 'hs'",
    },
    {
        name: "second Telegram bridge on one host",
        input: variant((s) => s.bridges.push({ ...s.bridges[0], id: "telegram2", port: 29400, userPrefix: "telegram2_", botLocalpart: "telegram2bot" })),
        message: "bridges[4].host: host 'main' already runs bridges[0], a mautrix-telegram bridge; NixOS runs one of each bridge type per host",
    },
    {
        name: "second Telegram bridge on one homeserver with the default prefix",
        input: variant((s) =>
            s.bridges.push({ ...s.bridges[0], id: "telegram2", host: "edge", port: 29400, botLocalpart: "telegram2bot" }),
        ),
        message: "bridges[4].userPrefix: user namespace 'telegram_*' overlaps 'telegram_*' of bridges[0] on homeserver 'hs'",
    },
    {
        name: "bot inside an earlier bridge's namespace",
        input: variant((s) => (s.bridges[3].botLocalpart = "telegram_bot")),
        message: "bridges[3].botLocalpart: 'telegram_bot' falls inside the user namespace 'telegram_*' of bridges[0] on homeserver 'hs'",
    },
    {
        name: "namespace taking in an earlier bridge's bot",
        input: variant((s) => (s.bridges[3].userPrefix = "whatsappb")),
        message: "bridges[3].userPrefix: user namespace 'whatsappb*' takes in 'whatsappbot', the bot of bridges[1] on homeserver 'hs'",
    },
    {
        name: "two bridges with one bot",
        input: variant((s) => (s.bridges[3].botLocalpart = "ircbot")),
        message: "bridges[3].botLocalpart: 'ircbot' is also the bot of bridges[2] on homeserver 'hs'",
    },
    {
        name: "IRC network listed twice",
        input: variant((s) => (s.bridges[2].networks[1].address = "irc.libera.chat")),
        message: "bridges[2].networks[1].address: duplicate network 'irc.libera.chat' (also networks[0])",
    },
    {
        name: "IRC network names equal but for case",
        input: variant((s) => (s.bridges[2].networks[1].name = "libera")),
        message: "bridges[2].networks[1].name: duplicate network name 'libera' (also networks[0])",
    },
    {
        name: "IRC channel listed twice in other case",
        input: variant((s) => s.bridges[2].networks[0].channels.push("#NixOS")),
        message: "bridges[2].networks[0].channels[2]: duplicate channel '#NixOS' (also channels[0])",
    },
    {
        name: "second mautrix-meta instance for one network on one host",
        input: variant((s) =>
            s.bridges.push(
                { id: "m1", type: "mautrix-meta", network: "instagram", host: "main", homeserver: "hs" },
                { id: "m2", type: "mautrix-meta", network: "instagram", host: "main", homeserver: "hs", port: 29500, userPrefix: "ig2_", botLocalpart: "ig2bot" },
            ),
        ),
        message:
            "bridges[5].host: host 'main' already runs bridges[4], a mautrix-meta bridge for instagram; NixOS runs one mautrix-meta instance per network and host",
    },
    {
        name: "mautrix-discord beside matrix-appservice-discord with the default bot",
        input: variant((s) => s.bridges.push({ id: "md", type: "mautrix-discord", host: "edge", homeserver: "hs" })),
        message: "bridges[4].botLocalpart: 'discordbot' is also the bot of bridges[3] on homeserver 'hs'",
    },
];
