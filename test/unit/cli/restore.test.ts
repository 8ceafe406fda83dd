import { describe, expect, it } from "vitest";
import { describeRestore, restoreSteps, restoreTarget, sshArgs } from "../../../sdk/cli/restore";

const TARGET = { address: "203.0.113.7", hostPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKey" };

describe("nixos-matrix restore", () => {
    it("finds the host in the stack output, or says what to export", () => {
        expect(restoreTarget({ hosts: { matrix: TARGET } }, "matrix")).toEqual(TARGET);
        expect(() => restoreTarget({ hosts: { other: TARGET } }, "matrix")).toThrow(/no hosts\.matrix\.address and hosts\.matrix\.hostPublicKey/);
        expect(() => restoreTarget(null, "matrix")).toThrow(/export them from the program/);
    });

    it("prints restore.sh's steps in order and the exact command", () => {
        expect(restoreSteps()).toEqual([
            "find the snapshot in the host's repository",
            "restore the snapshot into a scratch directory",
            "stop the services whose state is restored",
            "Synapse: load the dump into a new, empty database (C collation, as Synapse needs)",
            "Synapse: put back the media store and the signing key, owned by matrix-synapse",
            "Synapse with workers across hosts: put back the record of its own key as an old key",
            "the Conduit family and bridges: put back each state directory, owned as on this host",
            "start the services again",
            "verify: every restored service is active",
        ]);
        const text = describeRestore({ stackOutput: "o.json", host: "matrix", snapshot: "4f2a", yes: false }, TARGET);
        expect(text).toContain("  9. verify: every restored service is active");
        expect(text).toContain(`ssh root@203.0.113.7 bash -s -- '{"host":"matrix","snapshot":"4f2a"}' < restore.sh`);
    });

    it("runs over SSH only against the pinned host key", () => {
        const args = sshArgs(TARGET, "/tmp/k", '{"host":"matrix","snapshot":"latest"}');
        expect(args).toEqual(expect.arrayContaining(["StrictHostKeyChecking=yes", "UserKnownHostsFile=/tmp/k", "root@203.0.113.7"]));
        expect(args.at(-1)).toBe(`bash -s -- '{"host":"matrix","snapshot":"latest"}'`);
    });
});
