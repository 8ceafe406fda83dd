import * as pulumi from "@pulumi/pulumi";
import { isIpAddress } from "../spec/common";
import { existingHostSpec } from "../spec/host";
import { componentSpec } from "./component-spec";
import type { DnsRecordValue, HostContext, HostEndpoint, PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { deployKeyChecks } from "./key-checks";
import { compact } from "./known-inputs";
import { backupPasswordOf, dnsRecordsOf, ownOutputs } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry } from "./stack-registry";
import { sshConnection } from "./ssh-connection";

export interface ExistingNixosHostArgs {
    /** Public address (IPv4 or IPv6) used for SSH and DNS records. */
    address: pulumi.Input<string>;
    /** Address other hosts of the stack reach it at. @default address */
    privateAddress?: pulumi.Input<string>;
    /** SSH user; the steps write /etc/nixos and run nixos-rebuild, so it must be root. @default "root" */
    user?: pulumi.Input<string>;
    /** SSH port. @default 22 */
    port?: pulumi.Input<number>;
    /** The host's SSH public key line, `ssh-ed25519 AAAA...`; every connection pins it. */
    hostKey: pulumi.Input<string>;
    /**
     * OpenSSH private key that logs in as `user`.
     * @secret
     */
    privateKey: pulumi.Input<string>;
    /** Its public key line; every bundle keeps it in authorized_keys so a deploy never locks you out. */
    publicKey: pulumi.Input<string>;
    /**
     * The host's `system.stateVersion` (the NixOS release it was first installed with), kept for
     * good whatever release the stack pins. @default "25.11"
     */
    stateVersion?: pulumi.Input<string>;
}

const CLASS = "ExistingNixosHost";

/** A NixOS machine you already have, reached over SSH; no cloud resources are created. */
export class ExistingNixosHost extends pulumi.ComponentResource {
    /** The public address. */
    public readonly address: pulumi.Output<string>;
    /** The address on the private network. */
    public readonly privateAddress: pulumi.Output<string>;
    /** DNS records pointing at this host (name, type, value). */
    public readonly dnsRecords: pulumi.Output<DnsRecordValue[]>;
    /**
     * The password of this host's backup repository (secret; unset without backups). Without
     * it no backup can be read: keep a copy outside this stack's state.
     */
    public readonly backupPassword: pulumi.Output<string | undefined>;

    constructor(name: string, args: ExistingNixosHostArgs, opts?: pulumi.ComponentResourceOptions) {
        const argPath = (p: string) => p;
        const structural = compact({
            name,
            provider: "existing",
            address: args.address,
            privateAddress: args.privateAddress,
            user: args.user,
            hostKey: args.hostKey,
            port: args.port,
            stateVersion: args.stateVersion,
        });
        const checks = deployKeyChecks({ privateKey: "privateKey", publicKey: "publicKey" }, args.privateKey, args.publicKey, true);
        const spec = refusing(() => componentSpec({ className: CLASS, name, schema: existingHostSpec, structural, argPath, checks }));
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.address = slots.output<string>();
        this.privateAddress = slots.output<string>();
        this.dnsRecords = slots.output<DnsRecordValue[]>();
        this.backupPassword = slots.output<string | undefined>();

        currentRegistry().declare({
            kind: "host",
            className: CLASS,
            name,
            component: this,
            spec,
            argPath,
            realize: (context) => existingEndpoint(args, context),
            publish: (stack: PlannedStack) => {
                const endpoint = stack.endpoints.get(name);
                if (!endpoint) throw new Error(`internal: host "${name}" was not realized`);
                slots.resolve(this.address, (endpoint.publicIpv4 ?? endpoint.publicIpv6) as pulumi.Output<string>);
                slots.resolve(this.privateAddress, endpoint.privateAddress);
                slots.resolve(this.dnsRecords, dnsRecordsOf(stack, () => true, name));
                slots.resolve(this.backupPassword, backupPasswordOf(stack, name));
            },
            fail: () => slots.abandon(),
        });

        this.registerOutputs(ownOutputs(this));
    }
}

function existingEndpoint(args: ExistingNixosHostArgs, context: HostContext): HostEndpoint {
    const spec = context.host.spec;
    if (spec.provider !== "existing") throw new Error(`internal: host "${context.host.name}" is not an existing host`);
    const isIpv4 = isIpAddress(spec.address) && !spec.address.includes(":");
    const address = pulumi.output(spec.address);
    const hostKey = spec.hostKey.trim();
    return {
        publicIpv4: isIpv4 ? address : undefined,
        publicIpv6: isIpv4 ? undefined : address,
        privateAddress: pulumi.output(context.host.privateAddress),
        connection: sshConnection({ host: spec.address, user: spec.user, port: spec.port, privateKey: pulumi.secret(args.privateKey), hostKey }),
        deployPublicKey: pulumi.output(args.publicKey).apply((key) => key.trim()),
        hostPublicKey: pulumi.output(hostKey),
        ready: [],
    };
}
