/**
 * A component's own validation: its spec entry checked against the entry's schema the
 * moment it is constructed, every issue named `<Class> "<name>".<arg>`. Plain args fail
 * synchronously in the constructor; args given as Promises or Outputs are awaited first
 * and fail when the stack seals.
 */
import type { z } from "zod";
import { identifier } from "../spec/common";
import { formatPath, SpecError, type SpecIssue } from "../spec/errors";
import { readableIssues, specErrorMap } from "../spec/issue-messages";
import { isPlainDeep, resolveKnown } from "./known-inputs";
import { isPlainCheck, plainIssues, resolvedIssues, type ValueCheck } from "./value-checks";

export interface ComponentSpecOptions {
    readonly className: string;
    readonly name: string;
    readonly schema: z.ZodType;
    /** Fields decided by args; must be known values. */
    readonly structural: Record<string, unknown>;
    /** Fields passed through as given (secret Outputs); not awaited. */
    readonly opaque?: Record<string, unknown>;
    readonly argPath: (specPath: string) => string;
    /** Checks of args outside the schema (secret credentials, keys). */
    readonly checks?: readonly ValueCheck[];
}

/** `MatrixHomeserver "hs"`: how errors and messages name a component. */
export function componentLabel(className: string, name: string): string {
    return `${className} "${name}"`;
}

/** The spec entry: validated now when plain (throws SpecError), else once resolved. */
export function componentSpec(options: ComponentSpecOptions): Promise<Record<string, unknown>> {
    const label = componentLabel(options.className, options.name);
    // The name becomes the spec name (and the default host's): one clear error, not one per field.
    if (!identifier.safeParse(options.name).success) {
        throw new SpecError([
            { path: label, message: "the component name must start with a-z and hold only a-z, 0-9 and '-' (at most 31 characters)" },
        ]);
    }
    const entryOf = (structural: Record<string, unknown>) => ({ ...structural, ...(options.opaque ?? {}) });
    const schemaIssues = (entry: Record<string, unknown>): SpecIssue[] => {
        const result = options.schema.safeParse(entry, { error: specErrorMap });
        if (result.success) return [];
        return readableIssues(result.error, entry).map((issue) => ({
            path: `${label}.${options.argPath(formatPath(issue.path))}`.replace(/\.$/, ""),
            message: issue.message,
        }));
    };
    const checks = options.checks ?? [];
    const later = checks.filter((c) => !isPlainCheck(c));
    // What is plain fails now, in the constructor; the rest once it resolves.
    const now = plainIssues(label, checks.filter(isPlainCheck));
    const plain = isPlainDeep(options.structural);
    if (plain) now.unshift(...schemaIssues(entryOf(options.structural)));
    if (now.length > 0) throw new SpecError(now);
    if (plain && later.length === 0) return Promise.resolve(entryOf(options.structural));
    return Promise.all([
        plain ? options.structural : resolveKnown(options.structural, label),
        resolvedIssues(label, later),
    ]).then(([resolved, laterIssues]) => {
        const entry = entryOf(resolved as Record<string, unknown>);
        const issues = [...(plain ? [] : schemaIssues(entry)), ...laterIssues];
        if (issues.length > 0) throw new SpecError(issues);
        return entry;
    });
}

/** An argPath that renames some spec paths (prefix match) and keeps the rest. */
export function renamePaths(renames: Record<string, string>): (specPath: string) => string {
    const entries = Object.entries(renames).sort((a, b) => b[0].length - a[0].length);
    return (specPath) => {
        for (const [from, to] of entries) {
            if (specPath === from || specPath.startsWith(`${from}.`) || specPath.startsWith(`${from}[`)) {
                return to + specPath.slice(from.length);
            }
        }
        return specPath;
    };
}
