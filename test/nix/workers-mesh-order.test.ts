// needs: shared
/**
 * With the mesh on, what binds the mesh address (Redis, PostgreSQL serving other hosts'
 * workers, Synapse's processes) starts after the WireGuard interface's unit: binding an
 * address that is not up yet fails the start. The `workers` fixture has two hosts, so a mesh.
 */
import { describe, expect, it } from "vitest";
import { redisUnit } from "../../sdk/plan/workers";
import { at, evaluatedHost } from "./helpers/evaluated-fixtures";

const MESH_UNIT = "wireguard-wg-matrix.service";

function units(label: string): Record<string, any> {
    return at(evaluatedHost(label).evaluated.config, "systemd", "services") as Record<string, any>;
}

function expectAfterMesh(services: Record<string, any>, unit: string): void {
    const name = unit.replace(/\.service$/, "");
    expect(services[name]?.after ?? [], unit).toContain(MESH_UNIT);
    expect(services[name]?.wants ?? [], unit).toContain(MESH_UNIT);
}

describe("units binding the mesh address start after it", () => {
    it("on the homeserver host: Redis, PostgreSQL for the worker host, the main process and its local workers", () => {
        const services = units("workers/home");
        for (const unit of [redisUnit("hs"), "postgresql.service", "matrix-synapse.service", "matrix-synapse-worker-pusher-1.service"]) {
            expectAfterMesh(services, unit);
        }
        expect(services.nginx?.after ?? []).not.toContain(MESH_UNIT);
    });

    it("on the worker host: every worker", () => {
        const services = units("workers/workers");
        const workers = Object.keys(services).filter((u) => u.startsWith("matrix-synapse-worker-"));
        expect(workers.length).toBe(6);
        for (const unit of workers) expectAfterMesh(services, unit);
    });

    it("leaves a PostgreSQL that serves only its own host free of the mesh", () => {
        expect(units("multi-host/home").postgresql?.after ?? []).not.toContain(MESH_UNIT);
    });
});
