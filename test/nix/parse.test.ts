import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allFixtureHosts } from "./helpers/fixture-bundles";
import { parseError, removeBundle, requireNixInstantiate, writeBundle } from "./helpers/nix-tools";

describe("nix-instantiate", () => {
    it("is required, and its absence names the Debian package", () => {
        expect(() => requireNixInstantiate({ PATH: "/nonexistent" })).toThrow(/nix-instantiate \(Debian package nix-bin\)/);
        expect(() => requireNixInstantiate()).not.toThrow();
    });
});

describe("every .nix file of every bundle parses", () => {
    const hosts = allFixtureHosts();
    const dirs = new Map<string, string>();
    beforeAll(() => {
        requireNixInstantiate();
        for (const { label, rendered } of hosts) dirs.set(label, writeBundle(rendered.bundle));
    });
    afterAll(() => dirs.forEach(removeBundle));

    it.each(hosts.map((h) => h.label))("%s", (label) => {
        const bundle = hosts.find((h) => h.label === label)!.rendered.bundle;
        const nixFiles = Object.keys(bundle.files).filter((f) => f.endsWith(".nix"));
        expect(nixFiles.length).toBeGreaterThan(10);
        expect(parseError(...nixFiles.map((f) => path.join(dirs.get(label)!, f)))).toBeNull();
    });

    it("the harness files parse too", () => {
        const harness = path.resolve(__dirname, "harness");
        for (const file of readdirSync(harness).filter((f) => f.endsWith(".nix"))) {
            expect(parseError(path.join(harness, file)), file).toBeNull();
        }
    });

    it("a syntax error is reported, so a passing parse means something", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "nixos-matrix-parse-"));
        const file = path.join(dir, "broken.nix");
        writeFileSync(file, "{ lib, ... }: { services.coturn.enable = true }\n");
        expect(parseError(file)).toMatch(/syntax error/);
        removeBundle(dir);
    });
});
