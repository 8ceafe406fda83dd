/**
 * The JSON argument each remote step script takes (its only positional argument), and
 * what it reads on stdin. The components build these; the fleet tests pass the very same.
 * Scripts live in sdk/deploy/scripts/<step>.sh and need bash, coreutils, flock and jq.
 */

import { STATE_DIR } from "../plan/paths";

/**
 * The state directory the steps keep on every host (`lock`, `bundles/`, `secrets.hash`,
 * `secrets.manifest`, `active`, `nixpkgs/`, `nixpkgs.active`, `dumps/`).
 */
export { STATE_DIR };

/** Where the host's NixOS configuration lives. */
export const ETC_NIXOS = "/etc/nixos";

/** The steps, in the order each host runs them. */
export type Step = "wait" | "secrets" | "upload" | "pin" | "switch" | "mesh-key" | "old-signing-keys";

/** Every step but wait takes `<stateDir>/lock`; a second deploy to the host waits this long, then fails. */
export interface Locked {
    /** @default 300 */
    readonly lockTimeoutSeconds?: number;
}

/** wait.sh: block until the host runs NixOS. stdin: nothing. */
export interface WaitArgs {
    readonly host: string;
    /**
     * Files that must all exist: the host has booted NixOS. nixos-infect writes `/etc/NIXOS`
     * before its reboot, and only a booted NixOS has `/run/current-system`.
     * @default ["/etc/NIXOS", "/run/current-system"]
     */
    readonly markers: readonly string[];
    readonly timeoutSeconds: number;
}

/** One secret file to write: content arrives on stdin (never in the argument). */
export interface SecretFileArgs {
    readonly path: string;
    readonly owner: string;
    readonly group: string;
    readonly mode: string;
    /**
     * Shapes the values of environment variables in the file must have (ERE `pattern`, whole
     * value). Checked before any file is written; a mismatch fails the step with
     * `<name>: <reason>`, never the value.
     */
    readonly checks?: readonly { readonly variable: string; readonly name: string; readonly pattern: string; readonly reason: string }[];
}

/**
 * secrets.sh: write secret files atomically, root-owned unless told otherwise, only where
 * content, owner or mode differ; report which changed. Paths must be absolute and normal.
 * The paths it manages are kept in `<stateDir>/secrets.manifest` (sorted, one a line); a
 * path the previous run listed that `files` no longer lists is retired: reported as
 * `retiring <path>` and listed in `<stateDir>/secrets.retired` for the switch step, which
 * removes it once the new generation is healthy (so a rollback still finds it). Nothing else
 * is ever removed. A retirement changes `contentHash` too (it covers the paths), so the
 * switch step runs again. stdin: JSON object
 * `{ "<path>": "<base64 of content>" }`.
 */
export interface SecretsArgs extends Locked {
    readonly host: string;
    readonly stateDir: string;
    readonly files: readonly SecretFileArgs[];
    /**
     * sha256 over paths, modes, owners and contents; makes the command change when they do.
     * Recorded as `<stateDir>/secrets.hash`, which the switch step checks.
     */
    readonly contentHash: string;
}

/**
 * upload.sh: stage the bundle under `<stateDir>/bundles/<bundleHash>.tmp/`, check every file's
 * sha256, rename it to `<stateDir>/bundles/<bundleHash>/` (skipped when that complete bundle is
 * already there), then atomically point `/etc/nixos/nixos-matrix` at it and replace
 * `/etc/nixos/configuration.nix`. Never touches hardware-configuration.nix or networking.nix.
 * stdin: {@link UploadStdin}.
 */
export interface UploadArgs extends Locked {
    readonly host: string;
    readonly stateDir: string;
    readonly etcNixos: string;
    readonly bundleHash: string;
    /** Bundles kept for rollback, besides the active one. @default 5 */
    readonly keepBundles?: number;
}

/** What upload.sh reads on stdin: every file of the bundle and its sha256, keyed by relative path. */
export interface UploadStdin {
    readonly files: Readonly<Record<string, string>>;
    readonly sha256: Readonly<Record<string, string>>;
}

/** One nixpkgs source: its NixOS release, tarball URL and Nix base-32 sha256 of the unpacked tarball. */
export interface NixpkgsSource {
    readonly release: string;
    readonly url: string;
    readonly sha256: string;
}

/** What pin.sh dumps before a homeserver host moves to another pin. */
export interface HomeserverDump {
    /** `synapse`: a PostgreSQL dump; `conduit`: a copy of a Conduit-family server's RocksDB directory. */
    readonly implementation: "synapse" | "conduit";
    /** The homeserver's unit, stopped around a Conduit-family copy. */
    readonly unit: string;
    /** Synapse's PostgreSQL database (dumped with `pg_dump -Fc` as user postgres). */
    readonly database?: string;
    /** The server's RocksDB directories, the first that exists is copied. */
    readonly dataDirs?: readonly string[];
    /** The homeserver's allowDataLoss: a move to an older release is refused without it. */
    readonly allowDowngrade: boolean;
}

/**
 * pin.sh: under the host lock, fetch the nixpkgs source once (`nix-prefetch-url --unpack`,
 * which checks `sha256`), keep it as `<stateDir>/nixpkgs/<sha256>` and root it for the garbage
 * collector; sources of older pins lose their root but for the three used last and the running
 * one. On a homeserver host whose running pin (`<stateDir>/nixpkgs.active`, written by
 * the switch step; before the first, the booted system's nixos-version) differs: refuse a
 * move to an older release unless `homeserver.allowDowngrade`, then dump the database to
 * `<stateDir>/dumps/`, keeping the newest `keepDumps`. stdin: nothing.
 */
export interface PinArgs extends Locked {
    readonly host: string;
    readonly stateDir: string;
    readonly nixpkgs: NixpkgsSource;
    readonly homeserver: HomeserverDump | null;
    readonly keepDumps: number;
}

/**
 * switch.sh: under a host-wide lock, `nixos-rebuild switch` unless the active generation
 * already runs `bundleHash` (and no secret changed since: `secretsHash`), then health checks;
 * on failure `nixos-rebuild switch --rollback`, restore the previous bundle, exit non-zero
 * printing the evidence. When only secrets changed, the configuration is the same, so it
 * restarts `restartOnSecretsChange` instead of relying on the switch to do it. On a healthy
 * generation it removes the secret files the secrets step retired (`removed <path>`). stdin: nothing.
 */
export interface SwitchArgs extends Locked {
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
        /** Hosts that back up: reported (`UNHEALTHY backup: ...`) when older than maxAgeHours, never rolled back. */
        readonly backup?: { readonly stampFile: string; readonly unit: string; readonly maxAgeHours: number };
        /** A handshake on `interface` no older than maxHandshakeAgeSeconds with each peer (found by its mesh address); a failure names the peer. */
        readonly mesh?: {
            readonly interface: string;
            readonly peers: readonly { readonly host: string; readonly address: string }[];
            readonly maxHandshakeAgeSeconds: number;
        };
    };
    /** Units that read this host's secret files. */
    readonly restartOnSecretsChange: readonly string[];
    /**
     * The source pin.sh fetched: `nixos-rebuild` builds with exactly `-I nixpkgs=<stateDir>/nixpkgs/<sha256>`
     * (and NIX_PATH naming it), whatever channel the host has; a healthy switch records it as
     * `<stateDir>/nixpkgs.active`.
     */
    readonly nixpkgs: NixpkgsSource;
}

/**
 * mesh-key.sh: make the host's WireGuard private key if absent (or anew when `fresh`) and
 * print only its public key. stdin: nothing. Runs after wait, before any switch needing it.
 */
export interface MeshKeyArgs {
    readonly host: string;
    /** Root-only, outside the Nix store. */
    readonly privateKeyFile: string;
    /** Make a new key even when one is present: the step's create (first deploy, or `--replace` to rotate). */
    readonly fresh: boolean;
}

/**
 * old-signing-keys.sh, on a homeserver's main host once its workers run across hosts (before
 * its switch): when `<configDir>/old-signing-keys.yaml` is absent and Synapse's own key file
 * holds keys other than `sharedKeyId`, writes their public halves there as `old_signing_keys`
 * (expired now), root:`group` 0440, atomically. A present file is kept as it is. The
 * directory always exists (0755): Synapse reads it as a config path. Prints key ids and
 * public keys only. stdin: nothing.
 */
export interface OldSigningKeysArgs {
    readonly host: string;
    /** Synapse's own key file (`<dataDir>/homeserver.signing.key`): lines `ed25519 <version> <seed>`. */
    readonly ownKeyFile: string;
    /** The version of the shared key the processes switch to: never recorded as old. */
    readonly sharedKeyId: string;
    readonly configDir: string;
    /** The group Synapse runs as; the file is root:group 0440. */
    readonly group: string;
}

/** The JSON argument of each step. */
export interface StepArgs {
    readonly "mesh-key": MeshKeyArgs;
    readonly "old-signing-keys": OldSigningKeysArgs;
    readonly wait: WaitArgs;
    readonly secrets: SecretsArgs;
    readonly upload: UploadArgs;
    readonly pin: PinArgs;
    readonly switch: SwitchArgs;
}
