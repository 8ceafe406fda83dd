/**
 * Synapse with workers on two Hetzner VMs: the homeserver host keeps the main process,
 * PostgreSQL, Redis, the media repository and nginx; the worker host runs sync and client
 * reader workers, an event persister and the federation sender. They meet on the stack's
 * private network. Outside this repository, import from "nixos-matrix" instead of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { HetznerNixosHost, MatrixHomeserver } from "../../sdk";

const config = new pulumi.Config();
const serverName = config.get("serverName") ?? "example.com";
const location = config.get("location") ?? "fsn1";

const home = new HetznerNixosHost("home", { location, serverType: "cpx32", volumeSizeGb: 50 });
const workerHost = new HetznerNixosHost("workers", { location, serverType: "cpx32", volumeSizeGb: 0 });

const homeserver = new MatrixHomeserver("hs", {
    host: "home",
    serverName,
    domain: `matrix.${serverName}`,
    workerList: [
        { type: "sync", count: 2, host: "workers" },
        { type: "client-reader", count: 2, host: "workers" },
        { type: "event-persister", host: "workers" },
        { type: "federation-sender", host: "workers" },
        { type: "federation-reader" },
        { type: "media-repository" },
    ],
});

export const homeserverUrl = homeserver.url;
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
export const addresses = { home: home.ipv4Address, workers: workerHost.ipv4Address };
