/**
 * A stack deployed onto the fleet: the plan of a fixture, made-up secret values, each host's
 * bundle rendered for the fleet's keys, and the remote steps the components would run.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { hostSteps } from "../../sdk/deploy/host-steps";
import type { Bundle } from "../../sdk/nixos/types";
import { renderBundle } from "../../sdk/nixos/render-bundle";
import { planStack } from "../../sdk/plan/plan-stack";
import { renderSecretFile } from "../../sdk/plan/render-secret-file";
import type { StackPlan } from "../../sdk/plan/types";
import { parseStackSpec, type StackSpec, type StackSpecInput } from "../../sdk/spec/stack";
import type { HostDeploy } from "./harness/deploy";
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

/** Stand-ins for the components' random secrets: stable per name, so re-runs are no-ops. */
export function secretValues(spec: StackSpec, plan: StackPlan, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
    const values: Record<string, string> = {};
    for (const decl of plan.secrets) {
        values[decl.name] =
            overrides[decl.name] ??
            (decl.source.kind === "user" ? fieldValue(spec, decl.source.field) : undefined) ??
            createHash("sha256").update(`fleet ${decl.name}`).digest("hex").slice(0, decl.source.kind === "user" ? 32 : decl.source.length);
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

/** Every host's four steps, exactly as the components build them. */
export function stackDeploys(fleet: Fleet, input: StackSpecInput, options: StackOptions = {}): DeployedStack {
    const spec = parseStackSpec(input);
    const plan = planStack(spec);
    const values = secretValues(spec, plan, options.secrets);
    const deployKey = readFileSync(`${fleet.clientKey}.pub`, "utf8").trim();
    const bundles = new Map<string, Bundle>();
    const secrets = new Map<string, Record<string, string>>();
    const deploys = plan.hosts.map((host): HostDeploy => {
        const fleetHost = options.onFleetHosts?.[host.name] ?? host.name;
        const hostKey = readFileSync(path.join(fleet.host(fleetHost).root, "ssh_host_ed25519_key.pub"), "utf8").trim();
        const bundle = renderBundle(host, plan, { deployPublicKey: deployKey, hostPublicKey: hostKey });
        const secretContents = Object.fromEntries(host.secretFiles.map((f) => [f.path, renderSecretFile(f, values)]));
        bundles.set(host.name, bundle);
        secrets.set(host.name, secretContents);
        return {
            host: fleetHost,
            steps: hostSteps({
                bundle,
                secretFiles: host.secretFiles,
                secretContents,
                healthChecks: host.healthChecks,
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
