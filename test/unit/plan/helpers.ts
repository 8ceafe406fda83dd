import { planStack } from "../../../sdk/plan/plan-stack";
import type { HostPlan, SecretFile, StackPlan } from "../../../sdk/plan/types";
import { parseStackSpec, type StackSpecInput } from "../../../sdk/spec/stack";

export function planOf(input: StackSpecInput): StackPlan {
    return planStack(parseStackSpec(input));
}

export function hostOf(plan: StackPlan, name: string): HostPlan {
    const host = plan.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`no host ${name} in the plan`);
    return host;
}

export function fileAt(host: HostPlan, path: string): SecretFile {
    const file = host.secretFiles.find((f) => f.path === path);
    if (!file) throw new Error(`host ${host.name} has no secret file ${path}`);
    return file;
}

/** A distinct stand-in value for every secret, with characters an env file must quote. */
export function fakeSecretValues(plan: StackPlan): Record<string, string> {
    return Object.fromEntries(plan.secrets.map((s, i) => [s.name, `v${i} ${s.name} 'q' "d" $x`]));
}
