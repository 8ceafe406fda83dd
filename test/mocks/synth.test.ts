import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { NIXPKGS_PIN } from "../../sdk/plan/release";
import { describe, expect, it } from "vitest";
import { synth } from "../../sdk/synth/synth";
import { ROOT, secretValues, SENTINELS } from "./harness";
import { Testing } from "../../sdk/synth/testing";

function listFiles(dir: string, prefix = ""): string[] {
    return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}

describe("synth", () => {
    it("writes exactly each host's bundle, its secret file names and a summary, byte-identically twice", async () => {
        const program = path.join(ROOT, "examples", "multi-host");
        const a = mkdtempSync(path.join(tmpdir(), "synth-a-"));
        const b = mkdtempSync(path.join(tmpdir(), "synth-b-"));
        const first = await synth(program, a, { config: SENTINELS });
        await synth(program, b, { config: SENTINELS });
        const files = listFiles(a).sort();
        expect(files).toEqual(Object.keys(first.files).sort());
        for (const file of files) expect(readFileSync(path.join(b, file))).toEqual(readFileSync(path.join(a, file)));

        for (const host of first.run.stack.plan.hosts) {
            const bundle = await new Promise<{ files: Record<string, string> }>((resolve) =>
                first.run.stack.deploys.get(host.name)!.bundle.apply(resolve),
            );
            const etc = files.filter((f) => f.startsWith(`hosts/${host.name}/etc-nixos/`)).map((f) => f.slice(`hosts/${host.name}/etc-nixos/`.length));
            expect(etc.sort()).toEqual(Object.keys(bundle.files).sort());
            expect(etc).toContain("configuration.nix");
            const secrets = JSON.parse(readFileSync(path.join(a, "hosts", host.name, "secrets.json"), "utf8")) as { path: string; secrets: string[] }[];
            expect(secrets.map((s) => s.path)).toEqual(host.secretFiles.map((f) => f.path));
        }
        const summary = JSON.parse(readFileSync(path.join(a, "summary.json"), "utf8"));
        expect(summary.dns).toContainEqual({ name: "matrix.example.com", type: "AAAA", value: "<ipv6 of home>" });
        expect(summary.registrations).toContainEqual({ id: "irc", url: "http://10.81.0.3:8009", bridgeHost: "bridges", homeserverHost: "home" });
        // The pin per host, and each host's place in the switch order.
        for (const host of summary.hosts) {
            expect(host.nixos).toEqual({ ...NIXPKGS_PIN, stateVersion: NIXPKGS_PIN.release });
            expect(host.rolloutLevel).toBe(host.services.some((s: string) => s.startsWith("homeserver/")) ? 1 : 0);
        }
    });

    it("never writes a secret value", async () => {
        const run = await Testing.synth(path.join(ROOT, "examples", "all-in-one"), { config: SENTINELS });
        const text = Object.values(run.files).join("\n");
        for (const secret of secretValues(run)) expect(text).not.toContain(secret);
    });

    it("replaces its own previous output but never deletes a directory it did not write", async () => {
        const program = path.join(ROOT, "examples", "conduit");
        const out = mkdtempSync(path.join(tmpdir(), "synth-own-"));
        await synth(program, out);
        await synth(program, out);
        const foreign = mkdtempSync(path.join(tmpdir(), "synth-foreign-"));
        writeFileSync(path.join(foreign, "keep.txt"), "mine");
        await expect(synth(program, foreign)).rejects.toThrow(/holds files synth did not write \(keep\.txt\)/);
        expect(readFileSync(path.join(foreign, "keep.txt"), "utf8")).toBe("mine");
        await expect(synth(path.join(ROOT, "examples", "nope"), out)).rejects.toThrow(/no Pulumi\.yaml here/);
    });
});
