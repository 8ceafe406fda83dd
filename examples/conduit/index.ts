/**
 * Conduit (RocksDB) with coturn and Element Web on one Hetzner VM. The server name is the
 * host name itself, so no `.well-known` delegation is needed.
 * Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk";

const config = new pulumi.Config();
const domain = config.get("domain") ?? "example.net";

const host = new HetznerNixosHost("conduit", { serverType: config.get("serverType") ?? "cx23", volumeSizeGb: 20 });

const homeserver = new MatrixHomeserver("hs", {
    host: "conduit",
    implementation: "conduit",
    serverName: `conduit.${domain}`,
    turn: "turn",
});

const turn = new TurnServer("turn", { host: "conduit", realm: `turn.${domain}` });

const element = new ElementWeb("element", {
    host: "conduit",
    domain: `element.${domain}`,
    homeserver: "hs",
    config: { default_theme: "dark" },
});

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
export const elementUrl = element.url;
export const turnUris = turn.uris;
export const ipv4Address = host.ipv4Address;
export const dnsRecords = host.dnsRecords;
