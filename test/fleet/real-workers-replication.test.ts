// needs: root
/**
 * Real Synapse workers replicating: the main process and the planned workers (a sync worker
 * and an event persister) from the sid root, Debian's Redis with a password and Debian's
 * PostgreSQL 15, with the shared settings, worker listeners and secret config the plan gives
 * them. A message sent on the main process is persisted by the event persister and reaches
 * the sync worker's /sync. Redis, Synapse and its replication protocol are real; only the
 * txredisapi client library stands in (test/fleet/real/txredisapi).
 * On one host and without the deploy steps; real-workers-fleet.test.ts runs workers across
 * two hosts through them.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planStack } from "../../sdk/plan";
import { synapseSecretConfigPath } from "../../sdk/plan/paths";
import { renderSecretFile } from "../../sdk/plan/render-secret-file";
import { workerSecretNames } from "../../sdk/plan/worker-secrets";
import { parseStackSpec } from "../../sdk/spec";
import { allInOne } from "../fixtures/stacks";
import { sidRoot } from "./real/sid-root";

const REAL = path.join(__dirname, "real");
const DB_PASSWORD = "db0password0for0tests";

function plan() {
    const input = allInOne() as Record<string, any>;
    input.homeservers[0].workers = [{ type: "sync" }, { type: "event-persister" }];
    return planStack(parseStackSpec(input));
}

describe("Synapse workers replicating through Redis", () => {
    const stack = plan();
    const workers = stack.workers[0];
    const host = stack.hosts.find((h) => h.name === workers.mainHost)!;
    let dir: string;
    let result: { workers: Record<string, string>; sentEventId: string; seenBySync: Record<string, boolean> };
    const logs: Record<string, string> = {};

    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), "replication-"));
        cpSync(path.join(REAL, "txredisapi"), path.join(dir, "txredisapi"), { recursive: true });
        cpSync(path.join(REAL, "replication-client.py"), path.join(dir, "replication-client.py"));
        const secretFile = host.secretFiles.find((f) => f.path === synapseSecretConfigPath(workers.homeserver))!;
        const values = Object.fromEntries(secretFile.secrets.map((name, i) => [name, `secret${i}x${name.replace(/[^a-z]/g, "")}`]));
        const secrets = parse(renderSecretFile(secretFile, values)) as Record<string, any>;
        const hs = host.services.homeservers[0];
        const main = {
            ...workers.shared,
            server_name: hs.serverName,
            report_stats: false,
            media_store_path: "/mnt/media",
            signing_key_path: "/mnt/signing.key",
            trusted_key_servers: [],
            listeners: [
                { port: 8008, bind_addresses: ["127.0.0.1"], type: "http", tls: false, x_forwarded: true, resources: [{ names: ["client", "federation"] }] },
                { port: workers.replication.port, bind_addresses: workers.replication.bindAddresses, type: "http", resources: [{ names: ["replication"] }] },
            ],
            database: { name: "psycopg2", args: { host: "127.0.0.1", user: "matrix-synapse", database: "matrix-synapse", password: DB_PASSWORD } },
        };
        writeFileSync(path.join(dir, "main.json"), JSON.stringify(main));
        writeFileSync(path.join(dir, "secrets.json"), JSON.stringify(secrets));
        for (const w of workers.instances) {
            const listener = { type: "http", port: w.port, bind_addresses: w.bindAddresses, resources: [{ names: w.resources }] };
            writeFileSync(path.join(dir, `worker-${w.name}.json`), JSON.stringify({ worker_app: w.app, worker_name: w.name, worker_listeners: [listener] }));
        }
        const args = {
            sidRoot: sidRoot(),
            workDir: dir,
            redisPassword: values[workerSecretNames.redisPassword(workers.homeserver)],
            dbPassword: DB_PASSWORD,
            workers: workers.instances.map((w) => ({ name: w.name, port: w.port, type: w.type })),
        };
        const out = execFileSync("unshare", ["-m", "-n", "--propagation", "private", "bash", path.join(REAL, "replication-check.sh"), JSON.stringify(args)], {
            encoding: "utf8",
            timeout: 5 * 60_000,
        });
        result = JSON.parse(out.trim().split("\n").pop()!);
        for (const name of ["main", ...workers.instances.map((w) => `worker-${w.name}`)]) {
            logs[name] = readFileSync(path.join(dir, `${name}.log`), "utf8");
        }
    }, 15 * 60_000);

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("starts every worker", () => {
        expect(result.workers).toEqual(Object.fromEntries(workers.instances.map((w) => [w.name, "OK"])));
    });

    it("a message sent on the main process reaches the sync worker's /sync", () => {
        expect(result.seenBySync).toEqual({ "sync-1": true });
    });

    it("every process replicates through Redis", () => {
        for (const [name, log] of Object.entries(logs)) expect(log, name).toMatch(/Successfully subscribed to redis stream/);
    });

    it("the event persister persisted the message, handed over by the main process", () => {
        expect(result.sentEventId).toMatch(/^\$/);
        expect(logs["worker-event-persister-1"]).toMatch(/replication\/send_event/);
    });
});
