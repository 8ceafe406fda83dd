// needs: root
/**
 * Deploys the multi-host stack onto a fleet of real SSH hosts with the library's own remote
 * steps, then re-runs it: unchanged, one bridge's settings changed, tokens rotated, a secret
 * tampered with.
 */
import { chmodSync, chownSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { multiHost } from "../fixtures/stacks";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import {
    currentGeneration,
    generations,
    hostPath,
    mtimeNs,
    ownership,
    readHostFile,
    snapshot,
    standinLog,
} from "./harness/host-state";
import { expectBundleOnHost, HOSTS, switchedHosts, telegramSettingsChanged } from "./fixture";
import { stackDeploys, type DeployedStack } from "./stack";

let fleet: Fleet;

beforeAll(() => {
    fleet = Fleet.start([...HOSTS, "fresh"], { withoutServiceUsers: ["fresh"] });
});

stopFleetAfterAll(() => fleet);

async function deploy(stack: DeployedStack): Promise<FleetRun> {
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    return run;
}

function generationCounts(): Record<string, number> {
    return Object.fromEntries(HOSTS.map((h) => [h, generations(fleet.host(h)).length]));
}

function expectRegistrationsMatch(stack: DeployedStack): void {
    const home = fleet.host("home");
    const switchedAt = generations(home).at(-1)!.timeNs;
    for (const reg of stack.plan.registrations) {
        const onBridge = readHostFile(fleet.host(reg.bridgeHost), reg.bridgePath);
        const onHomeserver = readHostFile(fleet.host(reg.homeserverHost), reg.homeserverPath);
        expect(onHomeserver, `registration ${reg.id}`).toBe(onBridge);
        expect(onHomeserver).toBe(stack.secrets.get(reg.homeserverHost)![reg.homeserverPath]);
        expect(mtimeNs(home, reg.homeserverPath), `registration ${reg.id} arrived before the switch`).toBeLessThan(switchedAt);
    }
}

describe("fleet: deploying the multi-host stack", () => {
    it("first deploy: every host has its bundle, its secrets with owner and mode, one generation", async () => {
        const stack = stackDeploys(fleet, multiHost());
        const run = await deploy(stack);
        expect(switchedHosts(run)).toEqual([...HOSTS].sort());
        for (const name of HOSTS) {
            const host = fleet.host(name);
            const bundle = stack.bundles.get(name)!;
            expectBundleOnHost(fleet, bundle);
            // The installer's generation, then exactly one of ours.
            expect(generations(host).map((g) => g.bundleHash)).toEqual(["installer", bundle.hash]);
            expect(currentGeneration(host)).toBe(2);
            expect(readHostFile(host, "/etc/nixos/hardware-configuration.nix")).toMatch(/left by the installer/);
            expect(readHostFile(host, "/etc/nixos/networking.nix")).toMatch(/left by the installer/);
            const plan = stack.plan.hosts.find((h) => h.name === name)!;
            for (const file of plan.secretFiles) {
                expect(readHostFile(host, file.path), file.path).toBe(stack.secrets.get(name)![file.path]);
                expect(ownership(host, file.path), file.path).toBe(`${file.owner}:${file.group} ${file.mode}`);
            }
        }
        expect(stack.plan.registrations.map((r) => r.bridgeHost)).toContain("bridges");
        expectRegistrationsMatch(stack);
    });

    it("no-op re-run: no host switches, no file is rewritten", async () => {
        const before = new Map(HOSTS.map((h) => [h, snapshot(fleet.host(h))]));
        const gens = generationCounts();
        const run = await deploy(stackDeploys(fleet, multiHost()));
        expect(switchedHosts(run)).toEqual([]);
        for (const h of HOSTS) expect(run.runs.get(h)!.at(-1)!.result.stdout).toMatch(/unchanged/);
        expect(generationCounts()).toEqual(gens);
        for (const h of HOSTS) expect(snapshot(fleet.host(h)), h).toEqual(before.get(h));
    });

    it("changing one bridge's settings switches the bridges host only", async () => {
        const gens = generationCounts();
        const stack = stackDeploys(fleet, telegramSettingsChanged());
        const run = await deploy(stack);
        expect(switchedHosts(run)).toEqual(["bridges"]);
        expect(generationCounts()).toEqual({ ...gens, bridges: gens.bridges! + 1 });
        expectBundleOnHost(fleet, stack.bundles.get("bridges")!);
        expect(readHostFile(fleet.host("bridges"), "/etc/nixos/nixos-matrix/params.json")).toContain("(Telegram)");
    });

    it("rotating a bridge's tokens switches exactly the bridges host and the homeserver host", async () => {
        const gens = generationCounts();
        const stack = stackDeploys(fleet, telegramSettingsChanged(), {
            secrets: { "bridge/telegram/as-token": "rotated-as-token-0001", "bridge/telegram/hs-token": "rotated-hs-token-0001" },
        });
        const run = await deploy(stack);
        expect(switchedHosts(run)).toEqual(["bridges", "home"]);
        expect(generationCounts()).toEqual({ ...gens, bridges: gens.bridges! + 1, home: gens.home! + 1 });
        expectRegistrationsMatch(stack);
        expect(readHostFile(fleet.host("home"), "/var/lib/nixos-matrix/secrets/registrations/telegram.yaml")).toContain("rotated-as-token-0001");
        // Same configuration, new secrets: the services that read them are restarted.
        expect(standinLog(fleet.host("home"))).toMatch(/restart matrix-synapse\.service/);
        expect(run.runs.get("home")!.at(-1)!.result.stdout).toMatch(/restarted matrix-synapse\.service for its new secrets/);
    });

    it("tampered secrets (content, mode, owner) are restored on the next run, without a switch", async () => {
        const bridges = fleet.host("bridges");
        const content = "/var/lib/mautrix-telegram/telegram-registration.yaml";
        const mode = "/var/lib/mautrix-whatsapp/whatsapp-registration.yaml";
        const owner = "/var/lib/nixos-matrix/secrets/bridge-discord.env";
        const good = new Map([content, mode, owner].map((p) => [p, [readHostFile(bridges, p), ownership(bridges, p)]]));
        writeFileSync(hostPath(bridges, content), "as_token: stolen\n");
        chmodSync(hostPath(bridges, mode), 0o644);
        chownSync(hostPath(bridges, owner), 900, 900);
        const gens = generationCounts();
        const stack = stackDeploys(fleet, telegramSettingsChanged(), {
            secrets: { "bridge/telegram/as-token": "rotated-as-token-0001", "bridge/telegram/hs-token": "rotated-hs-token-0001" },
        });
        const run = await deploy(stack);
        const secretsOut = run.runs.get("bridges")!.find((s) => s.step === "secrets")!.result.stdout;
        expect(secretsOut.split("\n").filter((l) => l.startsWith("changed ")).sort()).toEqual(
            [content, mode, owner].map((p) => `changed ${p}`).sort(),
        );
        for (const [p, [text, meta]] of good) {
            expect(readHostFile(bridges, p), p).toBe(text);
            expect(ownership(bridges, p), p).toBe(meta);
        }
        expect(switchedHosts(run)).toEqual([]);
        expect(generationCounts()).toEqual(gens);
    });

    it("a fresh host without the services' users: root-owned until activation hands the files over", async () => {
        const fresh = fleet.host("fresh");
        const bridges = stackDeploys(fleet, multiHost()).deploys.find((d) => d.host === "bridges")!;
        const plan = stackDeploys(fleet, multiHost()).plan.hosts.find((h) => h.name === "bridges")!;
        const first = await deployFleet(fleet, [{ host: "fresh", steps: bridges.steps }]);
        expect([...first.errors.values()].map((e) => e.message)).toEqual([]);
        const secretsOut = first.runs.get("fresh")!.find((s) => s.step === "secrets")!.result.stdout;
        expect(secretsOut).toMatch(/note \/var\/lib\/mautrix-telegram\/telegram-registration\.yaml: mautrix-telegram:mautrix-telegram does not exist yet/);
        for (const file of plan.secretFiles) expect(ownership(fresh, file.path), file.path).toBe(`${file.owner}:${file.group} ${file.mode}`);
        const was = snapshot(fresh);
        const again = await deployFleet(fleet, [{ host: "fresh", steps: bridges.steps }]);
        expect(again.runs.get("fresh")!.map((s) => s.result.stdout).join(""), "re-run output").not.toMatch(/^changed |switched to/m);
        expect(snapshot(fresh)).toEqual(was);
    });
});
