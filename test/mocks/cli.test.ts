import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram, run } from "../../sdk/cli/program";
import type { CliIo } from "../../sdk/cli/io";
import { sourceBin } from "../support/source-bin";
import { ROOT } from "./harness";
import { planStack } from "../../sdk/plan";
import { parseStackSpec } from "../../sdk/spec";
import { multiHostWithBackup } from "../fixtures/stacks";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
    const code = await run(argv, io);
    return { code, out, err };
}

const STACK_FRAME = /^\s+at /m;

function outputFile(content: string): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cli-output-")), "stack-output.json");
    writeFileSync(file, content);
    return file;
}

describe("the nixos-matrix CLI", () => {
    it("gives --help for itself and every command", async () => {
        const top = await cli("--help");
        expect(top.code).toBe(0);
        const names = buildProgram({ out: () => {}, err: () => {} }).commands.map((c) => c.name());
        expect(names).toEqual(expect.arrayContaining(["synth", "verify", "restore"]));
        for (const name of names) {
            expect(top.out).toContain(name);
            const help = await cli(name, "--help");
            expect(help.code, name).toBe(0);
            expect(help.out, name).toContain(`Usage: nixos-matrix ${name}`);
        }
    });

    it("runs synth with its defaults and options", async () => {
        const out = mkdtempSync(path.join(tmpdir(), "cli-synth-"));
        const result = await cli("synth", path.join(ROOT, "examples", "conduit"), "--out", out, "--config", "serverName=example.net");
        expect(result).toMatchObject({ code: 0, err: "" });
        expect(result.out).toMatch(/^synth: \d+ files for hosts .+ in /);
        expect(readdirSync(out)).toContain("summary.json");
    });

    it("answers a user error with one line and a non-zero exit, never a stack trace", async () => {
        const cases: [string[], RegExp][] = [
            [["synth", path.join(tmpdir(), "no-such-program")], /^nixos-matrix synth: .*no Pulumi\.yaml here; give the directory of a Pulumi program\n$/],
            [["synth", "--bogus"], /^error: unknown option '--bogus'\n/],
            [["synth", "--config", "novalue"], /--config takes key=value, got 'novalue'/],
            [["deploy"], /^error: unknown command 'deploy'\n/],
            [["verify"], /^error: required option '--stack-output <file>' not specified\n/],
            [["verify", "--stack-output", path.join(tmpdir(), "no-such-output.json")], /^nixos-matrix verify: cannot read .*no-such-output\.json \(ENOENT\); give the output of 'pulumi stack output --json --show-secrets'\n$/],
            [["verify", "--stack-output", outputFile("not json")], /^nixos-matrix verify: .* is not JSON; give the output of/],
            [["verify", "--stack-output", outputFile('{"verify":"[secret]"}')], /holds secrets as '\[secret\]'; run 'pulumi stack output --json --show-secrets'\n$/],
            [["verify", "--stack-output", outputFile('{"homeserverUrl":"https://x"}')], /holds no verify inputs; export a MatrixHomeserver's verifyInputs/],
            [["verify", "--stack-output", outputFile("{}"), "--resolve", "x"], /--resolve takes name=address, got 'x'/],
            [["restore", "--stack-output", outputFile("{}")], /^error: required option '--host <name>' not specified\n/],
            [["restore", "--stack-output", outputFile('{"hosts":{}}'), "--host", "matrix"], /^nixos-matrix restore: the stack output has no hosts\.matrix\.address and hosts\.matrix\.hostPublicKey/],
        ];
        for (const [argv, message] of cases) {
            const result = await cli(...argv);
            expect(result.code, argv.join(" ")).not.toBe(0);
            expect(result.err, argv.join(" ")).toMatch(message);
            expect(result.err).not.toMatch(STACK_FRAME);
        }
    });

    it("verify names the backup checks it leaves to the hosts instead of reading this machine's files", async () => {
        const run = planStack(parseStackSpec(multiHostWithBackup())).verify[0]!;
        const backupOnly = { kind: "nixos-matrix-verify", run: { ...run, checks: run.checks.filter((c) => c.kind === "backup") }, secrets: {} };
        const result = await cli("verify", "--stack-output", outputFile(JSON.stringify({ verify: JSON.stringify(backupOnly) })));
        expect(result.err).toBe("");
        expect(result.code).toBe(0);
        expect(result.out).toMatch(/not checked from here: backup home \(read on the host; the verify step of pulumi up checks it\)\n$/);
    });

    it("does the same through the installed bin entry", () => {
        const bin = sourceBin();
        const missing = spawnSync(process.execPath, [bin, "synth", tmpdir()], { encoding: "utf8" });
        expect(missing.status).toBe(1);
        expect(missing.stderr).toMatch(/^nixos-matrix synth: .*no Pulumi\.yaml here[^\n]*\n$/);
        expect(execFileSync(process.execPath, [bin, "verify", "--help"], { encoding: "utf8" })).toContain("Usage: nixos-matrix verify");
    });
});
