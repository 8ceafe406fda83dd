/**
 * What each host backs up, and how restic reaches its repository. Pure data: the static
 * `backup.nix` turns it into `services.restic.backups`, the restore script reads the same
 * data from the host's manifest.
 *
 * - A Synapse host: a `pg_dump -Fc` taken before each run (never the live data directory),
 *   the media store and the signing key (their paths follow Synapse's data directory, which
 *   the module knows).
 * - A Conduit host and each bridge's host: the state directory, copied while its unit is
 *   stopped for the copy, so RocksDB and SQLite files are consistent.
 */
import { repositoryKind, type BackupSpec } from "../spec/backup";
import { bridgeModule } from "../spec/bridge";
import { isConduitFamily } from "../spec/homeserver-implementations";
import { conduitFamilyServer } from "./conduit-family";
import { BRIDGE_UNITS } from "./paths";
import { SECRETS_DIR, STATE_DIR } from "./paths";
import type { HostServices } from "./types";

export const BACKUP_NAME = "nixos-matrix";
export const BACKUP_UNIT = `restic-backups-${BACKUP_NAME}.service`;
export const BACKUP_STAGING_DIR = `${STATE_DIR}/backup`;
/** Touched after every successful run; the health check reads its age. */
export const BACKUP_STAMP_FILE = `${STATE_DIR}/backup-last-success`;
/** When backups were set up on the host: written by the switch step's first backup health check. */
export const BACKUP_SINCE_FILE = `${STATE_DIR}/backup-since`;
/** Written at activation: where the restore script finds the repository and what was backed up. */
export const BACKUP_MANIFEST = "/etc/nixos-matrix/backup.json";
/** A backup older than this (or none this long after backups were set up) is unhealthy. */
export const BACKUP_MAX_AGE_HOURS = 26;

export const BACKUP_FILES = {
    password: `${SECRETS_DIR}/backup/repository-password`,
    environment: `${SECRETS_DIR}/backup/s3.env`,
    sshKey: `${SECRETS_DIR}/backup/ssh-key`,
} as const;

/** A state directory copied while its unit is stopped. */
export interface ColdCopy {
    /** Name of the copy inside the staging directory, e.g. `conduit`, `bridge-telegram`. */
    readonly name: string;
    readonly unit: string;
    readonly dir: string;
}

export interface BackupPlan {
    /** This host's own repository: the stack's repository plus `/<host>`. */
    readonly repository: string;
    readonly kind: "s3" | "sftp";
    readonly schedule: string;
    readonly pruneOpts: readonly string[];
    readonly passwordFile: string;
    /** S3: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
    readonly environmentFile: string | null;
    /** SFTP: the SSH connection restic opens, with the key outside the store. */
    readonly sftp: { readonly user: string; readonly host: string; readonly port: number; readonly keyFile: string; readonly knownHosts: string } | null;
    readonly stagingDir: string;
    readonly stampFile: string;
    readonly manifest: string;
    /** Synapse: dump `matrix-synapse` and back up the media store and the signing key. */
    readonly synapse: boolean;
    /**
     * Synapse with workers across hosts: the directory holding its own first key as
     * `old_signing_keys` (old-signing-keys.sh), backed up and restored with the signing key.
     */
    readonly oldSigningKeysDir: string | null;
    readonly coldCopies: readonly ColdCopy[];
}

const BRIDGE_STATE_DIRS: Record<keyof typeof BRIDGE_UNITS, string> = {
    "mautrix-telegram": "/var/lib/mautrix-telegram",
    "mautrix-whatsapp": "/var/lib/mautrix-whatsapp",
    "mautrix-signal": "/var/lib/mautrix-signal",
    "mautrix-meta-messenger": "/var/lib/mautrix-meta-messenger",
    "mautrix-meta-instagram": "/var/lib/mautrix-meta-instagram",
    "mautrix-discord": "/var/lib/mautrix-discord",
    // Holds passkey.pem, which encrypts the tokens hookshot stores.
    "matrix-hookshot": "/var/lib/matrix-hookshot",
    "matrix-appservice-irc": "/var/lib/matrix-appservice-irc",
    "matrix-appservice-discord": "/var/lib/matrix-appservice-discord",
};

/** `sftp:user@host:/path` or `sftp://user@host:port//path` -> its parts. */
export function sftpTarget(repository: string): { user: string; host: string; port: number; path: string } {
    const url = /^sftp:\/\/([^@]+)@([^:/]+)(?::(\d+))?\/(.*)$/.exec(repository);
    if (url) return { user: url[1], host: url[2], port: url[3] ? Number(url[3]) : 22, path: url[4] };
    const short = /^sftp:([^@]+)@([^:]+):(.*)$/.exec(repository);
    if (!short) throw new Error(`internal: ${repository} is not an sftp repository`);
    return { user: short[1], host: short[2], port: 22, path: short[3] };
}

export function hostBackupPlan(
    backup: BackupSpec | undefined,
    host: string,
    services: HostServices,
    oldSigningKeysDir: string | null = null,
): BackupPlan | null {
    if (backup === undefined) return null;
    const synapse = services.homeservers.some((hs) => hs.implementation === "synapse");
    const coldCopies: ColdCopy[] = [];
    for (const hs of services.homeservers) {
        if (!isConduitFamily(hs.implementation)) continue;
        const server = conduitFamilyServer(hs.implementation, hs.serverName);
        coldCopies.push({ name: hs.implementation, unit: `${server.unit}.service`, dir: server.dataDirs[server.dataDirs.length - 1]! });
    }
    for (const bridge of services.bridges) {
        coldCopies.push({ name: `bridge-${bridge.id}`, unit: BRIDGE_UNITS[bridgeModule(bridge)], dir: BRIDGE_STATE_DIRS[bridgeModule(bridge)] });
    }
    if (!synapse && coldCopies.length === 0) return null;
    const kind = repositoryKind(backup.repository);
    if (kind === undefined) throw new Error(`internal: ${backup.repository} passed the spec`);
    const target = kind === "sftp" ? sftpTarget(backup.repository) : undefined;
    return {
        repository: `${backup.repository.replace(/\/+$/, "")}/${host}`,
        kind,
        schedule: backup.schedule,
        pruneOpts: [`--keep-daily ${backup.keep.daily}`, `--keep-weekly ${backup.keep.weekly}`, `--keep-monthly ${backup.keep.monthly}`],
        passwordFile: BACKUP_FILES.password,
        environmentFile: kind === "s3" ? BACKUP_FILES.environment : null,
        sftp: target
            ? { user: target.user, host: target.host, port: target.port, keyFile: BACKUP_FILES.sshKey, knownHosts: backup.credentials.knownHosts ?? "" }
            : null,
        stagingDir: BACKUP_STAGING_DIR,
        stampFile: BACKUP_STAMP_FILE,
        manifest: BACKUP_MANIFEST,
        synapse,
        oldSigningKeysDir: synapse ? oldSigningKeysDir : null,
        coldCopies,
    };
}
