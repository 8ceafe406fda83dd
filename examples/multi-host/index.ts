/**
 * Four Hetzner VMs on one private network: the homeserver, TURN, the bridges and
 * Element Web each on their own. Bridges register with Synapse across hosts: the library
 * writes each registration to both ends before the homeserver switches.
 * Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk";

const config = new pulumi.Config();
const serverName = config.get("serverName") ?? "example.com";
const location = config.get("location") ?? "fsn1";

const home = new HetznerNixosHost("home", { location, serverType: "cpx32", volumeSizeGb: 50 });
const turnHost = new HetznerNixosHost("turn", { location, serverType: "cx23" });
const bridges = new HetznerNixosHost("bridges", { location, serverType: "cx33" });
const web = new HetznerNixosHost("web", { location, serverType: "cx23", volumeSizeGb: 0 });

const homeserver = new MatrixHomeserver("hs", {
    host: "home",
    serverName,
    domain: `matrix.${serverName}`,
    federationPort8448: true,
    turn: "turn",
});

const turn = new TurnServer("turn", { host: "turn", realm: `turn.${serverName}`, relayPortFrom: 50000, relayPortTo: 50999 });

const element = new ElementWeb("element", { host: "web", domain: `chat.${serverName}`, homeserver: "hs" });

new Bridge("telegram", {
    type: "mautrix-telegram",
    host: "bridges",
    homeserver: "hs",
    telegramApiId: config.requireSecret("telegramApiId"),
    telegramApiHash: config.requireSecret("telegramApiHash"),
});
new Bridge("whatsapp", { type: "mautrix-whatsapp", host: "bridges", homeserver: "hs" });
new Bridge("irc", {
    type: "matrix-appservice-irc",
    host: "bridges",
    homeserver: "hs",
    ircNetworks: [{ address: "irc.libera.chat", channels: ["#nixos"] }],
});
new Bridge("discord", {
    type: "matrix-appservice-discord",
    host: "bridges",
    homeserver: "hs",
    discordClientId: config.requireSecret("discordClientId"),
    discordBotToken: config.requireSecret("discordBotToken"),
});

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
export const elementUrl = element.url;
export const turnUris = turn.uris;
export const addresses = {
    home: home.ipv4Address,
    turn: turnHost.ipv4Address,
    bridges: bridges.ipv4Address,
    web: web.ipv4Address,
};
export const dnsRecords = pulumi
    .all([home.dnsRecords, turnHost.dnsRecords, web.dnsRecords])
    .apply((lists) => lists.flat());
