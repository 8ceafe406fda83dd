/**
 * The stack-level bootstrap step: after every host's switch, one command per Synapse
 * homeserver with admins, on its host, creates them (see deploy/bootstrap-step.ts). It carries
 * no secret: the script reads the passwords and the registration secret from the host's files.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { bootstrapArgs, bootstrapCommand } from "../deploy/bootstrap-step";
import type { StackPlan } from "../plan/types";
import type { Declaration, HostEndpoint } from "./declarations";
import type { HostSteps } from "./host-deploy";

/** Per homeserver: its bootstrap command (none without admins). */
export type StackBootstraps = ReadonlyMap<string, command.remote.Command>;

export function bootstrapStack(
    plan: StackPlan,
    endpoints: ReadonlyMap<string, HostEndpoint>,
    deploys: ReadonlyMap<string, HostSteps>,
    declarations: readonly Declaration[],
): StackBootstraps {
    const switches = plan.hosts.map((h) => deploys.get(h.name)!.switch);
    // The switch commands carry each host's bundle and secrets hashes (never a secret value).
    const switched = pulumi.unsecret(pulumi.all(switches.map((s) => s.create)).apply((all) => all.map((c) => c ?? "")));
    const steps = new Map<string, command.remote.Command>();
    for (const run of plan.bootstrap) {
        const endpoint = endpoints.get(run.host);
        const parent = declarations.find((d) => d.kind === "homeserver" && d.name === run.homeserver)?.component;
        if (!endpoint || !parent) throw new Error(`internal: bootstrap of homeserver "${run.homeserver}" has no host or component`);
        const step = new command.remote.Command(
            `${run.homeserver}-bootstrap`,
            { connection: endpoint.connection, create: switched.apply((s) => bootstrapCommand(bootstrapArgs(run, s))), logging: "stderr" },
            { parent, dependsOn: switches },
        );
        steps.set(run.homeserver, step);
    }
    return steps;
}
