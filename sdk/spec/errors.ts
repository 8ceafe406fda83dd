import { z } from "zod";
import { readableIssues, specErrorMap } from "./issue-messages";

/**
 * Raised for any invalid input, before any resource is created.
 * Each issue names the field path (dotted, with [i] for list items) and the reason.
 */
export class SpecError extends Error {
    constructor(readonly issues: readonly SpecIssue[]) {
        super(issues.map(formatIssue).join("\n"));
        this.name = "SpecError";
    }
}

export interface SpecIssue {
    readonly path: string;
    readonly message: string;
}

export function formatIssue(issue: SpecIssue): string {
    return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Turns a zod path into `a.b[2].c`, prefixed with `root` when given. */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
    let out = root;
    for (const key of path) {
        if (typeof key === "number") out += `[${key}]`;
        else out += out ? `.${String(key)}` : String(key);
    }
    return out;
}

/** Parses `input` with `schema`, or throws a SpecError naming every bad field under `root`. */
export function parseSpec<S extends z.ZodType>(schema: S, input: unknown, root = ""): z.output<S> {
    const result = schema.safeParse(input, { error: specErrorMap });
    if (result.success) return result.data;
    throw new SpecError(
        readableIssues(result.error, input).map((issue) => ({ path: formatPath(issue.path, root), message: issue.message })),
    );
}
