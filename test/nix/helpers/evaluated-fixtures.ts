/**
 * Every fixture host rendered and evaluated once per test file (evaluation runs the real
 * nix-instantiate, so results are memoized).
 */
import { allFixtureHosts, type RenderedHost } from "./fixture-bundles";
import { evaluateBundle, type EvaluatedBundle } from "./nix-tools";

export interface EvaluatedHost {
    readonly label: string;
    readonly rendered: RenderedHost;
    readonly evaluated: EvaluatedBundle;
}

let cache: EvaluatedHost[] | undefined;

export function evaluatedFixtureHosts(): EvaluatedHost[] {
    cache ??= allFixtureHosts().map(({ label, rendered }) => ({ label, rendered, evaluated: evaluateBundle(rendered.bundle) }));
    return cache;
}

export function evaluatedHost(label: string): EvaluatedHost {
    const found = evaluatedFixtureHosts().find((h) => h.label === label);
    if (!found) throw new Error(`no fixture host ${label}`);
    return found;
}

/** Reads a path (segments) from a plain tree; undefined when any step is missing. */
export function at(tree: unknown, ...segments: string[]): unknown {
    let node: unknown = tree;
    for (const segment of segments) {
        if (typeof node !== "object" || node === null) return undefined;
        node = (node as Record<string, unknown>)[segment];
    }
    return node;
}
