// needs: shared, root
/**
 * examples/multi-host deployed onto four fleet hosts: real Synapse and PostgreSQL on `home`,
 * real coturn on `turn`, stand-in bridges on `bridges` at their registrations' private
 * addresses (the example's four and mautrix-signal, mautrix-meta for both networks,
 * mautrix-discord and matrix-hookshot). Then the stack changes the way users change it: tokens rotated, a broken Synapse
 * setting, a bridge removed. One Synapse serves the whole file.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { planStack } from "../../sdk/plan/plan-stack";
import { parseStackSpec, type StackSpec, type StackSpecInput } from "../../sdk/spec/stack";
import { runExample } from "../mocks/harness";
import { deployFleet, type FleetRun } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { currentGeneration } from "./harness/host-state";
import { startStandinBridge, withNewerBridges, type StandinBridge } from "./real/bridges";
import { matrixRequest, registerUser } from "./real/matrix-client";
import { unitConfigPath, unitLog, useRealServices } from "./real/services";
import { allocateRelay, turnEndpoint } from "./real/turn";
import { fleetSpecInput, stackDeploys, type DeployedStack, type StackOptions } from "./stack";

let fleet: Fleet;
let spec: StackSpec;
const bridges = new Map<string, StandinBridge>();
/** Secret values over the generated ones, kept across deploys (rotations accumulate). */
const rotated: Record<string, string> = {};

function synapseLog(): string {
    return unitLog(fleet, "home", "matrix-synapse.service").slice(-3000);
}

async function deploy(input: StackSpecInput, options: StackOptions = {}): Promise<{ stack: DeployedStack; run: FleetRun }> {
    const stack = stackDeploys(fleet, input, { healthTimeoutSeconds: 30, ...options, secrets: rotated });
    return { stack, run: await deployFleet(fleet, stack.deploys, stack.plan.order) };
}

function homeserverYaml(): Record<string, unknown> {
    return JSON.parse(readFileSync(unitConfigPath(fleet, "home", "matrix-synapse.service", "homeserver.yaml"), "utf8"));
}

function whoami(token: string) {
    return matrixRequest(fleet, "home", "GET", "/_matrix/client/v3/account/whoami", { token });
}

function ping(id: string, token: string) {
    return matrixRequest(fleet, "home", "POST", `/_matrix/client/v1/appservice/${id}/ping`, { token, body: { transaction_id: `t-${Date.now()}` } });
}

// The first run on a machine builds the sid root (about a minute; more on a slow mirror).
beforeAll(async () => {
    // The example, plus one bridge of each newer type on the bridges host.
    spec = withNewerBridges((await runExample("multi-host")).stack.spec, "bridges", "hs");
    const first = planStack(parseStackSpec(fleetSpecInput(spec)));
    fleet = Fleet.start(first.hosts.map((h) => h.name));
    const prefix = first.privateNetwork.split("/")[1];
    for (const h of first.hosts) fleet.addAddress(h.name, `${h.privateAddress}/${prefix}`);
    useRealServices(fleet, ["home", "turn"]);
}, 900_000);

stopFleetAfterAll(() => fleet);

describe("fleet with real services: examples/multi-host", () => {
    let stack: DeployedStack;

    it("first deploy ends with real Synapse on home serving the deployed configuration", async () => {
        const first = await deploy(spec);
        stack = first.stack;
        expect([...first.run.errors.values()].map((e) => e.message), synapseLog()).toEqual([]);
        for (const reg of stack.plan.registrations) {
            bridges.set(reg.id, await startStandinBridge(fleet, reg, stack.values[reg.hsTokenSecret]!));
        }
        expect((await matrixRequest(fleet, "home", "GET", "/_matrix/client/versions")).status).toBe(200);
        const config = homeserverYaml();
        expect(config.server_name).toBe("example.com");
        expect(config.app_service_config_files).toEqual(stack.plan.registrations.map((r) => r.homeserverPath));
    });

    it("loads every registration delivered across hosts: whoami with each as_token is the bridge bot", async () => {
        expect(stack.plan.registrations.every((r) => r.bridgeHost === "bridges")).toBe(true);
        expect(stack.plan.registrations.map((r) => r.id).sort()).toEqual(
            ["discord", "hookshot", "instagram", "irc", "mdiscord", "messenger", "signal", "telegram", "whatsapp"],
        );
        for (const reg of stack.plan.registrations) {
            const answer = await whoami(stack.values[reg.asTokenSecret]!);
            expect(answer.body.user_id, reg.id).toBe(`@${reg.senderLocalpart}:example.com`);
        }
    });

    it("pings each bridge on the bridges host at its registration's private url, with its hs_token", async () => {
        for (const reg of stack.plan.registrations) {
            expect(new URL(reg.url).hostname).toBe(stack.plan.hosts.find((h) => h.name === "bridges")!.privateAddress);
            const answer = await ping(reg.id, stack.values[reg.asTokenSecret]!);
            expect(answer.status, `${reg.id}: ${JSON.stringify(answer.body)}`).toBe(200);
            const seen = bridges.get(reg.id)!.requests().filter((r) => r.path.startsWith("/_matrix/app/v1/ping"));
            expect(seen.map((r) => r.token)).toEqual([stack.values[reg.hsTokenSecret]]);
        }
    });

    it("TURN credentials Synapse hands out allocate a relay on the turn host's real coturn", async () => {
        const user = await registerUser(fleet, "home", stack.values["homeserver/hs/registration-shared-secret"]!, {
            username: "bob",
            password: "bob-password",
        });
        const turn = await matrixRequest(fleet, "home", "GET", "/_matrix/client/v3/voip/turnServer", { token: user.accessToken });
        expect(turn.status, JSON.stringify(turn.body)).toBe(200);
        const endpoint = turnEndpoint((turn.body.uris as string[])[0]!);
        expect(endpoint.host).toBe("turn.example.com");
        const server = { address: fleet.host("turn").address, port: endpoint.port };
        const attempt = await allocateRelay(fleet, "home", server, { username: String(turn.body.username), password: String(turn.body.password) });
        expect(attempt.relay, attempt.output).toBeDefined();
        const relayPort = Number(attempt.relay!.split(":").at(-1));
        expect(relayPort).toBeGreaterThanOrEqual(50000);
        expect(relayPort).toBeLessThanOrEqual(50999);
    });

    it("after a token rotation Synapse accepts the new as_token and refuses the old one", async () => {
        const reg = stack.plan.registrations.find((r) => r.id === "telegram")!;
        const oldToken = stack.values[reg.asTokenSecret]!;
        rotated[reg.asTokenSecret] = "rotated-telegram-as-token-0123456789abcdef";
        const next = await deploy(spec);
        expect([...next.run.errors.values()].map((e) => e.message), synapseLog()).toEqual([]);
        expect((await whoami(rotated[reg.asTokenSecret]!)).body.user_id).toBe(`@${reg.senderLocalpart}:example.com`);
        const refused = await whoami(oldToken);
        expect(refused.status, `${JSON.stringify(refused.body)} ${synapseLog()}`).toBe(401);
        expect(refused.body.errcode).toBe("M_UNKNOWN_TOKEN");
        stack = next.stack;
    });

    it("a broken Synapse setting fails the switch with Synapse's own error and rolls back to the running one", async () => {
        const before = currentGeneration(fleet.host("home"));
        const broken = {
            ...spec,
            homeservers: spec.homeservers.map((hs) => ({
                ...hs,
                extraNixosModule: '{ lib, ... }: { services.matrix-synapse.settings.max_upload_size = lib.mkForce "50Q"; }',
            })),
        };
        const { run } = await deploy(broken);
        const error = run.errors.get("home");
        expect(error?.step).toBe("switch");
        // Synapse's own words, from its log, in the switch step's evidence.
        expect(error?.message).toMatch(/invalid literal for int\(\) with base 10: '50Q'/);
        expect(error?.message).toMatch(/failed: matrix-synapse\.service/);
        expect(error?.message).toMatch(/rolling back/);
        expect(currentGeneration(fleet.host("home"))).toBe(before);
        expect(homeserverYaml().max_upload_size).toBe("50M");
        const reg = stack.plan.registrations[0]!;
        expect((await whoami(stack.values[reg.asTokenSecret]!)).body.user_id).toBe(`@${reg.senderLocalpart}:example.com`);
    });

    it("a bridge removed from the stack is unknown to Synapse after the switch", async () => {
        const discord = stack.plan.registrations.find((r) => r.id === "discord")!;
        const without = { ...spec, bridges: spec.bridges.filter((b) => b.id !== "discord") };
        const { run } = await deploy(without);
        expect([...run.errors.values()].map((e) => e.message), synapseLog()).toEqual([]);
        expect(homeserverYaml().app_service_config_files).not.toContain(discord.homeserverPath);
        const refused = await whoami(stack.values[discord.asTokenSecret]!);
        expect(refused.status, `${JSON.stringify(refused.body)} ${synapseLog()}`).toBe(401);
        const telegram = stack.plan.registrations.find((r) => r.id === "telegram")!;
        expect((await whoami(rotated[telegram.asTokenSecret]!)).body.user_id).toBe(`@${telegram.senderLocalpart}:example.com`);
    });
});
