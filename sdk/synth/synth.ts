/**
 * synth: run a program offline and write what it would deploy:
 *   <out>/hosts/<host>/etc-nixos/...   exactly the bundle's files (configuration.nix at top)
 *   <out>/hosts/<host>/secrets.json    each secret file's path, owner, group, mode and secret NAMES
 *   <out>/summary.json                 hosts, services, ports, firewall rules, DNS, registrations
 * Byte-identical for the same program. Never writes a secret value.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PlannedStack } from "../components/declarations";
import type { Bundle } from "../nixos/types";
import { outputValue } from "./output-value";
import { runProgram, type ProgramRun, type RunOptions } from "./run-program";
import { stackSummary } from "./summary";

export interface SynthResult {
    readonly run: ProgramRun;
    /** Relative path under outDir -> content, sorted. */
    readonly files: Readonly<Record<string, string>>;
}

function json(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}

/** The files synth writes, without writing them. */
export async function synthFiles(stack: PlannedStack, run: Pick<ProgramRun, "cloud">): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const host of stack.plan.hosts) {
        const deploy = stack.deploys.get(host.name);
        if (!deploy) throw new Error(`internal: host "${host.name}" has no deploy steps`);
        const bundle: Bundle = await outputValue(deploy.bundle);
        for (const [file, content] of Object.entries(bundle.files)) files[`hosts/${host.name}/etc-nixos/${file}`] = content;
        files[`hosts/${host.name}/secrets.json`] = json(
            host.secretFiles.map((f) => ({ path: f.path, owner: f.owner, group: f.group, mode: f.mode, secrets: f.secrets })),
        );
    }
    files["summary.json"] = json(await stackSummary(stack, run.cloud.resources));
    return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Runs `programDir` offline and writes its hosts' files and summary into `outDir` (replacing it). */
export async function synth(programDir: string, outDir: string, options: RunOptions = {}): Promise<SynthResult> {
    const run = await runProgram(programDir, options);
    const files = await synthFiles(run.stack, run);
    clearOutDir(outDir);
    for (const [file, content] of Object.entries(files)) {
        const target = path.join(outDir, file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
    }
    return { run, files };
}

/** Synth replaces its own previous output only: anything else in `outDir` is refused, never deleted. */
function clearOutDir(outDir: string): void {
    if (!existsSync(outDir)) return;
    const entries = readdirSync(outDir);
    const foreign = entries.filter((entry) => entry !== "hosts" && entry !== "summary.json");
    if (foreign.length > 0) {
        throw new Error(`${outDir} holds files synth did not write (${foreign.slice(0, 3).join(", ")}); choose an empty or new --out directory`);
    }
    for (const entry of entries) rmSync(path.join(outDir, entry), { recursive: true, force: true });
}
