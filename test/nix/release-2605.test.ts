// needs: shared
/**
 * What NixOS 26.05 changed under the bundles (release notes, rl-2605): nixos-rebuild is the
 * new implementation only (`system.rebuild.enableNg` is gone), every fileSystems entry needs
 * an fsType, stage 1 runs systemd by default, and openssh's banner/AcceptEnv forms changed.
 * The bundles must set none of the removed or changed forms.
 */
import { describe, expect, it } from "vitest";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";

describe("bundles fit NixOS 26.05", () => {
    const hosts = evaluatedFixtureHosts();

    it.each(hosts.map((h) => [h.label, h] as const))("%s", (_label, host) => {
        const config = host.evaluated.config;
        const fileSystems = (at(config, "fileSystems") ?? {}) as Record<string, Record<string, unknown>>;
        for (const [mountPoint, fs] of Object.entries(fileSystems)) {
            expect(typeof fs.fsType === "string" && fs.fsType !== "", `${mountPoint} has an fsType`).toBe(true);
        }
        expect(at(config, "system", "rebuild")).toBeUndefined();
        // Stage 1 is left to the release's default (systemd): nothing scripted for the old one.
        expect(at(config, "boot", "initrd")).toBeUndefined();
        expect(at(config, "services", "openssh", "banner")).toBeUndefined();
        expect(at(config, "services", "openssh", "settings", "AcceptEnv")).toBeUndefined();
        expect(String(at(config, "services", "openssh", "extraConfig") ?? "")).not.toMatch(/AcceptEnv|Banner/);
    });

    it("the state Volume is one of the fileSystems checked", () => {
        const withVolume = hosts.filter((h) => at(h.evaluated.config, "fileSystems", "/srv/state") !== undefined);
        expect(withVolume.length).toBeGreaterThan(0);
        for (const h of withVolume) expect(at(h.evaluated.config, "fileSystems", "/srv/state", "fsType")).toBe("ext4");
    });
});
