// needs: shared
/**
 * Synapse workers in the evaluated bundles of the `workers` fixture: a homeserver host with
 * Redis, PostgreSQL and nginx routes, and a worker host running worker units only.
 */
import { describe, expect, it } from "vitest";
import { homeserverRegistrationPath, synapseOldSigningKeysDir, synapseSecretConfigPath } from "../../sdk/plan/paths";
import { redisPasswordPath, signingKeyPath } from "../../sdk/plan/worker-secrets";
import { at, evaluatedHost } from "./helpers/evaluated-fixtures";

type Tree = Record<string, any>;

const home = evaluatedHost("workers/home");
const worker = evaluatedHost("workers/workers");
const homeAddress = home.rendered.host.privateAddress;
const workerAddress = worker.rendered.host.privateAddress;

describe("the worker host", () => {
    const config = worker.evaluated.config as Tree;
    const synapse = at(config, "services", "matrix-synapse") as Tree;

    it("runs worker units only: no main process, no database", () => {
        expect(Object.keys(synapse.workers).sort()).toEqual(["client-reader-1", "client-reader-2", "event-persister-1", "federation-sender-1", "sync-1", "sync-2"]);
        expect(at(config, "systemd", "services", "matrix-synapse", "enable")).toBe(false);
        for (const name of Object.keys(synapse.workers)) {
            expect(at(config, "systemd", "services", `matrix-synapse-worker-${name}`, "requires")).toEqual([]);
        }
        expect(at(config, "services", "postgresql", "enable")).not.toBe(true);
        expect(at(config, "services", "redis")).toBeUndefined();
    });

    it("points at the main host's PostgreSQL, Redis and replication listener over private addresses", () => {
        expect(synapse.settings.database.args.host).toBe(homeAddress);
        expect(synapse.settings.redis).toEqual({ enabled: true, host: homeAddress, port: 6379 });
        expect(synapse.settings.instance_map.main).toEqual({ host: homeAddress, port: 9093 });
        expect(synapse.extraConfigFiles).toEqual([synapseSecretConfigPath("hs")]);
        expect(synapse.settings.signing_key_path).toBe(signingKeyPath("hs"));
    });

    it("loads the homeserver's appservice registrations from its own copies, as the main process does", () => {
        const registration = homeserverRegistrationPath("whatsapp");
        expect(synapse.settings.app_service_config_files).toEqual([registration]);
        expect(at(home.evaluated.config as Tree, "services", "matrix-synapse", "settings", "app_service_config_files")).toEqual([registration]);
        const copy = worker.rendered.host.secretFiles.find((f) => f.path === registration);
        expect(copy).toMatchObject({ owner: "root", group: "matrix-synapse", mode: "0440" });
        expect(copy?.secrets).toEqual(home.rendered.host.secretFiles.find((f) => f.path === registration)?.secrets);
    });

    it("binds each worker to loopback and its private address, and opens them on the mesh interface only", () => {
        const listener = synapse.workers["sync-1"].worker_listeners[0];
        expect(listener.bind_addresses).toEqual(["127.0.0.1", workerAddress]);
        const firewall = at(config, "networking", "firewall") as Tree;
        expect(firewall.allowedTCPPorts).not.toContain(listener.port);
        expect(firewall.interfaces["wg-matrix"].allowedTCPPorts).toContain(listener.port);
        expect(workerAddress).toMatch(/^10\.81\.0\./);
    });
});

describe("the homeserver host", () => {
    const config = home.evaluated.config as Tree;
    const synapse = at(config, "services", "matrix-synapse") as Tree;

    it("signs with the shared key and reads Synapse's own earlier key as old_signing_keys from the directory the step fills", () => {
        expect(synapse.settings.signing_key_path).toBe(signingKeyPath("hs"));
        expect(synapse.extraConfigFiles).toEqual([synapseSecretConfigPath("hs"), synapseOldSigningKeysDir("hs")]);
        expect(home.rendered.host.secretFiles.map((f) => f.path)).not.toContain(synapseOldSigningKeysDir("hs"));
    });

    it("adds the replication listener on loopback and the private address", () => {
        const replication = synapse.settings.listeners.find((l: Tree) => l.port === 9093);
        expect(replication.bind_addresses).toEqual(["127.0.0.1", homeAddress]);
        expect(replication.resources[0].names).toEqual(["replication"]);
    });

    it("runs Redis with a password file, bound to loopback and the private address", () => {
        expect(at(config, "services", "redis", "servers", "synapse-hs")).toMatchObject({
            enable: true,
            port: 6379,
            bind: `127.0.0.1 ${homeAddress}`,
            requirePassFile: redisPasswordPath("hs"),
        });
    });

    it("lets exactly the worker host into PostgreSQL, by password", () => {
        const postgresql = at(config, "services", "postgresql") as Tree;
        expect(postgresql.settings.listen_addresses).toBe(`127.0.0.1,${homeAddress}`);
        expect(postgresql.authentication.trim().split("\n")).toEqual([`host matrix-synapse matrix-synapse ${workerAddress}/32 scram-sha-256`]);
        const firewall = at(config, "networking", "firewall") as Tree;
        for (const port of [5432, 6379, 9093]) {
            expect(firewall.allowedTCPPorts).not.toContain(port);
            expect(firewall.interfaces["wg-matrix"].allowedTCPPorts).toContain(port);
            expect(firewall.interfaces.enp7s0?.allowedTCPPorts ?? []).not.toContain(port);
        }
    });

    it("routes the table's patterns in order to upstreams at the workers' addresses", () => {
        const locations = at(config, "services", "nginx", "virtualHosts", "matrix.example.com", "locations") as Record<string, Tree>;
        const routed = Object.entries(locations).filter(([name]) => name.startsWith("~ ")).sort(([, a], [, b]) => a.priority - b.priority);
        expect(routed.length).toBe(home.rendered.stack.workers[0].locations.length);
        expect(routed.map(([name]) => name)).toEqual(home.rendered.stack.workers[0].locations.map((l) => `~ ${l.pattern}`));
        const upstreams = at(config, "services", "nginx", "upstreams") as Record<string, Tree>;
        expect(Object.keys(upstreams.synapse_hs_sync_user.servers)).toEqual([`${workerAddress}:8101`, `${workerAddress}:8102`]);
        expect(upstreams.synapse_hs_sync_user.extraConfig).toBe("hash $nixos_matrix_mxid_localpart consistent;");
        expect(at(config, "services", "nginx", "appendHttpConfig")).toContain("map $http_authorization $nixos_matrix_mxid_localpart");
    });
});
