/** `nixos-matrix restore --stack-output <file> --host <name> [--snapshot <id>] [--yes]` */
import type { Command } from "commander";
import type { CliIo } from "./io";
import { runRestore } from "./restore";

interface RestoreOptions {
    readonly stackOutput: string;
    readonly host: string;
    readonly snapshot?: string;
    readonly yes?: boolean;
}

export function registerRestore(program: Command, io: CliIo): void {
    program
        .command("restore")
        .description("print, or run over SSH with --yes, the steps that restore a host's state from its backup repository")
        .requiredOption("--stack-output <file>", "the stack's outputs: pulumi stack output --json --show-secrets > <file>")
        .requiredOption("--host <name>", "the host to restore (a new VM of the same name works too)")
        .option("--snapshot <id>", "the restic snapshot to restore", "latest")
        .option("--yes", "run the steps on the host instead of printing them")
        .action(async (opts: RestoreOptions) => {
            const code = await runRestore({ stackOutput: opts.stackOutput, host: opts.host, snapshot: opts.snapshot, yes: opts.yes === true }, io.out);
            if (code !== 0) throw new Error(`the restore on ${opts.host} failed (exit ${code}); its output is above`);
        });
}
