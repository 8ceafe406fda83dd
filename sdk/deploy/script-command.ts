/**
 * Turns a step script and its JSON argument into the one command line the remote runs.
 *
 * Rule: the script is a file in `scripts/`, passed whole as `bash -c '<script>'`.
 * Why: the host needs nothing of ours installed before the first step, shell never lives in
 * template strings, and the JSON argument (which carries the content hashes) is part of the
 * command, so a `remote.Command` re-runs exactly when content changes.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Step, StepArgs } from "./contract";

const SCRIPTS_DIR = path.join(__dirname, "scripts");
const texts = new Map<string, string>();

/** The text of a script in `scripts/`, read once. */
export function readScript(file: string): string {
    let text = texts.get(file);
    if (text === undefined) {
        text = readFileSync(path.join(SCRIPTS_DIR, file), "utf8");
        texts.set(file, text);
    }
    return text;
}

/** The text of `scripts/<step>.sh`. */
export function scriptText(step: Step): string {
    return readScript(`${step}.sh`);
}

/** Quotes one word for a POSIX shell: `it's` becomes `'it'\''s'`. */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `bash -c '<script>' nixos-matrix-<step> '<json>'`: what the remote runs for one step. */
export function stepCommand<S extends Step>(step: S, args: StepArgs[S]): string {
    return `bash -c ${shellQuote(scriptText(step))} nixos-matrix-${step} ${shellQuote(JSON.stringify(args))}`;
}

/** The JSON array a step printed as its last stdout line; `step` names it in the error. */
export function lastJsonArray(stdout: string, step: string): Record<string, unknown>[] {
    const last = stdout.trim().split("\n").pop() ?? "";
    let parsed: unknown;
    try {
        parsed = JSON.parse(last);
    } catch {
        throw new Error(`${step} printed no results: ${last.slice(0, 200)}`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${step} printed no result list`);
    return parsed as Record<string, unknown>[];
}
