import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

const SFTP = {
    repository: "sftp:backup@backup.example.org:/srv/backups",
    credentials: { sshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----", knownHosts: "backup.example.org ssh-ed25519 AAAA" },
};
const S3 = {
    repository: "s3:https://fsn1.your-objectstorage.com/matrix-backups",
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
};

/** The stack's `backup` setting. */
export const BACKUP_FIELD_CASES: readonly BadInput[] = [
    {
        name: "backup repository of an unknown scheme",
        input: variant((s) => (s.backup = { ...SFTP, repository: "b2:bucket/path" })),
        message: "backup.repository: must start with s3:https://<endpoint>/<bucket> or sftp:<user>@<host>:/<path>",
    },
    {
        name: "backup repository missing",
        input: variant((s) => (s.backup = { credentials: SFTP.credentials })),
        message: "backup.repository: is required",
    },
    {
        name: "backup daily retention of 0",
        input: variant((s) => (s.backup = { ...S3, keep: { daily: 0 } })),
        message: "backup.keep.daily: must be at least 1 (a retention of 0 would delete every snapshot of that kind)",
    },
    {
        name: "backup monthly retention not whole",
        input: variant((s) => (s.backup = { ...S3, keep: { monthly: 1.5 } })),
        message: "backup.keep.monthly: must be a whole number",
    },
    {
        name: "backup S3 secret key missing",
        input: variant((s) => (s.backup = { ...S3, credentials: { accessKeyId: "AKID" } })),
        message: "backup.credentials.secretAccessKey: is required for an s3 repository",
    },
    {
        name: "backup SFTP key missing",
        input: variant((s) => (s.backup = { ...SFTP, credentials: { knownHosts: SFTP.credentials.knownHosts } })),
        message: "backup.credentials.sshPrivateKey: is required for an sftp repository",
    },
    {
        name: "backup SFTP known hosts missing",
        input: variant((s) => (s.backup = { ...SFTP, credentials: { sshPrivateKey: "k" } })),
        message: "backup.credentials.knownHosts: is required for an sftp repository",
    },
    {
        name: "backup schedule with shell characters",
        input: variant((s) => (s.backup = { ...S3, schedule: "daily; rm -rf /" })),
        message: "backup.schedule: must be a systemd calendar expression such as daily or *-*-* 03:00:00",
    },
    {
        name: "unknown key on backup",
        input: variant((s) => (s.backup = { ...S3, bucket: "x" })),
        message: "backup.bucket: is not a known field",
    },
];
