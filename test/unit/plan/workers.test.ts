import { describe, expect, it } from "vitest";
import { renderSecretFile } from "../../../sdk/plan/render-secret-file";
import { signingKeyPath, workerSecretNames } from "../../../sdk/plan/worker-secrets";
import { WORKER_ROUTES } from "../../../sdk/plan/worker-routes";
import type { HomeserverWorkers } from "../../../sdk/plan/workers";
import { synapseSecretConfigPath } from "../../../sdk/plan/paths";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { baseStack } from "../spec/base-stack";
import { DOCUMENTED_ENDPOINTS, UNLISTED } from "./data/synapse-worker-endpoints";
import { fakeSecretValues, fileAt, hostOf, planOf } from "./helpers";

function withWorkers(workers: unknown): StackSpecInput {
    const stack = baseStack() as any;
    stack.homeservers[0].workers = workers;
    return stack;
}

const CROSS_HOST = withWorkers([
    { type: "sync", count: 2, host: "edge" },
    { type: "event-persister" },
    { type: "federation-sender" },
    { type: "media-repository" },
]);

/** The upstream nginx picks for `path` (first matching regex location), or "main". */
function routeOf(workers: HomeserverWorkers, path: string): string {
    const hit = workers.locations.find((l) => new RegExp(l.pattern).test(path));
    return hit === undefined ? "main" : hit.upstream;
}

describe("routing table", () => {
    const workers = planOf(withWorkers("large-rooms")).workers[0];
    const roleOf = (upstream: string) => {
        const route = WORKER_ROUTES.find((r) => `synapse_hs_${r.role}_${r.balance}`.replace(/-/g, "_") === upstream);
        return route?.role ?? upstream;
    };

    it.each(DOCUMENTED_ENDPOINTS.map(([path, role]) => [path, role] as const))("%s goes to %s", (path, role) => {
        expect(roleOf(routeOf(workers, path))).toBe(role);
    });

    it.each(UNLISTED.map((p) => [p]))("%s stays on the main process", (path) => {
        expect(routeOf(workers, path)).toBe("main");
    });

    it("is sticky per user for sync, per remote server for inbound transactions, per room for pagination", () => {
        const balanceOf = (path: string) => workers.upstreams.find((u) => u.name === routeOf(workers, path))?.balance;
        expect(balanceOf("/_matrix/client/v3/sync")).toBe("user");
        expect(balanceOf("/_matrix/federation/v1/send/1")).toBe("source");
        expect(balanceOf("/_matrix/client/v3/rooms/!r:x/messages")).toBe("uri");
        expect(balanceOf("/_matrix/client/v3/createRoom")).toBe("round-robin");
    });

    it("balances over every instance of a role", () => {
        const sync = workers.upstreams.find((u) => u.name === "synapse_hs_sync_user");
        expect(sync?.servers).toEqual(["127.0.0.1:8101", "127.0.0.1:8102"]);
    });

    it("leaves out routes of roles without instances", () => {
        const small = planOf(withWorkers([{ type: "sync" }])).workers[0];
        expect(new Set(small.locations.map((l) => l.upstream))).toEqual(new Set(["synapse_hs_sync_user"]));
        expect(routeOf(small, "/_matrix/client/v3/createRoom")).toBe("main");
    });
});

describe("worker instances and shared settings", () => {
    const plan = planOf(CROSS_HOST);
    const workers = plan.workers[0];

    it("numbers instances per type and gives each a port of the range", () => {
        expect(workers.instances.map((w) => [w.name, w.host, w.port, w.app])).toEqual([
            ["sync-1", "edge", 8101, "synapse.app.generic_worker"],
            ["sync-2", "edge", 8102, "synapse.app.generic_worker"],
            ["event-persister-1", "main", 8103, "synapse.app.generic_worker"],
            ["federation-sender-1", "main", 8104, "synapse.app.generic_worker"],
            ["media-repository-1", "main", 8105, "synapse.app.media_repository"],
        ]);
    });

    it("maps every instance and main at the hosts' private addresses", () => {
        const main = hostOf(plan, "main").privateAddress;
        const edge = hostOf(plan, "edge").privateAddress;
        expect(workers.shared).toEqual({
            instance_map: {
                main: { host: main, port: 9093 },
                "sync-1": { host: edge, port: 8101 },
                "sync-2": { host: edge, port: 8102 },
                "event-persister-1": { host: main, port: 8103 },
                "federation-sender-1": { host: main, port: 8104 },
                "media-repository-1": { host: main, port: 8105 },
            },
            stream_writers: { events: "event-persister-1" },
            send_federation: false,
            federation_sender_instances: ["federation-sender-1"],
            enable_media_repo: false,
            media_instance_running_background_jobs: "media-repository-1",
        });
        expect(workers.replication.bindAddresses).toEqual(["127.0.0.1", main]);
        expect(workers.database).toEqual({ address: main, port: 5432, clients: [edge] });
    });

    it("names every single-instance role in the large-rooms preset", () => {
        const shared = planOf(withWorkers("large-rooms")).workers[0].shared;
        expect(shared).toMatchObject({
            pusher_instances: ["pusher-1"],
            notify_appservices_from_worker: "appservice-sender-1",
            run_background_tasks_on: "background-tasks-1",
        });
        expect(Object.keys(shared.stream_writers as object).sort()).toEqual(
            ["account_data", "events", "presence", "push_rules", "receipts", "to_device", "typing"],
        );
    });

    it("keeps one host's workers on loopback, with no database access from elsewhere", () => {
        const one = planOf(withWorkers("small"));
        expect(one.workers[0].crossHost).toBe(false);
        expect(one.workers[0].database).toBeNull();
        // 8008 is private only for the bridge on host edge, which reaches Synapse over the mesh.
        expect(hostOf(one, "main").ports.filter((p) => p.service.startsWith("homeserver/")).map((p) => [p.from, p.exposure])).toEqual([
            [80, "public"], [443, "public"], [5432, "loopback"], [6379, "loopback"], [8008, "private"],
            [8101, "loopback"], [8102, "loopback"], [8103, "loopback"], [8104, "loopback"], [9093, "loopback"],
        ]);
    });
});

describe("worker ports, secrets and order across hosts", () => {
    const plan = planOf(CROSS_HOST);

    it("opens worker-facing ports on the private network only", () => {
        for (const host of plan.hosts) {
            const workerFacing = host.ports.filter((p) => [5432, 6379, 9093].includes(p.from) || (p.from >= 8101 && p.from <= 8164));
            for (const port of workerFacing) expect(port.exposure, `${host.name} ${port.from}`).toBe("private");
        }
        expect(hostOf(plan, "main").ports.map((p) => p.from)).toEqual(expect.arrayContaining([5432, 6379, 9093, 8103, 8104, 8105]));
        expect(hostOf(plan, "edge").ports.map((p) => p.from)).toEqual(expect.arrayContaining([8101, 8102]));
        expect(hostOf(plan, "edge").ports.map((p) => p.from)).not.toContain(5432);
    });

    it("generates the replication secret, Redis and database passwords and the signing key", () => {
        const names = plan.secrets.map((s) => s.name);
        for (const name of [
            workerSecretNames.replicationSecret("hs"),
            workerSecretNames.redisPassword("hs"),
            workerSecretNames.databasePassword("hs"),
            workerSecretNames.signingKeySeed("hs"),
        ]) {
            expect(names).toContain(name);
            expect(plan.secrets.find((s) => s.name === name)?.source.kind).toBe("random");
        }
    });

    it("gives the worker host its database, Redis and replication settings, never a value in the plan", () => {
        const edge = hostOf(plan, "edge");
        const config = fileAt(edge, synapseSecretConfigPath("hs"));
        expect(config.secrets).toEqual(expect.arrayContaining([workerSecretNames.databasePassword("hs"), workerSecretNames.replicationSecret("hs")]));
        const values = fakeSecretValues(plan);
        const text = renderSecretFile(config, values);
        expect(text).toContain(`host: ${hostOf(plan, "main").privateAddress}`);
        expect(text).toContain("user: matrix-synapse");
        expect(JSON.stringify(plan)).not.toContain(values[workerSecretNames.redisPassword("hs")]);
    });

    it("writes the signing key in Synapse's format on both hosts", () => {
        for (const host of ["main", "edge"]) {
            const file = fileAt(hostOf(plan, host), signingKeyPath("hs"));
            expect(renderSecretFile(file, { [workerSecretNames.signingKeySeed("hs")]: "SEED" })).toBe("ed25519 a_workers SEED");
        }
    });

    it("switches the worker host after the homeserver's host, checked on its own listeners", () => {
        const levels = plan.rollout.map((level) => [...level]);
        expect(levels.findIndex((l) => l.includes("main"))).toBeLessThan(levels.findIndex((l) => l.includes("edge")));
        const edge = hostOf(plan, "edge").healthChecks;
        expect(edge.units).toEqual(expect.arrayContaining(["matrix-synapse-worker-sync-1.service", "matrix-synapse-worker-sync-2.service"]));
        expect(edge.units).not.toContain("matrix-synapse.service");
        expect(edge.http.map((c) => c.url)).toEqual(expect.arrayContaining(["http://127.0.0.1:8101/_matrix/client/versions"]));
    });
});
