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

/** Good values of each user credential, by secret role. */
const GOOD: Record<string, string> = { "api-id": "1234567", "api-hash": "0123456789abcdef0123456789abcdef", "client-id": "112233445566778899", "bot-token": "MTEy.GaBcDe.discordbottoken" };

/** The env file of the bridge checking `arg`, as the plan has it, with `value` for that arg, under `dir`. */
function envFile(dir: string, arg: string, value: string) {
    const plan = planStack(parseStackSpec(baseStack()));
    const file = plan.hosts.flatMap((h) => h.secretFiles).find((f) => f.checks?.some((c) => c.arg === arg));
    if (!file) throw new Error(`the plan has no env file checking ${arg}`);
    const role = arg === "telegramApiId" ? "api-id" : arg === "discordBotToken" ? "bot-token" : "";
    const values = Object.fromEntries(file.secrets.map((name) => [name, name.endsWith(`/${role}`) ? value : (GOOD[name.split("/").pop()!] ?? "token")]));
    const meta = { ...file, path: path.join(dir, `${arg}.env`), owner: userInfo().username, group: GROUP };
    return { meta, contents: { [meta.path]: renderSecretFile(file, values) } };
}

function runSecrets(arg: string, value: string) {
    const dir = mkdtempSync(path.join(tmpdir(), "secrets-checks-"));
    const { meta, contents } = envFile(dir, arg, value);
    const args = { ...secretsArgs("edge", [meta], contents), stateDir: path.join(dir, "state") };
    const result = spawnSync("bash", ["-c", readScript("secrets.sh"), "secrets.sh", JSON.stringify(args)], { input: secretsStdin([meta], contents), encoding: "utf8" });
    return { ...result, file: meta.path };
}

describe("secrets.sh checks credentials on the host", () => {
    it("carries the checks, named by the Bridge arg, in the step's arguments", () => {
        const { meta, contents } = envFile(tmpdir(), "telegramApiId", "1234567");
        expect(secretsArgs("edge", [meta], contents).files[0].checks?.map((c) => c.name)).toEqual([
            'Bridge "telegram".telegramApiHash',
            'Bridge "telegram".telegramApiId',
        ]);
    });

    it.each([
        ["telegramApiId", "1234567"],
        ["discordBotToken", "MTEy.GaBcDe.discordbottoken"],
    ])("writes a %s of the right shape", (arg, value) => {
        const run = runSecrets(arg, value);
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        expect(readFileSync(run.file, "utf8")).toContain(`=${value}\n`);
    });

    it("fails naming the field, not the value, and writes nothing", () => {
        const run = runSecrets("telegramApiId", "my-telegram-app");
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain(`Bridge "telegram".telegramApiId: must be Telegram's numeric api_id: digits only (the value is not printed)`);
        expect(run.stderr + run.stdout).not.toContain("my-telegram-app");
        expect(existsSync(run.file)).toBe(false);
    });
});
