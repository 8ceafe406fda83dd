// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { MESH_INTERFACE, MESH_PRIVATE_KEY_FILE } from "../../sdk/plan/mesh";
import { HETZNER_PRIVATE_INTERFACE } from "../../sdk/plan/private-interface";
import { at, evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";
import { planFixture, testMeshPeers, TEST_DEPLOY_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";
import { OptionChecker, loadPinnedOptions } from "./helpers/option-checker";

const wireguard = (label: string) => at(evaluatedHost(label).evaluated.config, "networking", "wireguard", "interfaces") as Record<string, any> | undefined;

describe("mesh.nix", () => {
    it("brings up wg-matrix with the host's mesh address, port and a key file outside the store", () => {
        const wg = wireguard("multi-host/bridges")![MESH_INTERFACE];
        expect(wg.ips).toEqual(["10.81.0.3/24"]);
        expect(wg.listenPort).toBe(51820);
        expect(wg.privateKeyFile).toBe(MESH_PRIVATE_KEY_FILE);
        expect(wg.privateKey).toBeUndefined();
    });

    it("peers with every other host: its key, its mesh address only, its public endpoint, kept alive", () => {
        const plan = planFixture("multi-host");
        const facts = testMeshPeers(plan);
        const peers = wireguard("multi-host/bridges")![MESH_INTERFACE].peers as Record<string, unknown>[];
        expect(peers).toEqual(
            ["home", "turn", "web"].map((name) => ({
                publicKey: facts[name].publicKey,
                allowedIPs: [`${plan.hosts.find((h) => h.name === name)!.privateAddress}/32`],
                endpoint: `${facts[name].publicAddress}:51820`,
                persistentKeepalive: 25,
            })),
        );
    });

    it("starts the homeserver after the mesh, which it needs to reach its bridges", () => {
        const services = at(evaluatedHost("multi-host/home").evaluated.config, "systemd", "services") as Record<string, any>;
        expect(services["matrix-synapse"].after).toContain("wireguard-wg-matrix.service");
        expect(services["matrix-synapse"].wants).toContain("wireguard-wg-matrix.service");
        expect(services.postgresql?.after ?? []).not.toContain("wireguard-wg-matrix.service");
        // A rotated key changes the interface's unit, so the switch restarts it.
        const plan = planFixture("multi-host");
        expect(services["wireguard-wg-matrix"].restartTriggers).toEqual([testMeshPeers(plan).home.publicKey]);
    });

    it("leaves a one-host stack without any WireGuard", () => {
        expect(wireguard("all-in-one/matrix")).toBeUndefined();
    });

    it("checks its options against the recorded declarations, and would catch a wrong type", () => {
        const checker = new OptionChecker(loadPinnedOptions(), []);
        const config = evaluatedHost("multi-host/bridges").evaluated.config;
        const report = checker.check(config);
        expect(report.problems).toEqual([]);
        for (const option of ["networking.wireguard.interfaces.<name>.privateKeyFile", "networking.wireguard.interfaces.<name>.peers.*.endpoint"]) {
            expect(report.optionsChecked).toContain(option);
        }
        const broken = JSON.parse(JSON.stringify(config));
        broken.networking.wireguard.interfaces[MESH_INTERFACE].listenPort = "51820";
        expect(checker.check(broken).problems.join("\n")).toMatch(/listenPort/);
    });

    it("renders a peer without an address known yet (a Hetzner host in synth) without an endpoint", () => {
        const plan = planFixture("multi-host");
        const host = plan.hosts.find((h) => h.name === "bridges")!;
        const evaluated = evaluateBundle(renderBundle(host, plan, { deployPublicKey: TEST_DEPLOY_KEY }));
        const peers = at(evaluated.config, "networking", "wireguard", "interfaces", MESH_INTERFACE, "peers") as Record<string, unknown>[];
        expect(peers.map((p) => p.endpoint)).toEqual([null, null, null]);
    });

    it.each(evaluatedFixtureHosts().map((h) => h.label))("%s: the firewall names only interfaces the host has", (label) => {
        const { evaluated, rendered } = evaluatedHost(label);
        const named = Object.keys((at(evaluated.config, "networking", "firewall", "interfaces") ?? {}) as object);
        const made = Object.keys((at(evaluated.config, "networking", "wireguard", "interfaces") ?? {}) as object);
        const spec = rendered.host.spec;
        const own = spec.provider === "hetzner" ? [HETZNER_PRIVATE_INTERFACE] : spec.privateInterface ? [spec.privateInterface] : [];
        for (const name of named) expect([...made, ...(rendered.host.mesh ? [] : own)], `${label} opens ports on ${name}`).toContain(name);
    });
});
