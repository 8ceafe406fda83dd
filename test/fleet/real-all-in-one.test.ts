// needs: shared, root
/**
 * examples/all-in-one deployed onto one fleet host running the real services: Synapse from
 * the sid root, Debian's PostgreSQL and coturn, all from the configuration the bundle's NixOS
 * modules describe, through the library's own remote steps over SSH.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExample } from "../mocks/harness";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stackDeploys, type DeployedStack } from "./stack";
import { matrixRequest } from "./real/matrix-client";
import { unitConfigPath, unitLog, useRealServices } from "./real/services";
import { startStandinBridge, type StandinBridge } from "./real/bridges";

let fleet: Fleet;
let stack: DeployedStack;
const bridges = new Map<string, StandinBridge>();

beforeAll(async () => {
    const example = await runExample("all-in-one");
    fleet = Fleet.start(example.stack.plan.hosts.map((h) => h.name));
    useRealServices(fleet, ["matrix"]);
    stack = stackDeploys(fleet, example.stack.spec, { healthTimeoutSeconds: 60 });
    for (const reg of stack.plan.registrations) bridges.set(reg.id, await startStandinBridge(fleet, reg, stack.values[reg.hsTokenSecret]!));
});

afterAll(() => {
    fleet?.stopSync();
    expect(fleet?.leftovers() ?? []).toEqual([]);
});

describe("fleet with real services: examples/all-in-one", () => {
    it("first deploy ends with real Synapse serving the deployed configuration", async () => {
        const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
        expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "matrix", "matrix-synapse.service").slice(-3000)).toEqual([]);
        const versions = await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/versions");
        expect(versions.status).toBe(200);
        const config = JSON.parse(readFileSync(unitConfigPath(fleet, "matrix", "matrix-synapse.service", "homeserver.yaml"), "utf8"));
        expect(config.server_name).toBe("example.org");
        for (const [h, steps] of run.runs) for (const st of steps) console.log(h, st.step, st.result.seconds, st.result.stdout.slice(-300), st.result.stderr.slice(-300));
    }, 300_000);

    it("loads every registration: whoami with each as_token is the bridge bot", async () => {
        for (const reg of stack.plan.registrations) {
            const whoami = await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/v3/account/whoami", { token: stack.values[reg.asTokenSecret] });
            expect(whoami.body.user_id, reg.id).toBe(`@${reg.senderLocalpart}:example.org`);
        }
    });

    it("pings every bridge: Synapse reaches the registration's url with its hs_token", async () => {
        for (const reg of stack.plan.registrations) {
            const ping = await matrixRequest(fleet, "matrix", "POST", `/_matrix/client/v1/appservice/${reg.id}/ping`, {
                token: stack.values[reg.asTokenSecret],
                body: { transaction_id: `t-${reg.id}` },
            });
            expect(ping.status, `${reg.id}: ${JSON.stringify(ping.body)}`).toBe(200);
            const seen = bridges.get(reg.id)!.requests().filter((r) => r.path.startsWith("/_matrix/app/v1/ping"));
            expect(seen.map((r) => r.token)).toEqual([stack.values[reg.hsTokenSecret]]);
        }
    });
});
