import { z } from "zod";

const EXPECTED: Record<string, string> = {
    string: "must be a string",
    number: "must be a number",
    int: "must be an integer",
    boolean: "must be true or false",
    array: "must be a list",
    object: "must be an object",
    record: "must be an object",
};

/**
 * Plain-language replacements for zod's default messages. Schemas that set their own
 * `error` keep it: zod gives a schema's error precedence over this parse-level map.
 */
export const specErrorMap: z.core.$ZodErrorMap = (issue) => {
    switch (issue.code) {
        case "invalid_type":
            if (issue.input === undefined) return "is required";
            return EXPECTED[issue.expected];
        case "too_small":
            if (issue.origin === "string") {
                return Number(issue.minimum) <= 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
            }
            if (issue.origin === "array") {
                return Number(issue.minimum) === 1 ? "must not be empty" : `must have at least ${issue.minimum} items`;
            }
            if (issue.origin === "number" || issue.origin === "int") return `must be at least ${issue.minimum}`;
            return undefined;
        case "too_big":
            if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
            if (issue.origin === "array") return `must have at most ${issue.maximum} items`;
            if (issue.origin === "number" || issue.origin === "int") return `must be at most ${issue.maximum}`;
            return undefined;
        case "invalid_value":
            return `must be ${issue.values.map((v) => `'${String(v)}'`).join(" or ")}`;
        default:
            return undefined;
    }
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let value = input;
    for (const key of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[key];
    }
    return value;
}

export interface PathIssue {
    readonly path: readonly PropertyKey[];
    readonly message: string;
}

/**
 * Rewrites zod issues: one issue per unknown key (naming the key in the path), and
 * `is required` for a missing field even where the schema has its own type message
 * (e.g. `must be a domain name`), since that message only fits a wrong value.
 */
export function readableIssues(error: z.ZodError, input: unknown): PathIssue[] {
    return error.issues.flatMap((issue): PathIssue[] => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({ path: [...issue.path, key], message: "is not a known field" }));
        }
        const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
        return [{ path: issue.path, message: missing ? "is required" : issue.message }];
    });
}
