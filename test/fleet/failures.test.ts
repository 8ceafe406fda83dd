// needs: root
/**
 * Deploys that must fail, and fail safely: a health check that does not pass (unit or HTTP),
 * a switch that fails, a configuration that does not parse. Each rolls the host back to the
 * generation and bundle it had, exits non-zero with the evidence, and leaves a clean re-run.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { multiHost } from "../fixtures/stacks";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { deployFleet, type StepFailed } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { existsSync } from "node:fs";
import { currentGeneration, generations, hostPath, linkedBundle, readHostFile, setControl } from "./harness/host-state";
import {
    expectBundleOnHost,
    HOSTS,
    relayRangeChanged,
    switchedHosts,
    telegramSettingsChanged,
    unparsableExtraModule,
    uploadLimitChanged,
} from "./fixture";
import { stackDeploys } from "./stack";

let fleet: Fleet;

beforeAll(async () => {
    fleet = Fleet.start([...HOSTS, "fresh"]);
    const run = await deployFleet(fleet, stackDeploys(fleet, multiHost()).deploys);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
});

stopFleetAfterAll(() => fleet);

// Every test starts from the baseline stack, healthy; hosts a test left elsewhere go back to it.
afterEach(async () => {
    for (const h of HOSTS) setControl(fleet.host(h), undefined);
    const baseline = stackDeploys(fleet, multiHost());
    const active = (h: string) => readHostFile(fleet.host(h), "/var/lib/nixos-matrix/active").split(" ")[0];
    const run = await deployFleet(fleet, baseline.deploys.filter((d) => active(d.host) !== baseline.bundles.get(d.host)!.hash));
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    for (const h of HOSTS) expectBundleOnHost(fleet, baseline.bundles.get(h)!);
});

interface Before {
    readonly generation: number;
    readonly generations: number;
    readonly bundle: string;
    readonly configuration: string;
}

function before(name: string): Before {
    const host = fleet.host(name);
    return {
        generation: currentGeneration(host),
        generations: generations(host).length,
        bundle: linkedBundle(host),
        configuration: readHostFile(host, "/etc/nixos/configuration.nix"),
    };
}

/** Deploys `spec`; expects exactly `name` to fail at its switch, and returns that failure. */
async function failingSwitch(spec: StackSpecInput, name: string): Promise<StepFailed> {
    const run = await deployFleet(fleet, stackDeploys(fleet, spec, { healthTimeoutSeconds: 2 }).deploys);
    expect([...run.errors.keys()]).toEqual([name]);
    const failure = run.errors.get(name)!;
    expect(failure.step).toBe("switch");
    expect(failure.result.code).not.toBe(0);
    expect(failure.message).toMatch(new RegExp(`^host ${name}: step switch failed`));
    expect(switchedHosts(run)).not.toContain(name);
    return failure;
}

function expectRolledBack(name: string, was: Before, newGenerations: number): void {
    const host = fleet.host(name);
    expect(currentGeneration(host), "active generation").toBe(was.generation);
    expect(generations(host)).toHaveLength(was.generations + newGenerations);
    expect(linkedBundle(host), "bundle under /etc/nixos").toBe(was.bundle);
    expect(readHostFile(host, "/etc/nixos/configuration.nix")).toBe(was.configuration);
    expect(readHostFile(host, "/var/lib/nixos-matrix/active")).toMatch(new RegExp(`^${was.bundle} `));
}

describe("fleet: failures roll back", () => {
    it("a unit that does not come up: rollback to the previous generation, the unit named", async () => {
        const was = before("bridges");
        setControl(fleet.host("bridges"), { failUnits: ["mautrix-telegram.service"] });
        const failure = await failingSwitch(telegramSettingsChanged(), "bridges");
        expect(failure.result.stderr).toMatch(/unit mautrix-telegram\.service is failed/);
        expect(failure.result.stderr).toMatch(/Active: failed/);
        expect(failure.result.stderr).toMatch(/health checks of [0-9a-f]{64} failed for 2s/);
        expect(failure.result.stderr).toMatch(/rolling back to system-\d+-link/);
        expectRolledBack("bridges", was, 1);
    });

    it("an HTTP check that does not answer: rollback, the URL and the answer printed", async () => {
        const was = before("home");
        setControl(fleet.host("home"), { breakHttp: true });
        const failure = await failingSwitch(uploadLimitChanged(), "home");
        expect(failure.result.stderr).toMatch(
            /GET http:\/\/127\.0\.0\.1:8008\/_matrix\/client\/versions lacks JSON key "versions": .*503/,
        );
        expect(failure.result.stderr).toMatch(/GET http:\/\/127\.0\.0\.1\/\.well-known\/matrix\/server \(Host: example\.com\) lacks JSON key "m\.server"/);
        expectRolledBack("home", was, 1);
    });

    it("a failing nixos-rebuild switch: no new generation, the previous bundle back in /etc/nixos", async () => {
        const was = before("turn");
        setControl(fleet.host("turn"), { failSwitch: true });
        const failure = await failingSwitch(relayRangeChanged(), "turn");
        expect(failure.result.stderr).toMatch(/the stand-in was told to fail this switch/);
        expect(failure.result.stderr).toMatch(/nixos-rebuild switch to [0-9a-f]{64} failed/);
        expectRolledBack("turn", was, 0);
    });

    it("a configuration that does not parse is refused before any generation", async () => {
        const was = before("home");
        const failure = await failingSwitch(unparsableExtraModule(), "home");
        expect(failure.result.stderr).toMatch(/does not parse: .*extra\.nix/s);
        expectRolledBack("home", was, 0);
    });

    it("a failed first deploy goes back to the installer's generation and configuration.nix", async () => {
        const fresh = fleet.host("fresh");
        const installerConfiguration = readHostFile(fresh, "/etc/nixos/configuration.nix");
        setControl(fresh, { failUnits: ["nginx.service"] });
        const web = stackDeploys(fleet, multiHost()).deploys.find((d) => d.host === "web")!;
        const run = await deployFleet(fleet, [{ host: "fresh", steps: web.steps }]);
        expect(run.errors.get("fresh")?.message).toMatch(/step switch failed .*unit nginx\.service is failed/s);
        expect(currentGeneration(fresh)).toBe(1);
        expect(generations(fresh).map((g) => g.bundleHash)[0]).toBe("installer");
        expect(readHostFile(fresh, "/etc/nixos/configuration.nix")).toBe(installerConfiguration);
        expect(existsSync(hostPath(fresh, "/etc/nixos/nixos-matrix", false))).toBe(false);
        expect(readHostFile(fresh, "/etc/nixos/hardware-configuration.nix")).toMatch(/left by the installer/);
    });

    it("a credential known only during the deploy, of the wrong shape: the secrets step refuses it, naming the arg", async () => {
        const was = before("bridges");
        const envFile = "/var/lib/nixos-matrix/secrets/bridge-telegram.env";
        const envBefore = readHostFile(fleet.host("bridges"), envFile);
        const stack = stackDeploys(fleet, multiHost(), { secrets: { "bridge/telegram/api-id": "my-telegram-app" } });
        const run = await deployFleet(fleet, stack.deploys.filter((d) => d.host === "bridges"));
        const failure = run.errors.get("bridges");
        expect(failure?.step).toBe("secrets");
        expect(failure?.result.stderr).toContain(`Bridge "telegram".telegramApiId: must be Telegram's numeric api_id: digits only (the value is not printed)`);
        expect(failure?.result.stderr).not.toContain("my-telegram-app");
        expect(readHostFile(fleet.host("bridges"), envFile)).toBe(envBefore);
        expect(switchedHosts(run)).toEqual([]);
        expectRolledBack("bridges", was, 0);
    });

    it("after a failure, the same deploy succeeds once the host is healthy again", async () => {
        setControl(fleet.host("bridges"), { failUnits: ["mautrix-telegram.service"] });
        await failingSwitch(telegramSettingsChanged(), "bridges");
        setControl(fleet.host("bridges"), undefined);
        const stack = stackDeploys(fleet, telegramSettingsChanged());
        const run = await deployFleet(fleet, stack.deploys);
        expect([...run.errors.keys()]).toEqual([]);
        expect(switchedHosts(run)).toEqual(["bridges"]);
        expectBundleOnHost(fleet, stack.bundles.get("bridges")!);
    });
});
