/**
 * `nixos-matrix synth [program dir] [--out dir] [--config key=value ...]`
 * Defaults: examples/all-in-one and out/.
 */
import * as path from "node:path";
import { parseRestoreArgs, runRestore } from "../cli/restore";
import { SpecError } from "../spec/errors";
import { synth } from "./synth";

const USAGE = "usage: nixos-matrix synth [program dir] [--out dir] [--config key=value ...]";

interface CliArgs {
    readonly programDir: string;
    readonly outDir: string;
    readonly config: Record<string, string>;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
    const [verb, ...rest] = argv;
    if (verb !== "synth") throw new Error(USAGE);
    let programDir: string | undefined;
    let outDir = "out";
    const config: Record<string, string> = {};
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === "--out" || arg === "--config") {
            const value = rest[++i];
            if (value === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
            if (arg === "--out") outDir = value;
            else {
                const eq = value.indexOf("=");
                if (eq <= 0) throw new Error(`--config takes key=value, got '${value}'`);
                config[value.slice(0, eq)] = value.slice(eq + 1);
            }
        } else if (arg.startsWith("-")) {
            throw new Error(`unknown option ${arg}\n${USAGE}`);
        } else if (programDir === undefined) {
            programDir = arg;
        } else {
            throw new Error(`unexpected argument ${arg}\n${USAGE}`);
        }
    }
    return { programDir: programDir ?? path.join("examples", "all-in-one"), outDir, config };
}

async function main(): Promise<void> {
    if (process.argv[2] === "restore") {
        process.exitCode = await runRestore(parseRestoreArgs(process.argv.slice(3)), (text) => process.stdout.write(text));
        return;
    }
    const args = parseCliArgs(process.argv.slice(2));
    const result = await synth(path.resolve(args.programDir), path.resolve(args.outDir), { config: args.config });
    const hosts = result.run.stack.plan.hosts.map((h) => h.name).join(", ");
    process.stdout.write(`synth: ${Object.keys(result.files).length} files for hosts ${hosts} in ${args.outDir}\n`);
    const pin = result.run.stack.plan.nixpkgs;
    const rollout = result.run.stack.plan.rollout.map((level) => level.join(" ")).join(", then ");
    process.stdout.write(`synth: every host builds against NixOS ${pin.release} nixpkgs ${pin.url} (sha256 ${pin.sha256}); switch order: ${rollout}\n`);
}

if (require.main === module) {
    main().then(
        // The mocked runtime keeps no handles worth waiting for.
        () => process.exit(process.exitCode ?? 0),
        (err: unknown) => {
            process.stderr.write(`${err instanceof SpecError ? `invalid stack:\n${err.message}` : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exit(1);
        },
    );
}

export { main };
