/**
 * What happens when the registry seals: validate and plan the whole stack (`checkPlan`),
 * ask the cloud (`cloud-preflight.ts`), then create every cloud resource and remote step
 * (`buildStack`). Runs once per program.
 */
import type { StackPlan } from "../plan/types";
import { SpecError } from "../spec/errors";
import { parseStackSpec, type StackSpec } from "../spec/stack";
import type { Declaration, HostDeclaration, HostEndpoint, PlannedStack } from "./declarations";
import { homeserverDataGuards } from "./data-guard";
import { deployHosts } from "./host-deploy";
import { planStack } from "./layers";
import { preflight } from "./preflight";
import { stackNetwork } from "./stack-network";
import { createDnsRecords } from "./stack-dns";
import { createSecrets } from "./stack-secrets";
import { verifyStack } from "./stack-verify";
import { bootstrapStack } from "./stack-bootstrap";
import { assembleStackSpec, inUserTerms } from "./stack-spec";
import { validateSettings, type StackSettings } from "./stack-settings";

export interface BuildInputs {
    readonly declarations: readonly Declaration[];
    readonly specs: ReadonlyMap<Declaration, Record<string, unknown>>;
    readonly settings: StackSettings;
}

/** The validated, planned stack, with every check that needs no cloud passed. */
export interface CheckedPlan {
    readonly inputs: BuildInputs;
    readonly spec: StackSpec;
    readonly plan: StackPlan;
    readonly hosts: readonly HostDeclaration[];
    /** The network zone of the stack's Hetzner hosts (undefined: none). */
    readonly zone: string | undefined;
}

/** Validates and plans the whole stack; throws SpecError. Creates nothing. */
export function checkPlan(inputs: BuildInputs): CheckedPlan {
    const { declarations, settings } = inputs;
    validateSettings(settings);
    let spec: StackSpec;
    let plan: StackPlan;
    try {
        spec = parseStackSpec(assembleStackSpec(declarations, inputs.specs, settings));
        plan = planStack(spec);
    } catch (err) {
        throw err instanceof SpecError ? inUserTerms(declarations, err) : err;
    }
    const hosts = declarations.filter((d): d is HostDeclaration => d.kind === "host");
    return { inputs, spec, plan, hosts, zone: preflight(plan, hosts, settings) };
}

/** Creates every cloud resource and remote step of a checked plan. */
export function buildStack(checked: CheckedPlan): PlannedStack {
    const { inputs, spec, plan, hosts } = checked;
    const { declarations, settings } = inputs;
    const network = stackNetwork(plan, checked.zone);

    const endpoints = new Map<string, HostEndpoint>();
    const sshKeys = new Map();
    for (const host of plan.hosts) {
        const declaration = hosts.find((d) => d.name === host.name);
        if (!declaration) throw new Error(`internal: host "${host.name}" has no component`);
        const context = { plan, host, networkId: network?.networkId, networkReady: network?.ready ?? [], sshKeys };
        endpoints.set(host.name, declaration.realize(context));
    }

    homeserverDataGuards(plan, declarations);
    const secrets = createSecrets(plan, spec, declarations);
    const dnsRecords = createDnsRecords(plan, endpoints, settings, declarations);
    const deploys = deployHosts(plan, endpoints, secrets, hosts);
    const verifications = verifyStack(plan, endpoints, deploys, declarations, secrets);
    const { bootstraps, moderationBotSteps } = bootstrapStack(plan, endpoints, deploys, declarations);
    return { spec, plan, endpoints, dnsRecords, deploys, secrets, verifications, bootstraps, moderationBotSteps };
}
