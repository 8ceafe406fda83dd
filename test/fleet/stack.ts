/**
 * A stack deployed onto the fleet: the plan of a fixture, made-up secret values, each host's
 * bundle rendered for the fleet's keys, and the remote steps the components would run.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { hostSteps } from "../../sdk/deploy/host-steps";
import { oldSigningKeysArgs } from "../../sdk/deploy/old-signing-keys-step";
import { pinArgs } from "../../sdk/deploy/pin-args";
import type { NixpkgsPin } from "../../sdk/plan/release";
import { testNixpkgs } from "./harness/test-nixpkgs";
import type { Bundle } from "../../sdk/nixos/types";
import { renderBundle } from "../../sdk/nixos/render-bundle";
import { planStack } from "../../sdk/plan/plan-stack";
import { renderSecretFile } from "../../sdk/plan/render-secret-file";
import { CREDENTIAL_ARGS } from "../../sdk/spec/credentials";
import type { StackPlan } from "../../sdk/plan/types";
import { parseStackSpec, type StackSpec, type StackSpecInput } from "../../sdk/spec/stack";
import type { HostDeploy } from "./harness/deploy";
import type { MeshPeerFacts } from "../../sdk/nixos/params-mesh";
import type { Fleet } from "./harness/fleet";

export interface StackOptions {
    /** Values of secrets by name, over the generated ones (e.g. a rotated token). */
    readonly secrets?: Readonly<Record<string, string>>;
    /** @default 5 */
    readonly healthTimeoutSeconds?: number;
    /** @default 60 */
    readonly lockTimeoutSeconds?: number;
    /** Plan host -> the fleet host standing in for it (a new VM replacing a lost one). @default the same name */
    readonly onFleetHosts?: Readonly<Record<string, string>>;
    /** The nixpkgs the hosts build against. @default fleetNixpkgs(fleet): the fleet's 26.05 stand-in source */
    readonly nixpkgs?: NixpkgsPin;
    /** Each host's mesh public key and address, as the key steps report them (stacks with the mesh). */
    readonly meshPeers?: Readonly<Record<string, MeshPeerFacts>>;
}

/**
 * The stand-in nixos-rebuild runs no NixOS module, so the mesh exists on fleet hosts only
 * where a test brings it up itself (mesh.test.ts): other stacks deploy with `mesh: false`
 * unless they set it, keeping their hosts on the fleet's shared network.
 */
export function fleetSpecInput(input: StackSpecInput): StackSpecInput {
    return { mesh: false, ...input };
}

/** The fleet's default pin: a small 26.05 source the hosts reach as a file:// URL. */
export function fleetNixpkgs(fleet: Fleet, release = "26.05", tag = release): NixpkgsPin {
    return testNixpkgs(fleet.dir, release, tag);
}

/**
 * A user-given secret: the value at `field` (e.g. `bridges[3].credentials.botToken`) of the
 * spec, or undefined where a program gave an Output (an example's secret config).
 */
function fieldValue(spec: StackSpec, field: string): string | undefined {
    let at: unknown = spec;
    for (const part of field.split(/[.[\]]+/).filter((p) => p !== "")) {
        at = (at as Record<string, unknown>)[part];
    }
    if (typeof at === "string") return at;
    if (at !== null && typeof at === "object") return undefined;
    throw new Error(`secret field ${field} is neither a string nor an Output`);
}

/** A stand-in for a credential a program gave as an Output, of the shape the host checks. */
function standinCredential(spec: StackSpec, field: string, digest: string): string {
    const match = /^bridges\[(\d+)\]\.credentials\.(\w+)$/.exec(field);
    const arg = match ? CREDENTIAL_ARGS[spec.bridges[Number(match[1])]!.type]?.[match[2]!] : undefined;
    const digits = String(BigInt(`0x${digest.slice(0, 15)}`)).slice(0, 9);
    switch (arg) {
        case "telegramApiId":
        case "discordClientId":
            return `1${digits}`;
        case "telegramBotToken":
            return `1${digits}:${digest.slice(0, 35)}`;
        case "discordBotToken":
            return `${digest.slice(0, 24)}.${digest.slice(24, 30)}.${digest.slice(30, 57)}`;
        default:
            return digest.slice(0, 32);
    }
}

function fleetDigest(name: string): string {
    return createHash("sha256").update(`fleet ${name}`).digest("hex");
}

/** Stand-ins for the components' random secrets: stable per name, so re-runs are no-ops. */
export function secretValues(spec: StackSpec, plan: StackPlan, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
    const values: Record<string, string> = {};
    for (const decl of plan.secrets) {
        values[decl.name] =
            overrides[decl.name] ??
            (decl.source.kind === "user"
                ? (fieldValue(spec, decl.source.field) ?? standinCredential(spec, decl.source.field, fleetDigest(decl.name)))
                : fleetDigest(decl.name).slice(0, decl.source.length));
    }
    return values;
}

export interface DeployedStack {
    readonly plan: StackPlan;
    readonly deploys: HostDeploy[];
    readonly bundles: ReadonlyMap<string, Bundle>;
    /** Rendered secret files by host, then path. */
    readonly secrets: ReadonlyMap<string, Readonly<Record<string, string>>>;
    /** The secret values by name (e.g. `homeserver/hs/registration-shared-secret`). */
    readonly values: Readonly<Record<string, string>>;
}

/**
 * Every host's five steps, exactly as the components build them, and its rollout level. The
 * plan's pin is the fleet's (below the spec, which accepts only https sources).
 */
export function stackDeploys(fleet: Fleet, input: StackSpecInput, options: StackOptions = {}): DeployedStack {
    const spec = parseStackSpec(fleetSpecInput(input));
    const plan: StackPlan = { ...planStack(spec), nixpkgs: options.nixpkgs ?? fleetNixpkgs(fleet) };
    const values = secretValues(spec, plan, options.secrets);
    const deployKey = readFileSync(`${fleet.clientKey}.pub`, "utf8").trim();
    const bundles = new Map<string, Bundle>();
    const secrets = new Map<string, Record<string, string>>();
    const deploys = plan.hosts.map((host): HostDeploy => {
        const fleetHost = options.onFleetHosts?.[host.name] ?? host.name;
        const hostKey = readFileSync(path.join(fleet.host(fleetHost).root, "ssh_host_ed25519_key.pub"), "utf8").trim();
        const bundle = renderBundle(host, plan, { deployPublicKey: deployKey, hostPublicKey: hostKey, meshPeers: options.meshPeers });
        const secretContents = Object.fromEntries(host.secretFiles.map((f) => [f.path, renderSecretFile(f, values)]));
        bundles.set(host.name, bundle);
        secrets.set(host.name, secretContents);
        return {
            host: fleetHost,
            level: plan.rollout.findIndex((level) => level.includes(host.name)),
            steps: hostSteps({
                bundle,
                secretFiles: host.secretFiles,
                secretContents,
                healthChecks: host.healthChecks,
                pin: pinArgs(host, plan),
                oldSigningKeys: oldSigningKeysArgs(host, bundle),
                waitTimeoutSeconds: 10,
                switchOptions: {
                    healthTimeoutSeconds: options.healthTimeoutSeconds ?? 5,
                    lockTimeoutSeconds: options.lockTimeoutSeconds ?? 60,
                },
            }),
        };
    });
    return { plan, deploys, bundles, secrets, values };
}
