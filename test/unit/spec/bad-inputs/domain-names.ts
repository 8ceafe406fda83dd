import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

const LABEL_RULE = "each label must be 1-63 characters of a-z, 0-9 and '-', not starting or ending with '-'";

/** The shape of one domain name, shown on the homeserver's serverName. */
export const DOMAIN_NAME_CASES: readonly BadInput[] = [
    {
        name: "serverName missing",
        input: variant((s) => delete s.homeservers[0].serverName),
        message: "homeservers[0].serverName: is required",
    },
    {
        name: "serverName empty",
        input: variant((s) => (s.homeservers[0].serverName = "")),
        message: "homeservers[0].serverName: must not be empty",
    },
    {
        name: "serverName not a string",
        input: variant((s) => (s.homeservers[0].serverName = 42)),
        message: "homeservers[0].serverName: must be a domain name",
    },
    {
        name: "serverName upper-case",
        input: variant((s) => (s.homeservers[0].serverName = "Example.org")),
        message: "homeservers[0].serverName: must be lower case",
    },
    {
        name: "serverName trailing dot",
        input: variant((s) => (s.homeservers[0].serverName = "example.org.")),
        message: "homeservers[0].serverName: must not end with a dot",
    },
    {
        name: "serverName single label",
        input: variant((s) => (s.homeservers[0].serverName = "localhost")),
        message: "homeservers[0].serverName: must have at least two labels, e.g. example.org",
    },
    {
        name: "serverName with underscore",
        input: variant((s) => (s.homeservers[0].serverName = "my_server.org")),
        message: `homeservers[0].serverName: ${LABEL_RULE}`,
    },
    {
        name: "serverName label starts with '-'",
        input: variant((s) => (s.homeservers[0].serverName = "-x.example.org")),
        message: `homeservers[0].serverName: ${LABEL_RULE}`,
    },
    {
        name: "serverName empty label",
        input: variant((s) => (s.homeservers[0].serverName = "example..org")),
        message: `homeservers[0].serverName: ${LABEL_RULE}`,
    },
    {
        name: "serverName label of 64 characters",
        input: variant((s) => (s.homeservers[0].serverName = `${"a".repeat(64)}.org`)),
        message: `homeservers[0].serverName: ${LABEL_RULE}`,
    },
    {
        name: "serverName longer than 253 characters",
        input: variant((s) => (s.homeservers[0].serverName = `${"abcdefghi.".repeat(26)}org`)),
        message: "homeservers[0].serverName: must be at most 253 characters",
    },
    {
        name: "serverName is an IP address",
        input: variant((s) => (s.homeservers[0].serverName = "203.0.113.5")),
        message: "homeservers[0].serverName: must end in a top-level domain, not a number: an IP address is not a domain name",
    },
    {
        name: "serverName with a port",
        input: variant((s) => (s.homeservers[0].serverName = "example.org:8448")),
        message: "homeservers[0].serverName: must be a bare domain name without a port",
    },
    {
        name: "Element domain with a scheme",
        input: variant((s) => (s.elements[0].domain = "https://chat.example.org")),
        message: "elements[0].domain: must be a bare domain name, not a URL: drop the scheme (https://)",
    },
    {
        name: "TURN realm upper-case",
        input: variant((s) => (s.turnServers[0].realm = "TURN.example.org")),
        message: "turnServers[0].realm: must be lower case",
    },
];
