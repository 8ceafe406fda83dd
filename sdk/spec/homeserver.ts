import { z } from "zod";
import { domainName, identifier, port, rotationCounter, userLocalpart } from "./common";
import { HOMESERVER_IMPLEMENTATIONS, IMPLEMENTATION_LABELS, isConduitFamily } from "./homeserver-implementations";
import { skipChecks } from "./verify-checks";
import { workersSpec } from "./workers";

export const homeserverSpec = z
    .object({
        /** Resource name, also the key other services use to point at this homeserver. */
        name: identifier,
        /** Host this service runs on. */
        host: identifier,
        /** The Matrix domain in user IDs (`@alice:<serverName>`). Cannot change after the first deploy. */
        serverName: domainName,
        /** The host name serving the client and federation APIs. @default serverName */
        domain: domainName.optional(),
        /** `synapse` (PostgreSQL), or on RocksDB `conduit`, `continuwuity` or `tuwunel`. @default "synapse" */
        implementation: z
            .enum(HOMESERVER_IMPLEMENTATIONS, { error: "must be 'synapse', 'conduit', 'continuwuity' or 'tuwunel'" })
            .default("synapse"),
        /** Open registration. @default false */
        registrationEnabled: z.boolean().default(false),
        federation: z
            .object({
                /** @default true */
                enabled: z.boolean().default(true),
                /** Also listen on 8448 for federation, besides delegation through `.well-known`. @default false */
                port8448: z.boolean().default(false),
            })
            .strict()
            .prefault({}),
        /**
         * Serve `/.well-known/matrix/{server,client}` on `serverName`. False while domain differs
         * from serverName needs `federation.port8448` or federation off.
         * @default true when domain differs from serverName
         */
        wellKnownDelegation: z.boolean().optional(),
        /** Largest upload, e.g. `50M`. @default "50M" */
        maxUploadSize: z.string().regex(/^[1-9]\d*[KMG]$/, { error: "must be a size such as 50M, 512K or 1G" }).default("50M"),
        /** Contact shown in `/.well-known/matrix/support`. */
        adminContact: z.email({ error: "must be an e-mail address" }).optional(),
        /** Name of a TurnServer that clients of this homeserver use. */
        turn: identifier.optional(),
        /** Nix source of one extra NixOS module, shipped verbatim as `extra.nix` and imported last. */
        extraNixosModule: z.string().min(1, { error: "must not be empty when given" }).optional(),
        /** Loopback port of the client listener, 1024 or above. @default 8008 (Synapse) / 6167 (Conduit family) */
        listenPort: port.optional(),
        /** Accept losing the homeserver's data when a change needs it (new serverName, implementation switch). @default false */
        allowDataLoss: z.boolean().default(false),
        /** Checks the verify step leaves out for this homeserver, e.g. `["federation"]` on a closed server. @default [] */
        skipChecks: skipChecks.default([]),
        /** Localparts of the server admins to create, each with a generated password. @default [] */
        admins: z
            .array(userLocalpart, { error: "must be a list of user localparts such as [\"alice\"]" })
            .refine((names) => new Set(names).size === names.length, { error: "must not name an admin twice" })
            .default([]),
        /** Raise to give every admin a new generated password on the next deploy. @default 0 */
        adminPasswordRotation: rotationCounter,
        /**
         * Synapse workers: a preset (`none`, `small`, `federation-heavy`, `large-rooms`) or a list
         * of `{ type, count, host }`. @default "none"
         */
        workers: workersSpec,
    })
    .strict()
    .superRefine((hs, ctx) => {
        if (!isConduitFamily(hs.implementation)) return;
        const label = IMPLEMENTATION_LABELS[hs.implementation];
        // The Conduit family has no admin API to set a password: a new generated one could not be applied.
        if (hs.adminPasswordRotation > 0) {
            ctx.addIssue({ code: "custom", path: ["adminPasswordRotation"], message: `rotating admin passwords on ${label} is not supported: only on Synapse` });
        }
        // The library registers the first user (the server's admin) with a registration token,
        // which the server then demands of everyone: registration there is never open.
        if (hs.registrationEnabled) {
            ctx.addIssue({
                code: "custom",
                path: ["registrationEnabled"],
                message: `open registration on ${label} is not supported: it takes the stack's registration token there, so only Synapse registers openly`,
            });
        }
    });

export type HomeserverSpec = z.output<typeof homeserverSpec>;
