import { type BadComponentCase, DEPLOY_KEY, HOST_KEY, withArgs, withComponent, withConfig } from "./bad-component";

type Row = readonly [arg: string, component: string, args: Record<string, unknown>, message: string | RegExp];

/** One plausible wrong value for every arg of every component: what a user could type. */
const ROWS: readonly Row[] = [
    ["HetznerNixosHost.location", "main", { location: "Nuremberg" }, /^HetznerNixosHost "main"\.location: must be a Hetzner location/],
    ["HetznerNixosHost.serverType", "main", { serverType: "CX32" }, /^HetznerNixosHost "main"\.serverType: must be a Hetzner server type/],
    ["HetznerNixosHost.volumeSizeGb", "main", { volumeSizeGb: "20GB" }, 'HetznerNixosHost "main".volumeSizeGb: must be a number'],
    ["HetznerNixosHost.deployPrivateKey", "main", { deployPrivateKey: DEPLOY_KEY.publicKey, deployPublicKey: DEPLOY_KEY.publicKey }, 'HetznerNixosHost "main".deployPrivateKey: is a public key line: give the private key (the file without .pub)'],
    ["HetznerNixosHost.deployPublicKey", "main", { deployPrivateKey: DEPLOY_KEY.privateKey, deployPublicKey: "ssh-ed25519 AAAA" }, 'HetznerNixosHost "main".deployPublicKey: is truncated'],
    ["HetznerNixosHost.image", "main", { image: "Debian 12" }, /^HetznerNixosHost "main"\.image: must be a Hetzner image name such as debian-12/],
    ["HetznerNixosHost.nixosInfectUrl", "main", { nixosInfectUrl: "example.org/nixos-infect" }, 'HetznerNixosHost "main".nixosInfectUrl: must be a URL such as https://example.org/nixos-infect'],
    ["HetznerNixosHost.nixosInfectSha256", "main", { nixosInfectSha256: "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" }, /^HetznerNixosHost "main"\.nixosInfectSha256: must be a sha256 digest: 64 lower-case hexadecimal/],
    ["ExistingNixosHost.address", "edge", { address: "edge.example.org" }, 'ExistingNixosHost "edge".address: must be an IPv4 or IPv6 address'],
    ["ExistingNixosHost.privateAddress", "edge", { privateAddress: "10.80.0.10/16" }, 'ExistingNixosHost "edge".privateAddress: must be an IPv4 or IPv6 address'],
    ["ExistingNixosHost.privateInterface", "edge", { privateInterface: "eth 1" }, /^ExistingNixosHost "edge"\.privateInterface: must be a network interface name such as eth1/],
    ["ExistingNixosHost.user", "edge", { user: "admin" }, /^ExistingNixosHost "edge"\.user: must be root/],
    ["ExistingNixosHost.stateVersion", "edge", { stateVersion: "25.11.1" }, "ExistingNixosHost \"edge\".stateVersion: must be a NixOS release such as 24.05 or 25.11: the host's current system.stateVersion"],
    ["ExistingNixosHost.port", "edge", { port: "22" }, 'ExistingNixosHost "edge".port: must be a port number'],
    ["ExistingNixosHost.hostKey", "edge", { hostKey: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s" }, /^ExistingNixosHost "edge"\.hostKey: must be an SSH public key line/],
    ["ExistingNixosHost.privateKey", "edge", { privateKey: "~/.ssh/id_ed25519" }, /^ExistingNixosHost "edge"\.privateKey: must be an OpenSSH private key/],
    ["ExistingNixosHost.publicKey", "edge", { publicKey: "~/.ssh/id_ed25519.pub" }, /^ExistingNixosHost "edge"\.publicKey: must be an SSH public key line/],
    ["MatrixHomeserver.serverName", "hs", { serverName: "https://example.org" }, 'MatrixHomeserver "hs".serverName: must be a bare domain name, not a URL: drop the scheme (https://)'],
    ["MatrixHomeserver.domain", "hs", { domain: "Matrix.example.org" }, 'MatrixHomeserver "hs".domain: must be lower case'],
    ["MatrixHomeserver.implementation", "hs", { implementation: "dendrite" }, "MatrixHomeserver \"hs\".implementation: must be 'synapse', 'conduit', 'continuwuity' or 'tuwunel'"],
    ["MatrixHomeserver.host", "hs", { host: "mian" }, "MatrixHomeserver \"hs\".host: no host named 'mian' is declared (declared: 'main', 'edge')"],
    ["MatrixHomeserver.registrationEnabled", "hs", { registrationEnabled: "yes" }, 'MatrixHomeserver "hs".registrationEnabled: must be true or false'],
    ["MatrixHomeserver.federationEnabled", "hs", { federationEnabled: "false" }, 'MatrixHomeserver "hs".federationEnabled: must be true or false'],
    ["MatrixHomeserver.federationPort8448", "hs", { federationPort8448: 8448 }, 'MatrixHomeserver "hs".federationPort8448: must be true or false'],
    ["MatrixHomeserver.wellKnownDelegation", "hs", { wellKnownDelegation: "true" }, 'MatrixHomeserver "hs".wellKnownDelegation: must be true or false'],
    ["MatrixHomeserver.maxUploadSize", "hs", { maxUploadSize: "50MB" }, 'MatrixHomeserver "hs".maxUploadSize: must be a size such as 50M, 512K or 1G'],
    ["MatrixHomeserver.adminContact", "hs", { adminContact: "admin" }, 'MatrixHomeserver "hs".adminContact: must be an e-mail address'],
    ["MatrixHomeserver.turn", "hs", { turn: "coturn" }, /^MatrixHomeserver "hs"\.turn: /],
    ["MatrixHomeserver.extraNixosModule", "hs", { extraNixosModule: "" }, 'MatrixHomeserver "hs".extraNixosModule: must not be empty when given'],
    ["MatrixHomeserver.listenPort", "hs", { listenPort: 70000 }, 'MatrixHomeserver "hs".listenPort: must be between 1 and 65535'],
    ["MatrixHomeserver.skipChecks", "hs", { skipChecks: "federation" }, 'MatrixHomeserver "hs".skipChecks: must be a list'],
    ["MatrixHomeserver.admins", "hs", { admins: ["@admin:example.org"] }, /^MatrixHomeserver "hs"\.admins\[0\]: must be a user localpart such as alice/],
    ["MatrixHomeserver.adminPasswordRotation", "hs", { adminPasswordRotation: 1.5 }, 'MatrixHomeserver "hs".adminPasswordRotation: must be a whole number'],
    ["MatrixHomeserver.workers", "hs", { workers: "medium" }, "MatrixHomeserver \"hs\".workers: must be a preset ('none', 'small', 'federation-heavy', 'large-rooms') or a list of { type, count, host }"],
    ["MatrixHomeserver.workerList", "hs", { workerList: [{ type: "sync" }, { type: "typing-writer", count: 2 }] }, 'MatrixHomeserver "hs".workerList[1].count: must be 1: the typing stream takes one writer'],
    ["MatrixHomeserver.allowDataLoss", "hs", { allowDataLoss: "yes" }, 'MatrixHomeserver "hs".allowDataLoss: must be true or false'],
    ["TurnServer.realm", "turn", { realm: "turn.example.org:3478" }, 'TurnServer "turn".realm: must be a bare domain name without a port'],
    ["TurnServer.host", "turn", { host: "egde" }, /^TurnServer "turn"\.host: /],
    ["TurnServer.relayPortFrom", "turn", { relayPortFrom: 50000, relayPortTo: 49000 }, "TurnServer \"turn\".relayPortFrom: must not be greater than to (49000)"],
    ["TurnServer.relayPortTo", "turn", { relayPortTo: 70000 }, 'TurnServer "turn".relayPortTo: must be between 1 and 65535'],
    ["TurnServer.listeningPort", "turn", { listeningPort: "3478" }, 'TurnServer "turn".listeningPort: must be a port number'],
    ["TurnServer.tlsListeningPort", "turn", { tlsListeningPort: 0 }, 'TurnServer "turn".tlsListeningPort: must be between 1 and 65535'],
    ["TurnServer.noTcpRelay", "turn", { noTcpRelay: "yes" }, 'TurnServer "turn".noTcpRelay: must be true or false'],
    ["TurnServer.deniedPeerRanges", "turn", { deniedPeerRanges: ["10.0.0.0/8, 172.16.0.0/12"] }, "TurnServer \"turn\".deniedPeerRanges[0]: must be an address, a CIDR block or an address range 'lo-hi'"],
    ["TurnServer.allowedPeerRanges", "turn", { allowedPeerRanges: "10.0.0.0/8" }, 'TurnServer "turn".allowedPeerRanges: must be a list'],
    ["ElementWeb.domain", "web", { domain: "https://chat.example.org" }, 'ElementWeb "web".domain: must be a bare domain name, not a URL: drop the scheme (https://)'],
    ["ElementWeb.homeserver", "web", { homeserver: "matrix.example.org" }, /^ElementWeb "web"\.homeserver: /],
    ["ElementWeb.host", "web", { host: "nope" }, /^ElementWeb "web"\.host: /],
    ["ElementWeb.config", "web", { config: { defaultTheme: "dark" } }, 'ElementWeb "web".config.defaultTheme: is not a config.json key Element Web reads (see its docs/config.md)'],
    ["Bridge.type", "whatsapp", { type: "whatsapp" }, /^Bridge "whatsapp"\.type: must be one of /],
    ["Bridge.homeserver", "whatsapp", { homeserver: "example.org" }, /^Bridge "whatsapp"\.homeserver: /],
    ["Bridge.host", "whatsapp", { host: "Edge" }, /^Bridge "whatsapp"\.host: /],
    ["Bridge.port", "whatsapp", { port: "29318" }, 'Bridge "whatsapp".port: must be a port number'],
    ["Bridge.userPrefix", "whatsapp", { userPrefix: "@whatsapp_" }, 'Bridge "whatsapp".userPrefix: must hold only a-z, 0-9 and . _ = - /'],
    ["Bridge.botLocalpart", "whatsapp", { botLocalpart: "WhatsApp Bot" }, 'Bridge "whatsapp".botLocalpart: must hold only a-z, 0-9 and . _ = - /'],
    ["Bridge.settings", "whatsapp", { settings: "bridge.displayname_template: x" }, 'Bridge "whatsapp".settings: must be an object'],
    ["Bridge.telegramApiId", "telegram", { telegramApiId: "" }, 'Bridge "telegram".telegramApiId: is required and must not be empty'],
    ["Bridge.telegramApiHash", "telegram", { telegramApiHash: "1234567" }, "Bridge \"telegram\".telegramApiHash: must be Telegram's api_hash: 32 hexadecimal characters (0-9, a-f)"],
    ["Bridge.telegramBotToken", "whatsapp", { telegramBotToken: "123456:ABC" }, 'Bridge "whatsapp".telegramBotToken: only applies to mautrix-telegram bridges'],
    ["Bridge.discordClientId", "discord", { discordClientId: "my-discord-app" }, "Bridge \"discord\".discordClientId: must be the Discord application's numeric client id: digits only"],
    ["Bridge.discordBotToken", "discord", { discordBotToken: "112233445566778899" }, /^Bridge "discord"\.discordBotToken: must be a Discord bot token/],
    ["Bridge.metaNetwork", "whatsapp", { type: "mautrix-meta", metaNetwork: "facebook" }, 'Bridge "whatsapp".metaNetwork: must be one of messenger, instagram'],
    ["Bridge.webhookDomain", "whatsapp", { type: "matrix-hookshot", webhookDomain: "hooks.example.org:443" }, 'Bridge "whatsapp".webhookDomain: must be a bare domain name without a port'],
    ["Bridge.webhookPort", "whatsapp", { type: "matrix-hookshot", webhookPort: "9000" }, 'Bridge "whatsapp".webhookPort: must be a port number'],
    ["ModerationBot.homeserver", "mod", { homeserver: "web" }, "ModerationBot \"mod\".homeserver: no homeserver named 'web' is declared (declared: 'hs')"],
    ["ModerationBot.host", "mod", { host: "Edge" }, /^ModerationBot "mod"\.host: /],
    ["ModerationBot.localpart", "mod", { localpart: "admin" }, "ModerationBot \"mod\".localpart: 'admin' is an admin of homeserver 'hs': the bot needs a user of its own"],
    ["ModerationBot.managementRoom", "mod", { managementRoom: "#moderators:example.net" }, "ModerationBot \"mod\".managementRoom: must be an alias on the bot's homeserver, ending in :example.org"],
    ["ModerationBot.protectedRooms", "mod", { protectedRooms: ["community"] }, "ModerationBot \"mod\".protectedRooms[0]: must be a room ID such as !abc:example.org or an alias such as #community:example.org"],
    ["ModerationBot.accessTokenRotation", "mod", { accessTokenRotation: -1 }, 'ModerationBot "mod".accessTokenRotation: must be 0 or more'],
    ["Bridge.ircNetworks", "irc", { ircNetworks: [{ address: "irc.libera.chat:6697" }] }, 'Bridge "irc".ircNetworks[0].address: must be a bare domain name without a port'],
];

const SETTING_ROWS: readonly (readonly [key: string, value: string, message: string | RegExp])[] = [
    ["nixos-matrix:name", "Matrix", /^config nixos-matrix:name: /],
    ["nixos-matrix:acmeEmail", "admin", /^config nixos-matrix:acmeEmail: /],
    ["nixos-matrix:acmeStaging", "yes", "config nixos-matrix:acmeStaging: must be true or false"],
    ["nixos-matrix:privateNetwork", "10.80.0.0", /^config nixos-matrix:privateNetwork: must be an IPv4 CIDR block/],
    ["nixos-matrix:mesh", "on", "config nixos-matrix:mesh: must be true or false"],
    ["nixos-matrix:meshNetwork", "10.80.128.0/24", "config nixos-matrix:meshNetwork: 10.80.128.0/24 overlaps privateNetwork 10.80.0.0/16; give a block apart from it"],
    ["nixos-matrix:meshEndpoints", "lan", "config nixos-matrix:meshEndpoints: must be 'public' or 'private'"],
    ["nixos-matrix:sshSourceRanges", "203.0.113.0/24", 'config nixos-matrix:sshSourceRanges: must be a JSON list of strings, e.g. ["203.0.113.0/24"]'],
    ["nixos-matrix:dnsZone", "example.org.", /^config nixos-matrix:dnsZone: must be a lower-case zone name without a trailing dot/],
    ["nixos-matrix:createDnsZone", "yes", "config nixos-matrix:createDnsZone: must be true or false"],
    ["nixos-matrix:nixpkgs", '{"url":"http://releases.example.org/nixos-26.05.1.abc/nixexprs.tar.xz","sha256":"1kiwzvfgzxby7c63rfprh27c4mcgg3k0ccw9dvhvm2phcbp5a1vs"}', "config nixos-matrix:nixpkgs.url: must be an https URL: the source is checked by hash, but fetched only over https"],
    ["nixos-matrix:postgresqlVersion", "17.2", "config nixos-matrix:postgresqlVersion: must be a PostgreSQL major version: 14, 15, 16, 17 or 18"],
    ["nixos-matrix:upgradeDumps", "-1", "config nixos-matrix:upgradeDumps: must be a whole number from 1 to 100"],
    ["nixos-matrix:dnsTtl", "30", "config nixos-matrix:dnsTtl: must be a whole number of seconds, at least 60"],
];

/** A valid SFTP backup; each row below spoils one of its settings (or adds a wrong one). */
const SFTP_BACKUP: Readonly<Record<string, string>> = {
    "nixos-matrix:backupRepository": "sftp:backup@repo.example.org:/srv/restic",
    "nixos-matrix:backupSshPrivateKey": DEPLOY_KEY.privateKey,
    "nixos-matrix:backupKnownHosts": `repo.example.org ${HOST_KEY.publicKey}`,
};

const S3_BACKUP: Readonly<Record<string, string>> = {
    "nixos-matrix:backupRepository": "s3:https://fsn1.your-objectstorage.com/matrix-backups",
    "nixos-matrix:backupAccessKeyId": "AKIAEXAMPLE",
    "nixos-matrix:backupSecretAccessKey": "c2VjcmV0LWtleS1leGFtcGxl",
};

/** The secret backup settings, each with the backup it belongs to. */
const SECRET_BACKUP_SETTINGS = [
    ["nixos-matrix:backupAccessKeyId", S3_BACKUP],
    ["nixos-matrix:backupSecretAccessKey", S3_BACKUP],
    ["nixos-matrix:backupSshPrivateKey", SFTP_BACKUP],
] as const;

const BACKUP_ROWS: readonly (readonly [key: string, value: string, message: string | RegExp])[] = [
    ["nixos-matrix:backupRepository", "b2:bucket/path", "config nixos-matrix:backupRepository: must start with s3:https://<endpoint>/<bucket> or sftp:<user>@<host>:/<path>"],
    ["nixos-matrix:backupSchedule", "@daily", "config nixos-matrix:backupSchedule: must be a systemd calendar expression such as daily or *-*-* 03:00:00"],
    ["nixos-matrix:backupKeepDaily", "0", "config nixos-matrix:backupKeepDaily: must be at least 1 (a retention of 0 would delete every snapshot of that kind)"],
    ["nixos-matrix:backupKeepWeekly", "four", "config nixos-matrix:backupKeepWeekly: must be a number, e.g. 300"],
    ["nixos-matrix:backupKeepMonthly", "6.5", "config nixos-matrix:backupKeepMonthly: must be a whole number"],
    ["nixos-matrix:backupKnownHosts", "", "config nixos-matrix:backupKnownHosts: must not be empty"],
];

export const EVERY_ARG_CASES: readonly BadComponentCase[] = [
    ...ROWS.map(([arg, component, args, message]): BadComponentCase => ({
        name: `${arg} = ${JSON.stringify(Object.values(args)[Object.keys(args).indexOf(arg.split(".")[1])] ?? Object.values(args)[0])}`,
        class: "arg",
        arg,
        program: arg === "Bridge.telegramBotToken" ? withArgs(component, args, []) : withArgs(component, args),
        message,
    })),
    ...SETTING_ROWS.map(([key, value, message]): BadComponentCase => ({
        name: `config ${key} = ${JSON.stringify(value)}`,
        class: "arg",
        arg: `config ${key}`,
        program: withConfig({ [key]: value }),
        message,
    })),
    ...BACKUP_ROWS.map(([key, value, message]): BadComponentCase => ({
        name: `config ${key} = ${JSON.stringify(value)}`,
        class: "arg",
        arg: `config ${key}`,
        program: withConfig({ ...SFTP_BACKUP, [key]: value }),
        message,
    })),
    ...SECRET_BACKUP_SETTINGS.flatMap(([key, backup]): BadComponentCase[] => [
        {
            name: `a backup without ${key}`,
            class: "arg",
            arg: `config ${key}`,
            program: withConfig(Object.fromEntries(Object.entries(backup).filter(([k]) => k !== key))),
            message: `config ${key}: is required for an ${backup === S3_BACKUP ? "s3" : "sftp"} repository`,
        },
        {
            name: `a backup with an empty ${key}`,
            class: "arg",
            arg: `config ${key}`,
            program: withConfig({ ...backup, [key]: " " }),
            message: `config ${key}: must not be empty`,
        },
    ]),
    {
        name: "an IRC bridge given a second network without an address",
        class: "arg",
        arg: "Bridge.ircNetworks",
        program: withComponent({ className: "Bridge", name: "irc2", args: { type: "matrix-appservice-irc", host: "edge", homeserver: "hs", port: 8010, userPrefix: "irc2_", botLocalpart: "irc2bot", ircNetworks: [{ name: "OFTC" }] } }),
        message: 'Bridge "irc2".ircNetworks[0].address: is required',
    },
];
