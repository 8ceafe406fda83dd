// needs: shared, root
/**
 * Synapse's own signing key survives the first move of workers to another host, on real
 * Synapse (sid root), Redis and PostgreSQL through the library's own steps: `home` first runs
 * Synapse alone, which makes its own key (`ed25519:a_XXXX`); then a sync worker moves to the
 * `workers` host over the mesh, every process switches to the shared key `ed25519:a_workers`,
 * and Synapse's key server still publishes the first key as an old one. A second deploy
 * changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { meshKeyCommands, meshPublicKey } from "../../sdk/deploy/mesh-key-step";
import type { MeshPeerFacts } from "../../sdk/nixos/params-mesh";
import { synapseOldSigningKeysDir } from "../../sdk/plan/paths";
import { planStack } from "../../sdk/plan/plan-stack";
import { parseStackSpec, type StackSpecInput } from "../../sdk/spec/stack";
import { allInOne } from "../fixtures/stacks";
import { deployFleet, switchOutput, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { mtimeNs, readHostFile } from "./harness/host-state";
import { matrixRequest } from "./real/matrix-client";
import { unitLog, useRealServices } from "./real/services";
import { stackDeploys } from "./stack";

const OLD_KEYS_FILE = `${synapseOldSigningKeysDir("hs")}/old-signing-keys.yaml`;

/** `home` alone, or with a sync worker on `workers` (and the mesh between them). */
function spec(workersAcross: boolean): StackSpecInput {
    const input = allInOne();
    const home = { ...input.hosts![0]!, name: "home" };
    return {
        ...input,
        name: "signing",
        mesh: workersAcross,
        hosts: workersAcross ? [home, { ...home, name: "workers" }] : [home],
        homeservers: input.homeservers!.map(({ turn: _turn, ...hs }) => ({
            ...hs,
            host: "home",
            ...(workersAcross ? { workers: [{ type: "sync" as const, host: "workers" }] } : {}),
        })),
        turnServers: [],
        elements: [],
        bridges: [],
    };
}

interface KeyServer {
    readonly verify_keys: Record<string, { key: string }>;
    readonly old_verify_keys: Record<string, { key: string; expired_ts: number }>;
}

async function keyServer(): Promise<KeyServer> {
    const answer = await matrixRequest(fleet, "home", "GET", "/_matrix/key/v2/server");
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as unknown as KeyServer;
}

let fleet: Fleet;
let meshPeers: Record<string, MeshPeerFacts>;

function deployAcross(): Promise<FleetRun> {
    const stack = stackDeploys(fleet, spec(true), { healthTimeoutSeconds: 120, meshPeers });
    return deployFleet(fleet, stack.deploys, stack.plan.order);
}

function errorsOf(run: FleetRun): string[] {
    return [...run.errors.values()].map((e) => `${e.message}\n${unitLog(fleet, "home", "matrix-synapse.service").slice(-3000)}`);
}

beforeAll(async () => {
    fleet = Fleet.start(["home", "workers"]);
    useRealServices(fleet, ["home", "workers"]);
    meshPeers = {};
    for (const host of planStack(parseStackSpec(spec(true))).hosts) {
        const result = await fleet.ssh(host.name, meshKeyCommands(host.name, host.mesh!).create);
        if (result.code !== 0) throw new Error(`${host.name}'s mesh key step: ${result.stderr}`);
        meshPeers[host.name] = { publicKey: meshPublicKey(host.name, result.stdout), publicAddress: fleet.host(host.name).address };
    }
}, 300_000);

stopFleetAfterAll(() => fleet);

describe("the first move of workers to another host", () => {
    let own: { id: string; key: string };

    it("starts with Synapse alone, signing with the key it made itself", async () => {
        const alone = stackDeploys(fleet, spec(false), { healthTimeoutSeconds: 120 });
        const run = await deployFleet(fleet, alone.deploys, alone.plan.order);
        expect(errorsOf(run)).toEqual([]);
        const keys = await keyServer();
        const ids = Object.keys(keys.verify_keys);
        expect(ids).toHaveLength(1);
        expect(ids[0]).toMatch(/^ed25519:a_\w{4}$/);
        expect(ids[0]).not.toBe("ed25519:a_workers");
        expect(keys.old_verify_keys).toEqual({});
        own = { id: ids[0]!, key: keys.verify_keys[ids[0]!]!.key };
    }, 600_000);

    it("signs with the shared key afterwards, and still publishes Synapse's own key as an old one", async () => {
        const before = Date.now();
        const run = await deployAcross();
        expect(errorsOf(run)).toEqual([]);
        expect(run.runs.get("home")!.map((r) => r.step)).toEqual(["wait", "secrets", "old-signing-keys", "upload", "pin", "switch"]);
        const keys = await keyServer();
        expect(Object.keys(keys.verify_keys)).toEqual(["ed25519:a_workers"]);
        expect(Object.keys(keys.old_verify_keys)).toEqual([own.id]);
        expect(keys.old_verify_keys[own.id]!.key).toBe(own.key);
        expect(keys.old_verify_keys[own.id]!.expired_ts).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        expect(keys.old_verify_keys[own.id]!.expired_ts).toBeLessThanOrEqual(Date.now());
    }, 900_000);

    it("changes nothing on a second deploy: no switch, the record kept as it was", async () => {
        const record = readHostFile(fleet.host("home"), OLD_KEYS_FILE);
        const mtime = mtimeNs(fleet.host("home"), OLD_KEYS_FILE);
        const keysBefore = await keyServer();
        const run = await deployAcross();
        expect(errorsOf(run)).toEqual([]);
        for (const host of ["home", "workers"]) expect(switchOutput(run, host), host).toMatch(/unchanged/);
        expect(run.runs.get("home")!.find((r) => r.step === "old-signing-keys")!.result.stdout).toMatch(/kept /);
        expect(readHostFile(fleet.host("home"), OLD_KEYS_FILE)).toBe(record);
        expect(mtimeNs(fleet.host("home"), OLD_KEYS_FILE)).toBe(mtime);
        const keys = await keyServer();
        expect(keys.verify_keys).toEqual(keysBefore.verify_keys);
        expect(keys.old_verify_keys).toEqual(keysBefore.old_verify_keys);
    }, 600_000);
});
