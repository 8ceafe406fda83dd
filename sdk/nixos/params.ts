/**
 * hostParams: one host's plan -> the JSON its static modules read (params.json). Pure;
 * holds secret files only by path. Keys are sorted when serialized, so equal plans give
 * byte-identical files.
 */
import type { HostPlan, StackPlan } from "../plan/types";
import { bridgesParams } from "./params-bridges";
import { firewallParams } from "./params-firewall";
import {
    conduitParams,
    conduwuitParams,
    homeserverPrivateProxyParams,
    elementParams,
    homeserverProxyParams,
    synapseParams,
    wellKnownParams,
} from "./params-homeserver";
import { meshParams, type MeshPeerFacts } from "./params-mesh";
import { coturnParams } from "./params-turn";
import { moderationBotParams } from "./params-moderation-bot";
import { synapseCommonParams } from "./params-synapse-common";
import { synapseWorkersParams } from "./params-workers";
import type { CredentialParams, HostParams, SecretFileOwnershipParams, StateVolumeParams } from "./params-types";
import { pinnedNixpkgsPath } from "../plan/paths";
import { UNRECORDED_STATE_VERSION } from "../plan/release";
import { ACME_STAGING_SERVER, DEFAULT_STATE_VERSION, NIXOS_RELEASE, postgresqlMajorFor } from "./release";
import { atMostOne } from "./stack-lookup";

export interface RenderOptions {
    /** The deploy key's public line; always in root's authorized_keys. */
    readonly deployPublicKey?: string;
    /** The pinned SSH host key's public line; sshd keeps offering exactly this key type. */
    readonly hostPublicKey?: string;
    /** Interface of the private network. @default the host plan's (`enp7s0` on Hetzner, `privateInterface` on an existing host) */
    readonly privateInterface?: string;
    /** Each other host's mesh public key (and a Hetzner host's public IPv4), from the key steps. @default none: placeholders */
    readonly meshPeers?: Readonly<Record<string, MeshPeerFacts>>;
    /**
     * Hetzner id of the host's state Volume, attached to it; its bundle mounts it and keeps
     * the stateful services' data there. Only for a Hetzner host with `volumeSizeGb > 0`.
     * @default none: state stays on the root disk
     */
    readonly stateVolumeId?: number;
    /**
     * `system.stateVersion` of a Hetzner host, as the cloud recorded it when the host was
     * created (the release it was installed with). @default the pinned release
     */
    readonly stateVersion?: string;
}

/** Where NixOS mounts the state Volume. */
export const STATE_MOUNT_POINT = "/srv/state";

const HOST_KEY_TYPES: Record<string, string> = {
    "ssh-ed25519": "ed25519",
    "ecdsa-sha2-nistp256": "ecdsa",
    "ssh-rsa": "rsa",
};

function hostKeyParams(host: HostPlan, options: RenderOptions): HostParams["ssh"]["hostKey"] {
    const publicKey = options.hostPublicKey ?? (host.spec.provider === "existing" ? host.spec.hostKey : undefined);
    if (!publicKey) return null;
    const algorithm = publicKey.trim().split(/\s+/)[0];
    const type = HOST_KEY_TYPES[algorithm];
    if (!type) throw new Error(`host ${host.name}: unsupported host key type ${algorithm}`);
    return { type, path: `/etc/ssh/ssh_host_${type}_key`, publicKey: publicKey.trim() };
}

function credentialParams(host: HostPlan): CredentialParams[] {
    return host.secretFiles.flatMap((file) =>
        file.loadCredential
            ? [{
                service: file.loadCredential.unit.replace(/\.service$/, ""),
                name: file.loadCredential.name,
                source: file.path,
                installAt: file.loadCredential.installAt ?? null,
            }]
            : [],
    );
}

/** Paths and ownership only; the content stays with the secrets step. */
function secretFileParams(host: HostPlan): SecretFileOwnershipParams[] {
    return host.secretFiles
        .map(({ path, owner, group, mode }) => ({ path, owner, group, mode }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function stateVolumeParams(host: HostPlan, options: RenderOptions): StateVolumeParams | null {
    const id = options.stateVolumeId;
    if (id === undefined) return null;
    if (host.spec.provider !== "hetzner" || host.spec.volumeSizeGb === 0) {
        throw new Error(`host ${host.name}: has no state Volume, but a Volume id was given`);
    }
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`host ${host.name}: state Volume id must be a positive integer, got ${id}`);
    return { device: `/dev/disk/by-id/scsi-0HC_Volume_${id}`, mountPoint: STATE_MOUNT_POINT };
}

/**
 * Every host keeps the release it was installed with: an existing host's own, a Hetzner
 * host's as recorded on its server. It must not be newer than the pin.
 */
function stateVersion(host: HostPlan, stack: StackPlan, options: RenderOptions): string {
    const version =
        host.spec.provider === "existing"
            ? (host.spec.stateVersion ?? UNRECORDED_STATE_VERSION)
            : (options.stateVersion ?? DEFAULT_STATE_VERSION);
    if (version > stack.nixpkgs.release) {
        throw new Error(
            `host ${host.name}: system.stateVersion ${version} is newer than the pinned nixpkgs release ${stack.nixpkgs.release}: a host never runs a release older than the one it was installed with`,
        );
    }
    return version;
}

/** The largest upload any homeserver here accepts bounds nginx's request body size. */
function clientMaxBodySize(host: HostPlan): string {
    const hs = host.services.homeservers[0];
    return hs ? hs.maxUploadSize : "1M";
}

export function hostParams(host: HostPlan, stack: StackPlan, options: RenderOptions = {}): HostParams {
    const hs = atMostOne(host, host.services.homeservers, "homeservers");
    const turn = atMostOne(host, host.services.turnServers, "TURN servers");
    const elements = elementParams(host, stack);
    const wellKnown = hs ? wellKnownParams(hs, elements) : null;
    const nginxEnabled = hs !== undefined || elements.length > 0;
    const hostStateVersion = stateVersion(host, stack, options);
    return {
        release: { ...NIXOS_RELEASE, version: stack.nixpkgs.release },
        nixpkgs: { ...stack.nixpkgs, path: pinnedNixpkgsPath(stack.nixpkgs.sha256) },
        postgresql: hs?.implementation === "synapse" ? { major: stack.postgresqlVersion ?? postgresqlMajorFor(hostStateVersion) } : null,
        host: {
            name: host.name,
            privateInterface: options.privateInterface ?? host.privateInterface,
            stateVersion: hostStateVersion,
        },
        ssh: {
            rootAuthorizedKeys: options.deployPublicKey ? [options.deployPublicKey.trim()] : [],
            hostKey: hostKeyParams(host, options),
        },
        stateVolume: stateVolumeParams(host, options),
        mesh: meshParams(host, options.meshPeers),
        firewall: firewallParams(host.ports),
        acme: { email: host.acme.email, server: host.acme.staging ? ACME_STAGING_SERVER : null },
        nginx: { enable: nginxEnabled, clientMaxBodySize: clientMaxBodySize(host) },
        synapse: hs?.implementation === "synapse" ? synapseParams(host, stack, hs) : null,
        synapseCommon: synapseCommonParams(host, stack),
        moderationBot: moderationBotParams(host),
        synapseWorkers: synapseWorkersParams(host),
        conduit: hs?.implementation === "conduit" ? conduitParams(host, stack, hs) : null,
        conduwuit: hs?.implementation === "continuwuity" || hs?.implementation === "tuwunel" ? conduwuitParams(host, stack, { ...hs, implementation: hs.implementation }) : null,
        homeserverPrivateProxy: hs ? homeserverPrivateProxyParams(host, stack, hs) : null,
        homeserverProxy: hs ? homeserverProxyParams(hs, stack) : null,
        wellKnown,
        elements,
        coturn: turn ? coturnParams(host, stack, turn, nginxEnabled) : null,
        credentials: credentialParams(host),
        secretFiles: secretFileParams(host),
        bridges: bridgesParams(host, stack),
        backup: host.backup,
    };
}

function sortKeysDeep(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeysDeep);
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return Object.fromEntries(entries.map(([k, v]) => [k, sortKeysDeep(v)]));
    }
    return value;
}

/** params.json's text: sorted keys, two-space indent, trailing newline. */
export function serializeParams(params: HostParams): string {
    return `${JSON.stringify(sortKeysDeep(params), null, 2)}\n`;
}
