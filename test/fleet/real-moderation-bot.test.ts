// needs: shared, root
/**
 * The moderation bot's bootstrap on real Synapse, with the bot on another host: Synapse and its
 * first admin on `matrix`, the bot on `mod`, which reaches Synapse at `matrix`'s private
 * address. Through the library's own steps: the homeserver's bootstrap creates the bot's user
 * and its management room (the admin's, both at power 100); the bot's step on `mod` logs in for
 * a token written 0400 to the module's token file, joins its rooms and starts the bot. Re-runs
 * create no second user or token; raising the rotation replaces the token.
 *
 * Draupnir itself is not packaged for these machines: the test checks what the steps produce
 * (users, token, rooms, power, the unit restarted), not the bot process.
 */
import { readFileSync, statSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand, parseBootstrap, type BootstrapResult } from "../../sdk/deploy/bootstrap-step";
import { moderationBotArgs, moderationBotCommand, parseModerationBot, type ModerationBotResult } from "../../sdk/deploy/moderation-bot-step";
import { planStack } from "../../sdk/plan/plan-stack";
import { parseStackSpec, type StackSpecInput } from "../../sdk/spec/stack";
import { allInOne } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { hostPath, readHostFile } from "./harness/host-state";
import { matrixRequest } from "./real/matrix-client";
import { unitLog, useRealServices } from "./real/services";
import { fleetSpecInput, stackDeploys, type DeployedStack } from "./stack";

const BOT = "@draupnir:example.org";
const ADMIN = "@admin:example.org";
const TOKEN_FILE = "/var/lib/nixos-matrix/moderation-bot/moderation/access-token";

let fleet: Fleet;

/** Synapse `hs` with admin `admin` on `matrix`, the bot `moderation` on `mod`. */
function botStack(bot: Record<string, unknown> = {}): StackSpecInput {
    const input = structuredClone(allInOne()) as StackSpecInput & { homeservers: Record<string, unknown>[] };
    const hs = input.homeservers[0]!;
    delete hs.turn;
    hs.admins = ["admin"];
    return {
        ...input,
        hosts: [...input.hosts!, { name: "mod", provider: "hetzner", location: "nbg1" }],
        turnServers: [],
        elements: [],
        bridges: [],
        moderationBots: [{ name: "moderation", host: "mod", homeserver: "hs", ...bot }],
    };
}

interface Deployed {
    readonly stack: DeployedStack;
    readonly homeserver: BootstrapResult[];
    readonly bot: ModerationBotResult;
    readonly log: string;
}

async function deploy(input: StackSpecInput): Promise<Deployed> {
    const stack = stackDeploys(fleet, input, { healthTimeoutSeconds: 60 });
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "matrix", "matrix-synapse.service").slice(-3000)).toEqual([]);
    const switched = stack.deploys.flatMap((d) => d.steps.filter((s) => s.step === "switch").map((s) => s.command));
    const hs = await fleet.ssh("matrix", bootstrapCommand(bootstrapArgs(stack.plan.bootstrap[0]!, switched)), { timeoutMs: 120_000 });
    expect(hs.code, hs.stderr).toBe(0);
    const botRun = stack.plan.moderationBots[0]!;
    const bot = await fleet.ssh("mod", moderationBotCommand(moderationBotArgs(botRun, switched)), { timeoutMs: 120_000 });
    expect(bot.code, bot.stderr).toBe(0);
    const log = hs.stderr + bot.stderr;
    const token = readHostFile(fleet.host("mod"), TOKEN_FILE);
    for (const value of [...Object.values(stack.values), token]) expect(hs.stdout + bot.stdout + log).not.toContain(value);
    return { stack, homeserver: parseBootstrap(hs.stdout), bot: parseModerationBot(bot.stdout), log };
}

function tokenOnMod(): string {
    return readHostFile(fleet.host("mod"), TOKEN_FILE);
}

async function adminToken(stack: DeployedStack): Promise<string> {
    const answer = await matrixRequest(fleet, "matrix", "POST", "/_matrix/client/v3/login", {
        body: { type: "m.login.password", identifier: { type: "m.id.user", user: "admin" }, password: stack.values["homeserver/hs/admin-password/admin"] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return String(answer.body.access_token);
}

async function botDevices(token: string): Promise<number> {
    const answer = await matrixRequest(fleet, "matrix", "GET", `/_synapse/admin/v2/users/${encodeURIComponent(BOT)}/devices`, { token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return Number(answer.body.total);
}

function restarts(): string[] {
    try {
        return readHostFile(fleet.host("mod"), "/var/lib/nixos-matrix-standin/log").split("\n").filter((l) => l.endsWith(" restart draupnir.service"));
    } catch {
        return [];
    }
}

beforeAll(() => {
    const plan = planStack(parseStackSpec(fleetSpecInput(botStack())));
    fleet = Fleet.start(plan.hosts.map((h) => h.name));
    const prefix = plan.privateNetwork.split("/")[1];
    for (const h of plan.hosts) fleet.addAddress(h.name, `${h.privateAddress}/${prefix}`);
    useRealServices(fleet, ["matrix"]);
}, 900_000);

stopFleetAfterAll(() => fleet);

describe("moderation bot bootstrap on real Synapse, the bot on another host", () => {
    let first: Deployed;
    let token: string;

    it("creates the bot's user; the bot's host gets a working token, 0400, from the private network", async () => {
        first = await deploy(botStack());
        const run = first.stack.plan.moderationBots[0]!;
        const matrixAddress = first.stack.plan.hosts.find((h) => h.name === "matrix")!.privateAddress;
        expect(run.homeserverUrl).toBe(`http://${matrixAddress}:8008`);
        expect(first.homeserver).toEqual([
            { user: ADMIN, created: true, passwordSet: true },
            { user: BOT, created: true, passwordSet: true },
        ]);
        expect(first.bot.user).toBe(BOT);
        expect(first.bot.tokenCreated).toBe(true);
        expect(statSync(hostPath(fleet.host("mod"), TOKEN_FILE)).mode & 0o777).toBe(0o400);
        token = tokenOnMod();
        const me = await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/v3/account/whoami", { token });
        expect(me.body.user_id).toBe(BOT);
        expect(restarts()).toHaveLength(1);
        expect(readFileSync(hostPath(fleet.host("mod"), "/etc/nixos/nixos-matrix/params.json"), "utf8")).toContain(`"accessTokenFile": "${TOKEN_FILE}"`);
    }, 900_000);

    it("puts the first admin and the bot in the management room, both at power 100", async () => {
        const admin = await adminToken(first.stack);
        const room = first.bot.managementRoom;
        const alias = await matrixRequest(fleet, "matrix", "GET", `/_matrix/client/v3/directory/room/${encodeURIComponent("#moderators:example.org")}`, { token: admin });
        expect(alias.body.room_id).toBe(room);
        const members = await matrixRequest(fleet, "matrix", "GET", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/joined_members`, { token: admin });
        expect(Object.keys(members.body.joined as object).sort()).toEqual([ADMIN, BOT]);
        const levels = await matrixRequest(fleet, "matrix", "GET", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/state/m.room.power_levels`, { token: admin });
        expect((levels.body.users as Record<string, number>)[ADMIN]).toBe(100);
        expect((levels.body.users as Record<string, number>)[BOT]).toBe(100);
    }, 300_000);

    it("a second deploy creates no second user and no second token, and joins the protected rooms listed", async () => {
        const admin = await adminToken(first.stack);
        const created = await matrixRequest(fleet, "matrix", "POST", "/_matrix/client/v3/createRoom", {
            token: admin,
            body: { room_alias_name: "community", preset: "public_chat" },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(200);
        const again = await deploy(botStack({ protectedRooms: ["#community:example.org"] }));
        expect(again.homeserver.map((r) => r.created)).toEqual([false, false]);
        expect(again.bot.tokenCreated).toBe(false);
        expect(again.bot.joined).toEqual(["#community:example.org"]);
        expect(again.bot.managementRoom).toBe(first.bot.managementRoom);
        expect(tokenOnMod()).toBe(token);
        expect(await botDevices(admin)).toBe(1);
        expect(restarts()).toHaveLength(1);
        const members = await matrixRequest(fleet, "matrix", "GET", `/_matrix/client/v3/rooms/${encodeURIComponent(String(created.body.room_id))}/joined_members`, { token: admin });
        expect(Object.keys(members.body.joined as object)).toContain(BOT);
    }, 900_000);

    it("raising accessTokenRotation replaces the token once: the old one is logged out, still one device", async () => {
        const rotated = await deploy(botStack({ protectedRooms: ["#community:example.org"], accessTokenRotation: 1 }));
        expect(rotated.bot.tokenCreated).toBe(true);
        const next = tokenOnMod();
        expect(next).not.toBe(token);
        expect((await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/v3/account/whoami", { token })).status).toBe(401);
        expect((await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/v3/account/whoami", { token: next })).body.user_id).toBe(BOT);
        expect(await botDevices(await adminToken(rotated.stack))).toBe(1);
        const once = await deploy(botStack({ protectedRooms: ["#community:example.org"], accessTokenRotation: 1 }));
        expect(once.bot.tokenCreated).toBe(false);
        expect(tokenOnMod()).toBe(next);
    }, 900_000);
});
