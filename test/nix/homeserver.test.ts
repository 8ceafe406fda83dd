// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { synapseSecretConfigPath, conduitEnvPath } from "../../sdk/plan/paths";
import { planStack } from "../../sdk/plan";
import { parseStackSpec } from "../../sdk/spec";
import { allInOne } from "../fixtures/stacks";
import { at, evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";
import { TEST_DEPLOY_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";
import { errorsOf, synapseConfigValidator } from "./helpers/schemas";

// Homeservers with workers are checked in workers.test.ts.
const synapseHosts = evaluatedFixtureHosts().filter(
    (h) => h.rendered.host.services.homeservers[0]?.implementation === "synapse" && h.rendered.host.workers.length === 0,
);

describe.each(synapseHosts.map((h) => h.label))("Synapse on %s", (label) => {
    const { rendered, evaluated } = evaluatedHost(label);
    const synapse = at(evaluated.config, "services", "matrix-synapse") as Record<string, any>;
    const hs = rendered.host.services.homeservers[0];

    it("listens on loopback (and the private address for bridges and moderation bots on other hosts), behind nginx (x_forwarded), with client and federation resources", () => {
        expect(synapse.settings.listeners).toHaveLength(1);
        const [listener] = synapse.settings.listeners;
        const elsewhere = (c: { homeserver: string; host: string }) => c.homeserver === hs.name && c.host !== rendered.host.name;
        const remoteClients = rendered.stack.moderationBots.some(elsewhere) || rendered.stack.registrations.some((r) => elsewhere({ homeserver: r.homeserver, host: r.bridgeHost }));
        expect(listener.bind_addresses).toEqual(["127.0.0.1", "::1", ...(remoteClients ? [rendered.host.privateAddress] : [])]);
        expect(listener).toMatchObject({ type: "http", tls: false, x_forwarded: true, port: 8008 });
        expect(listener.resources.flatMap((r: { names: string[] }) => r.names)).toEqual(["client", "federation"]);
    });

    it("loads exactly the registrations of bridges for this homeserver, at the homeserver-side paths", () => {
        const expected = rendered.stack.registrations
            .filter((r) => r.homeserver === hs.name)
            .map((r) => r.homeserverPath)
            .sort();
        // A homeserver without bridges (examples/community) lists none.
        expect(synapse.settings.app_service_config_files ?? []).toEqual(expected);
        const delivered = new Set(rendered.host.secretFiles.map((f) => f.path));
        for (const file of synapse.settings.app_service_config_files) expect(delivered.has(file), file).toBe(true);
    });

    it("reads its secrets from the extra config file, and TURN URIs point at its TURN server", () => {
        expect(synapse.extraConfigFiles).toEqual([synapseSecretConfigPath(hs.name)]);
        if (hs.turn === undefined) {
            expect(synapse.settings.turn_uris ?? []).toEqual([]);
            return;
        }
        expect(synapse.settings.turn_uris).toEqual(expect.arrayContaining([expect.stringMatching(/^turn:turn\.[a-z0-9.]+:3478\?transport=udp$/)]));
        expect(synapse.settings.turn_user_lifetime).toBe("1h");
    });

    it("uses the local PostgreSQL, whose cluster has C collation", () => {
        expect(synapse.settings.database).toEqual({ name: "psycopg2", args: { user: "matrix-synapse", database: "matrix-synapse" } });
        const postgresql = at(evaluated.config, "services", "postgresql") as Record<string, any>;
        expect(postgresql.enable).toBe(true);
        expect(postgresql.initdbArgs).toContain("--locale=C");
        expect(postgresql.ensureDatabases).toEqual(["matrix-synapse"]);
        expect(postgresql.ensureUsers).toEqual([{ name: "matrix-synapse", ensureDBOwnership: true }]);
    });

    it("is served by nginx with ACME and forced TLS, proxying /_matrix and /_synapse/client", () => {
        const vhost = at(evaluated.config, "services", "nginx", "virtualHosts", hs.domain ?? hs.serverName) as Record<string, any>;
        expect(vhost).toMatchObject({ enableACME: true, forceSSL: true });
        expect(vhost.locations["/_matrix"].proxyPass).toBe("http://127.0.0.1:8008");
        expect(vhost.locations["/_synapse/client"].proxyPass).toBe("http://127.0.0.1:8008");
        if (hs.federation.port8448) {
            expect(vhost.listen.map((l: { port: number }) => l.port).sort()).toEqual([443, 443, 80, 80, 8448, 8448].sort());
            expect(vhost.listen.filter((l: { port: number; ssl: boolean }) => l.port !== 80).every((l: { ssl: boolean }) => l.ssl)).toBe(true);
        } else {
            expect(vhost).not.toHaveProperty("listen");
        }
    });
});

describe("Synapse with open registration and without federation", () => {
    const input = allInOne();
    input.homeservers![0] = { ...input.homeservers![0], registrationEnabled: true, federation: { enabled: false } };
    const stack = planStack(parseStackSpec(input));
    const bundle = renderBundle(stack.hosts[0], stack, { deployPublicKey: TEST_DEPLOY_KEY });
    const config = evaluateBundle(bundle).config;
    const settings = at(config, "services", "matrix-synapse", "settings") as Record<string, any>;

    it("says so in a way Synapse accepts", () => {
        expect(settings.enable_registration).toBe(true);
        expect(settings.enable_registration_without_verification).toBe(true);
        expect(settings.federation_domain_whitelist).toEqual([]);
        expect(settings.listeners[0].resources[0].names).toEqual(["client"]);
        const { validate } = synapseConfigValidator();
        expect(validate(settings), errorsOf(validate).join("\n")).toBe(true);
    });

    it("publishes no m.server delegation", () => {
        const locations = at(config, "services", "nginx", "virtualHosts", "example.org", "locations") as Record<string, unknown>;
        expect(Object.keys(locations).sort()).toEqual(["= /.well-known/matrix/client", "= /.well-known/matrix/support"]);
    });
});

describe("Conduit on conduit/conduit", () => {
    const { evaluated } = evaluatedHost("conduit/conduit");
    const config = evaluated.config;

    it("runs on RocksDB on port 6167 on loopback, with its environment file outside the store", () => {
        expect(at(config, "services", "matrix-conduit", "enable")).toBe(true);
        expect(at(config, "services", "matrix-conduit", "settings", "global")).toMatchObject({
            server_name: "conduit.example.net",
            database_backend: "rocksdb",
            port: 6167,
            address: "::1",
        });
        expect(at(config, "systemd", "services", "conduit", "serviceConfig", "EnvironmentFile")).toBe(conduitEnvPath("hs"));
        expect(at(config, "services", "matrix-synapse")).toBeUndefined();
        expect(at(config, "services", "postgresql")).toBeUndefined();
    });

    it("is proxied for /_matrix only, and needs no delegation (server name = domain)", () => {
        const locations = at(config, "services", "nginx", "virtualHosts", "conduit.example.net", "locations") as Record<string, any>;
        expect(Object.keys(locations)).toEqual(["/_matrix"]);
        expect(locations["/_matrix"].proxyPass).toBe("http://[::1]:6167");
    });
});

// nixpkgs' continuwuity.nix and tuwunel.nix: `settings.global.address` and `port` are lists,
// the units are `continuwuity` and `tuwunel`.
describe.each([
    ["conduit-forks/cw", "matrix-continuwuity", "continuwuity", "cw"],
    ["conduit-forks/tw", "matrix-tuwunel", "tuwunel", "tw"],
])("conduwuit's fork on %s", (label, service, unit, hs) => {
    const { evaluated } = evaluatedHost(label);
    const config = evaluated.config;

    it("runs on port 6167 on loopback, with its environment file outside the store", () => {
        expect(at(config, "services", service, "enable")).toBe(true);
        expect(at(config, "services", service, "settings", "global")).toMatchObject({
            server_name: `${hs}.example.net`,
            port: [6167],
            address: ["::1"],
            allow_registration: true,
        });
        expect(at(config, "systemd", "services", unit, "serviceConfig", "EnvironmentFile")).toBe(conduitEnvPath(hs));
        expect(at(config, "services", "matrix-conduit")).toBeUndefined();
        expect(at(config, "services", "matrix-synapse")).toBeUndefined();
        expect(at(config, "services", "postgresql")).toBeUndefined();
        const locations = at(config, "services", "nginx", "virtualHosts", `${hs}.example.net`, "locations") as Record<string, any>;
        expect(locations["/_matrix"].proxyPass).toBe("http://[::1]:6167");
    });

    it("makes the first user admin without depending on a default", () => {
        const granted = at(config, "services", service, "settings", "global", "grant_admin_to_first_user");
        // continuwuity always does; Tuwunel only with grant_admin_to_first_user.
        expect(granted).toBe(unit === "tuwunel" ? true : undefined);
    });
});
