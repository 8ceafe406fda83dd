/**
 * `nixos-matrix verify --stack-output <file>`: the post-deploy checks, run from this machine
 * against a deployed stack, given its outputs (`pulumi stack output --json --show-secrets`).
 * The same script the verify step runs on the homeserver's host; secrets go to files only
 * this user can read, for the time of the run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { parseVerification, verifyArgs, verifyScript, type OperatorVerifyInputs, type VerificationResult } from "../deploy/verify-step";
import type { SecretSource, VerifyCheck, VerifyRun } from "../plan/verify";
import type { CliIo } from "./io";
import { verificationTable } from "./verification-table";

export interface VerifyOptions {
    readonly stackOutput: string;
    readonly resolve?: Record<string, string>;
    readonly caFile?: string;
}

export function registerVerify(program: Command, io: CliIo): void {
    program
        .command("verify")
        .description("run the post-deploy checks (bridges, TURN, federation, discovery, Element, certificates) against a deployed stack from this machine; backups are checked on their hosts by the deploy")
        .requiredOption("--stack-output <file>", "the stack's outputs: pulumi stack output --json --show-secrets > <file>")
        .option("--resolve <name=address>", "reach a name at this address instead of through DNS (repeatable)", collectResolve)
        .option("--ca-file <file>", "also trust the CA certificates in this file")
        .action(async (opts: VerifyOptions) => {
            await runVerify(opts, io);
        });
}

export async function runVerify(options: VerifyOptions, io: CliIo): Promise<void> {
    const inputs = readVerifyInputs(options.stackOutput);
    const results: VerificationResult[] = [];
    for (const input of inputs) results.push(...(await verifyFromHere(input, options)));
    io.out(verificationTable(results));
    const onHostOnly = inputs.flatMap((input) => input.run.checks.filter((c) => c.kind === "backup").map((c) => c.check));
    if (onHostOnly.length > 0) io.out(`not checked from here: ${onHostOnly.join(", ")} (read on the host; the verify step of pulumi up checks it)\n`);
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`${failed} of ${results.length} checks failed`);
}

/** Every homeserver's verify inputs among the stack's outputs, whatever the program named them. */
export function readVerifyInputs(file: string): OperatorVerifyInputs[] {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); give the output of 'pulumi stack output --json --show-secrets'`);
    }
    let outputs: unknown;
    try {
        outputs = JSON.parse(text);
    } catch {
        throw new Error(`${file} is not JSON; give the output of 'pulumi stack output --json --show-secrets'`);
    }
    const values = outputs !== null && typeof outputs === "object" ? Object.values(outputs) : [];
    const found = values.map(asVerifyInputs).filter((v): v is OperatorVerifyInputs => v !== undefined);
    if (found.length > 0) return found;
    if (values.includes("[secret]")) throw new Error(`${file} holds secrets as '[secret]'; run 'pulumi stack output --json --show-secrets'`);
    throw new Error(`${file} holds no verify inputs; export a MatrixHomeserver's verifyInputs from the program (export const verify = homeserver.verifyInputs)`);
}

/** A MatrixHomeserver's verifyInputs output (a JSON string), else undefined. */
function asVerifyInputs(value: unknown): OperatorVerifyInputs | undefined {
    if (typeof value !== "string" || !value.startsWith("{")) return undefined;
    try {
        const parsed = JSON.parse(value) as { kind?: unknown };
        return parsed.kind === "nixos-matrix-verify" ? (parsed as OperatorVerifyInputs) : undefined;
    } catch {
        return undefined;
    }
}

async function verifyFromHere(input: OperatorVerifyInputs, options: VerifyOptions): Promise<VerificationResult[]> {
    const dir = mkdtempSync(path.join(tmpdir(), "nixos-matrix-verify-"));
    try {
        const run = fromOutside(input, dir);
        const args = verifyArgs(run, [], { ...(options.resolve ? { resolve: options.resolve } : {}), ...(options.caFile ? { caFile: path.resolve(options.caFile) } : {}) });
        const { code, stdout, stderr } = await bash(verifyScript(), JSON.stringify(args));
        try {
            return parseVerification(stdout);
        } catch {
            throw new Error(`the checks of homeserver ${input.run.homeserver} did not run (exit ${code}): ${stderr.trim().split("\n").pop() ?? ""}`);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The run as seen from this machine: bridge pings through the public URL, secrets from files in `dir`. */
function fromOutside(input: OperatorVerifyInputs, dir: string): VerifyRun {
    const local = (source: SecretSource): SecretSource => {
        const value = input.secrets[source.secret];
        if (value === undefined) throw new Error(`the verify inputs of homeserver ${input.run.homeserver} lack the secret ${source.secret}`);
        const file = path.join(dir, source.secret.replace(/[^a-zA-Z0-9-]/g, "_"));
        writeFileSync(file, value, { mode: 0o600 });
        return { secret: source.secret, file, format: "raw" };
    };
    // A backup's stamp and its unit's state exist only on its host.
    const checks = input.run.checks.filter((c) => c.kind !== "backup").map((c): VerifyCheck => {
        if (c.kind === "bridge") return { ...c, homeserverUrl: input.run.publicUrl, asToken: local(c.asToken) };
        if (c.kind === "turn") return { ...c, sharedSecret: local(c.sharedSecret) };
        return c;
    });
    return { ...input.run, host: "here", checks };
}

function bash(script: string, arg: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", ["-c", script, "nixos-matrix-verify", arg], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

function collectResolve(value: string, previous: Record<string, string> | undefined): Record<string, string> {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError(`--resolve takes name=address, got '${value}'`);
    return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}
