/**
 * Moderation bots (Draupnir) as data: where each runs, how it reaches its homeserver (the
 * loopback listener on the same host, the homeserver host's private address otherwise), and
 * what its bootstrap step on its own host does. Pure; only paths and names, never a value.
 */
import type { ModerationBotSpec } from "../spec/moderation-bot";
import { byText } from "./order";
import { botRegistrationPasswordPath, moderationBotPasswordPath, moderationBotStatePath, moderationBotTokenPath } from "./paths";
import { homeserverLoopbackUrl, homeserverPrivateUrl, type ResolvedStack } from "./resolve";
import { secretNames } from "./secrets";

/** The systemd unit of the bot, as the nixpkgs module names it. */
export const MODERATION_BOT_UNIT = "draupnir.service";

/** A bot with its defaults applied and its homeserver looked up. */
export interface ResolvedModerationBot extends ModerationBotSpec {
    readonly managementRoom: string;
    readonly userId: string;
    /** The homeserver's client API as the bot's host reaches it. */
    readonly homeserverUrl: string;
    /** Where the bootstrap step writes the bot's access token (the module's token file). */
    readonly tokenFile: string;
}


export function resolveModerationBot(stack: ResolvedStack, bot: ModerationBotSpec, addresses: Readonly<Record<string, string>>): ResolvedModerationBot {
    const hs = stack.homeserver(bot.homeserver);
    return {
        ...bot,
        managementRoom: bot.managementRoom ?? `#moderators:${hs.serverName}`,
        userId: `@${bot.localpart}:${hs.serverName}`,
        homeserverUrl: bot.host === hs.host ? homeserverLoopbackUrl(hs) : homeserverPrivateUrl(hs, addresses[hs.host]!),
        tokenFile: moderationBotTokenPath(bot.name),
    };
}


/** What the homeserver host's bootstrap does for a bot: its user, and the management room with the first admin. */
export interface BootstrapBot {
    readonly localpart: string;
    readonly userId: string;
    readonly passwordFile: string;
    readonly managementRoom: string;
}

/** One run of the bot's own bootstrap step, on the bot's host, after its homeserver's. */
export interface ModerationBotRun {
    readonly bot: string;
    readonly host: string;
    readonly homeserver: string;
    readonly homeserverUrl: string;
    readonly localpart: string;
    readonly userId: string;
    /** The bot host's copy of its password, for logging in. */
    readonly passwordFile: string;
    readonly passwordSecret: string;
    readonly tokenFile: string;
    readonly stateDir: string;
    /** Raised: log in again for a new token (the old one is logged out). */
    readonly rotation: number;
    readonly managementRoom: string;
    readonly protectedRooms: readonly string[];
    readonly unit: string;
}

export function bootstrapBot(bot: ResolvedModerationBot): BootstrapBot {
    return {
        localpart: bot.localpart,
        userId: bot.userId,
        passwordFile: botRegistrationPasswordPath(bot.homeserver, bot.localpart),
        managementRoom: bot.managementRoom,
    };
}

export function moderationBotRuns(bots: readonly ResolvedModerationBot[]): ModerationBotRun[] {
    return bots
        .map((bot) => ({
            bot: bot.name,
            host: bot.host,
            homeserver: bot.homeserver,
            homeserverUrl: bot.homeserverUrl,
            localpart: bot.localpart,
            userId: bot.userId,
            passwordFile: moderationBotPasswordPath(bot.name),
            passwordSecret: secretNames.moderationBotPassword(bot.name),
            tokenFile: bot.tokenFile,
            stateDir: moderationBotStatePath(bot.name),
            rotation: bot.accessTokenRotation,
            managementRoom: bot.managementRoom,
            protectedRooms: bot.protectedRooms,
            unit: MODERATION_BOT_UNIT,
        }))
        .sort(byText((r) => r.bot));
}
