import { z } from "zod";
import { acmeSpec } from "./acme";
import { backupSpec } from "./backup";
import { bridgeSpec } from "./bridge";
import { cidr, identifier } from "./common";
import { elementSpec } from "./element";
import { parseSpec } from "./errors";
import { homeserverSpec } from "./homeserver";
import { hostSpec } from "./host";
import { moderationBotSpec } from "./moderation-bot";
import { nixpkgsSpec, postgresqlVersion, upgradeDumps } from "./nixpkgs";
import { meshEndpoints } from "./mesh";
import { meshNetworkCidr, privateNetworkCidr } from "./private-network";
import { turnSpec } from "./turn";
import { validateStack } from "./validate-stack";

/**
 * Everything one Pulumi program declares, as plain data. Services name their host and
 * each other by `name`; cross-field rules (unique names, port collisions, namespaces)
 * are checked in `validateStack`.
 */
export const stackSpecShape = z
    .object({
        /** Prefix of every cloud resource name. @default "matrix" */
        name: identifier.default("matrix"),
        acme: acmeSpec,
        /** The stack's private network. @default "10.80.0.0/16" */
        privateNetwork: privateNetworkCidr.default("10.80.0.0/16"),
        /**
         * Whether hosts talk over a WireGuard mesh; `false`: over the user's own private
         * network (`privateInterface` on every existing host opening private ports).
         * @default true for a stack of more than one host
         */
        mesh: z.boolean({ error: "must be true or false" }).optional(),
        /** The range of the hosts' mesh addresses; apart from `privateNetwork`. @default "10.81.0.0/24" */
        meshNetwork: meshNetworkCidr.default("10.81.0.0/24"),
        /** Where peers reach each host's WireGuard: `public` addresses, or `private` ones on a shared trusted LAN. @default "public" */
        meshEndpoints: meshEndpoints.default("public"),
        /** Sources allowed to reach SSH. @default ["0.0.0.0/0", "::/0"] */
        sshSourceRanges: z.array(cidr).min(1, { error: "must allow at least one source" }).default(["0.0.0.0/0", "::/0"]),
        /** The nixpkgs every host builds against. @default the library's pin (sdk/plan/release.ts) */
        nixpkgs: nixpkgsSpec.optional(),
        /** PostgreSQL major version of Synapse's database. @default what NixOS picks for the host's system.stateVersion */
        postgresqlVersion: postgresqlVersion.optional(),
        /** Pre-upgrade database dumps each homeserver host keeps. @default 3 */
        upgradeDumps: upgradeDumps.default(3),
        hosts: z.array(hostSpec).default([]),
        homeservers: z.array(homeserverSpec).default([]),
        turnServers: z.array(turnSpec).default([]),
        elements: z.array(elementSpec).default([]),
        bridges: z.array(bridgeSpec).default([]),
        moderationBots: z.array(moderationBotSpec).default([]),
        /** Scheduled restic backups of every host's state; unset: none. */
        backup: backupSpec.optional(),
    })
    .strict();

export type StackSpec = z.output<typeof stackSpecShape>;
export type StackSpecInput = z.input<typeof stackSpecShape>;

/**
 * Validates and defaults a whole stack; throws SpecError naming each bad field. The
 * cross-field rules of `validateStack` run once every field is well-formed.
 */
export function parseStackSpec(input: unknown): StackSpec {
    const spec = parseSpec(stackSpecShape, input);
    validateStack(spec);
    return spec;
}
