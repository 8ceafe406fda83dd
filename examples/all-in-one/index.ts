/**
 * Everything on one Hetzner VM: Synapse, coturn, Element Web and four bridges.
 * Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk";

const config = new pulumi.Config();
const serverName = config.get("serverName") ?? "example.org";

const host = new HetznerNixosHost("matrix", {
    location: config.get("location") ?? "nbg1",
    serverType: config.get("serverType") ?? "cx33",
});

const homeserver = new MatrixHomeserver("hs", {
    host: "matrix",
    serverName,
    domain: `matrix.${serverName}`,
    turn: "turn",
    adminContact: `admin@${serverName}`,
});

const turn = new TurnServer("turn", { host: "matrix", realm: `turn.${serverName}` });

const element = new ElementWeb("element", { host: "matrix", domain: `element.${serverName}`, homeserver: "hs" });

new Bridge("telegram", {
    type: "mautrix-telegram",
    host: "matrix",
    homeserver: "hs",
    telegramApiId: config.requireSecret("telegramApiId"),
    telegramApiHash: config.requireSecret("telegramApiHash"),
});

new Bridge("whatsapp", { type: "mautrix-whatsapp", host: "matrix", homeserver: "hs" });

new Bridge("irc", {
    type: "matrix-appservice-irc",
    host: "matrix",
    homeserver: "hs",
    ircNetworks: [{ address: "irc.libera.chat", name: "Libera", channels: ["#nixos", "#matrix"] }],
});

new Bridge("discord", {
    type: "matrix-appservice-discord",
    host: "matrix",
    homeserver: "hs",
    discordClientId: config.requireSecret("discordClientId"),
    discordBotToken: config.requireSecret("discordBotToken"),
});

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
export const elementUrl = element.url;
export const turnUris = turn.uris;
export const ipv4Address = host.ipv4Address;
export const ipv6Address = host.ipv6Address;
export const dnsRecords = host.dnsRecords;
