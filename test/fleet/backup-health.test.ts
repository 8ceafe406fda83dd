// needs: root
/**
 * Backup health in the switch step and in the verify step: a host that backs up reports how
 * old its last successful backup is, and a failed or missing one for more than 26 hours,
 * without rolling back; the verify step's `backup` check fails on the same evidence.
 */
import { appendFileSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKUP_STAMP_FILE, BACKUP_UNIT } from "../../sdk/plan/backup";
import { parseVerification, verifyArgs, verifyCommand, type VerificationResult } from "../../sdk/deploy/verify-step";
import { multiHostWithBackup } from "../fixtures/stacks";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { currentGeneration, hostPath } from "./harness/host-state";
import { HOSTS, switchedHosts } from "./fixture";
import { stackDeploys } from "./stack";

let fleet: Fleet;

beforeAll(() => {
    fleet = Fleet.start([...HOSTS]);
});

stopFleetAfterAll(() => fleet);

async function deploy(): Promise<FleetRun> {
    const run = await deployFleet(fleet, stackDeploys(fleet, multiHostWithBackup()).deploys);
    expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
    return run;
}

/** The verify step's backup check, run on the homeserver's host as the step runs it. */
async function verifyBackup(): Promise<VerificationResult> {
    const run = stackDeploys(fleet, multiHostWithBackup()).plan.verify[0]!;
    const only = { ...run, checks: run.checks.filter((c) => c.kind === "backup") };
    const result = await fleet.ssh(run.host, verifyCommand(verifyArgs(only, [])));
    const results = parseVerification(result.stdout);
    expect(results).toHaveLength(1);
    expect(result.code === 0).toBe(results[0]!.ok);
    return results[0]!;
}

function switchReport(run: FleetRun, host: string): string {
    const result = run.runs.get(host)!.find((s) => s.step === "switch")!.result;
    return `${result.stdout}\n${result.stderr}`;
}

const HOURS = 3600;

function age(file: string, hours: number): void {
    const when = Date.now() / 1000 - hours * HOURS;
    utimesSync(file, when, when);
}

describe("fleet: backup health in the switch and verify steps", () => {
    it("reports a healthy backup right after backups are set up, only on hosts that back up", async () => {
        const run = await deploy();
        expect(switchedHosts(run)).toEqual([...HOSTS].sort());
        expect(switchReport(run, "home")).toMatch(/backup healthy \(last success 0h ago\)/);
        expect(switchReport(run, "bridges")).toMatch(/backup healthy/);
        expect(switchReport(run, "turn")).not.toMatch(/backup/);
        expect(await verifyBackup()).toEqual({ check: "backup home", host: "home", ok: true, detail: "none yet, set up 0h ago" });
    });

    it("no successful backup 27 hours after backups were set up is unhealthy, and nothing rolls back", async () => {
        writeFileSync(hostPath(fleet.host("home"), "/var/lib/nixos-matrix/backup-since"), `${Math.floor(Date.now() / 1000) - 27 * HOURS}\n`);
        const generation = currentGeneration(fleet.host("home"));
        const run = await deploy();
        expect(switchReport(run, "home")).toMatch(/UNHEALTHY backup: no successful backup for 27h \(limit 26h\), see restic-backups-nixos-matrix\.service/);
        expect(currentGeneration(fleet.host("home"))).toBe(generation);
        expect(await verifyBackup()).toMatchObject({ ok: false, detail: "no backup since backups were set up 27h ago (limit 26h), see restic-backups-nixos-matrix.service" });
    });

    it("a fresh success stamp is healthy again; one 30 hours old is not", async () => {
        const stamp = hostPath(fleet.host("home"), BACKUP_STAMP_FILE);
        writeFileSync(stamp, "");
        expect(switchReport(await deploy(), "home")).toMatch(/backup healthy \(last success 0h ago\)/);
        expect(await verifyBackup()).toMatchObject({ ok: true, detail: "last success 0h ago" });
        age(stamp, 30);
        expect(switchReport(await deploy(), "home")).toMatch(/UNHEALTHY backup: no successful backup for 30h/);
        expect(await verifyBackup()).toMatchObject({ ok: false, detail: "no successful backup for 30h (limit 26h), see restic-backups-nixos-matrix.service" });
    });

    it("a failed last run is unhealthy even with a recent success", async () => {
        writeFileSync(hostPath(fleet.host("home"), BACKUP_STAMP_FILE), "");
        // The stand-in systemctl answers from the active generation's failed units.
        appendFileSync(path.join(hostPath(fleet.host("home"), "/nix/var/nix/profiles/system"), "failed-units"), `${BACKUP_UNIT}\n`);
        expect(switchReport(await deploy(), "home")).toMatch(/UNHEALTHY backup: the last run of restic-backups-nixos-matrix\.service failed/);
        expect(await verifyBackup()).toMatchObject({ ok: false, detail: "the last run of restic-backups-nixos-matrix.service failed" });
    });
});
