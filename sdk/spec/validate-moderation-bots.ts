import type { SpecIssue } from "./errors";
import type { StackSpec } from "./stack";

/**
 * A moderation bot needs a Synapse homeserver with a first admin (who moderates with it in the
 * management room), a user of its own and a management room on that homeserver.
 */
export function checkModerationBots(spec: StackSpec): SpecIssue[] {
    return spec.moderationBots.flatMap((bot, i) => {
        const hs = spec.homeservers.find((h) => h.name === bot.homeserver);
        if (!hs) return [];
        const at = `moderationBots[${i}]`;
        if (hs.implementation !== "synapse") {
            return [{ path: `${at}.homeserver`, message: `homeserver '${hs.name}' is ${hs.implementation}: a moderation bot needs Synapse for now` }];
        }
        const issues: SpecIssue[] = [];
        if (hs.admins.length === 0) {
            issues.push({ path: `${at}.homeserver`, message: `homeserver '${hs.name}' has no admins: give it admins, the first one moderates with the bot` });
        }
        if (hs.admins.includes(bot.localpart)) {
            issues.push({ path: `${at}.localpart`, message: `'${bot.localpart}' is an admin of homeserver '${hs.name}': the bot needs a user of its own` });
        }
        const sharing = spec.moderationBots.find((o, j) => j < i && o.host === bot.host);
        if (sharing) issues.push({ path: `${at}.host`, message: `host '${bot.host}' already runs moderation bot '${sharing.name}': NixOS runs one Draupnir per host` });
        const others = spec.moderationBots.filter((o, j) => j < i && o.homeserver === bot.homeserver && o.localpart === bot.localpart);
        if (others.length > 0) issues.push({ path: `${at}.localpart`, message: `'${bot.localpart}' is already the user of moderation bot '${others[0]!.name}'` });
        if (bot.managementRoom !== undefined && !bot.managementRoom.endsWith(`:${hs.serverName}`)) {
            issues.push({ path: `${at}.managementRoom`, message: `must be an alias on the bot's homeserver, ending in :${hs.serverName}` });
        }
        return issues;
    });
}
