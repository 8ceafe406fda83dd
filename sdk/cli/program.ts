/**
 * The `nixos-matrix` operator CLI: one commander program, one file per command.
 * A command registers itself with one line in COMMANDS.
 */
import { Command, CommanderError } from "commander";
import { SpecError } from "../spec/errors";
import { type CliIo, processIo } from "./io";
import { registerRestore } from "./restore-command";
import { registerSynth } from "./synth-command";
import { registerVerify } from "./verify-command";

const COMMANDS: readonly ((program: Command, io: CliIo) => void)[] = [registerSynth, registerVerify, registerRestore];

export function buildProgram(io: CliIo): Command {
    const program = new Command("nixos-matrix")
        .description("operate Matrix stacks built with nixos-matrix")
        .exitOverride()
        .configureOutput({ writeOut: io.out, writeErr: io.err })
        .showHelpAfterError("(run with --help for usage)");
    for (const register of COMMANDS) register(program, io);
    for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
    const program = buildProgram(io);
    if (argv.length === 0) {
        program.outputHelp({ error: true });
        return 1;
    }
    try {
        await program.parseAsync([...argv], { from: "user" });
        return 0;
    } catch (err) {
        // commander has already printed its own message (or the help) for these.
        if (err instanceof CommanderError) return err.exitCode;
        io.err(`${describeFailure(argv[0], err)}\n`);
        if (process.env.NIXOS_MATRIX_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
        return 1;
    }
}

/** What the user sees when a command fails: the message, never a stack trace. */
export function describeFailure(command: string, err: unknown): string {
    if (err instanceof SpecError) return `nixos-matrix ${command}: invalid stack:\n${err.message}`;
    const message = err instanceof Error ? err.message : String(err);
    return `nixos-matrix ${command}: ${message}`;
}

export async function main(): Promise<void> {
    process.exit(await run(process.argv.slice(2)));
}

if (require.main === module) void main();
