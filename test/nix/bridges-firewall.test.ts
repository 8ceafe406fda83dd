// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { BRIDGE_DEFAULTS } from "../../sdk/spec/bridge";
import { planFixture, TEST_DEPLOY_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";
import { at, evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";

const BRIDGE_PORTS = Object.values(BRIDGE_DEFAULTS).map((d) => d.port);

describe("bridge ports are never open on public interfaces", () => {
    it.each(evaluatedFixtureHosts().map((h) => h.label))("%s", (label) => {
        const firewall = at(evaluatedHost(label).evaluated.config, "networking", "firewall") as Record<string, any>;
        expect(firewall.enable).toBe(true);
        for (const port of [...BRIDGE_PORTS, 5432, 8008, 6167]) {
            expect(firewall.allowedTCPPorts).not.toContain(port);
            for (const range of firewall.allowedTCPPortRanges) expect(port >= range.from && port <= range.to).toBe(false);
        }
    });
});

describe("bridge ports on the private interface", () => {
    it("are opened there when the homeserver is on another host", () => {
        const firewall = at(evaluatedHost("multi-host/bridges").evaluated.config, "networking", "firewall") as Record<string, any>;
        expect(Object.keys(firewall.interfaces)).toEqual(["wg-matrix"]);
        expect(firewall.interfaces["wg-matrix"].allowedTCPPorts).toEqual([8009, 9005, 29317, 29318]);
        expect(firewall.interfaces["wg-matrix"].allowedUDPPorts).toEqual([]);
        expect(firewall.allowedTCPPorts).toEqual([22]);
    });

    it("follow the configured private interface", () => {
        const stack = planFixture("multi-host");
        const host = stack.hosts.find((h) => h.name === "bridges")!;
        const bundle = renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, privateInterface: "ens10" });
        const firewall = at(evaluateBundle(bundle).config, "networking", "firewall") as Record<string, any>;
        expect(Object.keys(firewall.interfaces)).toEqual(["ens10"]);
    });

    it("are not opened anywhere when the bridges sit beside their homeserver", () => {
        const firewall = at(evaluatedHost("all-in-one/matrix").evaluated.config, "networking", "firewall") as Record<string, any>;
        expect(firewall).not.toHaveProperty("interfaces");
    });
});

describe("bridges are wired to their homeserver by the library, not by registerToSynapse", () => {
    it.each([
        { label: "all-in-one/matrix", homeserverUrl: "http://127.0.0.1:8008", listen: "127.0.0.1" },
        // Across hosts, Synapse's listener on the homeserver host's mesh address.
        { label: "multi-host/bridges", homeserverUrl: "http://10.81.0.1:8008", listen: "0.0.0.0" },
    ])("$label", ({ label, homeserverUrl, listen }) => {
        const { config } = evaluatedHost(label).evaluated;
        const services = at(config, "services") as Record<string, any>;
        for (const name of ["mautrix-telegram", "mautrix-whatsapp"]) {
            expect(services[name].registerToSynapse, name).toBe(false);
            expect(services[name].settings.homeserver.address, name).toBe(homeserverUrl);
            expect(services[name].settings.appservice.hostname, name).toBe(listen);
        }
        expect(services["mautrix-telegram"].settings.appservice.database).toMatch(/^sqlite:\/\/\/\//);
        expect(services["matrix-appservice-irc"].settings.homeserver.url).toBe(homeserverUrl);
        expect(services["matrix-appservice-discord"].settings.bridge.homeserverUrl).toBe(homeserverUrl);
        expect(services["mautrix-telegram"].environmentFile).toMatch(/bridge-telegram\.env$/);
    });

    it("each bridge's URL is its registration's URL", () => {
        const { rendered, evaluated } = evaluatedHost("multi-host/bridges");
        const url = (id: string) => rendered.stack.registrations.find((r) => r.id === id)!.url;
        const services = at(evaluated.config, "services") as Record<string, any>;
        expect(services["mautrix-telegram"].settings.appservice.address).toBe(url("telegram"));
        expect(services["matrix-appservice-irc"].registrationUrl).toBe(url("irc"));
        expect(services["matrix-appservice-discord"].url).toBe(url("discord"));
    });

    it("the Discord bridge, under DynamicUser, gets its registration through LoadCredential before its own preStart", () => {
        const unit = at(evaluatedHost("multi-host/bridges").evaluated.config, "systemd", "services", "matrix-appservice-discord") as Record<string, any>;
        expect(unit.serviceConfig.LoadCredential).toEqual(["registration:/var/lib/nixos-matrix/secrets/bridge-discord-registration.yaml"]);
        expect(unit.preStart).toBe(
            'install -D -m 0600 "$CREDENTIALS_DIRECTORY/"registration /var/lib/matrix-appservice-discord/discord-registration.yaml\n',
        );
    });
});
