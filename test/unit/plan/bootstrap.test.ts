import { describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand } from "../../../sdk/deploy/bootstrap-step";
import { allInOne } from "../../fixtures/stacks";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { hostOf, planOf } from "./helpers";

function withAdmins(admins: string[], rotation?: number): StackSpecInput {
    const copy = structuredClone(allInOne()) as StackSpecInput & { homeservers: Record<string, unknown>[] };
    copy.homeservers[0]!.admins = admins;
    if (rotation !== undefined) copy.homeservers[0]!.adminPasswordRotation = rotation;
    return copy;
}

describe("the admins the bootstrap step creates", () => {
    it("is one run on the homeserver's host, reading root-only files, with one generated password per admin", () => {
        const plan = planOf(withAdmins(["alice", "ops.bob"]));
        expect(plan.bootstrap).toEqual([
            {
                homeserver: "hs",
                host: "matrix",
                serverName: "example.org",
                homeserverUrl: "http://127.0.0.1:8008",
                implementation: "synapse",
                sharedSecretFile: "/var/lib/nixos-matrix/secrets/registration-shared-secret-hs",
                stateDir: "/var/lib/nixos-matrix/bootstrap/hs",
                admins: [
                    { localpart: "alice", userId: "@alice:example.org", passwordFile: "/var/lib/nixos-matrix/secrets/admins-hs/alice.password", passwordSecret: "homeserver/hs/admin-password/alice", rotation: 0 },
                    { localpart: "ops.bob", userId: "@ops.bob:example.org", passwordFile: "/var/lib/nixos-matrix/secrets/admins-hs/ops.bob.password", passwordSecret: "homeserver/hs/admin-password/ops.bob", rotation: 0 },
                ],
                bots: [],
            },
        ]);
        const files = hostOf(plan, "matrix").secretFiles.filter((f) => f.path.includes("admins-") || f.path.includes("registration-shared-secret"));
        expect(files.map((f) => [f.path, f.owner, f.group, f.mode, f.secrets.join(",")])).toEqual([
            ["/var/lib/nixos-matrix/secrets/admins-hs/alice.password", "root", "root", "0400", "homeserver/hs/admin-password/alice"],
            ["/var/lib/nixos-matrix/secrets/admins-hs/ops.bob.password", "root", "root", "0400", "homeserver/hs/admin-password/ops.bob"],
            ["/var/lib/nixos-matrix/secrets/registration-shared-secret-hs", "root", "root", "0400", "homeserver/hs/registration-shared-secret"],
        ]);
        expect(plan.secrets.filter((s) => s.name.includes("admin-password"))).toEqual([
            { name: "homeserver/hs/admin-password/alice", source: { kind: "random", length: 64, rotation: 0 } },
            { name: "homeserver/hs/admin-password/ops.bob", source: { kind: "random", length: 64, rotation: 0 } },
        ]);
    });

    it("is absent without admins: no run, no extra file, no password", () => {
        const plan = planOf(allInOne());
        expect(plan.bootstrap).toEqual([]);
        expect(hostOf(plan, "matrix").secretFiles.map((f) => f.path).filter((p) => /admins-|registration-shared-secret/.test(p))).toEqual([]);
        expect(plan.secrets.map((s) => s.name).filter((n) => n.includes("admin-password"))).toEqual([]);
    });

    it("carries the rotation into the secret (a new value) and into the step's argument, never a password", () => {
        const plan = planOf(withAdmins(["alice"], 2));
        expect(plan.secrets.find((s) => s.name.endsWith("/alice"))?.source).toEqual({ kind: "random", length: 64, rotation: 2 });
        const args = bootstrapArgs(plan.bootstrap[0]!, ["b", "a"]);
        expect(args.admins).toEqual([{ localpart: "alice", userId: "@alice:example.org", passwordFile: "/var/lib/nixos-matrix/secrets/admins-hs/alice.password", rotation: 2 }]);
        expect(bootstrapArgs(plan.bootstrap[0]!, ["a", "b"])).toEqual(args);
        expect(bootstrapCommand(args)).toContain(" nixos-matrix-bootstrap '{\"host\":\"matrix\"");
        expect(bootstrapCommand(args)).not.toContain("admin-password");
    });
});
