import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bundleHash, hostParams, renderBundle } from "../../sdk/nixos";
import { GENERATED_PATH, renderEmbeddedModules } from "../../sdk/nixos/embed-modules";
import { planFixture, renderFixture, TEST_DEPLOY_KEY, TEST_HOST_KEY, testVolumeId } from "./helpers/fixture-bundles";

describe("renderBundle", () => {
    it("lays out configuration.nix at the top and everything else under nixos-matrix/", () => {
        const [{ bundle }] = renderFixture("all-in-one");
        const names = Object.keys(bundle.files);
        expect(names).toEqual([...names].sort());
        expect(names[0]).toBe("configuration.nix");
        expect(names.slice(1).every((n) => n.startsWith("nixos-matrix/"))).toBe(true);
        expect(names).toContain("nixos-matrix/params.json");
        expect(names).toContain("nixos-matrix/default.nix");
    });

    it("is deterministic: the same plan gives byte-identical files and the same hash", () => {
        const first = renderFixture("multi-host");
        const second = renderFixture("multi-host");
        expect(second.map((r) => r.bundle)).toEqual(first.map((r) => r.bundle));
        expect(new Set(first.map((r) => r.bundle.hash)).size).toBe(first.length);
    });

    it("hashes sorted paths and contents, and any change of either changes the hash", () => {
        const [{ bundle }] = renderFixture("conduit");
        expect(bundle.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(bundleHash(bundle.files)).toBe(bundle.hash);
        const reordered = Object.fromEntries(Object.entries(bundle.files).reverse());
        expect(bundleHash(reordered)).toBe(bundle.hash);
        expect(bundleHash({ ...bundle.files, "nixos-matrix/params.json": `${bundle.files["nixos-matrix/params.json"]} ` })).not.toBe(bundle.hash);
        expect(bundleHash({ "a.nix": "bc" })).not.toBe(bundleHash({ "a.nixb": "c" }));
        const plain = createHash("sha256").update(JSON.stringify(bundle.files)).digest("hex");
        expect(plain).not.toBe(bundle.hash);
    });

    it("params.json changes with the deploy key, so a rotated key reaches the host", () => {
        const stack = planFixture("conduit");
        const a = renderBundle(stack.hosts[0], stack, { deployPublicKey: TEST_DEPLOY_KEY });
        const b = renderBundle(stack.hosts[0], stack, { deployPublicKey: `${TEST_DEPLOY_KEY}-rotated` });
        expect(a.hash).not.toBe(b.hash);
    });

    it("ships the static modules unchanged: only params.json differs between hosts", () => {
        const [a, b] = renderFixture("multi-host");
        const differing = Object.keys(a.bundle.files).filter((f) => a.bundle.files[f] !== b.bundle.files[f]);
        expect(differing).toEqual(["nixos-matrix/params.json"]);
    });

    it("serializes params with sorted keys and two-space indentation", () => {
        const [{ bundle, host, stack }] = renderFixture("all-in-one");
        const text = bundle.files["nixos-matrix/params.json"];
        expect(text.endsWith("}\n")).toBe(true);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(hostParams(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, hostPublicKey: TEST_HOST_KEY, stateVolumeId: testVolumeId(host) }))));
        const keys = Object.keys(JSON.parse(text));
        expect(keys).toEqual([...keys].sort());
        expect(text).toMatch(/^\{\n {2}"acme": \{\n {4}"email"/);
    });

    it("refuses two homeservers on one host, naming the host", () => {
        const stack = planFixture("all-in-one");
        const host = stack.hosts[0];
        const twice = { ...host, services: { ...host.services, homeservers: [host.services.homeservers[0], { ...host.services.homeservers[0], name: "hs2" }] } };
        expect(() => renderBundle(twice, stack)).toThrow("host matrix runs 2 homeservers; NixOS runs at most one per host");
    });
});

describe("modules.generated.ts", () => {
    it("is up to date with sdk/nixos/modules/*.nix (run `npm run embed:nix` after editing them)", () => {
        expect(readFileSync(GENERATED_PATH, "utf8")).toBe(renderEmbeddedModules());
    });
});

describe("params.json of the all-in-one host", () => {
    it("matches the reviewed snapshot", async () => {
        const [{ bundle }] = renderFixture("all-in-one");
        await expect(bundle.files["nixos-matrix/params.json"]).toMatchFileSnapshot("__snapshots__/all-in-one.matrix.params.json");
    });
});
