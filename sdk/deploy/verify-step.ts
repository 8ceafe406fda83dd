/**
 * The verify step: after the last switch, one command on the homeserver's host runs the plan's
 * checks (scripts/verify.sh with its check functions) and prints their results as JSON.
 * Pure: the components wrap it in a `remote.Command`, the fleet tests and the operator CLI run
 * the very same script.
 */
import type { VerifyCheck, VerifyRun } from "../plan/verify";
import { contentHash } from "./content-hash";
import { lastJsonArray, readScript, shellQuote } from "./script-command";

/** verify.sh's one argument. */
export interface VerifyArgs {
    /** The host the step runs on (named in every log line). */
    readonly host: string;
    readonly homeserver: string;
    /** Staging certificates are reported as such instead of failing their chain. */
    readonly staging: boolean;
    readonly checks: readonly VerifyCheck[];
    /** Hash of what the hosts were switched to: the step re-runs exactly when a host changed. */
    readonly deployHash: string;
    /** Name -> address overrides instead of DNS (tests; checking before DNS moves). */
    readonly resolve?: Readonly<Record<string, string>>;
    /** A CA file trusted besides the system's (tests with a local CA). */
    readonly caFile?: string;
}

/** One check's result: the `verification` output of the components. */
export interface VerificationResult {
    readonly check: string;
    /** The host whose service was checked. */
    readonly host: string;
    readonly ok: boolean;
    readonly detail: string;
}

/**
 * What `nixos-matrix verify` needs to run a homeserver's checks from the operator's machine:
 * the run and the values of the secrets its checks read. Secret; a program exports it.
 */
export interface OperatorVerifyInputs {
    readonly kind: "nixos-matrix-verify";
    readonly run: VerifyRun;
    /** Secret name -> value, for each secret a check reads. */
    readonly secrets: Readonly<Record<string, string>>;
}

/** The names of the secrets a run's checks read. */
export function verifySecretNames(run: VerifyRun): string[] {
    const names = run.checks.flatMap((c) => (c.kind === "bridge" ? [c.asToken.secret] : c.kind === "turn" ? [c.sharedSecret.secret] : []));
    return [...new Set(names)].sort();
}

/** The check functions first, then the driver that calls them: one bash program. */
export const VERIFY_SCRIPTS: readonly string[] = ["verify-http.sh", "verify-tls.sh", "verify-backup.sh", "verify.sh"];

export function verifyArgs(
    run: VerifyRun,
    switched: readonly string[],
    options: { readonly resolve?: Readonly<Record<string, string>>; readonly caFile?: string } = {},
): VerifyArgs {
    return {
        host: run.host,
        homeserver: run.homeserver,
        staging: run.staging,
        checks: run.checks,
        deployHash: contentHash([...switched].sort()),
        ...(options.resolve ? { resolve: options.resolve } : {}),
        ...(options.caFile ? { caFile: options.caFile } : {}),
    };
}

/** The verify step's script: its check functions, then verify.sh. */
export function verifyScript(): string {
    return VERIFY_SCRIPTS.map(readScript).join("\n");
}

/** `bash -c '<script>' nixos-matrix-verify '<json>'`. */
export function verifyCommand(args: VerifyArgs): string {
    return `bash -c ${shellQuote(verifyScript())} nixos-matrix-verify ${shellQuote(JSON.stringify(args))}`;
}

/** The results verify.sh printed (its last stdout line). */
export function parseVerification(stdout: string): VerificationResult[] {
    return lastJsonArray(stdout, "verify").map((r) => ({ check: String(r.check), host: String(r.host), ok: r.ok === true, detail: String(r.detail) }));
}

/** The argument of a verify command line (undefined for any other command). */
export function verifyArgsOf(commandLine: string): VerifyArgs | undefined {
    const marker = " nixos-matrix-verify '";
    const at = commandLine.lastIndexOf(marker);
    if (at < 0 || !commandLine.endsWith("'")) return undefined;
    return JSON.parse(commandLine.slice(at + marker.length, -1).replace(/'\\''/g, "'")) as VerifyArgs;
}
