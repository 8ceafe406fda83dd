import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

/** Field shapes of homeservers, TURN servers and Element. */
export const SERVICE_FIELD_CASES: readonly BadInput[] = [
    {
        name: "homeserver unknown key",
        input: variant((s) => (s.homeservers[0].server_name = "example.org")),
        message: "homeservers[0].server_name: is not a known field",
    },
    {
        name: "homeserver implementation unknown",
        input: variant((s) => (s.homeservers[0].implementation = "dendrite")),
        message: "homeservers[0].implementation: must be 'synapse', 'conduit', 'continuwuity' or 'tuwunel'",
    },
    {
        name: "homeserver implementation conduwuit (the forks' archived origin)",
        input: variant((s) => (s.homeservers[0].implementation = "conduwuit")),
        message: "homeservers[0].implementation: must be 'synapse', 'conduit', 'continuwuity' or 'tuwunel'",
    },
    {
        name: "homeserver implementation in capitals",
        input: variant((s) => (s.homeservers[0].implementation = "Tuwunel")),
        message: "homeservers[0].implementation: must be 'synapse', 'conduit', 'continuwuity' or 'tuwunel'",
    },
    {
        name: "registrationEnabled as a string",
        input: variant((s) => (s.homeservers[0].registrationEnabled = "yes")),
        message: "homeservers[0].registrationEnabled: must be true or false",
    },
    {
        name: "maxUploadSize with unit suffix B",
        input: variant((s) => (s.homeservers[0].maxUploadSize = "50MB")),
        message: "homeservers[0].maxUploadSize: must be a size such as 50M, 512K or 1G",
    },
    {
        name: "adminContact not an e-mail",
        input: variant((s) => (s.homeservers[0].adminContact = "admin")),
        message: "homeservers[0].adminContact: must be an e-mail address",
    },
    {
        name: "listenPort above 65535",
        input: variant((s) => (s.homeservers[0].listenPort = 70000)),
        message: "homeservers[0].listenPort: must be between 1 and 65535",
    },
    {
        name: "listenPort fractional",
        input: variant((s) => (s.homeservers[0].listenPort = 8008.5)),
        message: "homeservers[0].listenPort: must be an integer",
    },
    {
        name: "federation unknown key",
        input: variant((s) => (s.homeservers[0].federation = { port: 8448 })),
        message: "homeservers[0].federation.port: is not a known field",
    },
    {
        name: "skipChecks names an unknown check",
        input: variant((s) => (s.homeservers[0].skipChecks = ["federation", "dns"])),
        message: "homeservers[0].skipChecks[1]: must be one of 'bridges', 'turn', 'federation', 'client-discovery', 'element', 'certificates', 'backup'",
    },
    {
        name: "skipChecks names a check twice",
        input: variant((s) => (s.homeservers[0].skipChecks = ["turn", "turn"])),
        message: "homeservers[0].skipChecks: must not name a check twice",
    },
    {
        name: "skipChecks not a list",
        input: variant((s) => (s.homeservers[0].skipChecks = "federation")),
        message: /^homeservers\[0\]\.skipChecks: /,
    },
    {
        name: "extraNixosModule empty",
        input: variant((s) => (s.homeservers[0].extraNixosModule = "")),
        message: "homeservers[0].extraNixosModule: must not be empty when given",
    },
    {
        name: "relay range reversed",
        input: variant((s) => (s.turnServers[0].relayRange = { from: 50000, to: 49000 })),
        message: "turnServers[0].relayRange.from: must not be greater than to (49000)",
    },
    {
        name: "relay range without end",
        input: variant((s) => (s.turnServers[0].relayRange = { from: 49000 })),
        message: "turnServers[0].relayRange.to: is required",
    },
    {
        name: "relay range unknown key",
        input: variant((s) => (s.turnServers[0].relayRange = { from: 49000, to: 50000, protocol: "udp" })),
        message: "turnServers[0].relayRange.protocol: is not a known field",
    },
    {
        name: "TURN port as a string",
        input: variant((s) => (s.turnServers[0].listeningPort = "3478")),
        message: "turnServers[0].listeningPort: must be a port number",
    },
    {
        name: "TURN port 0",
        input: variant((s) => (s.turnServers[0].tlsListeningPort = 0)),
        message: "turnServers[0].tlsListeningPort: must be between 1 and 65535",
    },
    {
        name: "denied peer range not an address",
        input: variant((s) => (s.turnServers[0].deniedPeerRanges = ["private"])),
        message: "turnServers[0].deniedPeerRanges[0]: must be an address, a CIDR block or an address range 'lo-hi'",
    },
    {
        name: "Element domain missing",
        input: variant((s) => delete s.elements[0].domain),
        message: "elements[0].domain: is required",
    },
    {
        name: "Element config sets default_server_config",
        input: variant((s) => (s.elements[0].config = { default_server_config: {} })),
        message: "elements[0].config.default_server_config: must not be set: it is generated from the homeserver",
    },
    {
        name: "Element config not an object",
        input: variant((s) => (s.elements[0].config = "dark")),
        message: "elements[0].config: must be an object",
    },
    {
        name: "admins with a full user ID",
        input: variant((s) => (s.homeservers[0].admins = ["@alice:example.org"])),
        message: "homeservers[0].admins[0]: must be a user localpart such as alice: a-z, 0-9, '.', '_' and '-', starting with a letter or digit (at most 64 characters)",
    },
    {
        name: "admins with upper case",
        input: variant((s) => (s.homeservers[0].admins = ["Alice"])),
        message: /^homeservers\[0\]\.admins\[0\]: must be a user localpart such as alice/,
    },
    {
        name: "admins naming one twice",
        input: variant((s) => (s.homeservers[0].admins = ["alice", "alice"])),
        message: "homeservers[0].admins: must not name an admin twice",
    },
    {
        name: "admins as one string",
        input: variant((s) => (s.homeservers[0].admins = "alice")),
        message: 'homeservers[0].admins: must be a list of user localparts such as ["alice"]',
    },
    {
        name: "adminPasswordRotation on Conduit",
        input: variant((s) => {
            s.homeservers[0].implementation = "conduit";
            s.homeservers[0].admins = ["alice"];
            s.homeservers[0].adminPasswordRotation = 1;
        }),
        message: "homeservers[0].adminPasswordRotation: rotating admin passwords on Conduit is not supported: only on Synapse",
    },
    {
        name: "adminPasswordRotation on continuwuity",
        input: variant((s) => {
            s.homeservers[0].implementation = "continuwuity";
            s.homeservers[0].admins = ["alice"];
            s.homeservers[0].adminPasswordRotation = 2;
        }),
        message: "homeservers[0].adminPasswordRotation: rotating admin passwords on continuwuity is not supported: only on Synapse",
    },
    {
        name: "open registration on Conduit",
        input: variant((s) => {
            s.homeservers[0].implementation = "conduit";
            s.homeservers[0].registrationEnabled = true;
            s.bridges = [];
        }),
        message: "homeservers[0].registrationEnabled: open registration on Conduit is not supported: it takes the stack's registration token there, so only Synapse registers openly",
    },
    {
        name: "adminPasswordRotation negative",
        input: variant((s) => (s.homeservers[0].adminPasswordRotation = -1)),
        message: "homeservers[0].adminPasswordRotation: must be 0 or more",
    },
    {
        name: "adminPasswordRotation as a string",
        input: variant((s) => (s.homeservers[0].adminPasswordRotation = "1")),
        message: "homeservers[0].adminPasswordRotation: must be a whole number",
    },
];
