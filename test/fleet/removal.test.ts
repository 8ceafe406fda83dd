/**
 * A bridge dropped from the stack: the secrets step removes the secret files it wrote for it
 * (its registration on the bridges host and on the homeserver host, its environment file),
 * leaves every other file alone, and both hosts switch; the next run is a no-op.
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multiHost } from "../fixtures/stacks";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { hostPath, mtimeNs, readHostFile, snapshot } from "./harness/host-state";
import { bridgeRemoved, expectBundleOnHost, HOSTS, switchedHosts } from "./fixture";
import { stackDeploys, type DeployedStack } from "./stack";

let fleet: Fleet;

beforeAll(() => {
    fleet = Fleet.start(HOSTS);
});

afterAll(() => {
    fleet?.stopSync();
    expect(fleet?.leftovers() ?? []).toEqual([]);
});

async function deploy(stack: DeployedStack): Promise<FleetRun> {
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    return run;
}

/** Lines of host `name`'s secrets step output that start with `verb` (`changed`, `removed`). */
function secretsLines(run: FleetRun, name: string, verb: string): string[] {
    const out = run.runs.get(name)!.find((s) => s.step === "secrets")!.result.stdout;
    return out.split("\n").filter((l) => l.startsWith(`${verb} `));
}

function secretPaths(stack: DeployedStack, name: string): string[] {
    return stack.plan.hosts.find((h) => h.name === name)!.secretFiles.map((f) => f.path);
}

/** The paths host `name`'s manifest lists; a host with no secret files has none. */
function manifest(name: string): string[] {
    const local = hostPath(fleet.host(name), "/var/lib/nixos-matrix/secrets.manifest");
    return existsSync(local) ? readFileSync(local, "utf8").split("\n").filter((l) => l !== "") : [];
}

describe("fleet: removing a bridge removes its secret files", () => {
    it("deploys without the bridge: its files go, the others stay untouched, bridges and home switch", async () => {
        const full = stackDeploys(fleet, multiHost());
        await deploy(full);
        const gone = full.plan.registrations.find((r) => r.id === "discord")!;
        const goneFrom = {
            bridges: [gone.bridgePath, "/var/lib/nixos-matrix/secrets/bridge-discord.env"],
            home: [gone.homeserverPath],
        } as Record<string, string[]>;
        for (const [name, paths] of Object.entries(goneFrom)) {
            for (const p of paths) expect(existsSync(hostPath(fleet.host(name), p)), `${name}:${p} before`).toBe(true);
        }
        const mtimes = new Map(HOSTS.map((h) => [h, new Map(secretPaths(full, h).map((p) => [p, mtimeNs(fleet.host(h), p)]))]));

        const stack = stackDeploys(fleet, bridgeRemoved("discord"));
        const run = await deploy(stack);
        for (const name of HOSTS) {
            const host = fleet.host(name);
            const removed = goneFrom[name] ?? [];
            expect(secretsLines(run, name, "removed"), name).toEqual(removed.map((p) => `removed ${p}`).sort());
            expect(secretsLines(run, name, "changed"), name).toEqual([]);
            for (const p of removed) expect(existsSync(hostPath(host, p)), `${name}:${p} after`).toBe(false);
            for (const p of secretPaths(stack, name)) {
                expect(mtimeNs(host, p), `${name}:${p} rewritten`).toBe(mtimes.get(name)!.get(p));
                expect(readHostFile(host, p)).toBe(stack.secrets.get(name)![p]);
            }
            expect(manifest(name), name).toEqual(secretPaths(stack, name).sort());
        }
        expect(switchedHosts(run)).toEqual(["bridges", "home"]);
        expectBundleOnHost(fleet, stack.bundles.get("bridges")!);
        expectBundleOnHost(fleet, stack.bundles.get("home")!);
    });

    it("the next run removes nothing, rewrites nothing and switches no host", async () => {
        const before = new Map(HOSTS.map((h) => [h, snapshot(fleet.host(h))]));
        const run = await deploy(stackDeploys(fleet, bridgeRemoved("discord")));
        for (const name of HOSTS) {
            expect(secretsLines(run, name, "removed"), name).toEqual([]);
            expect(snapshot(fleet.host(name)), name).toEqual(before.get(name));
        }
        expect(switchedHosts(run)).toEqual([]);
    });
});
