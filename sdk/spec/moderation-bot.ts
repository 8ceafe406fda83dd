import { z } from "zod";
import { domainName, identifier, rotationCounter, userLocalpart } from "./common";

/** `#moderators:example.org`: a room alias; the part after `:` must be a domain name. */
const ROOM_ALIAS = /^#[a-z0-9._=/+-]{1,64}:(.+)$/;
/** `!abc123:example.org` or an alias. */
const ROOM_ID = /^![A-Za-z0-9._~-]{1,255}:(.+)$/;

const serverPart = (pattern: RegExp) => (s: string) => {
    const match = pattern.exec(s);
    return match !== null && domainName.safeParse(match[1]).success;
};

export const roomAlias = z
    .string({ error: "must be a room alias such as #moderators:example.org" })
    .refine(serverPart(ROOM_ALIAS), { error: "must be a room alias such as #moderators:example.org (lower case)" });

const protectedRoom = z
    .string({ error: "must be a room ID or alias such as #community:example.org" })
    .refine((s) => serverPart(ROOM_ALIAS)(s) || serverPart(ROOM_ID)(s), {
        error: "must be a room ID such as !abc:example.org or an alias such as #community:example.org",
    });

export const moderationBotSpec = z
    .object({
        /** Resource name. */
        name: identifier,
        /** Host the bot runs on: its homeserver's or another, reached over the private network. */
        host: identifier,
        /** Name of the Synapse homeserver the bot's user lives on. */
        homeserver: identifier,
        /** The bot user's localpart. @default "draupnir" */
        localpart: userLocalpart.default("draupnir"),
        /** The management room: created with this alias, or joined when it exists. @default `#moderators:<serverName>` */
        managementRoom: roomAlias.optional(),
        /** Rooms the bot joins to protect (IDs or aliases; public, or inviting the bot). @default [] */
        protectedRooms: z
            .array(protectedRoom, { error: "must be a list of room IDs or aliases" })
            .refine((rooms) => new Set(rooms).size === rooms.length, { error: "must not name a room twice" })
            .default([]),
        /** Raise to have the bot log in again for a new access token on the next deploy. @default 0 */
        accessTokenRotation: rotationCounter,
    })
    .strict();

export type ModerationBotSpec = z.output<typeof moderationBotSpec>;
