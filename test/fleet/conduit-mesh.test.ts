// needs: root
/**
 * A bridge on another host reaches a Conduit-family homeserver over the WireGuard mesh: fixture
 * conduit-forks (Tuwunel on `tw`, its Signal bridge on `cw`) deployed with the mesh through the
 * library's steps. Tuwunel's module binds loopback only, so tw's bundle has a socket on its mesh
 * address; the stand-in activation runs it with Debian's real systemd-socket-proxyd
 * (standin-private-proxy.sh), in front of tw's stand-in homeserver on [::1]:6167. From cw, the
 * bridge's homeserver URL answers over wg-matrix, fails while tw's side of the mesh is down, and
 * answers again once it is back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationPlan } from "../../sdk/plan/types";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { conduitForks } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { runMeshKeySteps } from "./harness/mesh-keys";
import { stackDeploys, type DeployedStack } from "./stack";

const HOSTS = ["cw", "tw"];
const { backup: _backup, ...withoutBackup } = conduitForks();
const input: StackSpecInput = { ...withoutBackup, mesh: true };
let fleet: Fleet;
let stack: DeployedStack;
let signal: RegistrationPlan;

beforeAll(() => {
    fleet = Fleet.start(HOSTS);
});

stopFleetAfterAll(() => fleet);

const meshAddress = (host: string) => stack.plan.hosts.find((h) => h.name === host)!.privateAddress;

/** The bridge's view: GET /_matrix/client/versions at its homeserver URL, from cw. */
function versionsFromBridgeHost() {
    return fleet.ssh("cw", `curl -s --max-time 5 -w '\\n%{http_code}' ${signal.homeserverUrl}/_matrix/client/versions`);
}

describe("fleet: a bridge reaches a Conduit-family homeserver on another host over the mesh", () => {
    it("deploys both hosts with the mesh; tw runs its private socket on its mesh address", async () => {
        const keys = await runMeshKeySteps(fleet, stackDeploys(fleet, input).plan, HOSTS);
        stack = stackDeploys(fleet, input, { meshPeers: keys, healthTimeoutSeconds: 30 });
        const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
        expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
        signal = stack.plan.registrations.find((r) => r.id === "signal")!;
        expect([signal.homeserver, signal.bridgeHost]).toEqual(["tw", "cw"]);
        expect(meshAddress("tw")).toMatch(/^10\.81\.0\.\d+$/);
        expect(signal.homeserverUrl).toBe(`http://${meshAddress("tw")}:6167`);
        const listening = await fleet.sh("tw", "ss -Hltnp 'sport = :6167'");
        expect(listening).toContain(`${meshAddress("tw")}:6167`);
        expect(listening).toContain("systemd-socket");
        // cw has no Conduit-family socket: its own bridges are on its host.
        expect(await fleet.sh("cw", "ss -Hltn 'sport = :6167'")).not.toContain(meshAddress("cw"));
    });

    it("answers the bridge's homeserver URL from cw, over wg-matrix only", async () => {
        expect(await fleet.sh("cw", `ip route get ${meshAddress("tw")}`)).toContain("dev wg-matrix");
        const answer = await versionsFromBridgeHost();
        expect(answer.code, answer.stderr).toBe(0);
        const [body, status] = answer.stdout.trim().split("\n");
        expect(status).toBe("200");
        expect(JSON.parse(body!).versions).toContain("v1.11");
    });

    it("fails while tw's side of the mesh is down, and answers again once it is back", async () => {
        await fleet.sh("tw", "ip link set down dev wg-matrix");
        const down = await versionsFromBridgeHost();
        // curl: 28, the connect timed out; the packets went unanswered.
        expect(down.code).toBe(28);
        // The homeserver itself still answers on tw: only the mesh is missing.
        expect(await fleet.sh("tw", "curl -s -o /dev/null -w '%{http_code}' http://[::1]:6167/_matrix/client/versions")).toBe("200");
        await fleet.sh("tw", "ip link set up dev wg-matrix");
        const back = await versionsFromBridgeHost();
        expect(back.code, back.stderr).toBe(0);
        expect(back.stdout.trim().split("\n").at(-1)).toBe("200");
    }, 120_000);
});
