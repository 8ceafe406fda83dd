/**
 * The stack-level bootstrap step: after every host's switch, one command per Synapse
 * homeserver with admins (and per Conduit-family homeserver, whose bridges it also registers
 * through the admin room), on its host, creates them and its moderation bots' users and rooms
 * (see deploy/bootstrap-step.ts); then each moderation bot's own step on its host logs the bot
 * in and joins its rooms (deploy/moderation-bot-step.ts). No command carries a secret: the
 * scripts read passwords and the registration secret from the hosts' files, and the bot's
 * token is made on its host.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { bootstrapArgs, bootstrapCommand } from "../deploy/bootstrap-step";
import { moderationBotArgs, moderationBotCommand } from "../deploy/moderation-bot-step";
import type { StackPlan } from "../plan/types";
import type { Declaration, HostEndpoint } from "./declarations";
import type { HostSteps } from "./host-deploy";

/** Per homeserver: its bootstrap command (none without admins). */
export type StackBootstraps = ReadonlyMap<string, command.remote.Command>;

export interface StackBootstrapSteps {
    readonly bootstraps: StackBootstraps;
    /** Per moderation bot: its step on its host. */
    readonly moderationBotSteps: ReadonlyMap<string, command.remote.Command>;
}

export function bootstrapStack(
    plan: StackPlan,
    endpoints: ReadonlyMap<string, HostEndpoint>,
    deploys: ReadonlyMap<string, HostSteps>,
    declarations: readonly Declaration[],
): StackBootstrapSteps {
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
    const botSteps = new Map<string, command.remote.Command>();
    for (const run of plan.moderationBots) {
        const endpoint = endpoints.get(run.host);
        const parent = declarations.find((d) => d.kind === "moderation-bot" && d.name === run.bot)?.component;
        const homeserverStep = steps.get(run.homeserver);
        if (!endpoint || !parent || !homeserverStep) throw new Error(`internal: moderation bot "${run.bot}" has no host, component or homeserver bootstrap`);
        botSteps.set(
            run.bot,
            new command.remote.Command(
                `${run.bot}-bootstrap`,
                { connection: endpoint.connection, create: switched.apply((s) => moderationBotCommand(moderationBotArgs(run, s))), logging: "stderr" },
                { parent, dependsOn: [...switches, homeserverStep] },
            ),
        );
    }
    return { bootstraps: steps, moderationBotSteps: botSteps };
}
