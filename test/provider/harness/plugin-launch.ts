/**
 * How the Pulumi CLI starts a resource plugin from its directory (`execPlugin` in the Go
 * SDK's resource/plugin package, and the nodejs language host's `RunPlugin`):
 *
 * - It looks for the executable `<plugin dir>/pulumi-resource-<name>` and, when present,
 *   runs it with the engine's address.
 * - Otherwise `PulumiPlugin.yaml` names the runtime. For `nodejs` the language host runs
 *   `node <@pulumi/pulumi/cmd/run-plugin, resolved from the plugin dir> [nodeargs]
 *   <plugin dir> <engine address>`, with `node` found on PATH, in the user's project
 *   directory, and `PULUMI_NODEJS_TYPESCRIPT=true` unless the runtime option `typescript`
 *   is false.
 * - It reads the port from the first line of stdout.
 */
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface PluginLaunch {
    /** `binary`: the plugin's own executable; `nodejs`: through the nodejs language host. */
    readonly via: "binary" | "nodejs";
    readonly command: string;
    readonly args: readonly string[];
    /** Variables added to the CLI's environment. */
    readonly env: Readonly<Record<string, string>>;
}

interface RuntimeOptions {
    readonly typescript?: boolean;
    readonly nodeargs?: string;
    readonly tsconfig?: string;
}

/** `exec.LookPath`: the first executable `name` on PATH. */
export function lookPath(name: string, searchPath = process.env.PATH ?? ""): string {
    for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(dir, name);
        try {
            accessSync(candidate, constants.X_OK);
            return candidate;
        } catch {
            // not here
        }
    }
    throw new Error(`${name} is not on PATH`);
}

/** The command the CLI runs for the resource plugin `name` in `pluginDir`. */
export function pluginLaunch(pluginDir: string, name: string, engineAddress: string): PluginLaunch {
    const dir = path.resolve(pluginDir);
    const bin = path.join(dir, `pulumi-resource-${name}`);
    if (existsSync(bin)) return { via: "binary", command: bin, args: [engineAddress], env: {} };

    const project = parse(readFileSync(path.join(dir, "PulumiPlugin.yaml"), "utf8")) as { runtime: string | { name: string; options?: RuntimeOptions } };
    const runtime = typeof project.runtime === "string" ? { name: project.runtime, options: {} as RuntimeOptions } : project.runtime;
    if (runtime.name !== "nodejs") throw new Error(`PulumiPlugin.yaml in ${dir} names the runtime ${runtime.name}, not nodejs`);
    const options = runtime.options ?? {};
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [dir] });
    const env: Record<string, string> = {};
    if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    const nodeargs = options.nodeargs ? options.nodeargs.split(/\s+/).filter(Boolean) : [];
    return { via: "nodejs", command: lookPath("node"), args: [runPlugin, ...nodeargs, dir, engineAddress], env };
}
