/**
 * The shape of params.json: the only data a host's static NixOS modules read. Plain JSON,
 * no secret values (secret files appear only by path).
 */
import type { BackupPlan } from "../plan/backup";
import type { TelegramModuleGeneration, WhatsappModuleGeneration } from "./release";
import type { SynapseCommonParams } from "./params-synapse-common";
import type { SynapseWorkersParams } from "./params-workers";

export interface PortSetParams {
    readonly tcp: readonly number[];
    readonly udp: readonly number[];
    readonly tcpRanges: readonly { readonly from: number; readonly to: number }[];
    readonly udpRanges: readonly { readonly from: number; readonly to: number }[];
}

/** The main process's own settings; those every process shares are in SynapseCommonParams. */
export interface SynapseParams {
    readonly name: string;
    readonly listenPort: number;
    readonly enableRegistration: boolean;
    readonly federation: boolean;
    readonly maxUploadSize: string;
    readonly turnUris: readonly string[];
    /** Private addresses the listener binds besides loopback: for moderation bots on other hosts. */
    readonly privateBindAddresses: readonly string[];
}

/** The moderation bot (Draupnir) of a host: what `services.draupnir` reads. */
export interface ModerationBotParams {
    readonly name: string;
    readonly homeserverUrl: string;
    readonly managementRoom: string;
    /** The token file the bootstrap step writes; the unit starts only once it exists. */
    readonly accessTokenFile: string;
}

export interface ConduitParams {
    readonly name: string;
    readonly serverName: string;
    readonly port: number;
    readonly allowRegistration: boolean;
    readonly allowFederation: boolean;
    readonly maxRequestSize: number;
    /** Environment file (CONDUIT_TURN_SECRET, ...; each server's own prefix). */
    readonly environmentFile: string;
    readonly turnUris: readonly string[];
}

/** continuwuity or Tuwunel: conduwuit's forks, one module for both (conduwuit.nix). */
export interface ConduwuitParams extends ConduitParams {
    /** The nixpkgs module: `matrix-continuwuity` or `matrix-tuwunel`. */
    readonly service: string;
    /** Its unit, without `.service`. */
    readonly unit: string;
    /** Settings only this server reads. */
    readonly extraSettings: Readonly<Record<string, boolean>>;
}

/**
 * A Conduit-family homeserver's client listener on the private address, for bridges on other
 * hosts: a socket there (FreeBind: it binds before the mesh address exists) whose service
 * forwards each connection to the loopback listener with systemd-socket-proxyd.
 */
export interface HomeserverPrivateProxyParams {
    /** The socket and service name, without suffix. */
    readonly unit: string;
    /** `ListenStream=`: `<private address>:<port>`, an IPv6 address in brackets. */
    readonly listen: string;
    /** Where each connection goes: the loopback listener, `<host>:<port>` (`::1:6167`, no brackets). */
    readonly upstream: string;
}

/** nginx in front of the homeserver's client (and federation) API. */
export interface HomeserverProxyParams {
    readonly domain: string;
    readonly upstream: string;
    readonly paths: readonly string[];
    readonly federationPort8448: boolean;
    /**
     * The server name's well-known documents share this virtual host (delegation on while
     * the domain is the server name). They must answer on plain HTTP, where the switch step's
     * health check asks, so the host serves HTTP as well as HTTPS (`addSSL`) and redirects
     * plain HTTP to HTTPS location by location instead of for the whole host (`forceSSL`).
     */
    readonly sharesWellKnown: boolean;
    /** Webhook listeners of hookshot bridges registered with this homeserver, under its domain. */
    readonly webhooks: readonly WebhookProxyParams[];
    /** The same for hookshot bridges with a webhookDomain: a virtual host each. */
    readonly webhookDomains: readonly WebhookDomainParams[];
}

/** `/.well-known/matrix/<name>` documents served on the server name. */
export interface WellKnownParams {
    readonly domain: string;
    /** Always answered on plain HTTP as well as HTTPS: the switch step's health check asks nginx on port 80. */
    readonly documents: Readonly<Record<string, unknown>>;
}

export interface ElementParams {
    readonly name: string;
    readonly domain: string;
    /** Element's config.json. */
    readonly config: Readonly<Record<string, unknown>>;
}

export interface CoturnParams {
    readonly name: string;
    readonly realm: string;
    readonly listeningPort: number;
    readonly tlsListeningPort: number;
    readonly minPort: number;
    readonly maxPort: number;
    readonly noTcpRelay: boolean;
    readonly secretFile: string;
    readonly deniedPeerIps: readonly string[];
    readonly allowedPeerIps: readonly string[];
    /** How the realm's certificate is validated: via nginx on this host, or lego's own listener. */
    readonly acmeChallenge: "nginx-webroot" | "standalone";
}

/** What every bridge module needs; `settings` is merged last over the generated settings. */
export interface BridgeParams {
    readonly id: string;
    readonly port: number;
    /** The homeserver as the bridge reaches it. */
    readonly homeserverUrl: string;
    readonly homeserverDomain: string;
    /** The bridge's URL as the homeserver reaches it (the registration's `url`). */
    readonly url: string;
    /** Address the bridge's appservice listener binds. */
    readonly listenAddress: string;
    readonly botLocalpart: string;
    readonly userPrefix: string;
    readonly environmentFile: string | null;
    readonly settings: Readonly<Record<string, unknown>>;
}

export interface IrcBridgeParams extends BridgeParams {
    readonly servers: Readonly<Record<string, unknown>>;
}

/** One `services.mautrix-meta.instances.<network>`. */
export interface MetaBridgeParams extends BridgeParams {
    readonly network: string;
}

export interface HookshotBridgeParams extends BridgeParams {
    /** The registration file the module is pointed at (the library's root-only copy). */
    readonly registrationFile: string;
    readonly webhookPort: number;
    /** Public URL prefix of generic webhooks: nginx's `/hookshot/<id>/` location, plus `webhook/`. */
    readonly webhookUrlPrefix: string;
}

/** A location of the homeserver's virtual host proxied to a bridge's webhook listener. */
export interface WebhookProxyParams {
    readonly path: string;
    readonly upstream: string;
}

/** A virtual host of its own proxied (all of it) to a bridge's webhook listener. */
export interface WebhookDomainParams {
    readonly domain: string;
    readonly upstream: string;
}

/** A secret file a unit loads with systemd LoadCredential, optionally copied into place by its preStart. */
export interface CredentialParams {
    /** The systemd service, without `.service`. */
    readonly service: string;
    readonly name: string;
    readonly source: string;
    readonly installAt: string | null;
}

/** Where a secret file lives and whose it is: set again on activation, once its owner exists. Never its content. */
export interface SecretFileOwnershipParams {
    readonly path: string;
    readonly owner: string;
    readonly group: string;
    readonly mode: string;
}

/** The host's state Volume, as NixOS mounts it; the stateful services keep their data below it. */
export interface StateVolumeParams {
    /** `/dev/disk/by-id/scsi-0HC_Volume_<id>`: how Hetzner exposes an attached Volume. */
    readonly device: string;
    readonly mountPoint: string;
}

export interface HostParams {
    readonly release: {
        readonly version: string;
        readonly telegramModule: TelegramModuleGeneration;
        readonly whatsappModule: WhatsappModuleGeneration;
    };
    /** The nixpkgs the host builds against; `path` is where the switch step keeps it (see pinnedNixpkgsPath). */
    readonly nixpkgs: {
        readonly release: string;
        readonly url: string;
        readonly sha256: string;
        readonly path: string;
    };
    /** PostgreSQL major of Synapse's database (`pkgs.postgresql_<major>`); null on hosts without Synapse. */
    readonly postgresql: { readonly major: number } | null;
    readonly host: {
        readonly name: string;
        /** Null on a host that opens no private port and names no private interface. */
        readonly privateInterface: string | null;
        /** `system.stateVersion`: the existing host's own, or the release this library installs. */
        readonly stateVersion: string;
    };
    readonly ssh: {
        /** Keys allowed to log in as root: the deploy key first. */
        readonly rootAuthorizedKeys: readonly string[];
        /** The pinned host key sshd must keep offering, or null when none is pinned. */
        readonly hostKey: { readonly type: string; readonly path: string; readonly publicKey: string } | null;
    };
    /** The state Volume, or null: no Volume, state stays on the root disk (NixOS defaults). */
    readonly stateVolume: StateVolumeParams | null;
    /** The WireGuard mesh; null when the stack does not use it. */
    readonly mesh: MeshParams | null;
    readonly firewall: { readonly public: PortSetParams; readonly private: PortSetParams };
    readonly acme: { readonly email: string; readonly server: string | null };
    readonly nginx: { readonly enable: boolean; readonly clientMaxBodySize: string };
    readonly synapse: SynapseParams | null;
    /** What every Synapse process of this host reads, main or worker host; null: no Synapse here. */
    readonly synapseCommon: SynapseCommonParams | null;
    readonly moderationBot: ModerationBotParams | null;
    /** Synapse workers this host runs or serves; null: none. */
    readonly synapseWorkers: SynapseWorkersParams | null;
    readonly conduit: ConduitParams | null;
    readonly conduwuit: ConduwuitParams | null;
    /** Null unless a Conduit-family homeserver here serves bridges on other hosts. */
    readonly homeserverPrivateProxy: HomeserverPrivateProxyParams | null;
    readonly homeserverProxy: HomeserverProxyParams | null;
    readonly wellKnown: WellKnownParams | null;
    readonly elements: readonly ElementParams[];
    readonly coturn: CoturnParams | null;
    readonly credentials: readonly CredentialParams[];
    /** Every secret file of this host, sorted by path. */
    readonly secretFiles: readonly SecretFileOwnershipParams[];
    readonly bridges: {
        readonly telegram: BridgeParams | null;
        readonly whatsapp: BridgeParams | null;
        readonly irc: IrcBridgeParams | null;
        /** matrix-appservice-discord. */
        readonly discord: BridgeParams | null;
        readonly signal: BridgeParams | null;
        readonly mautrixDiscord: BridgeParams | null;
        /** mautrix-meta instances, by network. */
        readonly meta: readonly MetaBridgeParams[];
        readonly hookshot: HookshotBridgeParams | null;
    };
    /** What the host backs up and where (sdk/plan/backup.ts); null: no backups. */
    readonly backup: BackupPlan | null;
}

/** One WireGuard peer, in `networking.wireguard.interfaces.<name>.peers` shape plus its host's name. */
export interface MeshPeerParams {
    readonly host: string;
    readonly publicKey: string;
    readonly allowedIPs: readonly string[];
    /** `address:port`; null when only the peer dials (its address is not known here). */
    readonly endpoint: string | null;
    readonly persistentKeepalive: number;
}

export interface MeshParams {
    readonly interface: string;
    /** The interface's systemd unit (without `.service`). */
    readonly unit: string;
    /** This host's own public key: a new one (a rotation) restarts the interface with the new private key. */
    readonly publicKey: string;
    readonly ips: readonly string[];
    readonly listenPort: number;
    /** Made by the key step, root-only; never in the store. */
    readonly privateKeyFile: string;
    readonly peers: readonly MeshPeerParams[];
    /** Units (without `.service`) that start after the mesh is up. */
    readonly unitsAfter: readonly string[];
}
