/** `nixos-matrix synth [program dir] [--out dir] [--config key=value ...]` */
import * as path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { synth } from "../synth/synth";
import type { CliIo } from "./io";

export interface SynthArgs {
    readonly programDir: string;
    readonly outDir: string;
    readonly config: Record<string, string>;
}

export function registerSynth(program: Command, io: CliIo): void {
    program
        .command("synth")
        .description("render what a program would deploy, offline, under Pulumi mocks: each host's /etc/nixos, secret file names, a summary")
        .argument("[program-dir]", "directory of the Pulumi program", path.join("examples", "all-in-one"))
        .option("--out <dir>", "output directory", "out")
        .option("--config <key=value>", "override a config value (repeatable)", collectConfig)
        .action(async (programDir: string, opts: { out: string; config?: Record<string, string> }) => {
            await runSynth({ programDir, outDir: opts.out, config: opts.config ?? {} }, io);
        });
}

export async function runSynth(args: SynthArgs, io: CliIo): Promise<void> {
    const result = await synth(path.resolve(args.programDir), path.resolve(args.outDir), { config: args.config });
    const hosts = result.run.stack.plan.hosts.map((h) => h.name).join(", ");
    io.out(`synth: ${Object.keys(result.files).length} files for hosts ${hosts} in ${args.outDir}\n`);
    const pin = result.run.stack.plan.nixpkgs;
    const rollout = result.run.stack.plan.rollout.map((level) => level.join(" ")).join(", then ");
    io.out(`synth: every host builds against NixOS ${pin.release} nixpkgs ${pin.url} (sha256 ${pin.sha256}); switch order: ${rollout}\n`);
}

function collectConfig(value: string, previous: Record<string, string> | undefined): Record<string, string> {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`--config takes key=value, got '${value}'`);
    return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}
