/**
 * The JSON argument each remote step script takes (its only positional argument), and
 * what it reads on stdin. The components build these; the fleet tests pass the very same.
 * Scripts live in sdk/deploy/scripts/<step>.sh and need bash, coreutils, flock and jq.
 */

/** The state directory the steps keep on every host. */
export const STATE_DIR = "/var/lib/nixos-matrix";

/** wait.sh: block until the host runs NixOS. stdin: nothing. */
export interface WaitArgs {
    readonly host: string;
    /** File whose existence means NixOS is installed. @default "/etc/NIXOS" */
    readonly marker: string;
    readonly timeoutSeconds: number;
}

/** One secret file to write: content arrives on stdin (never in the argument). */
export interface SecretFileArgs {
    readonly path: string;
    readonly owner: string;
    readonly group: string;
    readonly mode: string;
}

/**
 * secrets.sh: write secret files atomically, root-owned unless told otherwise, only where
 * content, owner or mode differ; report which changed. stdin: JSON object
 * `{ "<path>": "<base64 of content>" }`.
 */
export interface SecretsArgs {
    readonly host: string;
    readonly stateDir: string;
    readonly files: readonly SecretFileArgs[];
    /** sha256 over paths, modes, owners and contents; makes the command change when they do. */
    readonly contentHash: string;
}

/**
 * upload.sh: stage the bundle under `<stateDir>/bundles/<bundleHash>/` (skipped when that
 * complete bundle is already there), then atomically point `/etc/nixos/nixos-matrix` at it and
 * replace `/etc/nixos/configuration.nix`. Never touches hardware-configuration.nix or
 * networking.nix. stdin: JSON object `{ "<relative path>": "<base64 of content>" }`.
 */
export interface UploadArgs {
    readonly host: string;
    readonly stateDir: string;
    readonly etcNixos: string;
    readonly bundleHash: string;
}

/**
 * switch.sh: under a host-wide lock, `nixos-rebuild switch` unless the active generation
 * already runs `bundleHash` (and no secret changed since: `secretsHash`), then health checks;
 * on failure `nixos-rebuild switch --rollback`, restore the previous bundle, exit non-zero
 * printing the evidence. stdin: nothing.
 */
export interface SwitchArgs {
    readonly host: string;
    readonly stateDir: string;
    readonly etcNixos: string;
    readonly bundleHash: string;
    readonly secretsHash: string;
    readonly healthChecks: {
        readonly units: readonly string[];
        readonly http: readonly { readonly url: string; readonly hostHeader?: string; readonly expectJsonKey: string }[];
        /** Seconds to keep retrying checks after the switch. */
        readonly timeoutSeconds: number;
    };
}
