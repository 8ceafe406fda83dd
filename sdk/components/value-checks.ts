/**
 * Checks of args the spec passes through unread: credentials given as secrets and SSH key
 * material. A plain value is checked in the constructor; a Promise or Output (secret or not)
 * once it resolves, before the stack is planned; an Output unknown at plan time is left to
 * the deploy (see the secrets step). Messages name the arg, never the value.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SpecIssue } from "../spec/errors";
import { isConfigPlaceholder } from "../spec/placeholder";
import { isPlainDeep } from "./known-inputs";

export interface ValueCheck {
    /** The arg the issue names. */
    readonly arg: string;
    /** The args the check reads, in order. */
    readonly inputs: readonly unknown[];
    /** An absent input is an issue (`is required`); otherwise the check is skipped. */
    readonly required?: boolean;
    /** Why the values do not fit, or undefined. Never quotes a value. */
    readonly problem: (values: readonly unknown[]) => string | undefined;
}

interface OutputInternals {
    readonly isKnown: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
}

const UNKNOWN = Symbol("unknown");

/** The value of an input, or UNKNOWN while an Output has none (preview). */
async function known(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const output = value as unknown as OutputInternals;
        return (await output.isKnown) ? known(await output.promise()) : UNKNOWN;
    }
    if (value instanceof Promise) return known(await value);
    return value;
}

function issueOf(label: string, check: ValueCheck, values: readonly unknown[]): SpecIssue[] {
    if (values.some((v) => v === UNKNOWN || (typeof v === "string" && isConfigPlaceholder(v)))) return [];
    if (values.some((v) => v === undefined || v === null)) {
        return check.required && values.length === 1 ? [{ path: `${label}.${check.arg}`, message: "is required" }] : [];
    }
    const problem = check.problem(values);
    return problem === undefined ? [] : [{ path: `${label}.${check.arg}`, message: problem }];
}

/** Whether every input of the check is a plain value now. */
export function isPlainCheck(check: ValueCheck): boolean {
    return check.inputs.every(isPlainDeep);
}

export function plainIssues(label: string, checks: readonly ValueCheck[]): SpecIssue[] {
    return checks.flatMap((check) => issueOf(label, check, check.inputs));
}

export async function resolvedIssues(label: string, checks: readonly ValueCheck[]): Promise<SpecIssue[]> {
    const results = await Promise.all(checks.map(async (check) => issueOf(label, check, await Promise.all(check.inputs.map(known)))));
    return results.flat();
}
