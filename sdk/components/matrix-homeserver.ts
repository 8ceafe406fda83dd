import * as pulumi from "@pulumi/pulumi";
import type { BootstrapAdmin } from "../plan/bootstrap";
import { homeserverSpec } from "../spec/homeserver";
import { SpecError } from "../spec/errors";
import { componentLabel, componentSpec, renamePaths } from "./component-spec";
import type { DnsRecordValue, PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { compact } from "./known-inputs";
import { dnsRecordsOf, ownOutputs, plannedService, verificationOf, type VerificationValue } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry } from "./stack-registry";

/** Synapse workers of one type (see `workers` for the types). */
export interface WorkerGroup {
    /**
     * `client-reader`, `sync`, `federation-reader`, `federation-sender`, `media-repository`, `pusher`,
     * `appservice-sender`, `event-persister`, `typing-writer`, `to-device-writer`, `account-data-writer`,
     * `receipts-writer`, `presence-writer`, `push-rules-writer` or `background-tasks`.
     */
    type: pulumi.Input<string>;
    /** Instances of this type, load-balanced by nginx where Synapse allows it. @default 1 */
    count?: pulumi.Input<number>;
    /** Name of the host component they run on; media-repository workers stay on the homeserver's. @default the homeserver's host */
    host?: pulumi.Input<string>;
}

export interface MatrixHomeserverArgs {
    /** The Matrix domain in user IDs (`@alice:<serverName>`). Cannot change after the first deploy. */
    serverName: pulumi.Input<string>;
    /** Host name serving the client and federation APIs. @default serverName */
    domain?: pulumi.Input<string>;
    /** `synapse` (with PostgreSQL), or on RocksDB `conduit`, `continuwuity` or `tuwunel`. @default "synapse" */
    implementation?: pulumi.Input<string>;
    /** Name of the host component (HetznerNixosHost or ExistingNixosHost) to run on. @default a new Hetzner VM named like this component */
    host?: string;
    /** Open registration (Synapse only). @default false */
    registrationEnabled?: pulumi.Input<boolean>;
    /** Federate with other homeservers. @default true */
    federationEnabled?: pulumi.Input<boolean>;
    /** Also listen on 8448 for federation, besides `.well-known` delegation. @default false */
    federationPort8448?: pulumi.Input<boolean>;
    /** Serve `/.well-known/matrix/{server,client}` on serverName. @default true when domain differs from serverName */
    wellKnownDelegation?: pulumi.Input<boolean>;
    /** Largest upload, e.g. `50M`. @default "50M" */
    maxUploadSize?: pulumi.Input<string>;
    /** Contact shown in `/.well-known/matrix/support`. */
    adminContact?: pulumi.Input<string>;
    /** Name of the TurnServer component this homeserver's clients use. */
    turn?: string;
    /** Nix source of one extra NixOS module, shipped as `extra.nix` and imported last. */
    extraNixosModule?: pulumi.Input<string>;
    /** Loopback port of the client listener. @default 8008 (Synapse) / 6167 (Conduit family) */
    listenPort?: pulumi.Input<number>;
    /** Accept losing the homeserver's data when a change needs it (new serverName, implementation switch). @default false */
    allowDataLoss?: pulumi.Input<boolean>;
    /**
     * Checks the post-deploy verify step leaves out for this homeserver: any of `bridges`, `turn`,
     * `federation`, `client-discovery`, `element`, `certificates`, `backup`. @default []
     */
    skipChecks?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Localparts of server admins to create on the first deploy (`alice` for `@alice:<serverName>`),
     * each with a generated password (the `adminPasswords` output). On the Conduit family they join `#admins`. @default []
     */
    admins?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Raise (0, 1, 2, ...) to give every admin a new generated password on the next deploy; until
     * then a re-run never changes a password, also one the admin changed. @default 0
     */
    adminPasswordRotation?: pulumi.Input<number>;
    /**
     * Synapse workers, as a preset: `none`, `small` (sync, client reader, federation sender, media),
     * `federation-heavy` (adds two federation readers and senders, an event persister) or
     * `large-rooms` (every role, two sync, client readers and event persisters). For your own
     * mix, give `workerList` instead. @default "none"
     */
    workers?: pulumi.Input<string>;
    /** Synapse workers as a list of `{ type, count, host }`, instead of a `workers` preset. */
    workerList?: pulumi.Input<pulumi.Input<WorkerGroup>[]>;
}

const CLASS = "MatrixHomeserver";

/** A Matrix homeserver: Synapse with PostgreSQL, or Conduit, continuwuity or Tuwunel, behind nginx with ACME. */
export class MatrixHomeserver extends pulumi.ComponentResource {
    /** `https://<domain>`: the client-server API base URL. */
    public readonly url: pulumi.Output<string>;
    /** The Matrix domain in user IDs. */
    public readonly serverName: pulumi.Output<string>;
    /** The host name serving the APIs. */
    public readonly domain: pulumi.Output<string>;
    /** Name of the host it runs on. */
    public readonly hostName: pulumi.Output<string>;
    /** Ids of the appservice registrations it loads. */
    public readonly registrationIds: pulumi.Output<string[]>;
    /** DNS records it needs (name, type, value). */
    public readonly dnsRecords: pulumi.Output<DnsRecordValue[]>;
    /** Results of the post-deploy verify step's checks of it (check, host, ok, detail). */
    public readonly verification: pulumi.Output<VerificationValue[]>;
    /**
     * Everything `npx nixos-matrix verify --stack-output <file>` needs to run the same checks from
     * your machine: the checks and the secrets they read, as one JSON document (secret). Export
     * it from your program.
     */
    public readonly verifyInputs: pulumi.Output<string>;
    /** The user IDs of the admins it creates, e.g. `@alice:example.org`. */
    public readonly adminUserIds: pulumi.Output<string[]>;
    /**
     * Each admin's generated password by localpart (secret): their first login. Settled once the
     * bootstrap step created them.
     */
    public readonly adminPasswords: pulumi.Output<{ [localpart: string]: string }>;

    constructor(name: string, args: MatrixHomeserverArgs, opts?: pulumi.ComponentResourceOptions) {
        const argPath = renamePaths({
            "federation.enabled": "federationEnabled",
            "federation.port8448": "federationPort8448",
            federation: "federationEnabled",
            ...(args.workerList !== undefined ? { workers: "workerList" } : {}),
        });
        const spec = refusing(() => {
            if (args.workers !== undefined && args.workerList !== undefined) {
                throw new SpecError([{ path: `${componentLabel(CLASS, name)}.workerList`, message: "give either workers (a preset) or workerList, not both" }]);
            }
            return componentSpec({ className: CLASS, name, schema: homeserverSpec, structural: homeserverEntry(name, args), argPath });
        });
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.url = slots.output<string>();
        this.serverName = slots.output<string>();
        this.domain = slots.output<string>();
        this.hostName = slots.output<string>();
        this.registrationIds = slots.output<string[]>();
        this.dnsRecords = slots.output<DnsRecordValue[]>();
        this.verification = slots.output<VerificationValue[]>();
        this.verifyInputs = slots.output<string>();
        this.adminUserIds = slots.output<string[]>();
        this.adminPasswords = slots.output<{ [localpart: string]: string }>();

        currentRegistry().declare({
            kind: "homeserver",
            className: CLASS,
            name,
            component: this,
            host: args.host,
            spec,
            argPath,
            publish: (stack: PlannedStack) => {
                const { host, spec: hs } = plannedService(stack, "homeservers", name);
                const served = hs.domain ?? hs.serverName;
                slots.resolve(this.url, `https://${served}`);
                slots.resolve(this.serverName, hs.serverName);
                slots.resolve(this.domain, served);
                slots.resolve(this.hostName, host);
                slots.resolve(this.registrationIds, stack.plan.registrations.filter((r) => r.homeserver === name).map((r) => r.id));
                slots.resolve(this.dnsRecords, dnsRecordsOf(stack, (fqdn) => fqdn === served || fqdn === hs.serverName, host));
                slots.resolve(this.verification, verificationOf(stack, `homeserver/${name}`));
                slots.resolve(this.verifyInputs, stack.verifications.get(name)!.operatorInputs.apply((inputs) => JSON.stringify(inputs)));
                const admins = stack.plan.bootstrap.find((run) => run.homeserver === name)?.admins ?? [];
                slots.resolve(this.adminUserIds, admins.map((a) => a.userId));
                slots.resolve(this.adminPasswords, adminPasswordsOf(stack, name, admins));
            },
            fail: () => slots.abandon(),
        });

        this.registerOutputs(ownOutputs(this));
    }
}

/** localpart -> password, secret, once the bootstrap step (when there is one) has run. */
function adminPasswordsOf(stack: PlannedStack, name: string, admins: readonly BootstrapAdmin[]): pulumi.Output<{ [localpart: string]: string }> {
    const step = stack.bootstraps.get(name);
    const entries = admins.map((a) => stack.secrets.get(a.passwordSecret)!.apply((value) => [a.localpart, value] as const));
    const after = step ? step.stdout.apply(() => undefined) : pulumi.output(undefined);
    return pulumi.secret(pulumi.all([pulumi.all(entries), after]).apply(([pairs]) => Object.fromEntries(pairs)));
}

function homeserverEntry(name: string, args: MatrixHomeserverArgs): Record<string, unknown> {
    const federation = compact({ enabled: args.federationEnabled, port8448: args.federationPort8448 });
    return compact({
        name,
        host: args.host ?? name,
        serverName: args.serverName,
        domain: args.domain,
        implementation: args.implementation,
        registrationEnabled: args.registrationEnabled,
        federation: Object.keys(federation).length > 0 ? federation : undefined,
        wellKnownDelegation: args.wellKnownDelegation,
        maxUploadSize: args.maxUploadSize,
        adminContact: args.adminContact,
        turn: args.turn,
        extraNixosModule: args.extraNixosModule,
        listenPort: args.listenPort,
        allowDataLoss: args.allowDataLoss,
        skipChecks: args.skipChecks,
        admins: args.admins,
        adminPasswordRotation: args.adminPasswordRotation,
        workers: args.workerList ?? args.workers,
    });
}
