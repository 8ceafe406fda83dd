/**
 * The command line of the backup unit that nixpkgs' `services.restic.backups.<name>` makes
 * from the options the bundle sets (nixos/modules/services/backup/restic.nix): its preStart
 * (backupPrepareCommand, then `cat config || init`), its ExecStart (`backup --files-from`,
 * `forget --prune <pruneOpts>`) and the bundle's ExecStartPost. Fleet hosts have no Nix
 * store: the stub packages' store paths become Debian's programs, and Nix-store text files
 * are written on the host.
 */
import { shellQuote } from "../../../sdk/deploy/script-command";

const STUB_STORE = "/nix/store/00000000000000000000000000000000-";

/** Stub package -> where Debian has its programs ("" : on PATH). */
const DEBIAN_PROGRAMS: Readonly<Record<string, string>> = {
    "util-linux/bin/": "",
    "coreutils/bin/": "",
    "openssh/bin/": "",
    "restic/bin/": "",
    "postgresql-17/bin": "/usr/lib/postgresql/15/bin",
};

/** Replaces stub store paths: packages by Debian's, text files by `files` (store name -> host path). */
export function onDebian(text: string, files: Readonly<Record<string, string>> = {}): string {
    let out = text;
    for (const [name, debian] of Object.entries(DEBIAN_PROGRAMS)) out = out.split(`${STUB_STORE}${name}`).join(debian);
    for (const [name, hostFile] of Object.entries(files)) out = out.split(`${STUB_STORE}${name}`).join(hostFile);
    if (out.includes("/nix/store/")) throw new Error(`a store path has no Debian counterpart: ${out}`);
    return out;
}

export interface ResticBackupOptions {
    readonly repository: string;
    readonly passwordFile: string;
    readonly environmentFile: string | null;
    readonly extraOptions: readonly string[];
    readonly paths: readonly string[];
    readonly pruneOpts: readonly string[];
    readonly initialize: boolean;
    readonly backupPrepareCommand: string | null;
}

/** One bash script doing what the unit does, in its order. */
export function resticUnitScript(backup: ResticBackupOptions, execStartPost: readonly string[], files: Readonly<Record<string, string>>): string {
    const restic = ["restic", ...backup.extraOptions.map((o) => `-o ${o}`)].join(" ");
    const lines = [
        "set -euo pipefail",
        `export RESTIC_REPOSITORY=${shellQuote(backup.repository)} RESTIC_PASSWORD_FILE=${shellQuote(backup.passwordFile)}`,
        "export RESTIC_CACHE_DIR=/run/restic-cache",
    ];
    if (backup.environmentFile) lines.push(`set -a; . ${shellQuote(backup.environmentFile)}; set +a`);
    if (backup.backupPrepareCommand) lines.push(backup.backupPrepareCommand);
    if (backup.initialize) lines.push(`${restic} cat config >/dev/null || ${restic} init`);
    lines.push(`${restic} backup --files-from=<(printf '%s\\n' ${backup.paths.map(shellQuote).join(" ")})`);
    if (backup.pruneOpts.length > 0) lines.push(`${restic} forget --prune ${backup.pruneOpts.join(" ")}`);
    lines.push(...execStartPost);
    return onDebian(lines.join("\n"), files);
}
