import { describe, expect, it } from "vitest";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { variant, type Draft } from "./base-stack";

/** Inputs close to a rule's edge that a rule must not refuse. */
const ACCEPTED: readonly (readonly [string, (s: Draft) => void])[] = [
    ["domain omitted (defaults to serverName)", (s) => delete s.homeservers[0].domain],
    ["delegation on while domain equals serverName", (s) => {
        delete s.homeservers[0].domain;
        s.homeservers[0].wellKnownDelegation = true;
    }],
    ["delegation off with federation on port 8448", (s) => {
        s.homeservers[0].wellKnownDelegation = false;
        s.homeservers[0].federation = { port8448: true };
    }],
    ["delegation off with federation disabled", (s) => {
        s.homeservers[0].wellKnownDelegation = false;
        s.homeservers[0].federation = { enabled: false };
    }],
    ["the large-rooms worker preset", (s) => (s.homeservers[0].workers = "large-rooms")],
    ["workers on another host, media workers beside the store", (s) =>
        (s.homeservers[0].workers = [{ type: "sync", count: 2, host: "edge" }, { type: "media-repository", count: 2, host: "main" }])],
    ["two event persisters and two receipts writers", (s) => (s.homeservers[0].workers = [{ type: "event-persister", count: 2 }, { type: "receipts-writer", count: 2 }])],
    ["64 workers, the whole port range", (s) => (s.homeservers[0].workers = [{ type: "sync", count: 64 }])],
    ["TURN beside nginx with a realm of its own", (s) => (s.turnServers[0].host = "main")],
    ["UDP relay range over a TCP bridge port", (s) => (s.bridges[1].port = 49500)],
    ["two Synapse homeservers sharing nginx and PostgreSQL on one host", (s) =>
        s.homeservers.push({ name: "hs2", host: "main", serverName: "example.net", listenPort: 8010 })],
    ["same port for bridges on different hosts", (s) => (s.bridges[1].port = 29317)],
    ["same user prefix for bridges on different homeservers", (s) => {
        s.homeservers.push({ name: "hs2", host: "edge", serverName: "example.net" });
        s.bridges.push({ ...s.bridges[0], id: "telegram2", host: "edge", homeserver: "hs2" });
    }],
    ["a bot inside its own bridge's namespace", (s) => (s.bridges[0].botLocalpart = "telegram_bot")],
    ["Telegram apiId as a number", (s) => (s.bridges[0].credentials.apiId = 1234567)],
    ["credentials as opaque values (Pulumi outputs)", (s) => {
        s.bridges[0].credentials.apiId = { secret: true };
        s.bridges[3].credentials.clientId = { secret: true };
    }],
    ["private network 172.16.0.0/12", (s) => (s.privateNetwork = "172.16.0.0/12")],
    ["private network 192.168.10.0/24", (s) => (s.privateNetwork = "192.168.10.0/24")],
    ["existing host without private address", (s) => delete s.hosts[1].privateAddress],
    ["existing host SSH on another port", (s) => (s.hosts[1].port = 2222)],
    ["host key read from a .pub file, with its comment and newline", (s) => (s.hosts[1].hostKey = `${s.hosts[1].hostKey} root@edge\n`)],
    ["an IRC network on two bridges", (s) => s.bridges.push({ ...s.bridges[2], id: "irc2", host: "main", port: 8010, userPrefix: "irc2_", botLocalpart: "irc2bot" })],
];

describe("inputs at the edge of a rule", () => {
    it.each(ACCEPTED)("accepts %s", (_name, edit) => {
        expect(() => parseStackSpec(variant(edit))).not.toThrow();
    });
});
