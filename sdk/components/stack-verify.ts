/**
 * The stack-level verify step: after every host's switch, one command per homeserver on its
 * host runs the plan's checks. Its results become the `verification` output of the components
 * they concern; a failed check fails the update with the script's evidence.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { StackPlan } from "../plan/types";
import { parseVerification, verifyArgs, verifyCommand, type VerificationResult } from "../deploy/verify-step";
import type { Declaration, HostEndpoint } from "./declarations";
import type { HostSteps } from "./host-deploy";

/** Per homeserver: the results of its checks, each with the service it proves. */
export type StackVerifications = ReadonlyMap<string, pulumi.Output<(VerificationResult & { readonly service: string })[]>>;

export function verifyStack(
    plan: StackPlan,
    endpoints: ReadonlyMap<string, HostEndpoint>,
    deploys: ReadonlyMap<string, HostSteps>,
    declarations: readonly Declaration[],
): StackVerifications {
    const switches = plan.hosts.map((h) => deploys.get(h.name)!.switch);
    // The switch commands carry each host's bundle and secrets hashes (never a secret value).
    const switched = pulumi.unsecret(pulumi.all(switches.map((s) => s.create)).apply((all) => all.map((c) => c ?? "")));
    const results = new Map<string, pulumi.Output<(VerificationResult & { service: string })[]>>();
    for (const run of plan.verify) {
        if (run.checks.length === 0) continue;
        const endpoint = endpoints.get(run.host);
        const parent = declarations.find((d) => d.kind === "homeserver" && d.name === run.homeserver)?.component;
        if (!endpoint || !parent) throw new Error(`internal: verify of homeserver "${run.homeserver}" has no host or component`);
        const step = new command.remote.Command(
            `${run.homeserver}-verify`,
            { connection: endpoint.connection, create: switched.apply((s) => verifyCommand(verifyArgs(run, s))) },
            { parent, dependsOn: switches },
        );
        const services = new Map(run.checks.map((c) => [c.check, c.service]));
        results.set(
            run.homeserver,
            step.stdout.apply((stdout) => (stdout ? parseVerification(stdout) : []).map((r) => ({ ...r, service: services.get(r.check) ?? "" }))),
        );
    }
    return results;
}
