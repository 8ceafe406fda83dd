import { describe, expect, it } from "vitest";
import { renderBundle } from "../../../sdk/nixos/render-bundle";
import { pinnedNixpkgsPath } from "../../../sdk/plan/paths";
import { NIXPKGS_PIN } from "../../../sdk/plan/release";
import type { StackPlan } from "../../../sdk/plan/types";
import { multiHost } from "../../fixtures/stacks";
import { variant } from "../spec/base-stack";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { hostOf, planOf } from "./helpers";

const edited = (edit: Parameters<typeof variant>[0]) => variant(edit) as StackSpecInput;

const OTHER = {
    url: "https://releases.nixos.org/nixos/26.05/nixos-26.05.10200.0123456789ab/nixexprs.tar.xz",
    sha256: "0000000000000000000000000000000000000000000000000000",
};

function params(plan: StackPlan, host: string, options: { stateVersion?: string } = {}) {
    const bundle = renderBundle(hostOf(plan, host), plan, { deployPublicKey: "ssh-ed25519 AAAA deployer", ...options });
    return JSON.parse(bundle.files["nixos-matrix/params.json"]!);
}

describe("the nixpkgs pin", () => {
    it("is NixOS 26.05 channel release 10057 (commit cf9d2fb3e50f), with the hash public configurations pin", () => {
        expect(NIXPKGS_PIN).toEqual({
            release: "26.05",
            url: "https://releases.nixos.org/nixos/26.05/nixos-26.05.10057.cf9d2fb3e50f/nixexprs.tar.xz",
            sha256: "1kiwzvfgzxby7c63rfprh27c4mcgg3k0ccw9dvhvm2phcbp5a1vs",
        });
        expect(planOf(multiHost()).nixpkgs).toEqual(NIXPKGS_PIN);
    });

    it("an override reads its release from a channel URL and drops a sha256: prefix", () => {
        const plan = planOf(edited((s) => (s.nixpkgs = { url: OTHER.url, sha256: `sha256:${OTHER.sha256}` })));
        expect(plan.nixpkgs).toEqual({ release: "26.05", ...OTHER });
        const commit = "https://github.com/NixOS/nixpkgs/archive/cf9d2fb3e50fa1cd5114c47505ea9177f7ff5f49.tar.gz";
        const on2611 = edited((s) => {
            s.nixpkgs = { url: commit, sha256: OTHER.sha256, release: "26.11" };
            // 26.11 no longer ships matrix-appservice-discord (see bad-inputs/bridge-rules.ts).
            s.bridges = s.bridges.filter((b: { type: string }) => b.type !== "matrix-appservice-discord");
        });
        expect(planOf(on2611).nixpkgs.release).toBe("26.11");
    });

    it("every bundle carries the pin and where the host keeps it", () => {
        const plan = planOf(multiHost());
        for (const host of plan.hosts) {
            expect(params(plan, host.name).nixpkgs).toEqual({ ...NIXPKGS_PIN, path: pinnedNixpkgsPath(NIXPKGS_PIN.sha256) });
        }
        expect(pinnedNixpkgsPath("x")).toBe("/var/lib/nixos-matrix/nixpkgs/x");
    });

    it("a bundle's hash changes exactly when its configuration or the pin does", () => {
        const hashes = (input: Parameters<typeof planOf>[0]) => {
            const plan = planOf(input);
            return plan.hosts.map((h) => renderBundle(h, plan, { deployPublicKey: "ssh-ed25519 AAAA deployer" }).hash);
        };
        const base = hashes(multiHost());
        expect(hashes(multiHost())).toEqual(base);
        const moved = hashes({ ...multiHost(), nixpkgs: OTHER });
        moved.forEach((hash, i) => expect(hash).not.toBe(base[i]));
        // The dumps kept are the switch step's business, not the system's.
        expect(hashes({ ...multiHost(), upgradeDumps: 7 })).toEqual(base);
    });

    it("PostgreSQL's major follows the host's stateVersion, frozen, unless the stack sets it", () => {
        const plan = planOf(multiHost());
        expect(params(plan, "home").postgresql).toEqual({ major: 17 });
        expect(params(plan, "home", { stateVersion: "25.11" }).postgresql).toEqual({ major: 17 });
        expect(params(plan, "home", { stateVersion: "24.05" }).postgresql).toEqual({ major: 15 });
        expect(params(planOf({ ...multiHost(), nixpkgs: OTHER }), "home").postgresql).toEqual({ major: 17 });
        expect(params(planOf({ ...multiHost(), postgresqlVersion: 16 }), "home").postgresql).toEqual({ major: 16 });
        expect(params(plan, "turn").postgresql).toBeNull();
    });

    it("a Hetzner host keeps the stateVersion the cloud recorded, never newer than the pin", () => {
        const plan = planOf(multiHost());
        expect(params(plan, "home", { stateVersion: "25.11" }).host.stateVersion).toBe("25.11");
        expect(params(plan, "home").host.stateVersion).toBe("26.05");
        expect(() => params(plan, "home", { stateVersion: "26.11" })).toThrow(
            "host home: system.stateVersion 26.11 is newer than the pinned nixpkgs release 26.05",
        );
    });

    it("rolls out bridges, TURN and web first, homeservers last", () => {
        expect(planOf(multiHost()).rollout).toEqual([["turn", "bridges", "web"], ["home"]]);
        expect(planOf(edited(() => undefined)).rollout).toEqual([["edge"], ["main"]]);
    });
});
