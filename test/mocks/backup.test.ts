import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { secretNames } from "../../sdk/plan/secrets";
import { SpecError } from "../../sdk/spec/errors";
import { drainRegistrations } from "../../sdk/synth/run-program";
import { Testing } from "../../sdk/synth/testing";
import { multiHostProgram } from "./programs";
import { ofType, plainStrings } from "./harness";

const SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nSENTINELbackupkey\n-----END OPENSSH PRIVATE KEY-----";
const SFTP_CONFIG = {
    "nixos-matrix:backupRepository": "sftp:u1234@backup.example.com:/backups",
    "nixos-matrix:backupSshPrivateKey": SSH_KEY,
    "nixos-matrix:backupKnownHosts": "backup.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBackupHostKeyForTestsOnly000000000000000000",
};

async function seal(config: Record<string, string>, secretKeys: string[] = []) {
    const cloud = await Testing.start({ config, secretKeys });
    multiHostProgram()();
    const result = await Testing.settle().then(
        (stack) => ({ stack, error: undefined }),
        (error: unknown) => ({ stack: undefined, error }),
    );
    await drainRegistrations();
    return { cloud, ...result };
}

describe("the backup settings", () => {
    it("give each stateful host a generated repository password, secret in state and as the host's output", async () => {
        const { cloud, stack, error } = await seal(SFTP_CONFIG, ["nixos-matrix:backupSshPrivateKey"]);
        expect(error).toBeUndefined();
        const passwords = ofType({ resources: cloud.resources } as never, "random:index/randomPassword:RandomPassword")
            .map((r) => r.name)
            .filter((n) => n.endsWith("repository-password"));
        expect(passwords.sort()).toEqual(["bridges-repository-password", "home-repository-password"]);
        expect(stack!.plan.hosts.filter((h) => h.backup !== null).map((h) => h.name)).toEqual(["home", "bridges"]);
        const hostOutputs = [...cloud.outputs.entries()].filter(([urn]) => urn.endsWith("HetznerNixosHost::home"));
        expect(hostOutputs).toHaveLength(1);
        const output = hostOutputs[0][1].backupPassword;
        expect(pulumi.runtime.isRpcSecret(output)).toBe(true);
        expect(stack!.secrets.has(secretNames.backupPassword("turn"))).toBe(false);
        for (const r of cloud.resources) expect(plainStrings(r.inputs).join("\n")).not.toContain("SENTINELbackupkey");
    });

    it("name the setting in errors, before any cloud resource", async () => {
        const unknown = await seal({ ...SFTP_CONFIG, "nixos-matrix:backupRepository": "b2:bucket" });
        expect((unknown.error as SpecError).message).toMatch(/^config nixos-matrix:backupRepository: must start with s3:/m);
        const retention = await seal({ ...SFTP_CONFIG, "nixos-matrix:backupKeepWeekly": "0" });
        expect((retention.error as SpecError).message).toMatch(/^config nixos-matrix:backupKeepWeekly: must be at least 1/m);
        const { "nixos-matrix:backupSshPrivateKey": _key, ...withoutKey } = SFTP_CONFIG;
        const missing = await seal(withoutKey);
        expect((missing.error as SpecError).message).toMatch(/^config nixos-matrix:backupSshPrivateKey: is required for an sftp repository/m);
        for (const run of [unknown, retention, missing]) expect(run.cloud.resources.filter((r) => r.custom)).toHaveLength(0);
    });
});
