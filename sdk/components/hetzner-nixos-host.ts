import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { downloadUrlProblem, hetznerHostSpec, imageProblem, sha256Problem } from "../spec/host";
import { SpecError } from "../spec/errors";
import { installNixosUserData } from "./cloud-init";
import { componentLabel, componentSpec } from "./component-spec";
import type { DnsRecordValue, HostContext, HostEndpoint, PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { deployKeyChecks } from "./key-checks";
import { compact } from "./known-inputs";
import { cloudFirewallRules } from "./layers";
import { BASE_IMAGE, installedRelease, NIXOS_INFECT, nixosChannel, STATE_VERSION_LABEL } from "./nixos-release";
import { backupPasswordOf, dnsRecordsOf, ownOutputs } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry, setImplicitHostFactory } from "./stack-registry";
import { sshConnection } from "./ssh-connection";

export interface HetznerNixosHostArgs {
    /** Hetzner location, e.g. `nbg1`, `fsn1`, `hel1`; `ash`, `hil` and `sin` sell `cpx*` and `ccx*` but no `cx*`. @default "nbg1" */
    location?: pulumi.Input<string>;
    /**
     * Hetzner server type, e.g. `cx23`, `cx33`, `cpx22`, or ARM `cax21`. Checked against the
     * Hetzner API before anything is created: it must be sold, and not deprecated, in `location`.
     * @default "cx33" on a host carrying a homeserver, else "cx23" (outside the EU: "cpx32", "cpx22")
     */
    serverType?: pulumi.Input<string>;
    /** Size in GB of the Volume keeping the host's state (PostgreSQL's and Synapse's data, at `/srv/state`); 0 keeps state on the root disk. @default 20 */
    volumeSizeGb?: pulumi.Input<number>;
    /**
     * OpenSSH private key used to deploy; give it with deployPublicKey.
     * @secret
     * @default a generated ed25519 key
     */
    deployPrivateKey?: pulumi.Input<string>;
    /** The matching public key line, `ssh-ed25519 AAAA...`. @default the generated key's */
    deployPublicKey?: pulumi.Input<string>;
    /** Debian image nixos-infect starts from. @default "debian-12" */
    image?: pulumi.Input<string>;
    /** Where cloud-init downloads nixos-infect, e.g. your mirror. @default the pinned upstream commit */
    nixosInfectUrl?: pulumi.Input<string>;
    /** sha256 (hex) the downloaded nixos-infect must have. @default the pinned commit's */
    nixosInfectSha256?: pulumi.Input<string>;
}

const CLASS = "HetznerNixosHost";

/**
 * A Hetzner Cloud VM turned into NixOS: Debian plus cloud-init running a pinned
 * nixos-infect, a pinned SSH host key, a cloud firewall from the port table, a fixed
 * address on the stack's private network and an optional state Volume. Protected
 * against deletion and rebuild.
 */
export class HetznerNixosHost extends pulumi.ComponentResource {
    /** Public IPv4 address. */
    public readonly ipv4Address: pulumi.Output<string>;
    /** Public IPv6 address. */
    public readonly ipv6Address: pulumi.Output<string>;
    /** Address on the stack's private network. */
    public readonly privateAddress: pulumi.Output<string>;
    /** The pinned SSH host key, `ssh-ed25519 AAAA...`. */
    public readonly hostPublicKey: pulumi.Output<string>;
    /** DNS records pointing at this host (name, type, value). */
    public readonly dnsRecords: pulumi.Output<DnsRecordValue[]>;
    /**
     * The password of this host's backup repository (secret; unset without backups). Without
     * it no backup can be read: keep a copy outside this stack's state.
     */
    public readonly backupPassword: pulumi.Output<string | undefined>;

    constructor(name: string, args: HetznerNixosHostArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const argPath = (p: string) => p;
        const spec = refusing(() => {
            if ((args.deployPrivateKey === undefined) !== (args.deployPublicKey === undefined)) {
                throw new SpecError([
                    { path: `${componentLabel(CLASS, name)}.deployPublicKey`, message: "give deployPrivateKey and deployPublicKey together, or neither" },
                ]);
            }
            const structural = compact({ name, provider: "hetzner", location: args.location, serverType: args.serverType, volumeSizeGb: args.volumeSizeGb });
            const checks = [
                ...deployKeyChecks({ privateKey: "deployPrivateKey", publicKey: "deployPublicKey" }, args.deployPrivateKey, args.deployPublicKey, false),
                { arg: "image", inputs: [args.image], problem: ([v]: readonly unknown[]) => imageProblem(v) },
                { arg: "nixosInfectUrl", inputs: [args.nixosInfectUrl], problem: ([v]: readonly unknown[]) => downloadUrlProblem(v) },
                { arg: "nixosInfectSha256", inputs: [args.nixosInfectSha256], problem: ([v]: readonly unknown[]) => sha256Problem(v) },
            ];
            return componentSpec({ className: CLASS, name, schema: hetznerHostSpec, structural, argPath, checks });
        });
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.ipv4Address = slots.output<string>();
        this.ipv6Address = slots.output<string>();
        this.privateAddress = slots.output<string>();
        this.hostPublicKey = slots.output<string>();
        this.dnsRecords = slots.output<DnsRecordValue[]>();
        this.backupPassword = slots.output<string | undefined>();

        currentRegistry().declare({
            kind: "host",
            className: CLASS,
            name,
            component: this,
            spec,
            argPath,
            image: args.image ?? BASE_IMAGE,
            realize: (context) => realizeHetznerHost(this, name, args, context),
            publish: (stack: PlannedStack) => {
                const endpoint = stack.endpoints.get(name);
                if (!endpoint?.publicIpv4 || !endpoint.publicIpv6) throw new Error(`internal: host "${name}" was not realized`);
                slots.resolve(this.ipv4Address, endpoint.publicIpv4);
                slots.resolve(this.ipv6Address, endpoint.publicIpv6);
                slots.resolve(this.privateAddress, endpoint.privateAddress);
                slots.resolve(this.hostPublicKey, endpoint.hostPublicKey);
                slots.resolve(this.dnsRecords, dnsRecordsOf(stack, () => true, name));
                slots.resolve(this.backupPassword, backupPasswordOf(stack, name));
            },
            fail: () => slots.abandon(),
        });

        this.registerOutputs(ownOutputs(this));
    }
}

// A service that names no host gets a Hetzner host of its own name, a child of the service.
setImplicitHostFactory((service) => {
    new HetznerNixosHost(service.name, {}, { parent: service.component });
});

const PROTECTED_FROM_REPLACEMENT = ["userData", "image", "sshKeys"];
/** The release the server was installed with stays what it was (see STATE_VERSION_LABEL). */
const INSTALLED_RELEASE = `labels["${STATE_VERSION_LABEL}"]`;

function realizeHetznerHost(parent: HetznerNixosHost, name: string, args: HetznerNixosHostArgs, context: HostContext): HostEndpoint {
    const { host, plan } = context;
    if (host.spec.provider !== "hetzner") throw new Error(`internal: host "${name}" is not a Hetzner host`);
    const spec = host.spec;
    const opts = { parent };
    const cloudName = `${plan.name}-${name}`;
    const labels = { "nixos-matrix-stack": plan.name, "nixos-matrix-host": name };

    const generatedDeployKey =
        args.deployPrivateKey === undefined ? new tls.PrivateKey(`${name}-deploy-key`, { algorithm: "ED25519" }, opts) : undefined;
    const deployPrivateKey = pulumi.secret(generatedDeployKey ? generatedDeployKey.privateKeyOpenssh : (args.deployPrivateKey as pulumi.Input<string>));
    const deployPublicKey = pulumi
        .output(generatedDeployKey ? generatedDeployKey.publicKeyOpenssh : (args.deployPublicKey as pulumi.Input<string>))
        .apply((key) => key.trim());
    const sshKey = deploySshKey(context, name, cloudName, args.deployPublicKey, deployPublicKey, parent);

    const hostKey = new tls.PrivateKey(`${name}-host-key`, { algorithm: "ED25519" }, opts);
    const hostPublicKey = hostKey.publicKeyOpenssh.apply((key) => key.trim());
    const userData = pulumi
        .all([hostKey.privateKeyOpenssh, hostPublicKey, args.nixosInfectUrl ?? NIXOS_INFECT.url, args.nixosInfectSha256 ?? NIXOS_INFECT.sha256])
        .apply(([hostPrivateKey, hostPublic, infectUrl, infectSha256]) =>
            installNixosUserData({ hostPrivateKey, hostPublicKey: hostPublic, infectUrl, infectSha256, channel: nixosChannel(plan.nixpkgs.release) }),
        );

    const firewall = new hcloud.Firewall(
        `${name}-firewall`,
        {
            name: cloudName,
            labels,
            rules: cloudFirewallRules(host, plan.sshSourceRanges).map((rule) => ({
                direction: rule.direction,
                protocol: rule.protocol,
                port: rule.port,
                sourceIps: [...rule.sourceIps],
                description: rule.description,
            })),
        },
        opts,
    );

    const server = new hcloud.Server(
        `${name}-server`,
        {
            name: cloudName,
            serverType: spec.serverType,
            location: spec.location,
            image: args.image ?? BASE_IMAGE,
            sshKeys: [sshKey.id],
            userData: pulumi.secret(userData),
            firewallIds: [firewall.id.apply(Number)],
            publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }],
            labels: { ...labels, [STATE_VERSION_LABEL]: plan.nixpkgs.release },
            deleteProtection: true,
            rebuildProtection: true,
        },
        { ...opts, ignoreChanges: [...PROTECTED_FROM_REPLACEMENT, INSTALLED_RELEASE] },
    );
    const serverId = server.id.apply(Number);

    const ready: pulumi.Resource[] = [server];
    if (context.networkId) {
        ready.push(
            new hcloud.ServerNetwork(
                `${name}-network`,
                { serverId, networkId: context.networkId, ip: host.networkAddress },
                { ...opts, dependsOn: context.networkReady },
            ),
        );
    }
    // Attached by serverId, formatted once by Hetzner, mounted by NixOS (automount off):
    // the bundle learns the id to find it at /dev/disk/by-id/scsi-0HC_Volume_<id>.
    const volume =
        spec.volumeSizeGb > 0
            ? new hcloud.Volume(
                  `${name}-state`,
                  { name: `${cloudName}-state`, size: spec.volumeSizeGb, serverId, format: "ext4", automount: false, deleteProtection: true, labels },
                  opts,
              )
            : undefined;
    if (volume) ready.push(volume);

    return {
        publicIpv4: server.ipv4Address,
        publicIpv6: server.ipv6Address,
        privateAddress: pulumi.output(host.privateAddress),
        connection: sshConnection({ host: server.ipv4Address, user: "root", privateKey: deployPrivateKey, hostKey: hostPublicKey }),
        deployPublicKey,
        hostPublicKey,
        stateVolumeId: volume?.id.apply(Number),
        stateVersion: server.labels.apply(installedRelease),
        ready,
    };
}

/**
 * The hcloud SshKey of a host's deploy key. A key the user gives as a plain string is
 * uploaded once and shared by every host using it (Hetzner refuses duplicates); a
 * generated key, or one given as an Output, gets its own.
 */
function deploySshKey(
    context: HostContext,
    name: string,
    cloudName: string,
    given: pulumi.Input<string> | undefined,
    publicKey: pulumi.Output<string>,
    parent: HetznerNixosHost,
): hcloud.SshKey {
    const labels = { "nixos-matrix-stack": context.plan.name, "nixos-matrix-host": name };
    const shared = typeof given === "string" ? given.trim() : undefined;
    const existing = shared === undefined ? undefined : context.sshKeys.get(shared);
    if (existing) return existing as hcloud.SshKey;
    const key = new hcloud.SshKey(`${name}-deploy-key`, { name: `${cloudName}-deploy`, publicKey, labels }, { parent });
    if (shared !== undefined) context.sshKeys.set(shared, key);
    return key;
}
