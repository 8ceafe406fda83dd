// needs: root
/**
 * Moving the pin is an upgrade that rolls through the fleet: every host builds with exactly
 * the pinned nixpkgs (the stand-in nixos-rebuild refuses anything else), level by level
 * (bridges, TURN and web, then the homeserver), the homeserver host dumps its real PostgreSQL
 * database first, a failed upgrade rolls back with the dump restorable, a downgrade of the
 * homeserver host is refused without allowDataLoss, and an unchanged re-run runs nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { NixpkgsPin } from "../../sdk/plan/release";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { multiHost } from "../fixtures/stacks";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { currentGeneration, generations, hostPath, readHostFile, setControl } from "./harness/host-state";
import { restoreDump, sqlValue, startPostgres } from "./harness/postgres";
import { HOSTS, switchedHosts } from "./fixture";
import { fleetNixpkgs, stackDeploys, type DeployedStack } from "./stack";

const STANDIN = "/var/lib/nixos-matrix-standin";
const DUMPS = "/var/lib/nixos-matrix/dumps";
const ROWS = 100;
const LEVEL_0 = ["bridges", "turn", "web"];

let fleet: Fleet;

beforeAll(async () => {
    fleet = Fleet.start(HOSTS);
    await startPostgres(fleet, "home", "matrix-synapse", ROWS);
});

stopFleetAfterAll(() => fleet);

function spec(options: { readonly allowDataLoss?: boolean } = {}): StackSpecInput {
    const s = multiHost();
    s.upgradeDumps = 2;
    if (options.allowDataLoss) s.homeservers = s.homeservers!.map((hs) => ({ ...hs, allowDataLoss: true }));
    return s;
}

function stackOn(pin: NixpkgsPin, options: { readonly allowDataLoss?: boolean } = {}): DeployedStack {
    return stackDeploys(fleet, spec(options), { nixpkgs: pin, healthTimeoutSeconds: 2 });
}

async function deploy(stack: DeployedStack): Promise<FleetRun> {
    return deployFleet(fleet, stack.deploys, stack.plan.order);
}

function errors(run: FleetRun): Record<string, string> {
    return Object.fromEntries([...run.errors].map(([host, e]) => [host, `${e.step}: ${e.result.stderr.trim().split("\n").at(-1)}`]));
}

/** The nixpkgs hash the stand-in's current generation on `host` was built with. */
function builtWith(host: string): string {
    const h = fleet.host(host);
    return readHostFile(h, `${STANDIN}/generations/${currentGeneration(h)}/nixpkgs`).split(" ")[0]!;
}

function fetches(host: string): number {
    const p = hostPath(fleet.host(host), `${STANDIN}/fetches`);
    return existsSync(p) ? readFileSync(p, "utf8").trim().split("\n").length : 0;
}

function dumps(): string[] {
    const dir = hostPath(fleet.host("home"), DUMPS);
    return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith(".")).sort() : [];
}

/** When each host's current generation was switched to. */
function switchTime(host: string): bigint {
    const h = fleet.host(host);
    return generations(h).find((g) => g.n === currentGeneration(h))!.timeNs;
}

describe("fleet: upgrading the pinned nixpkgs", () => {
    const first = () => fleetNixpkgs(fleet, "26.05");

    it("first deploy: every host builds with the pin, fetched once and rooted", async () => {
        const run = await deploy(stackOn(first()));
        expect(errors(run)).toEqual({});
        expect(switchedHosts(run)).toEqual([...HOSTS].sort());
        for (const name of HOSTS) {
            const host = fleet.host(name);
            expect(builtWith(name), name).toBe(first().sha256);
            expect(fetches(name), name).toBe(1);
            expect(readHostFile(host, "/var/lib/nixos-matrix/nixpkgs.active").trim()).toBe(`26.05 ${first().sha256}`);
            const root = hostPath(host, `/nix/var/nix/gcroots/nixos-matrix/${first().sha256}`);
            expect(existsSync(root), `${name} roots the source`).toBe(true);
        }
        // The host booted 25.11 (its nixos-version says so) and has a database: moving it to
        // the pin is an upgrade, dumped first.
        expect(dumps()).toHaveLength(1);
        expect(dumps()[0]).toMatch(/^\d{8}T\d{6}Z-25\.11-to-26\.05\.synapse\.pgdump$/);
    });

    it("an unchanged re-run gives identical commands, so no remote command runs", () => {
        const a = stackOn(first());
        const b = stackOn(first());
        const changed = a.deploys.flatMap((d, i) =>
            d.steps.filter((s, j) => s.command !== b.deploys[i]!.steps[j]!.command || s.stdin !== b.deploys[i]!.steps[j]!.stdin).map((s) => `${d.host}/${s.step}`),
        );
        expect(changed).toEqual([]);
    });

    it("a pin change re-switches every host, homeserver last, after a fresh dump", async () => {
        const next = fleetNixpkgs(fleet, "26.05", "26.05-next");
        const before = stackOn(first());
        const stack = stackOn(next);
        // Only the steps that carry the bundle or the pin change: upload, pin and switch.
        for (const [i, d] of stack.deploys.entries()) {
            const changed = d.steps.filter((s, j) => s.command !== before.deploys[i]!.steps[j]!.command).map((s) => s.step);
            expect(changed, d.host).toEqual(["upload", "pin", "switch"]);
        }
        const dumpsBefore = dumps().length;
        const run = await deploy(stack);
        expect(errors(run)).toEqual({});
        expect(switchedHosts(run)).toEqual([...HOSTS].sort());
        for (const name of HOSTS) {
            expect(builtWith(name), name).toBe(next.sha256);
            expect(fetches(name), name).toBe(2);
        }
        for (const name of LEVEL_0) expect(switchTime("home") > switchTime(name), `home switched after ${name}`).toBe(true);
        expect(dumps().length).toBe(Math.min(dumpsBefore + 1, 2));
    });

    it("a failed upgrade rolls back the generation, leaves the data alone and the dump restorable", async () => {
        const good = fleetNixpkgs(fleet, "26.05", "26.05-next");
        const broken = fleetNixpkgs(fleet, "26.05", "26.05-broken");
        const generation = currentGeneration(fleet.host("home"));
        setControl(fleet.host("home"), { failUnits: ["matrix-synapse.service"] });
        const run = await deploy(stackOn(broken));
        setControl(fleet.host("home"), undefined);
        expect(Object.keys(errors(run))).toEqual(["home"]);
        expect(errors(run).home).toMatch(/^switch: /);
        expect(switchedHosts(run)).toEqual(LEVEL_0.slice().sort());
        expect(currentGeneration(fleet.host("home"))).toBe(generation);
        expect(builtWith("home")).toBe(good.sha256);
        expect(readHostFile(fleet.host("home"), "/var/lib/nixos-matrix/nixpkgs.active").trim()).toBe(`26.05 ${good.sha256}`);
        expect(await sqlValue(fleet, "home", "matrix-synapse", "SELECT count(*) FROM events")).toBe(String(ROWS));
        // Only the newest two dumps are kept; the newest is the one taken before this attempt.
        expect(dumps()).toHaveLength(2);
        const newest = dumps().at(-1)!;
        expect(newest).toMatch(/-26\.05-to-26\.05\.synapse\.pgdump$/);
        await restoreDump(fleet, "home", `${DUMPS}/${newest}`, "restored");
        expect(await sqlValue(fleet, "home", "restored", "SELECT count(*) FROM events")).toBe(String(ROWS));
        expect(await sqlValue(fleet, "home", "restored", "SELECT body FROM events WHERE id = 42")).toBe("event 42");
    });

    it("a downgrade of the homeserver host is refused unless allowDataLoss is set", async () => {
        const newer = fleetNixpkgs(fleet, "26.11", "26.11");
        expect(errors(await deploy(stackOn(newer)))).toEqual({});
        expect(builtWith("home")).toBe(newer.sha256);
        const generation = currentGeneration(fleet.host("home"));

        const refused = await deploy(stackOn(first()));
        expect(errors(refused)).toEqual({
            home: expect.stringMatching(/^pin: .*refusing to move the homeserver host from NixOS 26\.11 to the older 26\.05.*allowDataLoss/),
        });
        expect(currentGeneration(fleet.host("home"))).toBe(generation);
        expect(builtWith("home")).toBe(newer.sha256);

        const allowed = await deploy(stackOn(first(), { allowDataLoss: true }));
        expect(errors(allowed)).toEqual({});
        expect(builtWith("home")).toBe(first().sha256);

        // Four sources were pinned on every host; the three used last stay rooted, the oldest not.
        const broken = fleetNixpkgs(fleet, "26.05", "26.05-broken").sha256;
        for (const name of HOSTS) {
            const host = fleet.host(name);
            const kept = readdirSync(hostPath(host, "/var/lib/nixos-matrix/nixpkgs")).sort();
            expect(kept, name).toEqual([first().sha256, newer.sha256, broken].sort());
            expect(readdirSync(hostPath(host, "/nix/var/nix/gcroots/nixos-matrix")).sort(), name).toEqual(kept);
        }
    });
});
