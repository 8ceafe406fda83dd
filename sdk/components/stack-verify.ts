/**
 * The stack-level verify step: after every host's switch, one command per homeserver on its
 * host runs the plan's checks. Its results become the `verification` output of the components
 * they concern; a failed check fails the update with the script's evidence.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { StackPlan } from "../plan/types";
import type { VerifyRun } from "../plan/verify";
import { parseVerification, verifyArgs, verifyCommand, verifySecretNames, type OperatorVerifyInputs, type VerificationResult } from "../deploy/verify-step";
import type { SecretValues } from "./stack-secrets";
import type { Declaration, HostEndpoint } from "./declarations";
import type { HostSteps } from "./host-deploy";

export interface HomeserverVerification {
    /** The results of its checks, each with the service it proves. */
    readonly results: pulumi.Output<(VerificationResult & { readonly service: string })[]>;
    /** What the operator CLI needs to run the same checks (secret). */
    readonly operatorInputs: pulumi.Output<OperatorVerifyInputs>;
}

/** Per homeserver: its verify step's results (none without checks) and operator inputs. */
export type StackVerifications = ReadonlyMap<string, HomeserverVerification>;

export function verifyStack(
    plan: StackPlan,
    endpoints: ReadonlyMap<string, HostEndpoint>,
    deploys: ReadonlyMap<string, HostSteps>,
    declarations: readonly Declaration[],
    secrets: SecretValues,
): StackVerifications {
    const switches = plan.hosts.map((h) => deploys.get(h.name)!.switch);
    // The switch commands carry each host's bundle and secrets hashes (never a secret value).
    const switched = pulumi.unsecret(pulumi.all(switches.map((s) => s.create)).apply((all) => all.map((c) => c ?? "")));
    const results = new Map<string, HomeserverVerification>();
    for (const run of plan.verify) {
        const endpoint = endpoints.get(run.host);
        const parent = declarations.find((d) => d.kind === "homeserver" && d.name === run.homeserver)?.component;
        if (!endpoint || !parent) throw new Error(`internal: verify of homeserver "${run.homeserver}" has no host or component`);
        results.set(run.homeserver, {
            results: run.checks.length === 0 ? pulumi.output([]) : verifyStep(run, endpoint, switched, switches, parent),
            operatorInputs: operatorInputs(run, secrets),
        });
    }
    return results;
}

/** The step's command, after every switch; its results, each with the service it proves. */
function verifyStep(
    run: VerifyRun,
    endpoint: HostEndpoint,
    switched: pulumi.Output<string[]>,
    switches: pulumi.Resource[],
    parent: pulumi.Resource,
): pulumi.Output<(VerificationResult & { service: string })[]> {
    const step = new command.remote.Command(
        `${run.homeserver}-verify`,
        { connection: endpoint.connection, create: switched.apply((s) => verifyCommand(verifyArgs(run, s))) },
        { parent, dependsOn: switches },
    );
    const services = new Map(run.checks.map((c) => [c.check, c.service]));
    // No stdout: a provider's mocks that answer commands with nothing.
    return step.stdout.apply((stdout) => (stdout ? parseVerification(stdout) : []).map((r) => ({ ...r, service: services.get(r.check) ?? "" })));
}

function operatorInputs(run: VerifyRun, secrets: SecretValues): pulumi.Output<OperatorVerifyInputs> {
    const values = verifySecretNames(run).map((name) => {
        const value = secrets.get(name);
        if (!value) throw new Error(`internal: verify of homeserver "${run.homeserver}" reads unknown secret ${name}`);
        return value.apply((v) => [name, v] as const);
    });
    return pulumi.secret(pulumi.all(values).apply((pairs) => ({ kind: "nixos-matrix-verify" as const, run, secrets: Object.fromEntries(pairs) })));
}
