// needs: root
/**
 * A bridge dropped from the stack: the secrets step retires the secret files it wrote for it
 * (its registration on the bridges host and on the homeserver host, its environment file), the
 * switch step removes them once the new generation is healthy (a rollback still finds them),
 * every other file is left alone, and both hosts switch; the next run is a no-op.
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { multiHost } from "../fixtures/stacks";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { hostPath, mtimeNs, readHostFile, setControl, snapshot } from "./harness/host-state";
import { bridgeRemoved, expectBundleOnHost, HOSTS, switchedHosts } from "./fixture";
import { stackDeploys, type DeployedStack } from "./stack";

let fleet: Fleet;

beforeAll(() => {
    fleet = Fleet.start(HOSTS);
});

stopFleetAfterAll(() => fleet);

async function deploy(stack: DeployedStack): Promise<FleetRun> {
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    return run;
}

/** Lines of host `name`'s `step` output that start with `verb` (`changed`, `retiring`, `removed`). */
function stepLines(run: FleetRun, name: string, step: string, verb: string): string[] {
    const out = run.runs.get(name)!.find((s) => s.step === step)?.result.stdout ?? "";
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
            expect(stepLines(run, name, "secrets", "retiring"), name).toEqual(removed.map((p) => `retiring ${p}`).sort());
            expect(stepLines(run, name, "switch", "removed"), name).toEqual(removed.map((p) => `removed ${p}`).sort());
            expect(stepLines(run, name, "secrets", "changed"), name).toEqual([]);
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
            expect(stepLines(run, name, "secrets", "retiring"), name).toEqual([]);
            expect(stepLines(run, name, "switch", "removed"), name).toEqual([]);
            expect(snapshot(fleet.host(name)), name).toEqual(before.get(name));
        }
        expect(switchedHosts(run)).toEqual([]);
    });

    it("a switch that fails after a bridge is dropped rolls back with its registration still in place", async () => {
        await deploy(stackDeploys(fleet, multiHost()));
        const gone = stackDeploys(fleet, multiHost()).plan.registrations.find((r) => r.id === "discord")!;
        setControl(fleet.host("home"), { breakHttp: true });
        try {
            const failed = await deployFleet(fleet, stackDeploys(fleet, bridgeRemoved("discord")).deploys, []);
            expect(failed.errors.get("home")?.message ?? "").toMatch(/health checks of [0-9a-f]{64} failed/);
            expect(existsSync(hostPath(fleet.host("home"), gone.homeserverPath)), "kept for the rolled-back generation").toBe(true);
            expect(manifest("home")).toContain(gone.homeserverPath);
        } finally {
            setControl(fleet.host("home"), undefined);
        }
        const run = await deploy(stackDeploys(fleet, bridgeRemoved("discord")));
        expect(stepLines(run, "home", "switch", "removed")).toEqual([`removed ${gone.homeserverPath}`]);
        expect(existsSync(hostPath(fleet.host("home"), gone.homeserverPath))).toBe(false);
    });
});
