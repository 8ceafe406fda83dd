import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

const ONE_SERVICE = "each domain in the stack belongs to one service";

/** A second Synapse homeserver on `main`, on its own listen port so only the domain rule fires. */
function secondHomeserver(serverName: string, domain: string) {
    return { name: "hs2", host: "main", serverName, domain, listenPort: 8010 };
}

/** Every domain belongs to one service; federation stays reachable. */
export const DOMAIN_CLAIM_CASES: readonly BadInput[] = [
    {
        name: "two homeservers share a serverName",
        input: variant((s) => s.homeservers.push(secondHomeserver("example.org", "matrix2.example.org"))),
        message: `homeservers[1].serverName: 'example.org' is already homeservers[0].serverName: ${ONE_SERVICE}`,
    },
    {
        name: "two homeservers share a domain",
        input: variant((s) => s.homeservers.push(secondHomeserver("example.net", "matrix.example.org"))),
        message: `homeservers[1].domain: 'matrix.example.org' is already homeservers[0].domain: ${ONE_SERVICE}`,
    },
    {
        name: "a homeserver's serverName is another's domain",
        input: variant((s) => s.homeservers.push(secondHomeserver("matrix.example.org", "hs2.example.org"))),
        message: `homeservers[1].serverName: 'matrix.example.org' is already homeservers[0].domain: ${ONE_SERVICE}`,
    },
    {
        name: "hookshot webhooks on the homeserver domain",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookDomain: "matrix.example.org" })),
        message: `bridges[4].webhookDomain: 'matrix.example.org' is already homeservers[0].domain: ${ONE_SERVICE}`,
    },
    {
        name: "Element on the homeserver domain",
        input: variant((s) => (s.elements[0].domain = "matrix.example.org")),
        message: `elements[0].domain: 'matrix.example.org' is already homeservers[0].domain: ${ONE_SERVICE}`,
    },
    {
        name: "Element on the homeserver serverName",
        input: variant((s) => (s.elements[0].domain = "example.org")),
        message: `elements[0].domain: 'example.org' is already homeservers[0].serverName: ${ONE_SERVICE}`,
    },
    {
        name: "Element on the TURN realm",
        input: variant((s) => (s.elements[0].domain = "turn.example.org")),
        message: `elements[0].domain: 'turn.example.org' is already turnServers[0].realm: ${ONE_SERVICE}`,
    },
    {
        name: "two Elements on one domain",
        input: variant((s) => s.elements.push({ ...s.elements[0], name: "web2" })),
        message: `elements[1].domain: 'chat.example.org' is already elements[0].domain: ${ONE_SERVICE}`,
    },
    {
        name: "TURN realm is the homeserver domain (TURN on another host)",
        input: variant((s) => (s.turnServers[0].realm = "matrix.example.org")),
        message: `turnServers[0].realm: 'matrix.example.org' is already homeservers[0].domain: ${ONE_SERVICE}`,
    },
    {
        name: "TURN realm is an nginx vhost on its own host",
        input: variant((s) => {
            s.turnServers[0].host = "main";
            s.turnServers[0].realm = "example.org";
        }),
        message: `turnServers[0].realm: 'example.org' is already homeservers[0].serverName: ${ONE_SERVICE}`,
    },
    {
        name: "port 8448 without federation",
        input: variant((s) => (s.homeservers[0].federation = { enabled: false, port8448: true })),
        message: "homeservers[0].federation.port8448: is true while federation.enabled is false",
    },
    {
        name: "delegation off while domain differs from serverName",
        input: variant((s) => (s.homeservers[0].wellKnownDelegation = false)),
        message:
            "homeservers[0].wellKnownDelegation: is false while domain 'matrix.example.org' differs from serverName 'example.org': " +
            "other servers would not find this homeserver; leave it unset, set federation.port8448, or disable federation",
    },
];
