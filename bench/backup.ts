/**
 * Backup and restore wall time on the fleet, with real Synapse, PostgreSQL and restic: a
 * homeserver holding at least 2,000 events and 100 MB of media backs up through its backup
 * unit's command line to an SFTP repository on another fleet host, loses its state and comes
 * back through `nixos-matrix restore --yes`. Next to a baseline measured in the same run on
 * the same data: the dump and the media store as one plain tar stream over the same SSH link,
 * and back. Needs root, the sid root and ../shared (as the real-services fleet tests).
 *
 *   npm run bench:backup
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BACKUP_FILES, BACKUP_STAGING_DIR } from "../sdk/plan/backup";
import { deployFleet } from "../test/fleet/harness/deploy";
import { Fleet } from "../test/fleet/harness/fleet";
import { BackupDrill, SYNAPSE_DIR } from "../test/fleet/real/backup-drill";
import { matrixRequest, registerUser } from "../test/fleet/real/matrix-client";
import { useRealServices } from "../test/fleet/real/services";
import { stackDeploys } from "../test/fleet/stack";

const MESSAGES = 2000;
const MEDIA_FILES = 4;
const MEDIA_FILE_MB = 25;

async function seconds<T>(work: () => Promise<T>): Promise<[number, T]> {
    const start = process.hrtime.bigint();
    const result = await work();
    return [Number(process.hrtime.bigint() - start) / 1e9, result];
}

/** Sends MESSAGES messages from one curl process (keep-alive), as a client would in a busy room. */
function sendMessages(fleet: Fleet, work: string, token: string, roomId: string): void {
    const config = Array.from({ length: MESSAGES }, (_, i) =>
        [
            `url = "http://127.0.0.1:8008/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/bench-${i}"`,
            "request = PUT",
            `header = "Authorization: Bearer ${token}"`,
            'header = "Content-Type: application/json"',
            `data = "{\\"msgtype\\": \\"m.text\\", \\"body\\": \\"message ${i}\\"}"`,
            "silent",
            "fail",
            "output = /dev/null",
        ].join("\n"),
    ).join("\nnext\n");
    const file = path.join(work, "messages.curl");
    writeFileSync(file, `${config}\n`);
    execFileSync("ip", ["netns", "exec", fleet.host("home").ns, "curl", "-K", file], { stdio: "inherit" });
}

async function main(): Promise<void> {
    const work = mkdtempSync(path.join(tmpdir(), "nixos-matrix-bench-backup-"));
    const fleet = Fleet.start(["home", "vault"]);
    try {
        useRealServices(fleet, ["home"]);
        const drill = new BackupDrill(fleet, work);
        const stack = stackDeploys(fleet, drill.stack(), { healthTimeoutSeconds: 120 });
        const run = await deployFleet(fleet, stack.deploys);
        if (run.errors.size > 0) throw new Error([...run.errors.values()].map((e) => e.message).join("\n"));

        const admin = await registerUser(fleet, "home", stack.values["homeserver/hs/registration-shared-secret"]!, {
            username: "bench",
            password: "bench-password",
            admin: true,
        });
        await matrixRequest(fleet, "home", "POST", `/_synapse/admin/v1/users/${encodeURIComponent(admin.userId)}/override_ratelimit`, {
            token: admin.accessToken,
            body: { messages_per_second: 0, burst_count: 0 },
        });
        const room = await matrixRequest(fleet, "home", "POST", "/_matrix/client/v3/createRoom", { token: admin.accessToken, body: { name: "bench" } });
        sendMessages(fleet, work, admin.accessToken, String(room.body.room_id));
        for (let i = 0; i < MEDIA_FILES; i++) {
            const file = path.join(work, `media-${i}.bin`);
            writeFileSync(file, randomBytes(MEDIA_FILE_MB * 1024 * 1024));
            drill.upload("home", admin.accessToken, file);
            rmSync(file);
        }
        const events = (await drill.onHost("home", "runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -tA -d matrix-synapse -c 'select count(*) from events'")).trim();
        const mediaMb = (await drill.onHost("home", `du -sm ${SYNAPSE_DIR}/media_store | cut -f1`)).trim();

        const [backupSeconds] = await seconds(() => drill.runBackupUnit(stack.bundles.get("home")!));
        const ssh = `ssh -i ${BACKUP_FILES.sshKey} -o UserKnownHostsFile=/var/lib/nixos-matrix-drill/known-hosts -o StrictHostKeyChecking=yes root@${fleet.host("vault").address}`;
        const [baselineBackup] = await seconds(() =>
            drill.onHost("home", `set -euo pipefail; tar -cf - ${BACKUP_STAGING_DIR} ${SYNAPSE_DIR}/media_store 2>/dev/null | ${ssh} 'cat >/var/lib/baseline.tar'`),
        );

        await drill.onHost("home", [
            "set -euo pipefail",
            "systemctl stop matrix-synapse.service",
            "runuser -u postgres -- /usr/lib/postgresql/15/bin/dropdb matrix-synapse",
            `rm -rf ${SYNAPSE_DIR}/media_store`,
        ].join("\n"));
        const [restoreSeconds, restored] = await seconds(() => drill.restoreHome("home"));
        if (restored.code !== 0) throw new Error(`restore failed:\n${restored.printed}`);
        const [baselineRestore] = await seconds(() =>
            drill.onHost("home", `set -euo pipefail; rm -rf /var/tmp/baseline; mkdir -p /var/tmp/baseline; ${ssh} 'cat /var/lib/baseline.tar' | tar -xf - -C /var/tmp/baseline; rm -rf /var/tmp/baseline`),
        );

        console.log(`backup and restore of ${events} events and ${mediaMb} MB of media (real Synapse, PostgreSQL 15, restic over SFTP)`);
        console.log("phase     nixos-matrix s  baseline s  ratio");
        for (const [phase, ours, base] of [["backup", backupSeconds, baselineBackup], ["restore", restoreSeconds, baselineRestore]] as const) {
            console.log(`${phase.padEnd(9)} ${ours.toFixed(1).padStart(14)}  ${base.toFixed(1).padStart(10)}  ${(ours / base).toFixed(2).padStart(5)}`);
        }
        console.log("baseline: the dump and media store as one tar stream over the same SSH link (no encryption, dedup, pg_restore or service restarts)");
    } finally {
        fleet.stopSync();
        rmSync(work, { recursive: true, force: true });
    }
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    },
);
