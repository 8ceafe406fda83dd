import { createHash } from "node:crypto";
import { mockMeshPublicKey } from "../../../sdk/deploy/mesh-key-step";
import { HETZNER_CATALOG } from "../../../sdk/synth/hetzner-catalog";
import { answerHcloudInvoke } from "../../../sdk/synth/hetzner-invokes";

/**
 * The deterministic "cloud" behind both test monitors (the gRPC one and `setMocks`):
 * the same registration gets the same id and outputs on both sides, so any downstream
 * input computed from an output is comparable.
 */
export interface FakeResource {
    readonly id: string;
    readonly state: Record<string, unknown>;
}

function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** Outputs a few resource types compute in the cloud; everything else echoes its inputs. */
const COMPUTED: Record<string, (name: string, id: string) => Record<string, unknown>> = {
    "hcloud:index/server:Server": (name, id) => ({
        ipv4Address: `203.0.113.${(parseInt(digest(name).slice(0, 2), 16) % 250) + 1}`,
        ipv6Address: `2001:db8::${id.slice(0, 4)}`,
        status: "running",
    }),
    "hcloud:index/volume:Volume": (_name, id) => ({ linuxDevice: `/dev/disk/by-id/scsi-0HC_Volume_${id}` }),
    "hcloud:index/primaryIp:PrimaryIp": (name) => ({
        ipAddress: `198.51.100.${(parseInt(digest(name).slice(0, 2), 16) % 250) + 1}`,
    }),
    "tls:index/privateKey:PrivateKey": (name) => ({
        privateKeyOpenssh: `-----BEGIN OPENSSH PRIVATE KEY-----\nfake-${digest(name).slice(0, 24)}\n-----END OPENSSH PRIVATE KEY-----\n`,
        publicKeyOpenssh: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${digest(name, "pub").slice(0, 43)} \n`,
        privateKeyPem: `fake-pem-${digest(name).slice(0, 16)}`,
        publicKeyPem: `fake-pub-pem-${digest(name).slice(0, 16)}`,
    }),
    // A mesh key step (`<host>-mesh-key`) prints its host's public key.
    "command:remote:Command": (name) => (name.endsWith("-mesh-key") ? { stdout: `${mockMeshPublicKey(name.slice(0, -"-mesh-key".length))}\n` } : {}),
    "random:index/randomPassword:RandomPassword": (name) => ({ result: `pw-${digest(name).slice(0, 32)}` }),
    "random:index/randomString:RandomString": (name) => ({ result: `s-${digest(name).slice(0, 32)}` }),
    "random:index/randomBytes:RandomBytes": (name) => ({
        base64: Buffer.from(digest(name), "hex").toString("base64"),
        hex: digest(name),
    }),
};

/** The id and outputs of a custom resource, from its type, name and plain inputs. */
export function fakeResource(type: string, name: string, inputs: Record<string, unknown>): FakeResource {
    const id = String(parseInt(digest(type, name).slice(0, 8), 16));
    const computed = COMPUTED[type]?.(name, id) ?? {};
    return { id, state: { ...inputs, ...computed } };
}

/** The result of a provider function, from its token and plain arguments; Hetzner's from the offline catalog. */
export function fakeInvoke(token: string, args: Record<string, unknown>): Record<string, unknown> {
    return answerHcloudInvoke(HETZNER_CATALOG, token, args) ?? { ...args, id: digest(token, JSON.stringify(args)).slice(0, 8) };
}
