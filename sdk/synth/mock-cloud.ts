/**
 * A stand-in cloud for running a program offline under `pulumi.runtime.setMocks`: every
 * cloud-assigned value is an explicit, deterministic placeholder (`<ipv4 of matrix>`),
 * and every registration is recorded as the engine would receive it (serialized inputs
 * with secrets still wrapped, parent, dependencies).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { meshKeyHostOf, mockMeshPublicKey } from "../deploy/mesh-key-step";
import { verifyArgsOf } from "../deploy/verify-step";
import { HETZNER_CATALOG, type HetznerCatalog } from "./hetzner-catalog";
import { answerHcloudInvoke } from "./hetzner-invokes";

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent: string;
    /** URNs this resource depends on (dependsOn plus the resources its inputs came from). */
    readonly dependencies: readonly string[];
    /** Inputs as serialized for the engine: secrets are `{ <sig>: <secret sig>, value }` objects. */
    readonly inputs: Record<string, unknown>;
    readonly ignoreChanges: readonly string[];
    readonly protect: boolean;
}

function digest(text: string): Buffer {
    return createHash("sha256").update(text).digest();
}

/** A numeric id, as Hetzner assigns them (the components call `id.apply(Number)`). */
function placeholderId(type: string, name: string): string {
    return String(100000 + (digest(`${type}/${name}`).readUInt32BE(0) % 900000));
}

/** A structurally valid `ssh-ed25519` public key line derived from the resource name. */
export function placeholderSshKey(name: string): string {
    const algorithm = Buffer.from("ssh-ed25519");
    const blob = Buffer.concat([
        Buffer.from([0, 0, 0, algorithm.length]),
        algorithm,
        Buffer.from([0, 0, 0, 32]),
        digest(`host key ${name}`),
    ]);
    return `ssh-ed25519 ${blob.toString("base64")}`;
}

/** A stand-in for a random password: letters and digits, deterministic per resource. */
export function placeholderPassword(name: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let round = 0; out.length < length; round++) {
        for (const byte of digest(`password ${name} ${round}`)) out += alphabet[byte % alphabet.length];
    }
    return out.slice(0, length);
}

function hostLabel(inputs: Record<string, unknown>, fallback: string): string {
    const labels = inputs.labels as Record<string, string> | undefined;
    return labels?.["nixos-matrix-host"] ?? fallback;
}

export class MockCloud implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];
    /** Component outputs by URN, as serialized for the engine (secrets wrapped). */
    readonly outputs = new Map<string, Record<string, unknown>>();

    /**
     * @param rotated names of RandomPasswords that get a new value, as after `pulumi up --replace`.
     * @param replaced names of custom resources that get a new id, as after `pulumi up --replace`.
     * @param catalog what the Hetzner API lists (server types, locations, images).
     */
    constructor(
        private readonly rotated: ReadonlySet<string> = new Set(),
        private readonly replaced: ReadonlySet<string> = new Set(),
        private readonly catalog: HetznerCatalog = HETZNER_CATALOG,
    ) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const inputs = args.inputs as Record<string, unknown>;
        if (!args.custom) return { id: undefined, state: {} };
        const id = placeholderId(args.type, this.replaced.has(args.name) ? `${args.name} replaced` : args.name);
        switch (args.type) {
            case "hcloud:index/server:Server": {
                const host = hostLabel(inputs, args.name);
                return { id, state: { ...inputs, ipv4Address: `<ipv4 of ${host}>`, ipv6Address: `<ipv6 of ${host}>`, status: "running" } };
            }
            case "tls:index/privateKey:PrivateKey":
                return {
                    id,
                    state: {
                        ...inputs,
                        publicKeyOpenssh: `${placeholderSshKey(args.name)}\n`,
                        privateKeyOpenssh: `<private key of ${args.name}>`,
                        privateKeyPem: `<private key of ${args.name}>`,
                    },
                };
            case "random:index/randomPassword:RandomPassword":
                return {
                    id,
                    state: {
                        ...inputs,
                        result: placeholderPassword(this.rotated.has(args.name) ? `${args.name} rotated` : args.name, Number(inputs.length ?? 32)),
                    },
                };
            case "command:remote:Command":
                return { id, state: { ...inputs, stdout: mockedStdout(inputs.create, this.replaced.has(args.name)), stderr: "" } };
            default:
                return { id, state: { ...inputs } };
        }
    }

    /** Answers the Hetzner preflight's invokes from `catalog`, as the hcloud provider would. */
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = answerHcloudInvoke(this.catalog, args.token, args.inputs as Record<string, unknown>);
        if (!answer) throw new Error(`no mock for the call ${args.token}`);
        return answer;
    }

    /** Wraps the mock monitor so each registration's parent and dependencies are recorded. */
    recordRegistrations(): void {
        const monitor = pulumi.runtime.getMonitor() as unknown as {
            registerResource(req: RegisterRequest, callback: (err: unknown, res?: RegisterResponse) => void): Promise<void>;
            registerResourceOutputs(req: OutputsRequest, callback: (err: unknown, res?: unknown) => void): void;
        };
        const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
        monitor.registerResourceOutputs = (req, callback) => {
            this.outputs.set(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
            originalOutputs(req, callback);
        };
        const original = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) =>
            original(req, (err, res) => {
                if (!err && res) {
                    this.resources.push({
                        urn: res.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        custom: req.getCustom(),
                        parent: req.getParent(),
                        dependencies: [...req.getDependenciesList()].sort(),
                        inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                        ignoreChanges: [...req.getIgnorechangesList()].sort(),
                        protect: req.getProtect() ?? false,
                    });
                }
                callback(err, res);
            });
    }
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getParent(): string;
    getDependenciesList(): string[];
    getObject(): { toJavaScript(): unknown } | undefined;
    getIgnorechangesList(): string[];
    getProtect(): boolean | undefined;
}

interface RegisterResponse {
    getUrn(): string;
}

interface OutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): unknown } | undefined;
}

/**
 * What a command prints under mocks: nothing, but a verify step lists its checks as not run
 * and a mesh key step prints a stand-in public key.
 */
function mockedStdout(create: unknown, replaced: boolean): string {
    const meshHost = typeof create === "string" ? meshKeyHostOf(create) : undefined;
    // A replaced key step made a new key.
    if (meshHost !== undefined) return `${mockMeshPublicKey(replaced ? `${meshHost} replaced` : meshHost)}\n`;
    const args = typeof create === "string" ? verifyArgsOf(create) : undefined;
    if (!args) return "";
    return JSON.stringify(args.checks.map((c) => ({ check: c.check, host: c.host, ok: true, detail: "not run: Pulumi mocks" })));
}
