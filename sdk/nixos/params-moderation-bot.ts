import type { HostPlan } from "../plan/types";
import type { ModerationBotParams } from "./params-types";
import { atMostOne } from "./stack-lookup";

/** The host's moderation bot, or null; `services.draupnir` is one instance per host. */
export function moderationBotParams(host: HostPlan): ModerationBotParams | null {
    const bot = atMostOne(host, host.services.moderationBots, "moderation bots");
    if (!bot) return null;
    return { name: bot.name, homeserverUrl: bot.homeserverUrl, managementRoom: bot.managementRoom, accessTokenFile: bot.tokenFile };
}
