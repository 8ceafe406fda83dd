import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Ports per host: collisions, overlaps, privileged ports and the relay range bounds. */
export const PORT_CASES: readonly BadInput[] = [
    {
        name: "bridge on the Synapse listen port",
        input: variant((s) => (s.bridges[0].port = 8008)),
        message: "bridges[0].port: 8008/tcp collides with homeservers[0].listenPort 8008/tcp (Synapse client listener) on host 'main'",
    },
    {
        name: "bridge on the PostgreSQL port",
        input: variant((s) => (s.bridges[3].port = 5432)),
        message: "bridges[3].port: 5432/tcp collides with homeservers[0] 5432/tcp (PostgreSQL) on host 'main'",
    },
    {
        name: "Synapse listen port on the PostgreSQL port",
        input: variant((s) => (s.homeservers[0].listenPort = 5432)),
        message: "homeservers[0].listenPort: 5432/tcp collides with homeservers[0] 5432/tcp (PostgreSQL) on host 'main'",
    },
    {
        name: "Synapse listen port on 8448 with port8448 on",
        input: variant((s) => {
            s.homeservers[0].federation = { port8448: true };
            s.homeservers[0].listenPort = 8448;
        }),
        message: "homeservers[0].listenPort: 8448/tcp collides with homeservers[0] 8448/tcp (nginx federation) on host 'main'",
    },
    {
        name: "two Synapse homeservers on one host with the default listen port",
        input: variant((s) => s.homeservers.push({ name: "hs2", host: "main", serverName: "example.net" })),
        message: "homeservers[1].listenPort: 8008/tcp collides with homeservers[0].listenPort 8008/tcp (Synapse client listener) on host 'main'",
    },
    {
        name: "Tuwunel beside a Conduit on one host, both on the default listen port",
        input: variant((s) => {
            s.homeservers.push({ name: "hs2", host: "edge", serverName: "example.net", implementation: "conduit" });
            s.homeservers.push({ name: "hs3", host: "edge", serverName: "example.com", implementation: "tuwunel" });
        }),
        message: "homeservers[2].listenPort: 6167/tcp collides with homeservers[1].listenPort 6167/tcp (Conduit client listener) on host 'edge'",
    },
    {
        name: "bridge on the default Conduit listen port",
        input: variant((s) => {
            s.homeservers.push({ name: "hs2", host: "edge", serverName: "example.net", implementation: "conduit" });
            s.bridges[1].port = 6167;
        }),
        message: "bridges[1].port: 6167/tcp collides with homeservers[1].listenPort 6167/tcp (Conduit client listener) on host 'edge'",
    },
    {
        name: "homeserver listen port below 1024",
        input: variant((s) => (s.homeservers[0].listenPort = 999)),
        message: "homeservers[0].listenPort: must be 1024 or above: the homeserver runs as an unprivileged user",
    },
    {
        name: "bridge port below 1024",
        input: variant((s) => (s.bridges[1].port = 1000)),
        message: "bridges[1].port: must be 1024 or above: the bridge runs as an unprivileged user",
    },
    {
        name: "relay range reaching below 1024",
        input: variant((s) => (s.turnServers[0].relayRange = { from: 100, to: 2000 })),
        message: "turnServers[0].relayRange: 100-2000 must lie within 1024-65535",
    },
    {
        name: "TURN listening and TLS ports equal",
        input: variant((s) => (s.turnServers[0].tlsListeningPort = 3478)),
        message: "turnServers[0].tlsListeningPort: 3478/tcp+udp collides with turnServers[0].listeningPort 3478/tcp+udp (TURN) on host 'edge'",
    },
    {
        name: "TURN listening port inside its relay range",
        input: variant((s) => (s.turnServers[0].listeningPort = 49500)),
        message: "turnServers[0].relayRange: 49000-50000/udp overlaps turnServers[0].listeningPort 49500/tcp+udp (TURN) on host 'edge'",
    },
    {
        name: "TCP relay range over a bridge port",
        input: variant((s) => {
            s.turnServers[0].noTcpRelay = false;
            s.bridges[1].port = 49500;
        }),
        message: "bridges[1].port: 49500/tcp overlaps turnServers[0].relayRange 49000-50000/tcp+udp (TURN relay) on host 'edge'",
    },
    {
        name: "two TURN servers on one host with overlapping relay ranges",
        input: variant((s) =>
            s.turnServers.push({
                name: "turn2",
                host: "edge",
                realm: "turn2.example.org",
                listeningPort: 3479,
                tlsListeningPort: 5350,
                relayRange: { from: 49900, to: 50100 },
            }),
        ),
        message: "turnServers[1].relayRange: 49900-50100/udp overlaps turnServers[0].relayRange 49000-50000/udp (TURN relay) on host 'edge'",
    },
    {
        name: "TURN over TLS on 443 beside nginx",
        input: variant((s) => {
            s.turnServers[0].host = "main";
            s.turnServers[0].tlsListeningPort = 443;
        }),
        message: "turnServers[0].tlsListeningPort: 443/tcp+udp collides with homeservers[0] 443/tcp (nginx HTTPS) on host 'main'",
    },
    {
        name: "TURN on 80 where its certificate needs standalone HTTP-01",
        input: variant((s) => (s.turnServers[0].listeningPort = 80)),
        message: "turnServers[0].listeningPort: 80/tcp+udp collides with turnServers[0] 80/tcp (ACME HTTP-01 for the TURN certificate) on host 'edge'",
    },
    {
        name: "bridge on an existing host's SSH port",
        input: variant((s) => (s.hosts[1].port = 29318)),
        message: "bridges[1].port: 29318/tcp collides with hosts[1].port 29318/tcp (SSH) on host 'edge'",
    },
    {
        name: "two bridges on one port",
        input: variant((s) => (s.bridges[3].port = 29317)),
        message: "bridges[3].port: 29317/tcp collides with bridges[0].port 29317/tcp (mautrix-telegram appservice) on host 'main'",
    },
    {
        name: "hookshot webhook port on another bridge's port",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookPort: 29317 })),
        message: "bridges[4].webhookPort: 29317/tcp collides with bridges[0].port 29317/tcp (mautrix-telegram appservice) on host 'main'",
    },
    {
        name: "hookshot webhook port below 1024",
        input: variant((s) => s.bridges.push({ id: "hooks", type: "matrix-hookshot", host: "main", homeserver: "hs", webhookPort: 900 })),
        message: "bridges[4].webhookPort: must be 1024 or above, like every bridge port",
    },
    {
        name: "TURN relay range over the mesh's WireGuard port",
        input: variant((s) => (s.turnServers[0].relayRange = { from: 51000, to: 52000 })),
        message: "turnServers[0].relayRange: 51000-52000/udp overlaps hosts[1] 51820/udp (WireGuard mesh) on host 'edge'",
    },
];
