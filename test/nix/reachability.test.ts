// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";
import { planFixture, renderFixture, TEST_DEPLOY_KEY, TEST_HOST_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle, evaluateBundleDir, removeBundle, writeBundle } from "./helpers/nix-tools";
import { writeFileSync } from "node:fs";
import * as path from "node:path";

describe("every bundle keeps the host reachable and deployable", () => {
    it.each(evaluatedFixtureHosts().map((h) => h.label))("%s", (label) => {
        const { config } = evaluatedFixtureHosts().find((h) => h.label === label)!.evaluated;
        expect(at(config, "services", "openssh", "enable")).toBe(true);
        expect(at(config, "users", "users", "root", "openssh", "authorizedKeys", "keys")).toContain(TEST_DEPLOY_KEY);
        expect(at(config, "services", "openssh", "hostKeys")).toEqual([{ type: "ed25519", path: "/etc/ssh/ssh_host_ed25519_key" }]);
        expect(at(config, "services", "openssh", "settings", "PasswordAuthentication")).toBe(false);
        expect(at(config, "networking", "firewall", "allowedTCPPorts")).toContain(22);
        expect(at(config, "environment", "systemPackages")).toEqual(expect.arrayContaining([expect.stringMatching(/-jq$/)]));
        expect(at(config, "system", "stateVersion")).toBe("26.05");
    });

    it("a bundle without a deploy key refuses to evaluate rather than lock the deployer out", () => {
        const stack = planFixture("multi-host");
        const bundle = renderBundle(stack.hosts[1], stack);
        expect(() => evaluateBundle(bundle)).toThrow(/no deploy key; refusing a configuration that locks the deployer out/);
    });

    it("an existing host pins its own host key type", () => {
        const stack = planFixture("multi-host");
        const host = { ...stack.hosts[1], spec: { name: "turn", provider: "existing" as const, address: "203.0.113.9", user: "root" as const, port: 22, hostKey: "ecdsa-sha2-nistp256 AAAAE2VjZHNh" } };
        const params = JSON.parse(renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY }).files["nixos-matrix/params.json"]);
        expect(params.ssh.hostKey).toEqual({ type: "ecdsa", path: "/etc/ssh/ssh_host_ecdsa_key", publicKey: "ecdsa-sha2-nistp256 AAAAE2VjZHNh" });
    });
});

describe("configuration.nix and the host's own files", () => {
    const [rendered] = renderFixture("all-in-one");

    it("the bundle never ships hardware-configuration.nix or networking.nix", () => {
        for (const { rendered: r } of evaluatedFixtureHosts()) {
            expect(Object.keys(r.bundle.files)).not.toContain("hardware-configuration.nix");
            expect(Object.keys(r.bundle.files)).not.toContain("networking.nix");
        }
    });

    it("imports them when the host has them, and works without them", () => {
        const dir = writeBundle(rendered.bundle);
        try {
            const without = evaluateBundleDir(dir).config;
            expect(at(without, "networking", "useDHCP")).toBeUndefined();
            writeFileSync(path.join(dir, "networking.nix"), "{ ... }: { networking.useDHCP = false; }\n");
            writeFileSync(path.join(dir, "hardware-configuration.nix"), "{ ... }: { boot.loader.grub.device = \"/dev/sda\"; }\n");
            const withFiles = evaluateBundleDir(dir).config;
            expect(at(withFiles, "networking", "useDHCP")).toBe(false);
            expect(at(withFiles, "boot", "loader", "grub", "device")).toBe("/dev/sda");
        } finally {
            removeBundle(dir);
        }
    });

    it("imports the user's extraNixosModule verbatim as nixos-matrix/extra.nix, last", () => {
        const stack = planFixture("all-in-one");
        const extra = "{ lib, ... }: {\n  services.nginx.clientMaxBodySize = lib.mkForce \"100M\";\n}\n";
        const host = {
            ...stack.hosts[0],
            services: {
                ...stack.hosts[0].services,
                homeservers: [{ ...stack.hosts[0].services.homeservers[0], extraNixosModule: extra }],
            },
        };
        const bundle = renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, hostPublicKey: TEST_HOST_KEY });
        expect(bundle.files["nixos-matrix/extra.nix"]).toBe(extra);
        expect(at(evaluateBundle(bundle).config, "services", "nginx", "clientMaxBodySize")).toBe("100M");
        expect(rendered.bundle.files).not.toHaveProperty("nixos-matrix/extra.nix");
    });
});
