// needs: shared, root
/**
 * Real Synapse across the WireGuard mesh: a homeserver host running real Synapse and a bridge
 * host with a stand-in bridge, deployed through the library's steps with `mesh: true`. The
 * fleet hosts' private sides have no route between them, so the registration's url (the bridge
 * host's mesh address) is reached over wg-matrix or not at all: the appservice ping passes,
 * fails while the bridge host's side of the mesh is down, and passes again once it is back;
 * the other way, the bridge reaches Synapse's client API at the homeserver host's mesh address.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationPlan } from "../../sdk/plan/types";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { multiHost } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { runMeshKeySteps } from "./harness/mesh-keys";
import { startStandinBridge, type StandinBridge } from "./real/bridges";
import { matrixRequest } from "./real/matrix-client";
import { unitLog, useRealServices } from "./real/services";
import { stackDeploys, type DeployedStack } from "./stack";

/** examples' multi-host stack cut to its homeserver host and one bridge on a second host, with the mesh. */
function homeAndBridge(): StackSpecInput {
    const base = multiHost();
    return {
        ...base,
        mesh: true,
        hosts: base.hosts!.filter((h) => h.name === "home" || h.name === "bridges"),
        homeservers: base.homeservers!.map(({ turn: _turn, ...hs }) => hs),
        turnServers: [],
        elements: [],
        bridges: base.bridges!.filter((b) => b.id === "whatsapp"),
    };
}

const input = homeAndBridge();
let fleet: Fleet;
let stack: DeployedStack;
let registration: RegistrationPlan;
let bridge: StandinBridge;

beforeAll(() => {
    fleet = Fleet.start(["home", "bridges"]);
    useRealServices(fleet, ["home"]);
}, 900_000);

stopFleetAfterAll(() => fleet);

const meshAddress = (host: string) => stack.plan.hosts.find((h) => h.name === host)!.privateAddress;

/** The appservice ping as the bridge; Synapse gives up on an unanswered connect by itself (15 s here). */
function ping() {
    return matrixRequest(fleet, "home", "POST", `/_matrix/client/v1/appservice/${registration.id}/ping`, {
        token: stack.values[registration.asTokenSecret]!,
        body: { transaction_id: `t-${Date.now()}` },
        maxTimeSeconds: 90,
    });
}

const pings = () => bridge.requests().filter((r) => r.path.startsWith("/_matrix/app/v1/ping"));

describe("fleet with real Synapse: an appservice across the WireGuard mesh", () => {
    it("deploys both hosts with the mesh; Synapse holds the bridge's mesh address as its url", async () => {
        const keys = await runMeshKeySteps(fleet, stackDeploys(fleet, input).plan, ["home", "bridges"]);
        stack = stackDeploys(fleet, input, { meshPeers: keys, healthTimeoutSeconds: 30 });
        const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
        expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "home", "matrix-synapse.service").slice(-3000)).toEqual([]);
        registration = stack.plan.registrations.find((r) => r.id === "whatsapp")!;
        expect(registration.bridgeHost).toBe("bridges");
        expect(meshAddress("bridges")).toMatch(/^10\.81\.0\.\d+$/);
        expect(new URL(registration.url).hostname).toBe(meshAddress("bridges"));
        const held = await fleet.sh("home", `cat ${registration.homeserverPath}`);
        expect(held).toContain(registration.url);
        // The fleet's own network does not lead there: only wg-matrix does.
        expect(await fleet.sh("home", `ip route get ${meshAddress("bridges")}`)).toContain("dev wg-matrix");
        bridge = await startStandinBridge(fleet, registration, stack.values[registration.hsTokenSecret]!);
    });

    it("pings the bridge over the mesh: the request arrives from the homeserver's mesh address", async () => {
        const answer = await ping();
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(typeof answer.body.duration_ms).toBe("number");
        console.log(`appservice ping over the mesh: ${String(answer.body.duration_ms)} ms`);
        expect(pings().map((r) => [r.token, r.peer])).toEqual([[stack.values[registration.hsTokenSecret], meshAddress("home")]]);
    });

    it("the bridge reaches Synapse over the mesh too: its homeserver URL is Synapse's listener on the mesh address", async () => {
        expect(registration.homeserverUrl).toBe(`http://${meshAddress("home")}:8008`);
        expect(await fleet.sh("bridges", `ip route get ${meshAddress("home")}`)).toContain("dev wg-matrix");
        const token = stack.values[registration.asTokenSecret]!;
        // As the bridge: its bot's identity, with its as_token, from the bridge host.
        const whoami = await fleet.ssh("bridges", `curl -s -K - ${registration.homeserverUrl}/_matrix/client/v3/account/whoami`, {
            stdin: `header = "Authorization: Bearer ${token}"\n`,
        });
        expect(whoami.code, whoami.stderr).toBe(0);
        expect(JSON.parse(whoami.stdout).user_id).toBe(`@${registration.senderLocalpart}:example.com`);
    });

    it("fails the ping with the bridge host's side of the mesh down, and passes once it is back up", async () => {
        await fleet.sh("bridges", "ip link set down dev wg-matrix");
        const down = await ping();
        // The route is still there; the packets go unanswered (a url off the mesh fails as 502 no route).
        expect(down.status, JSON.stringify(down.body)).toBe(504);
        expect(down.body.errcode).toBe("M_CONNECTION_TIMEOUT");
        console.log(`appservice ping with the mesh down: ${down.status} ${String(down.body.errcode)}: ${String(down.body.error)}`);
        // The bridge itself still answers on its host: only the mesh is missing.
        const port = new URL(registration.url).port;
        expect(await fleet.sh("bridges", `curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:${port}/_matrix/app/v1/users/x`)).toBe("403");
        expect(pings()).toHaveLength(1);
        expect(bridge.requests().at(-1)!.peer).toBe("127.0.0.1");
        await fleet.sh("bridges", "ip link set up dev wg-matrix");
        const back = await ping();
        expect(back.status, JSON.stringify(back.body)).toBe(200);
        expect(pings().map((r) => r.peer)).toEqual([meshAddress("home"), meshAddress("home")]);
    }, 240_000);
});
