/**
 * Bring your own NixOS machines: no cloud resources, only SSH. `alpha` runs Synapse,
 * coturn and Element Web; `beta` runs the Telegram and WhatsApp bridges, which register
 * with Synapse on `alpha` over the stack's WireGuard mesh.
 * Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, ExistingNixosHost, MatrixHomeserver, TurnServer } from "../../sdk";

const config = new pulumi.Config();
const serverName = config.get("serverName") ?? "example.org";
// One deploy key logs in to both machines; every bundle keeps its public half authorized.
const privateKey = config.requireSecret("sshPrivateKey");
const publicKey = config.require("sshPublicKey");

const alpha = new ExistingNixosHost("alpha", {
    address: config.get("alphaAddress") ?? "203.0.113.10",
    privateAddress: config.get("alphaPrivateAddress") ?? "10.80.0.10",
    hostKey: config.require("alphaHostKey"),
    privateKey,
    publicKey,
});

const beta = new ExistingNixosHost("beta", {
    address: config.get("betaAddress") ?? "203.0.113.11",
    privateAddress: config.get("betaPrivateAddress") ?? "10.80.0.11",
    // Used only with `nixos-matrix:mesh` false: then the bridges' ports open on this
    // interface only, the one carrying 10.80.0.11. With the mesh they open on wg-matrix.
    privateInterface: config.get("betaPrivateInterface") ?? "eth1",
    hostKey: config.require("betaHostKey"),
    privateKey,
    publicKey,
});

const homeserver = new MatrixHomeserver("hs", {
    host: "alpha",
    serverName,
    domain: `matrix.${serverName}`,
    turn: "turn",
});
new TurnServer("turn", { host: "alpha", realm: `turn.${serverName}` });
new ElementWeb("element", { host: "alpha", domain: `element.${serverName}`, homeserver: "hs" });

new Bridge("telegram", {
    type: "mautrix-telegram",
    host: "beta",
    homeserver: "hs",
    telegramApiId: config.requireSecret("telegramApiId"),
    telegramApiHash: config.requireSecret("telegramApiHash"),
});
new Bridge("whatsapp", { type: "mautrix-whatsapp", host: "beta", homeserver: "hs" });

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
// Point these at alpha in whatever DNS you use.
export const dnsRecords = pulumi.all([alpha.dnsRecords, beta.dnsRecords]).apply((lists) => lists.flat());
