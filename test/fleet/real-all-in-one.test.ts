// needs: shared, root
/**
 * examples/all-in-one deployed onto one fleet host running the real services: Synapse from
 * the sid root, Debian's PostgreSQL and coturn, all from the configuration the bundle's NixOS
 * modules describe, through the library's own remote steps over SSH. The stack also carries
 * mautrix-signal, mautrix-meta (both networks), mautrix-discord and matrix-hookshot.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runExample } from "../mocks/harness";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { stackDeploys, type DeployedStack } from "./stack";
import { matrixRequest, registerUser } from "./real/matrix-client";
import { unitConfigPath, unitLog, useRealServices } from "./real/services";
import { startStandinBridge, withNewerBridges, type StandinBridge } from "./real/bridges";
import { allocateRelay, turnEndpoint } from "./real/turn";

let fleet: Fleet;
let stack: DeployedStack;
const bridges = new Map<string, StandinBridge>();

// The first run on a machine builds the sid root (about a minute; more on a slow mirror).
beforeAll(async () => {
    const example = await runExample("all-in-one");
    fleet = Fleet.start(example.stack.plan.hosts.map((h) => h.name));
    useRealServices(fleet, ["matrix"]);
    // The example, plus one bridge of each newer type, all beside Synapse.
    stack = stackDeploys(fleet, withNewerBridges(example.stack.spec, "matrix", "hs"), { healthTimeoutSeconds: 60 });
    for (const reg of stack.plan.registrations) bridges.set(reg.id, await startStandinBridge(fleet, reg, stack.values[reg.hsTokenSecret]!));
}, 900_000);

stopFleetAfterAll(() => fleet);

describe("fleet with real services: examples/all-in-one", () => {
    it("first deploy ends with real Synapse serving the deployed configuration", async () => {
        const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
        expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "matrix", "matrix-synapse.service").slice(-3000)).toEqual([]);
        const versions = await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/versions");
        expect(versions.status).toBe(200);
        const config = JSON.parse(readFileSync(unitConfigPath(fleet, "matrix", "matrix-synapse.service", "homeserver.yaml"), "utf8"));
        expect(config.server_name).toBe("example.org");
    }, 300_000);

    it("loads every registration: whoami with each as_token is the bridge bot", async () => {
        expect(stack.plan.registrations.map((r) => r.bridgeType).sort()).toEqual([
            "matrix-appservice-discord",
            "matrix-appservice-irc",
            "matrix-hookshot",
            "mautrix-discord",
            "mautrix-meta",
            "mautrix-meta",
            "mautrix-signal",
            "mautrix-telegram",
            "mautrix-whatsapp",
        ]);
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

    it("TURN credentials Synapse hands out allocate a relay on the real coturn, which refuses denied peers", async () => {
        const user = await registerUser(fleet, "matrix", stack.values["homeserver/hs/registration-shared-secret"]!, {
            username: "alice",
            password: "alice-password",
        });
        const turn = await matrixRequest(fleet, "matrix", "GET", "/_matrix/client/v3/voip/turnServer", { token: user.accessToken });
        expect(turn.status, JSON.stringify(turn.body)).toBe(200);
        const uris = turn.body.uris as string[];
        expect(uris.map((u) => turnEndpoint(u).host)).toContain("turn.example.org");
        const server = { address: "127.0.0.1", port: turnEndpoint(uris[0]!).port };
        const credentials = { username: String(turn.body.username), password: String(turn.body.password) };
        const attempt = await allocateRelay(fleet, "matrix", server, credentials);
        expect(attempt.relay, attempt.output).toMatch(/^[\d.:a-f[\]]+:\d+$/);
        const relayPort = Number(attempt.relay!.split(":").at(-1));
        const range = stack.plan.hosts.find((h) => h.name === "matrix")!.ports.find((p) => /relay/i.test(p.why))!;
        expect(relayPort).toBeGreaterThanOrEqual(range.from);
        expect(relayPort).toBeLessThanOrEqual(range.to);
        // 127.0.0.1 is among the TURN server's denied peer ranges.
        expect(attempt.peerForbidden, attempt.output).toBe(true);
        const wrong = await allocateRelay(fleet, "matrix", server, { ...credentials, password: "not-the-password" });
        expect(wrong.relay, wrong.output).toBeUndefined();
    });
});
