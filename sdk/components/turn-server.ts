import * as pulumi from "@pulumi/pulumi";
import { turnSpec } from "../spec/turn";
import { componentSpec, renamePaths } from "./component-spec";
import type { DnsRecordValue, PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { compact } from "./known-inputs";
import { dnsRecordsOf, ownOutputs, plannedService, verificationOf, type VerificationValue } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry } from "./stack-registry";

export interface TurnServerArgs {
    /** TURN realm; also the host name of its certificate and DNS record, e.g. `turn.example.org`. */
    realm: pulumi.Input<string>;
    /** Name of the host component to run on. @default a new Hetzner VM named like this component */
    host?: string;
    /** First UDP relay port. @default 49000 */
    relayPortFrom?: pulumi.Input<number>;
    /** Last UDP relay port (inclusive). @default 50000 */
    relayPortTo?: pulumi.Input<number>;
    /** STUN/TURN port, TCP and UDP. @default 3478 */
    listeningPort?: pulumi.Input<number>;
    /** TURN over TLS port, TCP and UDP. @default 5349 */
    tlsListeningPort?: pulumi.Input<number>;
    /** Refuse TCP relaying. @default true */
    noTcpRelay?: pulumi.Input<boolean>;
    /** Peer addresses, CIDR blocks or `lo-hi` ranges the relay refuses. @default private, loopback and reserved ranges plus the stack's private network */
    deniedPeerRanges?: pulumi.Input<pulumi.Input<string>[]>;
    /** Exceptions to the denied ranges. @default [] */
    allowedPeerRanges?: pulumi.Input<pulumi.Input<string>[]>;
}

const CLASS = "TurnServer";

/** coturn with a shared secret from the stack, TLS on 5349 and a relay port range. */
export class TurnServer extends pulumi.ComponentResource {
    /** The realm (TURN host name). */
    public readonly realm: pulumi.Output<string>;
    /** The `turn:`/`turns:` URIs clients are given. */
    public readonly uris: pulumi.Output<string[]>;
    /** Name of the host it runs on. */
    public readonly hostName: pulumi.Output<string>;
    /** DNS records it needs (name, type, value). */
    public readonly dnsRecords: pulumi.Output<DnsRecordValue[]>;
    /** Results of the post-deploy verify step's checks of it (check, host, ok, detail). */
    public readonly verification: pulumi.Output<VerificationValue[]>;

    constructor(name: string, args: TurnServerArgs, opts?: pulumi.ComponentResourceOptions) {
        const argPath = renamePaths({ "relayRange.from": "relayPortFrom", "relayRange.to": "relayPortTo", relayRange: "relayPortFrom" });
        const spec = refusing(() => componentSpec({ className: CLASS, name, schema: turnSpec, structural: turnEntry(name, args), argPath }));
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.realm = slots.output<string>();
        this.uris = slots.output<string[]>();
        this.hostName = slots.output<string>();
        this.dnsRecords = slots.output<DnsRecordValue[]>();
        this.verification = slots.output<VerificationValue[]>();

        currentRegistry().declare({
            kind: "turn",
            className: CLASS,
            name,
            component: this,
            host: args.host,
            spec,
            argPath,
            publish: (stack: PlannedStack) => {
                const { host, spec: turn } = plannedService(stack, "turnServers", name);
                slots.resolve(this.realm, turn.realm);
                slots.resolve(this.uris, turnUris(turn.realm, turn.listeningPort, turn.tlsListeningPort));
                slots.resolve(this.hostName, host);
                slots.resolve(this.dnsRecords, dnsRecordsOf(stack, (fqdn) => fqdn === turn.realm, host));
                slots.resolve(this.verification, verificationOf(stack, `turn/${name}`));
            },
            fail: () => slots.abandon(),
        });

        this.registerOutputs(ownOutputs(this));
    }
}

/** The URIs a homeserver hands to clients (`turn_uris`). */
export function turnUris(realm: string, port: number, tlsPort: number): string[] {
    return [
        `turn:${realm}:${port}?transport=udp`,
        `turn:${realm}:${port}?transport=tcp`,
        `turns:${realm}:${tlsPort}?transport=tcp`,
    ];
}

function turnEntry(name: string, args: TurnServerArgs): Record<string, unknown> {
    const relayRange =
        args.relayPortFrom === undefined && args.relayPortTo === undefined
            ? undefined
            : { from: args.relayPortFrom ?? 49000, to: args.relayPortTo ?? 50000 };
    return compact({
        name,
        host: args.host ?? name,
        realm: args.realm,
        relayRange,
        listeningPort: args.listeningPort,
        tlsListeningPort: args.tlsListeningPort,
        noTcpRelay: args.noTcpRelay,
        deniedPeerRanges: args.deniedPeerRanges,
        allowedPeerRanges: args.allowedPeerRanges,
    });
}
