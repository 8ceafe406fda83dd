/**
 * The plan: everything the stack will be, as plain data. Pure: no Pulumi, no I/O,
 * no secret values (only their names). nixos/ renders one HostPlan into one bundle;
 * components/ turns the plan into cloud resources and remote steps.
 */
import type { AcmeSpec } from "../spec/acme";
import type { BackupPlan } from "./backup";
import type { BridgeSpec } from "../spec/bridge";
import type { ElementSpec } from "../spec/element";
import type { HomeserverSpec } from "../spec/homeserver";
import type { ResolvedHostSpec } from "../spec/host";
import type { TurnSpec } from "../spec/turn";
import type { MeshPlan } from "./mesh";
import type { VerifyRun } from "./verify";
import type { BootstrapRun } from "./bootstrap";
import type { ModerationBotRun, ResolvedModerationBot } from "./moderation-bots";
import type { NixpkgsPin } from "./release";
import type { HomeserverWorkers, WorkerInstance } from "./workers";

/** A homeserver's Synapse workers as one host sees them. */
export interface HostWorkers {
    readonly workers: HomeserverWorkers;
    /** This host runs the homeserver's main process (and its PostgreSQL and Redis). */
    readonly main: boolean;
    /** The instances running here. */
    readonly instances: readonly WorkerInstance[];
}

export type Exposure = "public" | "private" | "loopback";

/** One row of the port table; firewall rules (cloud and host) are derived from these only. */
export interface PortRule {
    readonly protocol: "tcp" | "udp";
    readonly from: number;
    readonly to: number;
    readonly exposure: Exposure;
    /** Service that needs it, e.g. `homeserver/hs`. */
    readonly service: string;
    readonly why: string;
}

/** A secret the stack needs, by name. `random` ones are generated; `user` ones come from args. */
export interface SecretDecl {
    /** Stable, unique name, e.g. `hs/registration-shared-secret`, `bridge/telegram/as-token`. */
    readonly name: string;
    readonly source:
        | {
              readonly kind: "random";
              readonly length: number;
              /** Set: a new value is generated whenever it changes (an explicit rotation). */
              readonly rotation?: number;
          }
        | { readonly kind: "user"; readonly field: string };
}

/** A reference to a secret value inside a secret file's content. */
export interface SecretRef {
    readonly $secret: string;
}

/**
 * What a secret file holds, rendered at deploy time from secret values (see renderSecretFile):
 * - raw: the value of one secret, after a fixed `prefix` when given;
 * - env: `KEY=value` lines;
 * - yaml/json: a document whose SecretRef leaves are replaced by values.
 */
export type SecretFileContent =
    | { readonly kind: "raw"; readonly secret: string; readonly prefix?: string }
    | { readonly kind: "env"; readonly vars: Readonly<Record<string, SecretRef | string>> }
    | { readonly kind: "yaml" | "json"; readonly doc: unknown };

/**
 * A shape a user credential inside a secret file must have, checked on the host by the
 * secrets step before anything is written: the value may only be known during the deploy.
 */
export interface SecretCheck {
    /** The environment variable holding the value. */
    readonly variable: string;
    /** The bridge (its id, the Bridge component's name) and the Bridge arg the value came from. */
    readonly bridge: string;
    readonly arg: string;
    /** POSIX extended regular expression the whole value must match. */
    readonly pattern: string;
    /** Why a value does not fit; never quotes it. */
    readonly reason: string;
}

/** A file on a host outside the Nix store, written by the secrets step before the switch. */
export interface SecretFile {
    readonly path: string;
    readonly owner: string;
    readonly group: string;
    readonly mode: "0400" | "0440" | "0640";
    readonly content: SecretFileContent;
    /** Names of the secrets the content uses (sorted). */
    readonly secrets: readonly string[];
    /** Why it exists, e.g. `registration of bridge telegram for homeserver hs`. */
    readonly why: string;
    /**
     * Set when the file reaches its service through systemd `LoadCredential` rather than by
     * path: `LoadCredential=<name>:<path>` on `unit`, and, when `installAt` is set, the unit's
     * preStart copies `$CREDENTIALS_DIRECTORY/<name>` there (as the unit's own user).
     */
    /** Shapes of the user credentials in an env file. */
    readonly checks?: readonly SecretCheck[];
    readonly loadCredential?: {
        readonly unit: string;
        readonly name: string;
        readonly installAt?: string;
    };
}

/** An appservice registration built by the library (Matrix spec format). */
export interface RegistrationPlan {
    readonly id: string;
    readonly bridgeType: BridgeSpec["type"];
    readonly homeserver: string;
    readonly bridgeHost: string;
    readonly homeserverHost: string;
    /** The bridge's private-network URL, e.g. `http://10.80.0.3:29317`. */
    readonly url: string;
    readonly senderLocalpart: string;
    readonly userRegex: string;
    readonly asTokenSecret: string;
    readonly hsTokenSecret: string;
    /** The registration document with SecretRef tokens; rendered identically for both ends. */
    readonly document: unknown;
    /**
     * The URL the bridge reaches its homeserver at: the loopback listener when they share a
     * host, the listener's port at the homeserver host's private (mesh) address otherwise.
     */
    readonly homeserverUrl: string;
    /** Where the homeserver host keeps this registration (list it in app_service_config_files). */
    readonly homeserverPath: string;
    /** Where the bridge host's copy is written (the module's path, or a LoadCredential source). */
    readonly bridgePath: string;
}

export interface DnsRecord {
    /** Fully qualified name, e.g. `matrix.example.org`. */
    readonly fqdn: string;
    readonly type: "A" | "AAAA";
    /** Host whose public address the record points at. */
    readonly host: string;
    /** Why it exists, e.g. `homeserver hs domain`. */
    readonly why: string;
}

export interface HttpHealthCheck {
    /** URL queried on the host itself, e.g. `http://127.0.0.1:8008/_matrix/client/versions`. */
    readonly url: string;
    /** Optional `Host` header, for nginx virtual hosts. */
    readonly hostHeader?: string;
    /** A top-level JSON key the answer must have, e.g. `versions` or `m.server`. */
    readonly expectJsonKey: string;
}

export interface HealthChecks {
    readonly units: readonly string[];
    readonly http: readonly HttpHealthCheck[];
    /**
     * The units among `units` that read this host's secret files, restarted when only secrets
     * changed. PostgreSQL, nginx and sshd read none: restarting PostgreSQL under a running
     * Synapse would only cut its database connections.
     */
    readonly secretReaders: readonly string[];
    /**
     * Hosts that back up: the age the last successful backup may reach. Reported by the switch
     * step without rolling back (a rollback would not bring the backup back).
     */
    readonly backup?: { readonly stampFile: string; readonly unit: string; readonly maxAgeHours: number };
    /** Peers (by mesh address) this host must have a recent WireGuard handshake with (see mesh-health.ts). */
    readonly mesh?: MeshHealthCheck;
}

export interface MeshHealthCheck {
    readonly interface: string;
    readonly peers: readonly { readonly host: string; readonly address: string }[];
    readonly maxHandshakeAgeSeconds: number;
}

/** Services a host runs, fully resolved (defaults applied, references looked up). */
export interface HostServices {
    readonly homeservers: readonly HomeserverSpec[];
    readonly turnServers: readonly TurnSpec[];
    readonly elements: readonly ElementSpec[];
    readonly bridges: readonly BridgeSpec[];
    readonly moderationBots: readonly ResolvedModerationBot[];
}

export interface HostPlan {
    readonly name: string;
    readonly spec: ResolvedHostSpec;
    /**
     * The address every other host reaches this one at (registration URLs, and every later
     * private service): its mesh address when the stack uses the mesh, else `networkAddress`.
     */
    readonly privateAddress: string;
    /**
     * Interface the host's private ports open on: the mesh interface when the stack uses the
     * mesh; else the private network's; null: the host has none and opens no private port.
     */
    readonly privateInterface: string | null;
    /** Address on the stack's private network: a Hetzner host's Cloud Network IP, an existing host's `privateAddress ?? address`. */
    readonly networkAddress: string;
    /** The host's side of the WireGuard mesh; null: the stack does not use the mesh. */
    readonly mesh: MeshPlan | null;
    readonly services: HostServices;
    readonly ports: readonly PortRule[];
    readonly secretFiles: readonly SecretFile[];
    readonly registrations: {
        /** Registrations of bridges this host runs. */
        readonly asBridge: readonly string[];
        /** Registrations this host's homeserver loads. */
        readonly asHomeserver: readonly string[];
    };
    readonly healthChecks: HealthChecks;
    /** ACME settings for this host's certificates. */
    readonly acme: AcmeSpec;
    /** What this host backs up and where; null: nothing (no backup setting, or no state here). */
    readonly backup: BackupPlan | null;
    /** Synapse workers this host runs or serves (main process side), one entry per homeserver. */
    readonly workers: readonly HostWorkers[];
}

export interface StackPlan {
    readonly name: string;
    readonly privateNetwork: string;
    /** The mesh addresses' block, or null when the stack does not use the mesh. */
    readonly meshNetwork: string | null;
    readonly sshSourceRanges: readonly string[];
    readonly hosts: readonly HostPlan[];
    readonly secrets: readonly SecretDecl[];
    readonly registrations: readonly RegistrationPlan[];
    readonly dns: readonly DnsRecord[];
    /**
     * Cross-host order: `before` must finish its secrets step before `after` switches
     * (none today beyond per-host order, since registrations go to both ends in each
     * host's own secrets step); kept explicit for the components.
     */
    readonly order: readonly { readonly before: string; readonly after: string; readonly why: string }[];
    /** The checks run after the last switch, one run per homeserver, on its host. */
    readonly verify: readonly VerifyRun[];
    /** The users created after the last switch, one run per Synapse homeserver with admins, on its host. */
    readonly bootstrap: readonly BootstrapRun[];
    /** Each moderation bot's own bootstrap step (token, rooms), on its host, after its homeserver's. */
    readonly moderationBots: readonly ModerationBotRun[];
    /** The one nixpkgs every host builds against; part of every bundle. */
    readonly nixpkgs: NixpkgsPin;
    /** PostgreSQL major of Synapse's database; undefined: NixOS's default for the host's stateVersion. */
    readonly postgresqlVersion: number | undefined;
    /** Pre-upgrade database dumps each homeserver host keeps. */
    readonly upgradeDumps: number;
    /** Synapse workers of each homeserver that has any. */
    readonly workers: readonly HomeserverWorkers[];
    /** Switch order: each level's hosts switch in parallel, after every host of the levels before (see rollout.ts). */
    readonly rollout: readonly (readonly string[])[];
}
