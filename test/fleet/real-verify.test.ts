// needs: shared, root
/**
 * The verify step against examples/all-in-one on the real services (Synapse from the sid root,
 * PostgreSQL, coturn) with Debian's nginx in front and certificates from a local CA: a working
 * stack passes every check, and each breakage fails the check that names it, with its host.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyArgs, verifyCommand, parseVerification, verifySecretNames, type VerificationResult } from "../../sdk/deploy/verify-step";
import { synapseSecretConfigPath } from "../../sdk/plan/paths";
import type { VerifyRun } from "../../sdk/plan/verify";
import { runExample } from "../mocks/harness";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { startStandinBridge, type StandinBridge } from "./real/bridges";
import { useRealServices } from "./real/services";
import { CA_PATH, installCertificates, serveWeb, stopWeb, type WebOptions } from "./real/verify-web";
import { stackDeploys, type DeployedStack } from "./stack";
import { sourceBin } from "../support/source-bin";

const HOST = "matrix";
const NAMES = ["example.org", "matrix.example.org", "element.example.org", "turn.example.org"];
const WEB: WebOptions = { serverName: "example.org", domain: "matrix.example.org", element: "element.example.org", synapse: "http://127.0.0.1:8008" };

let fleet: Fleet;
let stack: DeployedStack;
let run: VerifyRun;
const bridges = new Map<string, StandinBridge>();

interface Verified {
    readonly code: number | null;
    readonly results: VerificationResult[];
    readonly log: string;
}

async function verify(): Promise<Verified> {
    const resolve = Object.fromEntries(NAMES.map((n) => [n, "127.0.0.1"]));
    const result = await fleet.ssh(HOST, verifyCommand(verifyArgs(run, [], { resolve, caFile: CA_PATH })), { timeoutMs: 300_000 });
    return { code: result.code, results: parseVerification(result.stdout), log: result.stderr };
}

function failed(v: Verified): string[] {
    return v.results.filter((r) => !r.ok).map((r) => `${r.check} @${r.host}`);
}

function resultOf(v: Verified, check: string): VerificationResult {
    const found = v.results.find((r) => r.check === check);
    if (!found) throw new Error(`no result for ${check}: ${v.log}`);
    return found;
}

/** `nixos-matrix verify` run from inside the host's namespace, as an operator would from outside. */
function operatorVerify(outputFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const bin = sourceBin();
    const argv = ["netns", "exec", fleet.host(HOST).ns, process.execPath, bin, "verify", "--stack-output", outputFile];
    for (const name of NAMES) argv.push("--resolve", `${name}=127.0.0.1`);
    argv.push("--ca-file", path.join(fleet.dir, "local-ca", "ca.pem"));
    return new Promise((resolve) => {
        execFile("ip", argv, { timeout: 300_000, encoding: "utf8" }, (err, stdout, stderr) => {
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
    });
}

beforeAll(async () => {
    const example = await runExample("all-in-one");
    fleet = Fleet.start(example.stack.plan.hosts.map((h) => h.name));
    useRealServices(fleet, [HOST]);
    stack = stackDeploys(fleet, example.stack.spec, { healthTimeoutSeconds: 60 });
    run = stack.plan.verify.find((r) => r.host === HOST)!;
    for (const reg of stack.plan.registrations) bridges.set(reg.id, await startStandinBridge(fleet, reg, stack.values[reg.hsTokenSecret]!));
    await installCertificates(fleet, HOST, NAMES);
    const deployed = await deployFleet(fleet, stack.deploys, stack.plan.order);
    expect([...deployed.errors.values()].map((e) => e.message)).toEqual([]);
    await serveWeb(fleet, HOST, WEB);
}, 900_000);

afterAll(async () => {
    if (fleet) await stopWeb(fleet, HOST);
    fleet?.stopSync();
    expect(fleet?.leftovers() ?? []).toEqual([]);
});

describe("verify on the real services: examples/all-in-one", () => {
    it("passes every check of a working stack, one log line each, and prints no secret", async () => {
        const v = await verify();
        expect(failed(v), v.log).toEqual([]);
        expect(v.code).toBe(0);
        expect(v.results.map((r) => r.check)).toEqual(run.checks.map((c) => c.check));
        for (const check of run.checks) expect(v.log).toContain(`verify[${HOST}] ok     ${check.check} (host ${check.host}): `);
        expect(resultOf(v, "federation example.org").detail).toMatch(/delegates to matrix\.example\.org:443 .*key ed25519:\S+ verifies/);
        expect(resultOf(v, "turn turn.example.org").detail).toMatch(/relay .* allocated .*denied peer 10\.0\.0\.1 refused/);
        for (const value of Object.values(stack.values)) expect(v.log + JSON.stringify(v.results)).not.toContain(value);
    }, 300_000);

    it("runs the same checks from the operator's machine given the stack's outputs, and fails on a failed check", async () => {
        const inputs = { kind: "nixos-matrix-verify", run, secrets: Object.fromEntries(verifySecretNames(run).map((n) => [n, stack.values[n]!])) };
        const file = path.join(fleet.dir, "stack-output.json");
        writeFileSync(file, JSON.stringify({ homeserverUrl: "https://matrix.example.org", verify: JSON.stringify(inputs) }, null, 2));
        const passing = await operatorVerify(file);
        expect(passing.stderr).toBe("");
        expect(passing.code).toBe(0);
        const rows = passing.stdout.trim().split("\n");
        expect(rows[0]).toMatch(/^CHECK\s+HOST\s+RESULT\s+DETAIL$/);
        expect(rows.slice(1).map((r) => r.split(/\s{2,}/).slice(0, 3).join(" | "))).toEqual(run.checks.map((c) => `${c.check} | ${c.host} | ok`));
        expect(passing.stdout).toMatch(/bridge telegram\s+matrix\s+ok\s+ping answered 200/);

        await serveWeb(fleet, HOST, { ...WEB, withoutWellKnown: true });
        try {
            const failing = await operatorVerify(file);
            expect(failing.code).toBe(1);
            expect(failing.stdout).toMatch(/client-discovery example\.org\s+matrix\s+FAILED\s+GET https:\/\/example\.org\/\.well-known\/matrix\/client failed/);
            expect(failing.stderr).toBe(`nixos-matrix verify: 2 of ${run.checks.length} checks failed\n`);
        } finally {
            await serveWeb(fleet, HOST, WEB);
        }
    }, 300_000);

    it("fails the bridge check, naming the bridge and its host, when the bridge expects another hs_token", async () => {
        const reg = stack.plan.registrations.find((r) => r.id === "telegram")!;
        await bridges.get(reg.id)!.stop();
        bridges.set(reg.id, await startStandinBridge(fleet, reg, "not-the-hs-token"));
        try {
            const v = await verify();
            expect(v.code).toBe(1);
            expect(failed(v)).toEqual([`bridge telegram @${reg.bridgeHost}`]);
            expect(v.log).toMatch(/verify\[matrix\] FAILED bridge telegram \(host matrix\): POST .*\/appservice\/telegram\/ping answered \d+/);
            expect(v.log).toContain("verify[matrix]: 1 of");
        } finally {
            await bridges.get(reg.id)!.stop();
            bridges.set(reg.id, await startStandinBridge(fleet, reg, stack.values[reg.hsTokenSecret]!));
        }
    }, 300_000);

    it("fails the TURN check when coturn has another secret than the homeserver hands out credentials from", async () => {
        // The homeserver's copy of the secret: what Synapse computes clients' credentials from.
        const file = synapseSecretConfigPath("hs");
        const original = await fleet.ssh(HOST, `cat ${file}`);
        const write = async (content: string) => {
            const r = await fleet.ssh(HOST, `cat > ${file}`, { stdin: content });
            expect(r.code, r.stderr).toBe(0);
        };
        await write(original.stdout.replace(/^turn_shared_secret: .*$/m, "turn_shared_secret: another-secret"));
        try {
            const v = await verify();
            expect(failed(v)).toEqual(["turn turn.example.org @matrix"]);
            expect(resultOf(v, "turn turn.example.org").detail).toMatch(/^no relay allocated on turn\.example\.org/);
        } finally {
            await write(original.stdout);
        }
    }, 300_000);

    it("fails client discovery and federation when .well-known is missing", async () => {
        await serveWeb(fleet, HOST, { ...WEB, withoutWellKnown: true });
        try {
            const v = await verify();
            expect(failed(v)).toEqual(["federation example.org @matrix", "client-discovery example.org @matrix"]);
            expect(resultOf(v, "client-discovery example.org").detail).toMatch(/GET https:\/\/example\.org\/\.well-known\/matrix\/client failed/);
        } finally {
            await serveWeb(fleet, HOST, WEB);
        }
    }, 300_000);

    it("fails federation when the delegated name serves a key for another server name", async () => {
        const key = await fleet.ssh(HOST, `curl -sS --resolve matrix.example.org:443:127.0.0.1 --cacert ${CA_PATH} https://matrix.example.org/_matrix/key/v2/server`);
        const wrong = { ...JSON.parse(key.stdout), server_name: "other.example.net" };
        await serveWeb(fleet, HOST, { ...WEB, keyOverride: wrong });
        try {
            const v = await verify();
            expect(failed(v)).toEqual(["federation example.org @matrix"]);
            expect(resultOf(v, "federation example.org").detail).toBe("key of matrix.example.org:443 is for server_name 'other.example.net', not 'example.org'");
        } finally {
            await serveWeb(fleet, HOST, WEB);
        }
    }, 300_000);

    it("fails the certificate check of a name whose certificate expired", async () => {
        await installCertificates(fleet, HOST, NAMES, ["element.example.org"]);
        await serveWeb(fleet, HOST, WEB);
        try {
            const v = await verify();
            expect(failed(v)).toEqual(["element element.example.org @matrix", "certificate element.example.org:443 @matrix"]);
            expect(resultOf(v, "certificate element.example.org:443").detail).toMatch(/chain does not verify: .*certificate has expired/);
        } finally {
            await installCertificates(fleet, HOST, NAMES);
            await serveWeb(fleet, HOST, WEB);
        }
    }, 300_000);
});
