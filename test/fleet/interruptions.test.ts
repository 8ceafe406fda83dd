// needs: root
/**
 * Deploys disturbed from outside: a host off the network, an upload cut off mid-stream or
 * truncated, two deploys to one host at once, a lock held too long, a host not yet NixOS.
 */
import { existsSync, readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { stepCommand } from "../../sdk/deploy/script-command";
import { waitArgs } from "../../sdk/deploy/steps";
import { multiHost } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { currentGeneration, generations, hostPath, linkedBundle, readHostFile, setControl, snapshot, standinLog } from "./harness/host-state";
import { elementThemeChanged, expectBundleOnHost, HOSTS, stagedBundlePath, switchedHosts, uploadLimitChanged } from "./fixture";
import { stackDeploys } from "./stack";

let fleet: Fleet;

beforeAll(async () => {
    fleet = Fleet.start(HOSTS);
    const run = await deployFleet(fleet, stackDeploys(fleet, multiHost()).deploys);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
});

stopFleetAfterAll(() => fleet);

function step(deploy: { steps: readonly { step: string; command: string; stdin?: string }[] }, name: string) {
    return deploy.steps.find((s) => s.step === name)!;
}

describe("fleet: interrupted and concurrent deploys", () => {
    it("an unreachable host: a clear error naming it, the other hosts untouched", async () => {
        const others = HOSTS.filter((h) => h !== "turn");
        const was = new Map(others.map((h) => [h, snapshot(fleet.host(h))]));
        fleet.setReachable("turn", false);
        try {
            const run = await deployFleet(fleet, stackDeploys(fleet, multiHost()).deploys);
            expect([...run.errors.keys()]).toEqual(["turn"]);
            const failure = run.errors.get("turn")!;
            expect(failure.step).toBe("wait");
            expect(failure.message).toMatch(/^host turn: step wait failed \(exit 255\): .*connect to host 10\.213\.7\.11 port 22/s);
            expect(switchedHosts(run)).toEqual([]);
            // The homeserver switches only after every host of the level before (turn too).
            expect([...run.skipped]).toEqual(["home"]);
            for (const h of others) {
                if (h !== "home") expect(run.runs.get(h)!.at(-1)!.result.stdout).toMatch(/unchanged/);
                expect(snapshot(fleet.host(h)), h).toEqual(was.get(h));
            }
        } finally {
            fleet.setReachable("turn", true);
        }
    });

    it("an upload killed mid-stream, or fed truncated stdin, leaves the previous bundle active and intact", async () => {
        const web = fleet.host("web");
        const old = stackDeploys(fleet, multiHost());
        const next = stackDeploys(fleet, elementThemeChanged());
        const oldWeb = old.deploys.find((d) => d.host === "web")!;
        const nextWeb = next.deploys.find((d) => d.host === "web")!;
        const newHash = next.bundles.get("web")!.hash;
        const upload = step(nextWeb, "upload");
        const staging = hostPath(web, `${stagedBundlePath(newHash)}.tmp`);

        const killed = await fleet.ssh("web", upload.command, {
            stdin: upload.stdin!,
            cutStdinAfter: Math.floor(upload.stdin!.length / 2),
            killWhen: () => existsSync(staging),
        });
        expect(killed.code).toBeNull();
        const truncated = await fleet.ssh("web", upload.command, { stdin: upload.stdin!.slice(0, upload.stdin!.length / 2) });
        expect(truncated.code).toBe(1);
        expect(truncated.stderr).toMatch(/upload\[web\]: stdin is not a complete bundle/);

        for (const _ of [killed, truncated]) {
            expect(existsSync(hostPath(web, stagedBundlePath(newHash)))).toBe(false);
            expectBundleOnHost(fleet, old.bundles.get("web")!);
        }
        const switchOld = await fleet.ssh("web", step(oldWeb, "switch").command);
        expect(switchOld.stdout).toMatch(/unchanged/);

        const run = await deployFleet(fleet, [nextWeb]);
        expect([...run.errors.keys()]).toEqual([]);
        expect(switchedHosts(run)).toEqual(["web"]);
        expectBundleOnHost(fleet, next.bundles.get("web")!);
        // The previous bundle is kept for rollback.
        expect(existsSync(hostPath(web, stagedBundlePath(old.bundles.get("web")!.hash)))).toBe(true);
    });

    it("two deploys to one host at once never interleave; the host ends consistent", async () => {
        const home = fleet.host("home");
        setControl(home, { delaySeconds: 1 });
        try {
            const a = stackDeploys(fleet, uploadLimitChanged("100M"));
            const b = stackDeploys(fleet, uploadLimitChanged("200M"));
            const pick = (s: typeof a) => s.deploys.filter((d) => d.host === "home");
            const logBefore = standinLog(home).length;
            const [runA, runB] = await Promise.all([deployFleet(fleet, pick(a)), deployFleet(fleet, pick(b))]);
            expect([...runA.errors.values(), ...runB.errors.values()].map((e) => e.message)).toEqual([]);
            const log = standinLog(home).slice(logBefore);
            expect(log).not.toMatch(/OVERLAP/);
            expect(log.match(/start switch -I nixpkgs=/g)).toHaveLength(2);
            const last = generations(home).at(-1)!;
            expect(currentGeneration(home)).toBe(last.n);
            expect(linkedBundle(home)).toBe(last.bundleHash);
            expect(readHostFile(home, "/var/lib/nixos-matrix/active").split(" ")[0]).toBe(last.bundleHash);
            expect([a.bundles.get("home")!.hash, b.bundles.get("home")!.hash]).toContain(last.bundleHash);
            expectBundleOnHost(fleet, (last.bundleHash === a.bundles.get("home")!.hash ? a : b).bundles.get("home")!);
        } finally {
            setControl(home, undefined);
        }
    });

    it("a deploy that cannot get the host's lock in time fails cleanly, changing nothing", async () => {
        const was = snapshot(fleet.host("turn"));
        const holder = fleet.ssh("turn", "flock /var/lib/nixos-matrix/lock sleep 4");
        await new Promise((r) => setTimeout(r, 1500));
        const stack = stackDeploys(fleet, multiHost(), { lockTimeoutSeconds: 1 });
        const secrets = step(stack.deploys.find((d) => d.host === "turn")!, "secrets");
        const result = await fleet.ssh("turn", secrets.command, { stdin: secrets.stdin! });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/secrets\[turn\]: another deploy held \/var\/lib\/nixos-matrix\/lock for 1s/);
        expect((await holder).code).toBe(0);
        expect(snapshot(fleet.host("turn"))).toEqual(was);
    });

    it("wait: bounded while the host is not NixOS yet, done once it is", async () => {
        await fleet.ssh("web", "rm /etc/NIXOS");
        const short = await fleet.ssh("web", stepCommand("wait", waitArgs("web", 2)));
        expect(short.code).toBe(1);
        expect(short.stderr).toMatch(/wait\[web\]: \/etc\/NIXOS still missing after 2s/);
        const [done] = await Promise.all([
            fleet.ssh("web", stepCommand("wait", waitArgs("web", 20))),
            new Promise((r) => setTimeout(r, 1000)).then(() => fleet.ssh("web", "touch /etc/NIXOS")),
        ]);
        expect(done.code).toBe(0);
        expect(done.stdout).toMatch(/wait\[web\]: \/etc\/NIXOS \/run\/current-system present/);
    });

    it("wait: nixos-infect done but not rebooted yet (no /run/current-system) is not NixOS", async () => {
        await fleet.ssh("web", "mv /run/current-system /run/current-system.away");
        try {
            const short = await fleet.ssh("web", stepCommand("wait", waitArgs("web", 2)));
            expect(short.code).toBe(1);
            expect(short.stderr).toMatch(/wait\[web\]: \/run\/current-system still missing after 2s/);
        } finally {
            await fleet.ssh("web", "mv /run/current-system.away /run/current-system");
        }
    });

    it("keeps the newest bundles and the active one for rollback, prunes the rest", async () => {
        const web = fleet.host("web");
        const baseline = stackDeploys(fleet, multiHost());
        const onBaseline = await deployFleet(fleet, baseline.deploys.filter((d) => d.host === "web"));
        expect([...onBaseline.errors.keys()]).toEqual([]);
        const active = baseline.bundles.get("web")!.hash;
        const themes = ["t1", "t2", "t3", "t4", "t5", "t6", "t7"];
        const hashes: string[] = [];
        for (const theme of themes) {
            const next = stackDeploys(fleet, elementThemeChanged(theme));
            const upload = step(next.deploys.find((d) => d.host === "web")!, "upload");
            expect((await fleet.ssh("web", upload.command, { stdin: upload.stdin! })).code).toBe(0);
            hashes.push(next.bundles.get("web")!.hash);
        }
        const kept = readdirSync(hostPath(web, "/var/lib/nixos-matrix/bundles")).sort();
        expect(kept).toEqual([active, ...hashes.slice(-5)].sort());
        // Back to the active bundle: nothing to switch.
        const run = await deployFleet(fleet, baseline.deploys.filter((d) => d.host === "web"));
        expect(run.runs.get("web")!.at(-1)!.result.stdout).toMatch(/unchanged/);
        expectBundleOnHost(fleet, baseline.bundles.get("web")!);
    });
});
