/**
 * What a component hands the stack registry when it is constructed: its validated spec
 * entry (or the promise of one), how its spec paths map back to its args, and callbacks
 * the registry calls once the whole stack is planned.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as command from "@pulumi/command";
import type { HostPlan, StackPlan } from "../plan/types";
import type { HostSteps } from "./host-deploy";
import type { StackVerifications } from "./stack-verify";
import type { StackBootstraps } from "./stack-bootstrap";
import type { StackSpec } from "../spec/stack";

export type ServiceKind = "homeserver" | "turn" | "element" | "bridge" | "moderation-bot";

/** The StackSpec list each kind of declaration lands in. */
export const SPEC_LISTS = {
    host: "hosts",
    homeserver: "homeservers",
    turn: "turnServers",
    element: "elements",
    bridge: "bridges",
    "moderation-bot": "moderationBots",
} as const;

interface DeclarationBase {
    /** Component class, e.g. `MatrixHomeserver`, for error messages. */
    readonly className: string;
    /** The component's name; also its name in the spec (a bridge's appservice id). */
    readonly name: string;
    readonly component: pulumi.ComponentResource;
    /** The spec entry: structural fields known, credentials secret Outputs. */
    readonly spec: Promise<Record<string, unknown>>;
    /** Maps a path inside the spec entry (`federation.port8448`) to the arg it came from. */
    readonly argPath: (specPath: string) => string;
    /** Called when planning failed: the component settles its outputs without values. */
    readonly fail: () => void;
}

export interface ServiceDeclaration extends DeclarationBase {
    readonly kind: ServiceKind;
    /** The host component named in args; undefined: a Hetzner host of the service's own name. */
    readonly host: string | undefined;
    readonly publish: (stack: PlannedStack) => void;
}

export interface HostDeclaration extends DeclarationBase {
    readonly kind: "host";
    /** Creates the host's cloud resources (if any) and says how to reach it. */
    readonly realize: (context: HostContext) => HostEndpoint;
    readonly publish: (stack: PlannedStack) => void;
    /** Hetzner hosts: the image the server is created from, checked by the cloud preflight. */
    readonly image?: pulumi.Input<string>;
}

export type Declaration = ServiceDeclaration | HostDeclaration;

/** Anything that gives a component's outputs up together when the stack fails (an OutputSlots). */
interface Abandonable {
    abandon(): void;
}

/**
 * Declares a service component to the program's registry: what every service component does
 * once its args are validated. Its outputs settle in `publish`, or are all given up with
 * `slots` when the stack fails.
 */
export function declareService(
    registry: { declare(declaration: Declaration): void },
    component: pulumi.ComponentResource,
    slots: Abandonable,
    declaration: Omit<ServiceDeclaration, "component" | "fail">,
): void {
    registry.declare({ ...declaration, component, fail: () => slots.abandon() });
}

/** What the registry gives a host when it realizes it. */
export interface HostContext {
    readonly plan: StackPlan;
    readonly host: HostPlan;
    /** The stack's hcloud network id (only when the stack has Hetzner hosts). */
    readonly networkId: pulumi.Output<number> | undefined;
    /** Resources that must exist before the host is attached to the network (the subnet). */
    readonly networkReady: pulumi.Resource[];
    /**
     * hcloud SSH keys by public key line, shared by the stack's Hetzner hosts: Hetzner
     * refuses a second key with the same fingerprint in one project.
     */
    readonly sshKeys: Map<string, pulumi.CustomResource & { readonly id: pulumi.Output<string> }>;
}

/** How the rest of the stack reaches a host and what it pins. */
export interface HostEndpoint {
    readonly publicIpv4: pulumi.Output<string> | undefined;
    readonly publicIpv6: pulumi.Output<string> | undefined;
    /** The private address services on other hosts use. */
    readonly privateAddress: pulumi.Output<string>;
    readonly connection: command.types.input.remote.ConnectionArgs;
    /** The deploy key's public line, kept in root's authorized_keys by every bundle. */
    readonly deployPublicKey: pulumi.Output<string>;
    /** The pinned SSH host key's public line. */
    readonly hostPublicKey: pulumi.Output<string>;
    /** Hetzner id of the state Volume attached to the host; undefined: none (state on the root disk). */
    readonly stateVolumeId?: pulumi.Output<number>;
    /** `system.stateVersion` as the cloud recorded it (Hetzner hosts); undefined: the spec's or the pinned release. */
    readonly stateVersion?: pulumi.Output<string>;
    /** Resources the first remote step waits for (the server, its network attachment). */
    readonly ready: pulumi.Resource[];
}

/** One DNS record as an output, for users whose DNS lives elsewhere. */
export interface DnsRecordValue {
    /** Fully qualified name, e.g. `matrix.example.org`. */
    readonly name: string;
    /** `A` or `AAAA`. */
    readonly type: string;
    /** The address it points at. */
    readonly value: string;
}

/** The planned and realized stack, given to each component to publish its outputs. */
export interface PlannedStack {
    /** The validated stack the components declared. */
    readonly spec: StackSpec;
    readonly plan: StackPlan;
    readonly endpoints: ReadonlyMap<string, HostEndpoint>;
    /** Every DNS record with its (possibly not yet known) value, in plan order. */
    readonly dnsRecords: readonly { readonly fqdn: string; readonly type: string; readonly host: string; readonly value: pulumi.Output<string> }[];
    /** Per host: its remote steps and rendered bundle. */
    readonly deploys: ReadonlyMap<string, HostSteps>;
    /** Per homeserver: the results of the verify step after the last switch. */
    readonly verifications: StackVerifications;
    /** Per homeserver with admins: the step that creates them after the last switch. */
    readonly bootstraps: StackBootstraps;
    /** Per moderation bot: its own step on its host (token, rooms). */
    readonly moderationBotSteps: ReadonlyMap<string, command.remote.Command>;
    /** Every secret value by name, secret Outputs. */
    readonly secrets: ReadonlyMap<string, pulumi.Output<string>>;
}
