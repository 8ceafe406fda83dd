// needs: shared
import { describe, expect, it } from "vitest";
import { STATE_MOUNT_POINT } from "../../sdk/nixos";
import { BACKUP_FILES, BACKUP_STAGING_DIR } from "../../sdk/plan/backup";
import { synapseOldSigningKeysDir } from "../../sdk/plan/paths";
import { BACKUP_KNOWN_HOSTS } from "../fixtures/stacks";
import { at, evaluatedHost } from "./helpers/evaluated-fixtures";

function restic(label: string): Record<string, unknown> | undefined {
    return at(evaluatedHost(label).evaluated.config, "services", "restic", "backups", "nixos-matrix") as Record<string, unknown> | undefined;
}

function manifest(label: string): Record<string, unknown> {
    const text = at(evaluatedHost(label).evaluated.config, "environment", "etc", "nixos-matrix/backup.json", "text");
    return JSON.parse(text as string) as Record<string, unknown>;
}

describe("backup.nix", () => {
    it("a Synapse host dumps its database before each run and backs up the dump, the media store and the signing key", () => {
        const backup = restic("multi-host-backup/home")!;
        const synapseDir = `${STATE_MOUNT_POINT}/matrix-synapse`;
        expect(backup.repository).toBe("sftp:u1234@backup.example.com:/backups/multi/home");
        expect(backup.paths).toEqual([BACKUP_STAGING_DIR, `${synapseDir}/media_store`, `${synapseDir}/homeserver.signing.key`]);
        expect(backup.backupPrepareCommand).toMatch(/runuser -u postgres -- \S+\/bin\/pg_dump -Fc matrix-synapse >\S+\/synapse\.pgdump\.tmp/);
        expect(backup.paths).not.toContain(`${STATE_MOUNT_POINT}/postgresql`);
        expect(backup.passwordFile).toBe(BACKUP_FILES.password);
        expect(backup.initialize).toBe(true);
        expect(backup.timerConfig).toEqual({ OnCalendar: "daily", Persistent: true, RandomizedDelaySec: "30m" });
        expect(backup.pruneOpts).toEqual(["--keep-daily 7", "--keep-weekly 4", "--keep-monthly 6"]);
    });

    it("with workers across hosts, the main host also backs up the record of Synapse's own key, and the manifest says where it goes back", () => {
        const oldKeys = synapseOldSigningKeysDir("hs");
        expect(restic("workers-backup/home")!.paths).toEqual(expect.arrayContaining([BACKUP_STAGING_DIR, oldKeys]));
        expect((manifest("workers-backup/home").synapse as Record<string, unknown>).oldSigningKeysDir).toBe(oldKeys);
        expect(restic("workers-backup/workers")).toBeUndefined();
        // Without workers elsewhere there is no such record to keep.
        expect(restic("multi-host-backup/home")!.paths).not.toContain(synapseOldSigningKeysDir("hs"));
        expect((manifest("multi-host-backup/home").synapse as Record<string, unknown>).oldSigningKeysDir).toBeNull();
    });

    it("reaches an SFTP repository with the key outside the store and the pinned host key, never trusting on first use", () => {
        const [option] = restic("multi-host-backup/home")!.extraOptions as string[];
        expect(option).toMatch(/^sftp\.command='\S+\/bin\/ssh -i \/var\/lib\/nixos-matrix\/secrets\/backup\/ssh-key -p 22 /);
        expect(option).toContain("-o UserKnownHostsFile=/nix/store/");
        expect(option).toContain("-o StrictHostKeyChecking=yes");
        expect(option).toMatch(/ u1234@backup\.example\.com -s sftp'$/);
        expect(restic("multi-host-backup/home")!.environmentFile).toBeNull();
        expect(manifest("multi-host-backup/home").sshCommand).toContain("StrictHostKeyChecking=yes");
        expect(JSON.stringify(evaluatedHost("multi-host-backup/home").rendered.bundle)).not.toContain("PRIVATE KEY");
        expect(BACKUP_KNOWN_HOSTS).toContain("ssh-ed25519");
    });

    it("copies each bridge's state directory with its unit stopped, on the bridges' own host", () => {
        const prepare = restic("multi-host-backup/bridges")!.backupPrepareCommand as string;
        for (const [unit, dir] of [
            ["mautrix-telegram.service", "/var/lib/mautrix-telegram"],
            ["mautrix-whatsapp.service", "/var/lib/mautrix-whatsapp"],
            ["matrix-appservice-irc.service", "/var/lib/matrix-appservice-irc"],
            ["matrix-appservice-discord.service", "/var/lib/matrix-appservice-discord"],
        ]) {
            const stop = prepare.indexOf(`systemctl stop ${unit}`);
            const copy = prepare.indexOf(`cp -a ${dir}/.`);
            const start = prepare.indexOf(`systemctl start ${unit}`);
            expect(stop).toBeGreaterThanOrEqual(0);
            expect(copy).toBeGreaterThan(stop);
            expect(start).toBeGreaterThan(copy);
        }
        expect(prepare).not.toContain("pg_dump");
        expect(restic("multi-host-backup/bridges")!.repository).toBe("sftp:u1234@backup.example.com:/backups/multi/bridges");
    });

    it("hosts without state back up nothing, and stacks without the setting have no backup anywhere", () => {
        expect(restic("multi-host-backup/turn")).toBeUndefined();
        expect(restic("multi-host-backup/web")).toBeUndefined();
        expect(restic("multi-host/home")).toBeUndefined();
        expect(restic("all-in-one/matrix")).toBeUndefined();
    });

    it("a Conduit host copies RocksDB with Conduit stopped, to S3 with its keys in an environment file, on the chosen schedule and retention", () => {
        const backup = restic("conduit-backup/conduit")!;
        expect(backup.repository).toBe("s3:https://fsn1.your-objectstorage.com/conduit-backups/conduit");
        expect(backup.environmentFile).toBe(BACKUP_FILES.environment);
        expect(backup.extraOptions).toEqual([]);
        expect(backup.backupPrepareCommand).toContain("systemctl stop conduit.service");
        expect(backup.backupPrepareCommand).toContain("cp -a /var/lib/matrix-conduit/.");
        expect(backup.timerConfig).toMatchObject({ OnCalendar: "*-*-* 03:00:00" });
        expect(backup.pruneOpts).toEqual(["--keep-daily 14", "--keep-weekly 4", "--keep-monthly 6"]);
        expect(manifest("conduit-backup/conduit").synapse).toBeNull();
    });

    it("stamps each successful run for the health check", () => {
        const post = at(evaluatedHost("conduit-backup/conduit").evaluated.config, "systemd", "services", "restic-backups-nixos-matrix", "serviceConfig", "ExecStartPost");
        expect(post).toEqual([expect.stringMatching(/\/bin\/touch \/var\/lib\/nixos-matrix\/backup-last-success$/)]);
    });
});
