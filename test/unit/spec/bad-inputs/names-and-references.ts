import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Unique names and ids, references between entries, existing hosts' addresses. */
export const NAME_CASES: readonly BadInput[] = [
    {
        name: "duplicate host name",
        input: variant((s) => s.hosts.push({ name: "main", provider: "hetzner" })),
        message: "hosts[2].name: duplicate host name 'main' (also hosts[0])",
    },
    {
        name: "Element named like the homeserver",
        input: variant((s) => (s.elements[0].name = "hs")),
        message: "elements[0].name: duplicate service name 'hs' (also homeservers[0])",
    },
    {
        name: "TURN server named like the Element",
        input: variant((s) => {
            s.turnServers[0].name = "web";
            s.homeservers[0].turn = "web";
        }),
        message: "elements[0].name: duplicate service name 'web' (also turnServers[0])",
    },
    {
        name: "duplicate bridge id",
        input: variant((s) => (s.bridges[3].id = "telegram")),
        message: "bridges[3].id: duplicate bridge id 'telegram' (also bridges[0])",
    },
    {
        name: "homeserver on an undeclared host",
        input: variant((s) => (s.homeservers[0].host = "mian")),
        message: "homeservers[0].host: no host named 'mian' is declared (declared: 'main', 'edge')",
    },
    {
        name: "TURN server on an undeclared host",
        input: variant((s) => (s.turnServers[0].host = "turn")),
        message: "turnServers[0].host: no host named 'turn' is declared (declared: 'main', 'edge')",
    },
    {
        name: "Element on an undeclared host",
        input: variant((s) => (s.elements[0].host = "web")),
        message: "elements[0].host: no host named 'web' is declared (declared: 'main', 'edge')",
    },
    {
        name: "bridge on an undeclared host",
        input: variant((s) => (s.bridges[1].host = "bridges")),
        message: "bridges[1].host: no host named 'bridges' is declared (declared: 'main', 'edge')",
    },
    {
        name: "Element pointing at an undeclared homeserver",
        input: variant((s) => (s.elements[0].homeserver = "synapse")),
        message: "elements[0].homeserver: no homeserver named 'synapse' is declared (declared: 'hs')",
    },
    {
        name: "bridge pointing at an undeclared homeserver",
        input: variant((s) => (s.bridges[1].homeserver = "hs2")),
        message: "bridges[1].homeserver: no homeserver named 'hs2' is declared (declared: 'hs')",
    },
    {
        name: "homeserver pointing at an undeclared TURN server",
        input: variant((s) => (s.homeservers[0].turn = "coturn")),
        message: "homeservers[0].turn: no TURN server named 'coturn' is declared (declared: 'turn')",
    },
    {
        name: "homeserver pointing at a TURN server when none is declared",
        input: variant((s) => (s.turnServers = [])),
        message: "homeservers[0].turn: no TURN server named 'turn' is declared (declared: none)",
    },
    {
        name: "two existing hosts with one address",
        input: variant((s) => s.hosts.push({ ...s.hosts[1], name: "edge2", privateAddress: undefined })),
        message: "hosts[2].address: '203.0.113.10' is already hosts[1].address",
    },
    {
        name: "existing host's private address is another host's address",
        input: variant((s) => s.hosts.push({ ...s.hosts[1], name: "edge2", address: "203.0.113.11" })),
        message: "hosts[2].privateAddress: '10.80.0.10' is already hosts[1].privateAddress",
    },
    {
        name: "two existing hosts with one IPv6 address spelt two ways",
        input: variant((s) => {
            s.hosts[1].address = "2001:db8::10";
            s.hosts.push({ ...s.hosts[1], name: "edge2", address: "2001:DB8:0:0::10", privateAddress: "10.80.0.11" });
        }),
        message: "hosts[2].address: '2001:DB8:0:0::10' is already hosts[1].address",
    },
    {
        name: "existing host with a remote homeserver's bridges, no mesh and no private interface",
        input: variant((s) => {
            s.mesh = false;
            delete s.hosts[1].privateInterface;
        }),
        message:
            "hosts[1].privateInterface: is required: this host runs bridge 'whatsapp', bridge 'irc', reached from another host, " +
            "and mesh is false; give this host's network interface on your private network, e.g. eth1, or turn the mesh on",
    },
    {
        name: "existing host's private interface with a space",
        input: variant((s) => (s.hosts[1].privateInterface = "eth 1")),
        message: "hosts[1].privateInterface: must be a network interface name such as eth1 (at most 15 letters, digits, '.', '-' or '_')",
    },
    {
        name: "existing host's private interface is loopback",
        input: variant((s) => (s.hosts[1].privateInterface = "lo")),
        message: "hosts[1].privateInterface: must not be lo: loopback is not a network other hosts reach",
    },
];
