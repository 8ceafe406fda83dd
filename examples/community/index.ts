/**
 * A community server on one Hetzner VM: Synapse with a first server admin, Element Web to log
 * in with, a moderation bot, and Signal and hookshot bridges. Outside this repository, import from "nixos-matrix" instead
 * of "../../sdk".
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, ModerationBot } from "../../sdk";

const config = new pulumi.Config();
const serverName = config.get("serverName") ?? "example.org";
const admin = config.get("admin") ?? "admin";

const host = new HetznerNixosHost("community", {
    location: config.get("location") ?? "nbg1",
    serverType: config.get("serverType") ?? "cx33",
});

const homeserver = new MatrixHomeserver("hs", {
    host: "community",
    serverName,
    domain: `matrix.${serverName}`,
    adminContact: `${admin}@${serverName}`,
    admins: [admin],
});

const element = new ElementWeb("element", { host: "community", domain: `element.${serverName}`, homeserver: "hs" });

// Draupnir, with its management room #moderators:<serverName> made by the first admin. Once
// your rooms exist (public, or inviting the bot), list them and deploy again, e.g.
// `protectedRooms: ["#community:" + serverName]`: the bot joins them.
const moderation = new ModerationBot("moderation", { host: "community", homeserver: "hs" });

// Signal: each user logs in through the bridge bot (`login` in a direct chat with @signalbot).
const signal = new Bridge("signal", { type: "mautrix-signal", host: "community", homeserver: "hs" });

// hookshot: GitHub, GitLab and generic webhooks, served at https://matrix.<serverName>/hookshot/hooks/.
const hooks = new Bridge("hooks", { type: "matrix-hookshot", host: "community", homeserver: "hs" });

export const homeserverUrl = homeserver.url;
export const elementUrl = element.url;
/** The first admins' user IDs and generated passwords (secret): `pulumi stack output --show-secrets adminPasswords`. */
export const adminUserIds = homeserver.adminUserIds;
export const adminPasswords = homeserver.adminPasswords;
export const moderationBot = moderation.userId;
export const managementRoom = moderation.managementRoom;
export const bridges = { signal: signal.registrationUrl, hooks: hooks.registrationUrl };
/** What `npx nixos-matrix verify --stack-output <file>` reads (secret). */
export const verify = homeserver.verifyInputs;
export const ipv4Address = host.ipv4Address;
export const ipv6Address = host.ipv6Address;
export const dnsRecords = host.dnsRecords;
