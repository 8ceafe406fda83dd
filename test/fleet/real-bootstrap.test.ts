// needs: shared, root
/**
 * The bootstrap step on real Synapse: a stack with a server admin deployed onto one fleet host
 * through the library's own steps, then the step exactly as the components run it. The admin
 * exists, is a server admin and logs in with the generated password; re-runs create no second
 * user and leave a password alone (also one the admin changed) until the rotation is raised.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand, parseBootstrap, type BootstrapResult } from "../../sdk/deploy/bootstrap-step";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { allInOne } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { matrixRequest } from "./real/matrix-client";
import { unitLog, useRealServices } from "./real/services";
import { stackDeploys, type DeployedStack } from "./stack";

const HOST = "matrix";
const ALICE = "@alice:example.org";
const PASSWORD = "homeserver/hs/admin-password/alice";

let fleet: Fleet;
/** Secret values over the generated ones, kept across deploys (a rotation). */
const overrides: Record<string, string> = {};

/** One Synapse with admins `alice` and `ops`, nothing else on the host. */
function adminStack(rotation = 0): StackSpecInput {
    const input = structuredClone(allInOne()) as StackSpecInput & { homeservers: Record<string, unknown>[] };
    const hs = input.homeservers[0]!;
    delete hs.turn;
    Object.assign(hs, { admins: ["alice", "ops"], adminPasswordRotation: rotation });
    return { ...input, turnServers: [], elements: [], bridges: [] };
}

interface Bootstrapped {
    readonly stack: DeployedStack;
    readonly results: BootstrapResult[];
    readonly log: string;
}

/** Deploys every host, then runs the bootstrap step with the switch commands as its deploy hash. */
async function deployAndBootstrap(input: StackSpecInput): Promise<Bootstrapped> {
    const stack = stackDeploys(fleet, input, { healthTimeoutSeconds: 60, secrets: overrides });
    const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, HOST, "matrix-synapse.service").slice(-3000)).toEqual([]);
    const switched = stack.deploys.flatMap((d) => d.steps.filter((s) => s.step === "switch").map((s) => s.command));
    const result = await fleet.ssh(HOST, bootstrapCommand(bootstrapArgs(stack.plan.bootstrap[0]!, switched)), { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    for (const value of Object.values(stack.values)) expect(result.stdout + result.stderr).not.toContain(value);
    return { stack, results: parseBootstrap(result.stdout), log: result.stderr };
}

function login(user: string, password: string) {
    return matrixRequest(fleet, HOST, "POST", "/_matrix/client/v3/login", {
        body: { type: "m.login.password", identifier: { type: "m.id.user", user }, password },
    });
}

async function tokenOf(user: string, password: string): Promise<string> {
    const answer = await login(user, password);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return String(answer.body.access_token);
}

/** Every local user Synapse has, by the admin API. */
async function users(token: string): Promise<string[]> {
    const answer = await matrixRequest(fleet, HOST, "GET", "/_synapse/admin/v2/users?guests=false&limit=100", { token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body.users as { name: string }[]).map((u) => u.name).sort();
}

beforeAll(() => {
    fleet = Fleet.start([HOST]);
    useRealServices(fleet, [HOST]);
}, 900_000);

stopFleetAfterAll(() => fleet);

describe("bootstrap on real Synapse: first admins", () => {
    let first: Bootstrapped;

    it("creates each admin once; each logs in with its generated password and is a server admin", async () => {
        first = await deployAndBootstrap(adminStack());
        expect(first.results).toEqual([
            { user: ALICE, created: true, passwordSet: true },
            { user: "@ops:example.org", created: true, passwordSet: true },
        ]);
        expect(first.log).toContain(`bootstrap[${HOST}]: created admin ${ALICE}`);
        const token = await tokenOf("alice", first.stack.values[PASSWORD]!);
        const me = await matrixRequest(fleet, HOST, "GET", "/_matrix/client/v3/account/whoami", { token });
        expect(me.body.user_id).toBe(ALICE);
        const admin = await matrixRequest(fleet, HOST, "GET", `/_synapse/admin/v2/users/${encodeURIComponent(ALICE)}`, { token });
        expect(admin.body.admin).toBe(true);
        expect(await users(token)).toEqual([ALICE, "@ops:example.org"]);
        await tokenOf("ops", first.stack.values["homeserver/hs/admin-password/ops"]!);
    }, 900_000);

    it("a second deploy creates no second user and keeps the password, also one the admin changed", async () => {
        const again = await deployAndBootstrap(adminStack());
        expect(again.results).toEqual([
            { user: ALICE, created: false, passwordSet: false },
            { user: "@ops:example.org", created: false, passwordSet: false },
        ]);
        const generated = first.stack.values[PASSWORD]!;
        const token = await tokenOf("alice", generated);
        expect(await users(token)).toEqual([ALICE, "@ops:example.org"]);

        const changed = await matrixRequest(fleet, HOST, "POST", "/_matrix/client/v3/account/password", {
            token,
            body: { new_password: "alice-chose-this-one", logout_devices: false, auth: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: generated } },
        });
        expect(changed.status, JSON.stringify(changed.body)).toBe(200);
        const third = await deployAndBootstrap(adminStack());
        expect(third.results.map((r) => r.passwordSet)).toEqual([false, false]);
        expect(third.log).toContain(`admin ${ALICE} exists; password left as it is`);
        expect((await login("alice", generated)).status).toBe(403);
        await tokenOf("alice", "alice-chose-this-one");
    }, 900_000);

    it("raising adminPasswordRotation sets the new generated password once; the old one stops working", async () => {
        overrides[PASSWORD] = "rotated-alice-password-0123456789abcdefghijklmnopqrstuvwxyz0123";
        overrides["homeserver/hs/admin-password/ops"] = "rotated-ops-password-0123456789abcdefghijklmnopqrstuvwxyz012345";
        const rotated = await deployAndBootstrap(adminStack(1));
        expect(rotated.results).toEqual([
            { user: ALICE, created: false, passwordSet: true },
            { user: "@ops:example.org", created: false, passwordSet: true },
        ]);
        expect((await login("alice", "alice-chose-this-one")).status).toBe(403);
        const token = await tokenOf("alice", overrides[PASSWORD]!);
        expect(await users(token)).toEqual([ALICE, "@ops:example.org"]);

        const again = await deployAndBootstrap(adminStack(1));
        expect(again.results.map((r) => [r.created, r.passwordSet])).toEqual([
            [false, false],
            [false, false],
        ]);
    }, 900_000);
});
