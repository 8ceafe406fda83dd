import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

type Draft = Parameters<Parameters<typeof variant>[0]>[0];

/** The base stack with admin `admin` on `hs` and one valid bot `mod` on `edge`, then `edit`. */
function withBot(edit: (s: Draft, bot: Record<string, unknown>) => void): unknown {
    return variant((s) => {
        s.homeservers[0].admins = ["admin"];
        const bot: Record<string, unknown> = { name: "mod", host: "edge", homeserver: "hs" };
        s.moderationBots = [bot];
        edit(s, bot);
    });
}

/** Fields and cross-field rules of moderation bots. */
export const MODERATION_BOT_CASES: readonly BadInput[] = [
    {
        name: "bot localpart as a user ID",
        input: withBot((_, bot) => (bot.localpart = "@draupnir:example.org")),
        message: /^moderationBots\[0\]\.localpart: must be a user localpart such as alice/,
    },
    {
        name: "bot managementRoom without #",
        input: withBot((_, bot) => (bot.managementRoom = "moderators:example.org")),
        message: "moderationBots[0].managementRoom: must be a room alias such as #moderators:example.org (lower case)",
    },
    {
        name: "bot managementRoom on another server",
        input: withBot((_, bot) => (bot.managementRoom = "#moderators:example.net")),
        message: "moderationBots[0].managementRoom: must be an alias on the bot's homeserver, ending in :example.org",
    },
    {
        name: "bot protectedRooms with a matrix.to link",
        input: withBot((_, bot) => (bot.protectedRooms = ["https://matrix.to/#/#community:example.org"])),
        message: "moderationBots[0].protectedRooms[0]: must be a room ID such as !abc:example.org or an alias such as #community:example.org",
    },
    {
        name: "bot protectedRooms naming a room twice",
        input: withBot((_, bot) => (bot.protectedRooms = ["#a:example.org", "#a:example.org"])),
        message: "moderationBots[0].protectedRooms: must not name a room twice",
    },
    {
        name: "bot accessTokenRotation fractional",
        input: withBot((_, bot) => (bot.accessTokenRotation = 0.5)),
        message: "moderationBots[0].accessTokenRotation: must be a whole number",
    },
    {
        name: "bot on a homeserver without admins",
        input: withBot((s) => (s.homeservers[0].admins = [])),
        message: "moderationBots[0].homeserver: homeserver 'hs' has no admins: give it admins, the first one moderates with the bot",
    },
    {
        name: "bot user is an admin",
        input: withBot((_, bot) => (bot.localpart = "admin")),
        message: "moderationBots[0].localpart: 'admin' is an admin of homeserver 'hs': the bot needs a user of its own",
    },
    {
        name: "two bots on one host",
        input: withBot((s) => s.moderationBots.push({ name: "mod2", host: "edge", homeserver: "hs", localpart: "mjolnir" })),
        message: "moderationBots[1].host: host 'edge' already runs moderation bot 'mod': NixOS runs one Draupnir per host",
    },
    {
        name: "two bots with one user",
        input: withBot((s) => s.moderationBots.push({ name: "mod2", host: "main", homeserver: "hs" })),
        message: "moderationBots[1].localpart: 'draupnir' is already the user of moderation bot 'mod'",
    },
    {
        name: "bot naming a missing homeserver",
        input: withBot((_, bot) => (bot.homeserver = "home")),
        message: "moderationBots[0].homeserver: no homeserver named 'home' is declared (declared: 'hs')",
    },
    {
        name: "bot name clashing with a service",
        input: withBot((_, bot) => (bot.name = "web")),
        message: /^moderationBots\[0\]\.name: /,
    },
];
