/**
 * Running the real Nix evaluator on rendered bundles. A missing nix-instantiate fails the
 * checks with the package to install; it never skips them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Bundle } from "../../../sdk/nixos/types";
import { SHARED_DIR } from "../../support/needs";

export const HARNESS = path.resolve(__dirname, "../harness/eval-options.nix");
/** Tells the harness where options start (see eval-options.nix). */
const OPTIONS_JSON = path.join(SHARED_DIR, "nixos/options.json");
const PROJECT_OPTIONS_JSON = path.resolve(__dirname, "../data/options-26.05.json");

/**
 * The environment nix-instantiate runs in. Debian's Nix creates per-user profile directories
 * under /nix/var on every run, which only root may do: anyone else gets a state directory of
 * their own, one per user, kept between runs (evaluation and parsing never touch the store).
 */
export function nixEnv(): NodeJS.ProcessEnv {
    const uid = process.getuid?.();
    if (uid === undefined || uid === 0 || process.env.NIX_STATE_DIR !== undefined) return process.env;
    const stateDir = path.join(tmpdir(), `nixos-matrix-nix-state-${uid}`);
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    return { ...process.env, NIX_STATE_DIR: stateDir };
}

export function requireNixInstantiate(env: NodeJS.ProcessEnv = nixEnv()): void {
    const probe = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8", env });
    if (probe.error || probe.status !== 0) {
        throw new Error(
            "the nix checks need nix-instantiate (Debian package nix-bin), which was not found on PATH: install it, e.g. apt-get install nix-bin",
        );
    }
}

/** Writes the bundle's files into a fresh directory laid out like /etc/nixos; returns it. */
export function writeBundle(bundle: Bundle): string {
    const dir = mkdtempSync(path.join(tmpdir(), `nixos-matrix-${bundle.host}-`));
    for (const [relative, content] of Object.entries(bundle.files)) {
        const target = path.join(dir, relative);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
    }
    return dir;
}

export function removeBundle(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
}

/**
 * `nix-instantiate --parse` on the given files in one run; null when all parse, otherwise
 * the error text, which names the first file that does not.
 */
export function parseError(...files: string[]): string | null {
    const result = spawnSync("nix-instantiate", ["--parse", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: nixEnv() });
    if (result.error) throw result.error;
    return result.status === 0 ? null : result.stderr.trim();
}

export interface EvaluatedBundle {
    /** The plain option tree the bundle's modules set. */
    readonly config: Record<string, unknown>;
    /** Stub packages in the tree, with the arguments their `override` received. */
    readonly packages: readonly { readonly path: readonly string[]; readonly args: Record<string, unknown> }[];
}

/** Evaluates a bundle written by writeBundle with the harness (real nix-instantiate --eval --strict). */
export function evaluateBundleDir(dir: string): EvaluatedBundle {
    const result = spawnSync(
        "nix-instantiate",
        ["--eval", "--strict", "--json", HARNESS, "--argstr", "bundleDir", dir, "--argstr", "optionsFile", OPTIONS_JSON, "--argstr", "projectOptionsFile", PROJECT_OPTIONS_JSON],
        { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: nixEnv() },
    );
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`evaluating ${dir} failed:\n${result.stderr}`);
    return JSON.parse(result.stdout) as EvaluatedBundle;
}

export function evaluateBundle(bundle: Bundle): EvaluatedBundle {
    requireNixInstantiate();
    const dir = writeBundle(bundle);
    try {
        return evaluateBundleDir(dir);
    } finally {
        removeBundle(dir);
    }
}
