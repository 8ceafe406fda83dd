import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startLoopbackEngine } from "./loopback-engine";
import type { Registration } from "./registration";

const ROOT = path.resolve(__dirname, "..", "..", "..");
/** Pulumi's own Node language entry: what `pulumi up` runs a TypeScript program with. */
const PULUMI_RUN = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run");
const RUN_TIMEOUT_MS = 120_000;

export interface LanguageHostRun {
    readonly exitCode: number | null;
    readonly registrations: readonly Registration[];
    /** Messages logged at error severity. */
    readonly errors: readonly string[];
}

/**
 * Runs `source` (a TypeScript program importing the library as `SDK`) through Pulumi's
 * Node runtime entry, against the loopback engine, as `pulumi up` would.
 */
export async function runThroughPulumiRuntime(source: string, config: Record<string, string>): Promise<LanguageHostRun> {
    const dir = mkdtempSync(path.join(tmpdir(), "nixos-matrix-program-"));
    const engine = await startLoopbackEngine("program", "test");
    try {
        writeFileSync(path.join(dir, "index.ts"), source.replaceAll("SDK", JSON.stringify(path.join(ROOT, "sdk", "components"))));
        writeFileSync(path.join(dir, "entry.js"), `require(${JSON.stringify(require.resolve("tsx/cjs"))});\nrequire("./index.ts");\n`);
        const child = spawn(
            process.execPath,
            [PULUMI_RUN, `--monitor=${engine.address}`, `--engine=${engine.address}`, "--project=program", "--stack=test", `--pwd=${dir}`, path.join(dir, "entry.js")],
            { env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config) }, stdio: ["ignore", "ignore", "pipe"] },
        );
        const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
        const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        clearTimeout(timer);
        return { exitCode, registrations: [...engine.monitor.registrations], errors: engine.monitor.errors() };
    } finally {
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
    }
}
