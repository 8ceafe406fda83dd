// needs: root
/**
 * Bridges and first admins on conduwuit's forks: continuwuity on host `cw` (with the Telegram
 * bridge) and Tuwunel on host `tw` (whose Signal bridge runs on `cw`, its registration sent
 * across hosts), deployed through the library's own steps, then the bootstrap step exactly as
 * the components run it, against stand-ins (no Conduit-family server is packaged here;
 * standin-conduit.py names the protocol facts it copies and their source). continuwuity's
 * first user registers with the one-time token it logged on its first run, found through
 * journalctl; Tuwunel's with the configured token. A re-run sends nothing; removed bridges
 * are unregistered.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand, parseAppserviceChanges, parseBootstrap } from "../../sdk/deploy/bootstrap-step";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { conduitForks } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { startStandinConduit, type StandinConduit } from "./real/conduit";
import { stackDeploys } from "./stack";

/** Each host's generic stand-in homeserver holds the family's port (6167), so these listen beside it. */
const STANDIN_PORT = 16167;
const FLAVOURS = { cw: "continuwuity", tw: "tuwunel" } as const;
let fleet: Fleet;
const standins: Partial<Record<keyof typeof FLAVOURS, StandinConduit>> = {};
/** Generated secrets kept across deploys, as Pulumi state keeps them. */
const kept: Record<string, string> = {};

function forksStack(bridges = true): StackSpecInput {
    const { backup: _backup, ...input } = conduitForks();
    return bridges ? input : { ...input, bridges: [] };
}

async function deployAndBootstrap(input: StackSpecInput) {
    const stack = stackDeploys(fleet, input, { secrets: kept });
    Object.assign(kept, stack.values);
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    const switched = stack.deploys.flatMap((d) => d.steps.filter((s) => s.step === "switch").map((s) => s.command));
    const results: Record<string, { users: ReturnType<typeof parseBootstrap>; appservices: ReturnType<typeof parseAppserviceChanges> }> = {};
    for (const [hs, flavour] of Object.entries(FLAVOURS) as [keyof typeof FLAVOURS, (typeof FLAVOURS)[keyof typeof FLAVOURS]][]) {
        standins[hs] ??= await startStandinConduit(fleet, hs, {
            port: STANDIN_PORT,
            serverName: `${hs}.example.net`,
            registrationToken: stack.values[`homeserver/${hs}/registration-token`]!,
            flavour,
        });
        const bootstrap = stack.plan.bootstrap.find((r) => r.homeserver === hs)!;
        expect(bootstrap.homeserverUrl).toBe("http://[::1]:6167");
        const args = { ...bootstrapArgs(bootstrap, switched), homeserverUrl: `http://[::1]:${STANDIN_PORT}` };
        const result = await fleet.ssh(bootstrap.host, bootstrapCommand(args), { timeoutMs: 120_000 });
        expect(result.code, result.stderr).toBe(0);
        for (const value of Object.values(stack.values)) expect(result.stderr).not.toContain(value);
        results[hs] = { users: parseBootstrap(result.stdout), appservices: parseAppserviceChanges(result.stdout) };
    }
    return results;
}

beforeAll(() => {
    fleet = Fleet.start(["cw", "tw"]);
}, 900_000);

stopFleetAfterAll(() => fleet);

describe("bootstrap on (stand-in) continuwuity and Tuwunel: first admins and bridges through #admins", () => {
    it("registers each library admin first (continuwuity with its first-run token), then the admin, then the bridges", async () => {
        const first = await deployAndBootstrap(forksStack());
        expect(first.cw!.users).toEqual([
            { user: "@nixos-matrix:cw.example.net", created: true, passwordSet: true },
            { user: "@admin:cw.example.net", created: true, passwordSet: true },
        ]);
        expect(first.tw!.users).toEqual([{ user: "@nixos-matrix:tw.example.net", created: true, passwordSet: true }]);
        expect(first.cw!.appservices).toEqual([{ appservice: "telegram", action: "registered" }]);
        expect(first.tw!.appservices).toEqual([{ appservice: "signal", action: "registered" }]);
        expect(Object.keys(standins.cw!.state().appservices)).toEqual(["telegram"]);
        expect(standins.tw!.state().appservices.signal).toContain(`as_token: ${kept["bridge/signal/as-token"]}`);
        for (const hs of ["cw", "tw"] as const) {
            expect(standins[hs]!.state().commands.map((c) => c.split("\n")[0])).toEqual(["!admin appservices list", "!admin appservices register"]);
        }
    }, 900_000);

    it("a second run creates nobody and sends nothing to either admin room", async () => {
        const before = [standins.cw!.state().commands.length, standins.tw!.state().commands.length];
        const again = await deployAndBootstrap(forksStack());
        expect(again.cw!.users.map((u) => u.created)).toEqual([false, false]);
        expect(again.tw!.users.map((u) => u.created)).toEqual([false]);
        expect([again.cw!.appservices, again.tw!.appservices]).toEqual([[], []]);
        expect([standins.cw!.state().commands.length, standins.tw!.state().commands.length]).toEqual(before);
    }, 900_000);

    it("removing the bridges unregisters each on its own homeserver", async () => {
        const removed = await deployAndBootstrap(forksStack(false));
        expect(removed.cw!.appservices).toEqual([{ appservice: "telegram", action: "unregistered" }]);
        expect(removed.tw!.appservices).toEqual([{ appservice: "signal", action: "unregistered" }]);
        expect(standins.tw!.state().commands.at(-1)).toBe("!admin appservices unregister signal");
        expect(standins.cw!.state().appservices).toEqual({});
    }, 900_000);
});
