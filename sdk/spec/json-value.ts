/**
 * Whether a value survives `JSON.stringify` as written. Settings merged into a generated
 * JSON or YAML file (Element's config.json, a bridge's config) would lose a function or an
 * undefined silently and turn NaN into null: each is refused, at its path.
 */
import type { z } from "zod";

export interface JsonProblem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

export function jsonProblems(value: unknown, path: (string | number)[] = []): JsonProblem[] {
    switch (typeof value) {
        case "string":
        case "boolean":
            return [];
        case "number":
            return Number.isFinite(value) ? [] : [{ path, message: "must be a finite number: JSON has no NaN or Infinity" }];
        case "function":
            return [{ path, message: "is a function; the file it is written to holds JSON values only" }];
        case "object":
            if (value === null) return [];
            if (Array.isArray(value)) return value.flatMap((v, i) => jsonProblems(v, [...path, i]));
            if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
                return [{ path, message: "must be a plain object, list, string, number, boolean or null (a JSON value)" }];
            }
            return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => jsonProblems(v, [...path, k]));
        default:
            return [{ path, message: `is ${typeof value === "undefined" ? "undefined" : `a ${typeof value}`}, which JSON cannot hold` }];
    }
}

/** Adds each JSON problem of `value` to a zod refinement context. */
export function addJsonIssues(value: unknown, ctx: z.RefinementCtx): void {
    for (const problem of jsonProblems(value)) ctx.addIssue({ code: "custom", path: [...problem.path], message: problem.message });
}
