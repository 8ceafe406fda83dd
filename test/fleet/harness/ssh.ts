/** One ssh session: command, optional stdin, exit status, output and bytes on the wire. */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

export interface SshOptions {
    readonly stdin?: string;
    /**
     * Write only this many bytes of stdin, then kill the client once `killWhen` holds (polled;
     * at most 5 s later): an upload cut off mid-stream.
     */
    readonly cutStdinAfter?: number;
    readonly killWhen?: () => boolean;
    readonly timeoutMs?: number;
}

export interface SshResult {
    /** Exit status, or null when the client was killed. */
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** Bytes ssh sent on the wire (its own count, handshake included). */
    readonly bytesSent: number;
    readonly seconds: number;
}

export function runSsh(
    argv: readonly string[],
    target: string,
    command: string,
    options: SshOptions & { readonly logFile: string },
): Promise<SshResult> {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0]!, [...argv.slice(1), "-o", "LogLevel=VERBOSE", "-E", options.logFile, target, "--", command], {
        stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdin.on("error", () => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    const stdin = options.stdin ?? "";
    if (options.cutStdinAfter !== undefined) {
        child.stdin.write(stdin.slice(0, options.cutStdinAfter));
        const deadline = Date.now() + 5_000;
        const poll = setInterval(() => {
            if ((options.killWhen?.() ?? true) || Date.now() > deadline) {
                clearInterval(poll);
                child.kill("SIGKILL");
            }
        }, 20);
        child.on("close", () => clearInterval(poll));
    } else {
        child.stdin.end(stdin);
    }
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            let log = "";
            try {
                log = readFileSync(options.logFile, "utf8");
                rmSync(options.logFile);
            } catch {
                // the client died before writing its log
            }
            const sent = /Transferred: sent (\d+), received (\d+) bytes/.exec(log);
            const errors = log
                .split("\n")
                .filter((l) => l !== "" && !/^(Authenticated to|Transferred:|Bytes per second:|Connection to .* closed)/.test(l));
            resolve({
                code,
                stdout,
                stderr: stderr + errors.map((l) => `${l}\n`).join(""),
                bytesSent: sent ? Number(sent[1]) : 0,
                seconds: Number(process.hrtime.bigint() - started) / 1e9,
            });
        });
    });
}
