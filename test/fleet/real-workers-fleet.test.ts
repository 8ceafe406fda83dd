// needs: shared, root
/**
 * Synapse workers across two fleet hosts through the library's own steps: `home` runs the main
 * process, Debian's Redis (with its password) and PostgreSQL 15; `workers` runs a sync worker,
 * an event persister and the federation sender from the sid root, as the rendered NixOS
 * modules describe them (real-services.sh, worker-units.py). Redis, PostgreSQL, Synapse and
 * its replication protocol are real; only the txredisapi client library stands in. The hosts
 * talk over the rendered WireGuard mesh (the library's key step, then wireguard-go as the
 * stand-in activation brings it up before the services that bind its address).
 * Prints message-to-/sync latencies (not asserted).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { meshKeyCommands, meshPublicKey } from "../../sdk/deploy/mesh-key-step";
import type { MeshPeerFacts } from "../../sdk/nixos/params-mesh";
import { planStack } from "../../sdk/plan/plan-stack";
import { parseStackSpec, type StackSpecInput } from "../../sdk/spec/stack";
import { allInOne } from "../fixtures/stacks";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { readHostFile } from "./harness/host-state";
import { matrixRequest, registerUser } from "./real/matrix-client";
import { useRealServices } from "./real/services";
import { fleetSpecInput, stackDeploys, type DeployedStack } from "./stack";

const run = promisify(execFile);
const RUNS = 5;
/** A server name nothing resolves: what the federation sender tries is in its log. */
const REMOTE = "remote.invalid";

function spec(): StackSpecInput {
    const input = allInOne();
    const home = input.hosts![0]!;
    return fleetSpecInput({
        ...input,
        mesh: true,
        name: "workers",
        hosts: [{ ...home, name: "home" }, { ...home, name: "workers" }],
        homeservers: input.homeservers!.map(({ turn: _turn, ...hs }) => ({
            ...hs,
            host: "home",
            workers: [
                { type: "sync", host: "workers" },
                { type: "event-persister", host: "workers" },
                { type: "federation-sender", host: "workers" },
            ],
        })),
        turnServers: [],
        elements: [],
        bridges: [],
    });
}

/** Whether a TCP connection from host `from` to `address:port` is accepted. */
async function answers(fleet: Fleet, from: string, address: string, port: number): Promise<boolean> {
    try {
        await run("ip", ["netns", "exec", fleet.host(from).ns, "timeout", "3", "bash", "-c", `exec 3<>/dev/tcp/${address}/${port}`]);
        return true;
    } catch {
        return false;
    }
}

let fleet: Fleet;
let stack: DeployedStack;
let deployRun: FleetRun;

function unitLog(host: string, unit: string): string {
    try {
        return readHostFile(fleet.host(host), `/run/nixos-matrix-real/${unit}/log`);
    } catch {
        return "";
    }
}

beforeAll(async () => {
    const first = planStack(parseStackSpec(spec()));
    fleet = Fleet.start(first.hosts.map((h) => h.name));
    useRealServices(fleet, ["home", "workers"]);
    const meshPeers: Record<string, MeshPeerFacts> = {};
    for (const host of first.hosts) {
        const result = await fleet.ssh(host.name, meshKeyCommands(host.name, host.mesh!).create);
        if (result.code !== 0) throw new Error(`${host.name}'s mesh key step: ${result.stderr}`);
        meshPeers[host.name] = { publicKey: meshPublicKey(host.name, result.stdout), publicAddress: fleet.host(host.name).address };
    }
    stack = stackDeploys(fleet, spec(), { healthTimeoutSeconds: 120, meshPeers });
    deployRun = await deployFleet(fleet, stack.deploys, stack.plan.order);
}, 1_200_000);

stopFleetAfterAll(() => fleet);

describe("Synapse workers on a worker host, through the deploy steps", () => {
    const workers = () => stack.plan.workers[0]!;
    const logs = () => [...workers().instances.map((w) => unitLog("workers", w.unit)), unitLog("home", "matrix-synapse.service")].join("\n").slice(-6000);

    it("deploys both hosts, every worker started (the switch checked each unit and listener)", async () => {
        expect([...deployRun.errors.values()].map((e) => e.message), logs()).toEqual([]);
        expect(workers().instances.map((w) => [w.host, w.type])).toEqual([
            ["workers", "sync"],
            ["workers", "event-persister"],
            ["workers", "federation-sender"],
        ]);
        for (const w of workers().instances) {
            const answer = await matrixRequest(fleet, "workers", "GET", "/_matrix/client/versions", { base: `http://127.0.0.1:${w.port}` });
            expect(answer.status, w.name).toBe(200);
            expect(unitLog("workers", w.unit), w.name).toMatch(/Successfully subscribed to redis stream/);
        }
        expect(unitLog("home", "matrix-synapse.service")).toMatch(/Successfully subscribed to redis stream/);
    });

    it("a message sent on the main process reaches the sync worker's /sync on the other host; the event persister wrote it", async () => {
        const hs = stack.plan.hosts.find((h) => h.name === "home")!.services.homeservers[0]!;
        const user = await registerUser(fleet, "home", stack.values[`homeserver/${hs.name}/registration-shared-secret`]!, { username: "alice", password: "alice-password" });
        const room = await matrixRequest(fleet, "home", "POST", "/_matrix/client/v3/createRoom", { token: user.accessToken, body: {} });
        expect(room.status, JSON.stringify(room.body)).toBe(200);
        const roomId = String(room.body.room_id);
        const sync = workers().instances.find((w) => w.type === "sync")!;
        const base = `http://127.0.0.1:${sync.port}`;
        let since = String((await matrixRequest(fleet, "workers", "GET", "/_matrix/client/v3/sync", { token: user.accessToken, base })).body.next_batch);
        const latencies: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            const started = Date.now();
            const sent = await matrixRequest(fleet, "home", "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${i}`, {
                token: user.accessToken,
                body: { msgtype: "m.text", body: `hello ${i}` },
            });
            expect(sent.status, JSON.stringify(sent.body)).toBe(200);
            let seen = false;
            for (let attempt = 0; attempt < 20 && !seen; attempt++) {
                const answer = await matrixRequest(fleet, "workers", "GET", `/_matrix/client/v3/sync?timeout=5000&since=${since}`, { token: user.accessToken, base });
                expect(answer.status, JSON.stringify(answer.body)).toBe(200);
                since = String(answer.body.next_batch);
                seen = JSON.stringify(answer.body).includes(String(sent.body.event_id));
            }
            expect(seen, `event ${String(sent.body.event_id)} on the sync worker\n${logs()}`).toBe(true);
            latencies.push(Date.now() - started);
        }
        const sorted = [...latencies].sort((a, b) => a - b);
        console.log(`message on main -> sync worker's /sync on the other host, ${RUNS} runs (ms): ${latencies.join(" ")}; median ${sorted[Math.floor(RUNS / 2)]}`);
        const persister = workers().instances.find((w) => w.type === "event-persister")!;
        expect(unitLog("workers", persister.unit)).toMatch(/replication\/send_event/);
    });

    it("the federation sender is the only instance sending: a to-device message for a remote user leaves only through it", async () => {
        const sender = workers().instances.find((w) => w.type === "federation-sender")!;
        const homeserverYaml = JSON.parse(readHostFile(fleet.host("workers"), `/run/nixos-matrix-real/${sender.unit}/config/homeserver.yaml`));
        expect(homeserverYaml.federation_sender_instances).toEqual([sender.name]);
        const user = await registerUser(fleet, "home", stack.values["homeserver/hs/registration-shared-secret"]!, { username: "carol", password: "carol-password" });
        const sent = await matrixRequest(fleet, "home", "PUT", "/_matrix/client/v3/sendToDevice/m.test/t1", {
            token: user.accessToken,
            body: { messages: { [`@dave:${REMOTE}`]: { "*": { hello: "remote" } } } },
        });
        expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        const tried = new RegExp(`TX \\[${REMOTE.replace(/\./g, "\\.")}\\] .*Sending transaction`);
        for (let i = 0; i < 100 && !tried.test(unitLog("workers", sender.unit)); i++) await new Promise((r) => setTimeout(r, 300));
        expect(unitLog("workers", sender.unit), "the federation sender's log").toMatch(tried);
        for (const w of workers().instances.filter((i) => i !== sender)) expect(unitLog("workers", w.unit), w.name).not.toMatch(tried);
        expect(unitLog("home", "matrix-synapse.service"), "the main process").not.toMatch(tried);
    });

    it("no worker-facing port answers on a public address; each answers on its mesh one", async () => {
        const w = workers();
        const home = stack.plan.hosts.find((h) => h.name === "home")!;
        const workerHost = stack.plan.hosts.find((h) => h.name === "workers")!;
        const ports: [string, string, number][] = [
            ["home", home.privateAddress, w.redis.port],
            ["home", home.privateAddress, 5432],
            ["home", home.privateAddress, w.replication.port],
            ...w.instances.map((i): [string, string, number] => ["workers", workerHost.privateAddress, i.port]),
        ];
        for (const [host, address] of [["home", home.privateAddress], ["workers", workerHost.privateAddress]]) {
            const { stdout } = await run("ip", ["-n", fleet.host(host!).ns, "-o", "address", "show", "to", address!]);
            expect(stdout, `${host}'s mesh address`).toMatch(/^\d+: wg-matrix /);
        }
        for (const [host, privateAddress, port] of ports) {
            const other = host === "home" ? "workers" : "home";
            expect(await answers(fleet, other, privateAddress, port), `${host}:${port} on ${privateAddress}`).toBe(true);
            expect(await answers(fleet, other, fleet.host(host).address, port), `${host}:${port} on its public address`).toBe(false);
        }
    });
});
