/**
 * Conduit (RocksDB) with coturn, Element Web and the Telegram bridge on one Hetzner VM. The
 * server name is the host name itself, so no `.well-known` delegation is needed. The deploy
 * registers the bridge through Conduit's admin room and creates the first admin `admin`.
 * Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk";

const config = new pulumi.Config();
const domain = config.get("domain") ?? "example.net";

const host = new HetznerNixosHost("conduit", { serverType: config.get("serverType") ?? "cx23", volumeSizeGb: 20 });

const homeserver = new MatrixHomeserver("hs", {
    host: "conduit",
    implementation: "conduit",
    serverName: `conduit.${domain}`,
    turn: "turn",
    admins: ["admin"],
});

const turn = new TurnServer("turn", { host: "conduit", realm: `turn.${domain}` });

const element = new ElementWeb("element", {
    host: "conduit",
    domain: `element.${domain}`,
    homeserver: "hs",
    config: { default_theme: "dark" },
});

new Bridge("telegram", {
    type: "mautrix-telegram",
    host: "conduit",
    homeserver: "hs",
    telegramApiId: config.requireSecret("telegramApiId"),
    telegramApiHash: config.requireSecret("telegramApiHash"),
});

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
export const elementUrl = element.url;
/** The first admin's user ID and generated password (secret): `pulumi stack output --show-secrets adminPasswords`. */
export const adminPasswords = homeserver.adminPasswords;
export const turnUris = turn.uris;
export const ipv4Address = host.ipv4Address;
export const dnsRecords = host.dnsRecords;
