import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pluginLaunch, type PluginLaunch } from "./plugin-launch";

/** A component provider plugin running as its own process, as the Pulumi CLI runs it. */
export interface ProviderProcess {
    /** `127.0.0.1:<port>` the provider printed on stdout. */
    readonly address: string;
    /** How it was started. */
    readonly launch: PluginLaunch;
    /** Everything it wrote on stderr so far. */
    stderr(): string;
    stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 240_000;

/**
 * Starts the plugin `name` in `pluginDir` the way the Pulumi CLI does (see plugin-launch.ts),
 * working directory the user's project (here an empty temporary directory, like a YAML or
 * Python project), and waits for the port on the first line of stdout.
 */
export async function startProviderProcess(pluginDir: string, name: string, engineAddress: string): Promise<ProviderProcess> {
    const launch = pluginLaunch(pluginDir, name, engineAddress);
    const projectDir = mkdtempSync(path.join(tmpdir(), "nixos-matrix-project-"));
    const child: ChildProcess = spawn(launch.command, [...launch.args], {
        cwd: projectDir,
        env: { ...process.env, ...launch.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // Never outlive the test process, even when it ends without running its afterAll hooks.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const stop = async (): Promise<void> => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
            await exited;
            clearTimeout(timer);
        }
        rmSync(projectDir, { recursive: true, force: true });
    };
    const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
            () => reject(new Error(`provider in ${pluginDir} printed no port within ${STARTUP_TIMEOUT_MS} ms:\n${stderr}`)),
            STARTUP_TIMEOUT_MS,
        );
        child.stdout!.on("data", (d: Buffer) => {
            stdout += d.toString();
            const line = stdout.split("\n")[0];
            if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
                clearTimeout(timer);
                resolve(Number(line.trim()));
            }
        });
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`provider in ${pluginDir} exited (${code ?? signal}) before printing its port:\n${stdout}${stderr}`));
        });
    }).catch(async (err) => {
        await stop();
        throw err;
    });
    return { address: `127.0.0.1:${port}`, launch, stderr: () => stderr, stop };
}
