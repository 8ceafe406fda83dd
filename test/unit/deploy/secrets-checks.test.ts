/**
 * secrets.sh checks each credential's shape on the host before writing anything, for values
 * only known during the deploy: the step fails naming the arg, never the value. Runs the
 * real script locally (bash, jq, base64), as the invoking user.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { secretsArgs, secretsStdin } from "../../../sdk/deploy/steps";
import { readScript } from "../../../sdk/components/layers";
import { planStack } from "../../../sdk/plan/plan-stack";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { renderSecretFile } from "../../../sdk/plan/render-secret-file";
import { baseStack } from "../spec/base-stack";

const GROUP = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim();

/** The env file of the Telegram bridge as the plan has it, with `apiId` as its value, under `dir`. */
function telegramEnvFile(dir: string, apiId: string) {
    const plan = planStack(parseStackSpec(baseStack()));
    const file = plan.hosts.flatMap((h) => h.secretFiles).find((f) => f.checks?.some((c) => c.arg === "telegramApiId"));
    if (!file) throw new Error("the plan has no checked env file");
    const values = Object.fromEntries(file.secrets.map((name) => [name, name.endsWith("api-id") ? apiId : name.endsWith("api-hash") ? "0123456789abcdef0123456789abcdef" : "token"]));
    const meta = { ...file, path: path.join(dir, "telegram.env"), owner: userInfo().username, group: GROUP };
    return { meta, contents: { [meta.path]: renderSecretFile(file, values) } };
}

function runSecrets(apiId: string) {
    const dir = mkdtempSync(path.join(tmpdir(), "secrets-checks-"));
    const { meta, contents } = telegramEnvFile(dir, apiId);
    const args = { ...secretsArgs("edge", [meta], contents), stateDir: path.join(dir, "state") };
    const result = spawnSync("bash", ["-c", readScript("secrets.sh"), "secrets.sh", JSON.stringify(args)], { input: secretsStdin([meta], contents), encoding: "utf8" });
    return { ...result, file: meta.path };
}

describe("secrets.sh checks credentials on the host", () => {
    it("carries the checks, named by the Bridge arg, in the step's arguments", () => {
        const { meta, contents } = telegramEnvFile(tmpdir(), "1234567");
        expect(secretsArgs("edge", [meta], contents).files[0].checks?.map((c) => c.name)).toEqual([
            'Bridge "telegram".telegramApiHash',
            'Bridge "telegram".telegramApiId',
        ]);
    });

    it("writes a credential of the right shape", () => {
        const run = runSecrets("1234567");
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(readFileSync(run.file, "utf8")).toContain("=1234567\n");
    });

    it("fails naming the field, not the value, and writes nothing", () => {
        const run = runSecrets("my-telegram-app");
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain(`Bridge "telegram".telegramApiId: must be Telegram's numeric api_id: digits only (the value is not printed)`);
        expect(run.stderr + run.stdout).not.toContain("my-telegram-app");
        expect(existsSync(run.file)).toBe(false);
    });
});
