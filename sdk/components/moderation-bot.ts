import * as pulumi from "@pulumi/pulumi";
import { moderationBotSpec } from "../spec/moderation-bot";
import { componentSpec } from "./component-spec";
import { declareService, type PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { compact } from "./known-inputs";
import { ownOutputs } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry } from "./stack-registry";

export interface ModerationBotArgs {
    /** Name of the MatrixHomeserver (Synapse, with `admins`) the bot's user lives on; its first admin moderates with the bot. */
    homeserver: string;
    /** Name of the host component to run on: the homeserver's or another, reached over the private network. @default a new Hetzner VM named like this component */
    host?: string;
    /** Localpart of the bot's user. @default "draupnir" */
    localpart?: pulumi.Input<string>;
    /** Alias of the management room: created by the first admin, or joined when it exists. @default `#moderators:<serverName>` */
    managementRoom?: pulumi.Input<string>;
    /** Rooms the bot joins to protect: IDs (`!abc:example.org`) or aliases, public or inviting the bot. @default [] */
    protectedRooms?: pulumi.Input<pulumi.Input<string>[]>;
    /** Raise (0, 1, 2, ...) to have the bot log in again for a new access token on the next deploy. @default 0 */
    accessTokenRotation?: pulumi.Input<number>;
}

const CLASS = "ModerationBot";

/**
 * A moderation bot: Draupnir, the maintained fork of Mjolnir (nixpkgs `services.draupnir`).
 * Its user is created on the homeserver's host; its access token is made by logging in on
 * the bot's own host and never leaves it.
 */
export class ModerationBot extends pulumi.ComponentResource {
    /** The bot's user ID, e.g. `@draupnir:example.org`. */
    public readonly userId: pulumi.Output<string>;
    /** The management room's alias. */
    public readonly managementRoom: pulumi.Output<string>;
    /** Name of the host it runs on. */
    public readonly hostName: pulumi.Output<string>;
    /** The homeserver URL the bot talks to (loopback on the homeserver's host, its private address otherwise). */
    public readonly homeserverUrl: pulumi.Output<string>;

    constructor(name: string, args: ModerationBotArgs, opts?: pulumi.ComponentResourceOptions) {
        const argPath = (p: string) => p;
        const structural = compact({
            name,
            host: args.host ?? name,
            homeserver: args.homeserver,
            localpart: args.localpart,
            managementRoom: args.managementRoom,
            protectedRooms: args.protectedRooms,
            accessTokenRotation: args.accessTokenRotation,
        });
        const spec = refusing(() => componentSpec({ className: CLASS, name, schema: moderationBotSpec, structural, argPath }));
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.userId = slots.output<string>();
        this.managementRoom = slots.output<string>();
        this.hostName = slots.output<string>();
        this.homeserverUrl = slots.output<string>();

        declareService(currentRegistry(), this, slots, {
            kind: "moderation-bot",
            className: CLASS,
            name,
            host: args.host,
            spec,
            argPath,
            publish: (stack: PlannedStack) => {
                const run = stack.plan.moderationBots.find((r) => r.bot === name);
                if (!run) throw new Error(`internal: moderation bot "${name}" is missing from the plan`);
                const step = stack.moderationBotSteps.get(name);
                const done = step ? step.stdout.apply(() => run.userId) : pulumi.output(run.userId);
                slots.resolve(this.userId, done);
                slots.resolve(this.managementRoom, run.managementRoom);
                slots.resolve(this.hostName, run.host);
                slots.resolve(this.homeserverUrl, run.homeserverUrl);
            },
        });

        this.registerOutputs(ownOutputs(this));
    }
}
