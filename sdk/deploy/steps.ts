/**
 * The arguments and stdin of each remote step, built from the plan and a rendered bundle.
 * Pure: the components wrap these in `remote.Command`s, the fleet tests run them over ssh.
 * Secret contents go to stdin only; arguments carry hashes, never a secret value.
 */
import type { Bundle } from "../nixos/types";
import type { HealthChecks, SecretFile } from "../plan/types";
import { contentHash, sha256 } from "./content-hash";
import {
    ETC_NIXOS,
    type NixpkgsSource,
    STATE_DIR,
    type SecretFileArgs,
    type SecretsArgs,
    type SwitchArgs,
    type UploadArgs,
    type UploadStdin,
    type WaitArgs,
} from "./contract";

export { stepCommand } from "./script-command";
export { contentHash } from "./content-hash";

/** A secret file as the secrets step needs it (the plan's SecretFile fits). */
export type SecretFileMeta = Pick<SecretFile, "path" | "owner" | "group" | "checks"> & { readonly mode: string };

/** Rendered contents of secret files, keyed by path. */
export type SecretContents = Readonly<Record<string, string>>;

export interface StepOptions {
    /** @default 300 */
    readonly lockTimeoutSeconds?: number;
}

/** Files that exist once a host has booted NixOS (see WaitArgs). */
export const BOOTED_NIXOS_MARKERS: readonly string[] = ["/etc/NIXOS", "/run/current-system"];

/** @param timeoutSeconds how long to wait for a booted NixOS @default 900 */
export function waitArgs(host: string, timeoutSeconds = 900): WaitArgs {
    return { host, markers: BOOTED_NIXOS_MARKERS, timeoutSeconds };
}

function sortedFiles(files: readonly SecretFileMeta[]): SecretFileMeta[] {
    const seen = new Set<string>();
    for (const f of files) {
        if (seen.has(f.path)) throw new Error(`secret file ${f.path} is listed twice`);
        seen.add(f.path);
    }
    return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function contentOf(contents: SecretContents, path: string): string {
    const content = contents[path];
    if (content === undefined) throw new Error(`no content for secret file ${path}`);
    return content;
}

/** The hash the secrets step records and the switch step checks: paths, owners, modes, contents. */
export function secretsHash(files: readonly SecretFileMeta[], contents: SecretContents): string {
    return contentHash(
        sortedFiles(files).flatMap((f) => [f.path, f.owner, f.group, f.mode, sha256(contentOf(contents, f.path))]),
    );
}

export function secretsArgs(
    host: string,
    files: readonly SecretFileMeta[],
    contents: SecretContents,
    options: StepOptions = {},
): SecretsArgs {
    const list: SecretFileArgs[] = sortedFiles(files).map((f) => ({
        path: f.path,
        owner: f.owner,
        group: f.group,
        mode: f.mode,
        // Named as the user wrote the arg: the Bridge component of that name.
        ...(f.checks && f.checks.length > 0
            ? { checks: f.checks.map((c) => ({ variable: c.variable, name: `Bridge "${c.bridge}".${c.arg}`, pattern: c.pattern, reason: c.reason })) }
            : {}),
    }));
    return {
        host,
        stateDir: STATE_DIR,
        files: list,
        contentHash: secretsHash(files, contents),
        ...lock(options),
    };
}

/** `{ "<path>": "<base64>" }` with keys sorted. */
export function secretsStdin(files: readonly SecretFileMeta[], contents: SecretContents): string {
    const out: Record<string, string> = {};
    for (const f of sortedFiles(files)) out[f.path] = Buffer.from(contentOf(contents, f.path), "utf8").toString("base64");
    return JSON.stringify(out);
}

export function uploadArgs(bundle: Bundle, options: StepOptions & { readonly keepBundles?: number } = {}): UploadArgs {
    return {
        host: bundle.host,
        stateDir: STATE_DIR,
        etcNixos: ETC_NIXOS,
        bundleHash: bundle.hash,
        ...(options.keepBundles === undefined ? {} : { keepBundles: options.keepBundles }),
        ...lock(options),
    };
}

export function uploadStdin(bundle: Bundle): string {
    const paths = Object.keys(bundle.files).sort();
    const stdin: UploadStdin = {
        files: Object.fromEntries(paths.map((p) => [p, Buffer.from(bundle.files[p]!, "utf8").toString("base64")])),
        sha256: Object.fromEntries(paths.map((p) => [p, sha256(Buffer.from(bundle.files[p]!, "utf8"))])),
    };
    return JSON.stringify(stdin);
}

export interface SwitchOptions extends StepOptions {
    /** Seconds to keep retrying health checks after the switch. @default 120 */
    readonly healthTimeoutSeconds?: number;
    /** Units restarted when only secrets changed. @default the health-checked units that read secrets */
    readonly restartOnSecretsChange?: readonly string[];
}

export function switchArgs(
    bundle: Bundle,
    secretsHash: string,
    checks: HealthChecks,
    nixpkgs: NixpkgsSource,
    options: SwitchOptions = {},
): SwitchArgs {
    return {
        host: bundle.host,
        stateDir: STATE_DIR,
        etcNixos: ETC_NIXOS,
        bundleHash: bundle.hash,
        secretsHash,
        healthChecks: {
            units: [...checks.units],
            http: checks.http.map((c) => ({
                url: c.url,
                ...(c.hostHeader === undefined ? {} : { hostHeader: c.hostHeader }),
                expectJsonKey: c.expectJsonKey,
            })),
            timeoutSeconds: options.healthTimeoutSeconds ?? 120,
            ...(checks.backup ? { backup: { ...checks.backup } } : {}),
            ...(checks.mesh ? { mesh: { interface: checks.mesh.interface, peers: checks.mesh.peers.map((p) => ({ ...p })), maxHandshakeAgeSeconds: checks.mesh.maxHandshakeAgeSeconds } } : {}),
        },
        restartOnSecretsChange: [...(options.restartOnSecretsChange ?? checks.secretReaders)],
        nixpkgs: { release: nixpkgs.release, url: nixpkgs.url, sha256: nixpkgs.sha256 },
        ...lock(options),
    };
}

function lock(options: StepOptions): { lockTimeoutSeconds?: number } {
    return options.lockTimeoutSeconds === undefined ? {} : { lockTimeoutSeconds: options.lockTimeoutSeconds };
}
