import * as pulumi from "@pulumi/pulumi";
import { bridgeSpec } from "../spec/bridge";
import { CREDENTIAL_ARGS, credentialProblem } from "../spec/credentials";
import { SpecError } from "../spec/errors";
import { componentLabel, componentSpec, renamePaths } from "./component-spec";
import type { PlannedStack } from "./declarations";
import { OutputSlots } from "./deferred";
import { compact, secretCredential } from "./known-inputs";
import { ownOutputs, verificationOf, type VerificationValue } from "./publish";
import { refusing } from "./refusal";
import { currentRegistry } from "./stack-registry";

/** One IRC network a matrix-appservice-irc bridge connects to. */
export interface IrcNetwork {
    /** Address of the IRC server, e.g. `irc.libera.chat`. */
    address: pulumi.Input<string>;
    /** Display name. @default the address */
    name?: pulumi.Input<string>;
    /** @default 6697 */
    port?: pulumi.Input<number>;
    /** @default true */
    tls?: pulumi.Input<boolean>;
    /** Channels mapped to rooms, e.g. `#nixos`. @default [] */
    channels?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BridgeArgs {
    /**
     * `mautrix-telegram`, `mautrix-whatsapp`, `mautrix-signal`, `mautrix-meta`, `mautrix-discord`
     * (the recommended Discord bridge), `matrix-hookshot`, `matrix-appservice-irc` or
     * `matrix-appservice-discord` (only on NixOS releases that still ship it: 26.05 and older).
     */
    type: string;
    /** Name of the MatrixHomeserver component it registers with (on the same host or another). */
    homeserver: string;
    /** Name of the host component to run on. @default a new Hetzner VM named like this component */
    host?: string;
    /**
     * Port the bridge listens on, on the private network. @default per type (29317, 29318,
     * signal 29328, meta messenger 29319 / instagram 29320, mautrix-discord 29334, hookshot 9993,
     * 8009, 9005)
     */
    port?: pulumi.Input<number>;
    /** Prefix of the puppet users' localparts (the exclusive user namespace). @default per type */
    userPrefix?: pulumi.Input<string>;
    /** Localpart of the bridge bot. @default per type */
    botLocalpart?: pulumi.Input<string>;
    /** Merged over the generated bridge settings. @default {} */
    settings?: pulumi.Input<{ [key: string]: any }>;
    /**
     * mautrix-telegram: Telegram api_id.
     * @secret
     */
    telegramApiId?: pulumi.Input<string>;
    /**
     * mautrix-telegram: Telegram api_hash.
     * @secret
     */
    telegramApiHash?: pulumi.Input<string>;
    /**
     * mautrix-telegram: optional relay bot token.
     * @secret
     */
    telegramBotToken?: pulumi.Input<string>;
    /**
     * matrix-appservice-discord: the application's client id.
     * @secret
     */
    discordClientId?: pulumi.Input<string>;
    /**
     * matrix-appservice-discord: the bot token.
     * @secret
     */
    discordBotToken?: pulumi.Input<string>;
    /** matrix-appservice-irc: the networks to bridge. */
    ircNetworks?: pulumi.Input<pulumi.Input<IrcNetwork>[]>;
    /** mautrix-meta: the network this instance bridges, `messenger` or `instagram` (one bridge each). */
    metaNetwork?: pulumi.Input<string>;
    /**
     * matrix-hookshot: port of the webhook listener; nginx on the homeserver's domain proxies
     * `https://<domain>/hookshot/<name>/` to it. @default 9000
     */
    webhookPort?: pulumi.Input<number>;
    /**
     * matrix-hookshot: a domain of its own for the webhooks (`https://<webhookDomain>/webhook/...`),
     * with its DNS record and certificate, served by nginx on the homeserver's host.
     * @default none: `/hookshot/<name>/` of the homeserver's domain
     */
    webhookDomain?: pulumi.Input<string>;
}

const CLASS = "Bridge";


/**
 * A Matrix bridge (appservice). Its registration is built by the library and delivered
 * to both the bridge host and the homeserver host; the component's name is the appservice id.
 */
export class Bridge extends pulumi.ComponentResource {
    /** The appservice id (the component's name). */
    public readonly registrationId: pulumi.Output<string>;
    /** The URL the homeserver reaches the bridge at (private network). */
    public readonly registrationUrl: pulumi.Output<string>;
    /** Name of the host it runs on. */
    public readonly hostName: pulumi.Output<string>;
    /** Name of the host of its homeserver. */
    public readonly homeserverHostName: pulumi.Output<string>;
    /** Results of the post-deploy verify step's checks of it (check, host, ok, detail). */
    public readonly verification: pulumi.Output<VerificationValue[]>;

    constructor(name: string, args: BridgeArgs, opts?: pulumi.ComponentResourceOptions) {
        const credentialArgs = CREDENTIAL_ARGS[args.type] ?? {};
        const renames: Record<string, string> = { id: "name", networks: "ircNetworks", network: "metaNetwork" };
        for (const [field, arg] of Object.entries(credentialArgs)) renames[`credentials.${field}`] = arg;
        const argPath = renamePaths(renames);
        const spec = refusing(() => {
            rejectForeignCredentials(name, args);
            const credentials = compact(
                Object.fromEntries(
                    Object.entries(credentialArgs).map(([field, arg]) => [field, secretCredential(args[arg] as pulumi.Input<string> | undefined)]),
                ),
            );
            return componentSpec({
                className: CLASS,
                name,
                schema: bridgeSpec,
                structural: compact({
                    id: name,
                    type: args.type,
                    host: args.host ?? name,
                    homeserver: args.homeserver,
                    port: args.port,
                    userPrefix: args.userPrefix,
                    botLocalpart: args.botLocalpart,
                    settings: args.settings,
                    networks: args.ircNetworks,
                    network: args.metaNetwork,
                    webhookPort: args.webhookPort,
                    webhookDomain: args.webhookDomain,
                }),
                opaque: args.type in CREDENTIAL_ARGS ? { credentials } : {},
                argPath,
                checks: Object.values(credentialArgs).map((arg) => ({
                    arg,
                    inputs: [args[arg]],
                    problem: ([value]: readonly unknown[]) => credentialProblem(arg, value),
                })),
            });
        });
        super(`nixos-matrix:index:${CLASS}`, name, {}, opts);

        const slots = new OutputSlots();
        this.registrationId = slots.output<string>();
        this.registrationUrl = slots.output<string>();
        this.hostName = slots.output<string>();
        this.homeserverHostName = slots.output<string>();
        this.verification = slots.output<VerificationValue[]>();

        currentRegistry().declare({
            kind: "bridge",
            className: CLASS,
            name,
            component: this,
            host: args.host,
            spec,
            argPath,
            publish: (stack: PlannedStack) => {
                const registration = stack.plan.registrations.find((r) => r.id === name);
                if (!registration) throw new Error(`internal: bridge "${name}" has no registration in the plan`);
                slots.resolve(this.registrationId, registration.id);
                slots.resolve(this.registrationUrl, registration.url);
                slots.resolve(this.hostName, registration.bridgeHost);
                slots.resolve(this.homeserverHostName, registration.homeserverHost);
                slots.resolve(this.verification, verificationOf(stack, `bridge/${name}`));
            },
            fail: () => slots.abandon(),
        });

        this.registerOutputs(ownOutputs(this));
    }
}

/** A credential arg of another bridge type is a mistake, not something to ignore. */
function rejectForeignCredentials(name: string, args: BridgeArgs): void {
    const issues = Object.entries(CREDENTIAL_ARGS)
        .filter(([type]) => type !== args.type)
        .flatMap(([type, fields]) =>
            Object.values(fields)
                .filter((arg) => args[arg] !== undefined)
                .map((arg) => ({ path: `${componentLabel(CLASS, name)}.${arg}`, message: `only applies to ${type} bridges` })),
        );
    if (issues.length > 0) throw new SpecError(issues);
}
