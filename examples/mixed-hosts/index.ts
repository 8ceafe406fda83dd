/**
 * A Hetzner VM for the homeserver and a NixOS machine of your own (at home, at another
 * provider) for the bridges, in one stack. The two share no network: the bridges'
 * appservice ports open only on the WireGuard mesh the stack builds between them, and
 * Synapse reaches them at their mesh address.
 * Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, ExistingNixosHost, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk";

const config = new pulumi.Config();
const serverName = config.get("serverName") ?? "example.org";

const home = new HetznerNixosHost("home", { location: "fsn1" });

const bridgeBox = new ExistingNixosHost("bridgebox", {
    address: config.get("bridgeBoxAddress") ?? "198.51.100.20",
    hostKey: config.require("bridgeBoxHostKey"),
    privateKey: config.requireSecret("sshPrivateKey"),
    publicKey: config.require("sshPublicKey"),
});

const homeserver = new MatrixHomeserver("hs", {
    host: "home",
    serverName,
    domain: `matrix.${serverName}`,
    turn: "turn",
});
new TurnServer("turn", { host: "home", realm: `turn.${serverName}` });
new ElementWeb("element", { host: "home", domain: `element.${serverName}`, homeserver: "hs" });

new Bridge("telegram", {
    type: "mautrix-telegram",
    host: "bridgebox",
    homeserver: "hs",
    telegramApiId: config.requireSecret("telegramApiId"),
    telegramApiHash: config.requireSecret("telegramApiHash"),
});
new Bridge("whatsapp", { type: "mautrix-whatsapp", host: "bridgebox", homeserver: "hs" });

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
/** The mesh addresses: where each host reaches the other. */
export const meshAddresses = { home: home.privateAddress, bridgebox: bridgeBox.privateAddress };
export const dnsRecords = home.dnsRecords;
