/**
 * The bootstrap step: after the last switch, one command on each Synapse homeserver's host
 * creates its admins and moderation bots' users and rooms (scripts/bootstrap.sh), and on each
 * Conduit-family homeserver's host its admins and bridge registrations (scripts/conduit-bootstrap.sh), and prints what it did as JSON. Pure: the
 * components wrap it in a `remote.Command`, the fleet tests run the very same command.
 */
import type { BootstrapRun } from "../plan/bootstrap";
import { contentHash } from "./content-hash";
import { lastJsonArray, readScript, shellQuote } from "./script-command";

/** bootstrap.sh's one argument: the run without secret names, and what the hosts switched to. */
export interface BootstrapArgs {
    readonly host: string;
    readonly homeserver: string;
    readonly homeserverUrl: string;
    readonly sharedSecretFile?: string;
    readonly conduit?: BootstrapRun["conduit"];
    readonly stateDir: string;
    readonly admins: readonly { readonly localpart: string; readonly userId: string; readonly passwordFile: string; readonly rotation: number }[];
    readonly bots: BootstrapRun["bots"];
    /** Hash of what the hosts were switched to: the step re-runs when a host changed (a rotated password). */
    readonly deployHash: string;
}

/** What the step did for one user. */
export interface BootstrapResult {
    readonly user: string;
    readonly created: boolean;
    readonly passwordSet: boolean;
}

export function bootstrapArgs(run: BootstrapRun, switched: readonly string[]): BootstrapArgs {
    return {
        host: run.host,
        homeserver: run.homeserver,
        homeserverUrl: run.homeserverUrl,
        ...(run.sharedSecretFile !== undefined ? { sharedSecretFile: run.sharedSecretFile } : {}),
        ...(run.conduit !== undefined ? { conduit: run.conduit } : {}),
        stateDir: run.stateDir,
        admins: run.admins.map(({ localpart, userId, passwordFile, rotation }) => ({ localpart, userId, passwordFile, rotation })),
        bots: run.bots,
        deployHash: contentHash([...switched].sort()),
    };
}

/** The client-API helpers first (and any further helper files), then the step's own script: one bash program. */
export function matrixStepScript(file: string, helpers: readonly string[] = []): string {
    return ["matrix-api.sh", ...helpers, file].map(readScript).join("\n");
}

/** `bash -c '<script>' nixos-matrix-bootstrap '<json>'`. */
export function bootstrapCommand(args: BootstrapArgs): string {
    const script = args.conduit ? matrixStepScript("conduit-bootstrap.sh", ["admin-room-api.sh"]) : matrixStepScript("bootstrap.sh");
    return `bash -c ${shellQuote(script)} nixos-matrix-bootstrap ${shellQuote(JSON.stringify(args))}`;
}

/** The users bootstrap.sh (or conduit-bootstrap.sh) reported (its last stdout line). */
export function parseBootstrap(stdout: string): BootstrapResult[] {
    return lastJsonArray(stdout, "bootstrap")
        .filter((r) => r.user !== undefined)
        .map((r) => ({ user: String(r.user), created: r.created === true, passwordSet: r.passwordSet === true }));
}

/** What conduit-bootstrap.sh did to each appservice: `registered` or `unregistered` (nothing when unchanged). */
export function parseAppserviceChanges(stdout: string): { readonly appservice: string; readonly action: string }[] {
    return lastJsonArray(stdout, "bootstrap")
        .filter((r) => r.appservice !== undefined)
        .map((r) => ({ appservice: String(r.appservice), action: String(r.action) }));
}
