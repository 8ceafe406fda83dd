import { ed25519KeyPair } from "../fixtures/ssh-keys";
import type { ComponentProgram } from "./harness/component-program";

/** Telegram and Discord credentials, passed as secrets like `config.requireSecret` would. */
const TELEGRAM = { telegramApiId: "123456", telegramApiHash: "0123456789abcdef0123456789abcdef" };
const DISCORD = { discordClientId: "987654321", discordBotToken: "discord.bot.token" };

/** examples/all-in-one as data: every service on one Hetzner VM. */
export const allInOne: ComponentProgram = {
    config: {
        "nixos-matrix:acmeEmail": "admin@example.org",
        "nixos-matrix:acmeStaging": "true",
        "nixos-matrix:dnsZone": "example.org",
    },
    components: [
        { className: "HetznerNixosHost", name: "matrix", args: { location: "nbg1", serverType: "cx33" } },
        {
            className: "MatrixHomeserver",
            name: "hs",
            args: { host: "matrix", serverName: "example.org", domain: "matrix.example.org", turn: "turn", adminContact: "admin@example.org" },
        },
        { className: "TurnServer", name: "turn", args: { host: "matrix", realm: "turn.example.org" } },
        { className: "ElementWeb", name: "element", args: { host: "matrix", domain: "element.example.org", homeserver: "hs" } },
        {
            className: "Bridge",
            name: "telegram",
            args: { type: "mautrix-telegram", host: "matrix", homeserver: "hs", ...TELEGRAM },
            secretArgs: ["telegramApiId", "telegramApiHash"],
        },
        { className: "Bridge", name: "whatsapp", args: { type: "mautrix-whatsapp", host: "matrix", homeserver: "hs" } },
        {
            className: "Bridge",
            name: "irc",
            args: {
                type: "matrix-appservice-irc",
                host: "matrix",
                homeserver: "hs",
                ircNetworks: [{ address: "irc.libera.chat", name: "Libera", channels: ["#nixos", "#matrix"] }],
            },
        },
        {
            className: "Bridge",
            name: "discord",
            args: { type: "matrix-appservice-discord", host: "matrix", homeserver: "hs", ...DISCORD },
            secretArgs: ["discordClientId", "discordBotToken"],
        },
    ],
};

/** examples/multi-host as data: four VMs, bridges registering across hosts. */
export const multiHost: ComponentProgram = {
    config: {
        "nixos-matrix:acmeEmail": "admin@example.com",
        "nixos-matrix:acmeStaging": "true",
        "nixos-matrix:name": "multi",
        "nixos-matrix:privateNetwork": "10.90.0.0/16",
        "nixos-matrix:sshSourceRanges": '["203.0.113.0/24", "2001:db8::/32"]',
        "nixos-matrix:dnsZone": "example.com",
    },
    components: [
        { className: "HetznerNixosHost", name: "home", args: { location: "fsn1", serverType: "cpx32", volumeSizeGb: 50 } },
        { className: "HetznerNixosHost", name: "turn", args: { location: "fsn1", serverType: "cx23" } },
        { className: "HetznerNixosHost", name: "bridges", args: { location: "fsn1", serverType: "cx33" } },
        { className: "HetznerNixosHost", name: "web", args: { location: "fsn1", serverType: "cx23", volumeSizeGb: 0 } },
        {
            className: "MatrixHomeserver",
            name: "hs",
            args: { host: "home", serverName: "example.com", domain: "matrix.example.com", federationPort8448: true, turn: "turn" },
        },
        { className: "TurnServer", name: "turn", args: { host: "turn", realm: "turn.example.com", relayPortFrom: 50000, relayPortTo: 50999 } },
        { className: "ElementWeb", name: "element", args: { host: "web", domain: "chat.example.com", homeserver: "hs" } },
        {
            className: "Bridge",
            name: "telegram",
            args: { type: "mautrix-telegram", host: "bridges", homeserver: "hs", ...TELEGRAM },
            secretArgs: ["telegramApiId", "telegramApiHash"],
        },
        {
            className: "Bridge",
            name: "irc",
            args: { type: "matrix-appservice-irc", host: "bridges", homeserver: "hs", ircNetworks: [{ address: "irc.libera.chat", channels: ["#nixos"] }] },
        },
        {
            className: "Bridge",
            name: "discord",
            args: { type: "matrix-appservice-discord", host: "bridges", homeserver: "hs", ...DISCORD },
            secretArgs: ["discordClientId", "discordBotToken"],
        },
    ],
};

/** One Conduit homeserver naming no host: it gets a Hetzner VM of its own. */
export const homeserverAlone: ComponentProgram = {
    config: { "nixos-matrix:acmeEmail": "admin@example.net" },
    components: [
        { className: "MatrixHomeserver", name: "solo", args: { serverName: "example.net", implementation: "conduit", federationEnabled: false } },
    ],
};

const DEPLOY_KEY = ed25519KeyPair("deploy@example");

/** examples/existing-hosts as data: two NixOS machines reached over SSH, no cloud resources. */
export const existingHosts: ComponentProgram = {
    config: { "nixos-matrix:acmeEmail": "admin@example.org", "nixos-matrix:acmeStaging": "true" },
    components: [
        {
            className: "ExistingNixosHost",
            name: "alpha",
            args: {
                address: "203.0.113.10",
                privateAddress: "10.80.0.10",
                hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ",
                ...DEPLOY_KEY,
            },
            secretArgs: ["privateKey"],
        },
        {
            className: "ExistingNixosHost",
            name: "beta",
            args: {
                address: "203.0.113.11",
                privateAddress: "10.80.0.11",
                privateInterface: "eth1",
                hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGgKDtfpwqtXBkPW7yGUlsGrh3LtsRWspxHjfSE2cgTO",
                ...DEPLOY_KEY,
            },
            secretArgs: ["privateKey"],
        },
        { className: "MatrixHomeserver", name: "hs", args: { host: "alpha", serverName: "example.org", domain: "matrix.example.org", turn: "turn" } },
        { className: "TurnServer", name: "turn", args: { host: "alpha", realm: "turn.example.org" } },
        { className: "ElementWeb", name: "element", args: { host: "alpha", domain: "element.example.org", homeserver: "hs" } },
        {
            className: "Bridge",
            name: "telegram",
            args: { type: "mautrix-telegram", host: "beta", homeserver: "hs", ...TELEGRAM },
            secretArgs: ["telegramApiId", "telegramApiHash"],
        },
        { className: "Bridge", name: "whatsapp", args: { type: "mautrix-whatsapp", host: "beta", homeserver: "hs" } },
    ],
};
