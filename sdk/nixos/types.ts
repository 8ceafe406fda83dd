/**
 * One host's NixOS configuration bundle: exactly the files its `/etc/nixos` receives
 * from us (paths relative to `/etc/nixos`, `configuration.nix` at the top). Never holds
 * a secret value: secrets are files written by the secrets step, named in params.json
 * only by path.
 */
export interface Bundle {
    readonly host: string;
    /** Relative path -> file content, keys sorted. */
    readonly files: Readonly<Record<string, string>>;
    /** sha256 (hex) over the sorted paths and contents; keys re-runs of the upload and switch steps. */
    readonly hash: string;
}
