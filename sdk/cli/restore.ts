/**
 * `nixos-matrix restore --stack-output <file> --host <name> [--snapshot <id>] [--yes]`
 *
 * Prints the steps `restore.sh` takes on the host (stop, restore dump and files, fix
 * ownership, start, verify) and the exact command that runs it; with `--yes`, runs it over
 * SSH against the host key the stack pinned. The host must already run the stack's
 * configuration: on a new VM, `pulumi up` first, then restore.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readScript, shellQuote } from "../deploy/script-command";

export interface RestoreArgs {
    /** `pulumi stack output --json` saved to a file; needs `hosts.<name>.address` and `.hostPublicKey`. */
    readonly stackOutput: string;
    readonly host: string;
    /** @default "latest" */
    readonly snapshot?: string;
    readonly yes: boolean;
    /** The ssh program and its own options for `--yes`. @default ["ssh"] */
    readonly ssh?: readonly string[];
}

export interface RestoreTarget {
    readonly address: string;
    readonly hostPublicKey: string;
}

/** The host's address and pinned key from the stack output (`hosts.<name>`). */
export function restoreTarget(stackOutput: unknown, host: string): RestoreTarget {
    const hosts = (stackOutput as { hosts?: Record<string, Partial<RestoreTarget>> } | null)?.hosts;
    const entry = hosts?.[host];
    if (!entry?.address || !entry.hostPublicKey) {
        throw new Error(
            `the stack output has no hosts.${host}.address and hosts.${host}.hostPublicKey; export them from the program (see README, "Backups and restore")`,
        );
    }
    return { address: entry.address, hostPublicKey: entry.hostPublicKey };
}

/** restore.sh's JSON argument. */
export function restoreScriptArgs(args: Pick<RestoreArgs, "host" | "snapshot">): { host: string; snapshot: string } {
    return { host: args.host, snapshot: args.snapshot ?? "latest" };
}

/** The `# step:` lines of restore.sh, in order: what the restore does. */
export function restoreSteps(): string[] {
    return readScript("restore.sh")
        .split("\n")
        .filter((line) => line.trim().startsWith("# step:"))
        .map((line) => line.trim().slice("# step:".length).trim());
}

/** The ssh command line that runs restore.sh on the host (the script itself goes on stdin). */
export function sshArgs(target: RestoreTarget, knownHostsFile: string, json: string, extra: readonly string[] = []): string[] {
    return [
        "-o", "StrictHostKeyChecking=yes",
        "-o", `UserKnownHostsFile=${knownHostsFile}`,
        "-o", "BatchMode=yes",
        ...extra,
        `root@${target.address}`,
        `bash -s -- ${shellQuote(json)}`,
    ];
}

export function describeRestore(args: RestoreArgs, target: RestoreTarget): string {
    const json = JSON.stringify(restoreScriptArgs(args));
    const steps = restoreSteps().map((step, i) => `  ${i + 1}. ${step}`);
    return [
        `restore host ${args.host} (${target.address}) from snapshot ${args.snapshot ?? "latest"}:`,
        ...steps,
        "",
        "run it with --yes, or by hand (sdk/deploy/scripts/restore.sh of this package):",
        `  ssh root@${target.address} bash -s -- ${shellQuote(json)} < restore.sh`,
        "",
    ].join("\n");
}

/** Prints the steps, or runs them with `--yes`; resolves to the exit code. */
export async function runRestore(args: RestoreArgs, out: (text: string) => void): Promise<number> {
    const target = restoreTarget(JSON.parse(readFileSync(args.stackOutput, "utf8")), args.host);
    out(describeRestore(args, target));
    if (!args.yes) return 0;
    const dir = mkdtempSync(path.join(tmpdir(), "nixos-matrix-restore-"));
    try {
        const knownHosts = path.join(dir, "known_hosts");
        writeFileSync(knownHosts, `${target.address} ${target.hostPublicKey.trim()}\n`);
        const json = JSON.stringify(restoreScriptArgs(args));
        const [program, ...options] = args.ssh ?? ["ssh"];
        const child = spawn(program, [...options, ...sshArgs(target, knownHosts, json)], { stdio: ["pipe", "pipe", "pipe"] });
        child.stdout.on("data", (chunk: Buffer) => out(chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => out(chunk.toString()));
        child.stdin.end(readScript("restore.sh"));
        return await new Promise<number>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (code) => resolve(code ?? 1));
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
