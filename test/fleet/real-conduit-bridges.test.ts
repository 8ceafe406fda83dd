// needs: root
/**
 * Bridges and first admins on Conduit: a Conduit homeserver with a Telegram bridge deployed
 * onto one fleet host through the library's own steps, then the bootstrap step exactly as the
 * components run it, against a stand-in Conduit (no Conduit-family server is packaged here;
 * standin-conduit.py names the protocol facts it copies and their source). The library's
 * admin is the first user and registers the bridge in #admins; a re-run sends nothing; a
 * removed bridge is unregistered.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand, parseAppserviceChanges, parseBootstrap } from "../../sdk/deploy/bootstrap-step";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { allInOne, conduit } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { startStandinConduit, type StandinConduit } from "./real/conduit";
import { stackDeploys } from "./stack";

const HOST = "conduit";
const TOKEN = "homeserver/hs/registration-token";
/** The fleet host's generic stand-in homeserver holds Conduit's own port (6167), so this one listens beside it. */
const STANDIN_PORT = 16167;
let fleet: Fleet;
let standin: StandinConduit;
/** Generated secrets kept across deploys, as Pulumi state keeps them. */
const kept: Record<string, string> = {};

/** examples/conduit as data, with the admin `alice` and (unless `bridges` is false) Telegram. */
function conduitStack(bridges = true): StackSpecInput {
    const telegram = allInOne().bridges!.find((b) => b.id === "telegram")!;
    const input = conduit() as StackSpecInput & { homeservers: Record<string, unknown>[] };
    input.homeservers[0]!.admins = ["alice"];
    return { ...input, bridges: bridges ? [{ ...telegram, host: HOST }] : [] };
}

async function deployAndBootstrap(input: StackSpecInput) {
    const stack = stackDeploys(fleet, input, { secrets: kept });
    Object.assign(kept, stack.values);
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    standin ??= await startStandinConduit(fleet, HOST, { port: STANDIN_PORT, serverName: "conduit.example.net", registrationToken: stack.values[TOKEN]! });
    const switched = stack.deploys.flatMap((d) => d.steps.filter((s) => s.step === "switch").map((s) => s.command));
    const run0 = stack.plan.bootstrap[0]!;
    expect(run0.homeserverUrl).toBe("http://[::1]:6167");
    const args = { ...bootstrapArgs(run0, switched), homeserverUrl: `http://[::1]:${STANDIN_PORT}` };
    const result = await fleet.ssh(HOST, bootstrapCommand(args), { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    for (const value of Object.values(stack.values)) expect(result.stderr).not.toContain(value);
    return { users: parseBootstrap(result.stdout), appservices: parseAppserviceChanges(result.stdout), log: result.stderr };
}

beforeAll(() => {
    fleet = Fleet.start([HOST]);
}, 900_000);

stopFleetAfterAll(() => fleet);

describe("bootstrap on a (stand-in) Conduit: first admins and bridges through #admins", () => {
    it("registers the library's admin first, then alice, and registers the Telegram bridge", async () => {
        const first = await deployAndBootstrap(conduitStack());
        expect(first.users).toEqual([
            { user: "@nixos-matrix:conduit.example.net", created: true, passwordSet: true },
            { user: "@alice:conduit.example.net", created: true, passwordSet: true },
        ]);
        expect(first.appservices).toEqual([{ appservice: "telegram", action: "registered" }]);
        const state = standin.state();
        expect(Object.keys(state.appservices)).toEqual(["telegram"]);
        expect(state.appservices.telegram).toContain(`as_token: ${kept["bridge/telegram/as-token"]}`);
        expect(state.commands.map((c) => c.split("\n")[0])).toEqual([
            "@conduit:conduit.example.net: list-appservices",
            "@conduit:conduit.example.net: register-appservice",
        ]);
    }, 900_000);

    it("a second run creates nobody and sends nothing to the admin room", async () => {
        const before = standin.state().commands.length;
        const again = await deployAndBootstrap(conduitStack());
        expect(again.users.map((u) => u.created)).toEqual([false, false]);
        expect(again.appservices).toEqual([]);
        expect(standin.state().commands).toHaveLength(before);
    }, 900_000);

    it("removing the bridge unregisters it", async () => {
        const removed = await deployAndBootstrap(conduitStack(false));
        expect(removed.appservices).toEqual([{ appservice: "telegram", action: "unregistered" }]);
        expect(standin.state().appservices).toEqual({});
        expect(standin.state().commands.at(-1)).toBe("@conduit:conduit.example.net: unregister-appservice telegram");
    }, 900_000);
});
