import { z } from "zod";
import { credential } from "./common";

/**
 * A restic repository URL this library can reach: an S3-compatible bucket
 * (`s3:https://fsn1.your-objectstorage.com/bucket/prefix`) or an SSH host
 * (`sftp:u1234@u1234.your-storagebox.de:/backups`, `sftp://user@host:23//backups`).
 */
export const S3_REPOSITORY = /^s3:https?:\/\/[A-Za-z0-9.-]+(?::\d+)?\/[A-Za-z0-9._~/-]+$/;
export const SFTP_REPOSITORY = /^sftp:(?:\/\/)?[a-z_][a-z0-9_-]*@[A-Za-z0-9.-]+(?::\d+)?:?\/\/?[A-Za-z0-9._~/-]*$/;

export type RepositoryKind = "s3" | "sftp";

export function repositoryKind(repository: string): RepositoryKind | undefined {
    if (S3_REPOSITORY.test(repository)) return "s3";
    if (SFTP_REPOSITORY.test(repository)) return "sftp";
    return undefined;
}

const keepCount = z
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1 (a retention of 0 would delete every snapshot of that kind)" });

/**
 * Scheduled, encrypted, off-host backups of every host's state (see `sdk/plan/backup.ts`).
 * Each host gets its own repository under `repository` (`<repository>/<host>`).
 */
export const backupSpec = z
    .object({
        /** `s3:https://endpoint/bucket[/prefix]` or `sftp:user@host:/path`. */
        repository: z
            .string({ error: "must be a restic repository URL" })
            .refine((r) => repositoryKind(r) !== undefined, {
                error: "must start with s3:https://<endpoint>/<bucket> or sftp:<user>@<host>:/<path>",
            }),
        /** systemd OnCalendar expression. @default "daily" */
        schedule: z
            .string({ error: "must be a systemd calendar expression" })
            .regex(/^[A-Za-z0-9*:,./~ -]+$/, { error: "must be a systemd calendar expression such as daily or *-*-* 03:00:00" })
            .default("daily"),
        keep: z
            .object({
                /** @default 7 */
                daily: keepCount.default(7),
                /** @default 4 */
                weekly: keepCount.default(4),
                /** @default 6 */
                monthly: keepCount.default(6),
            })
            .strict()
            .default({ daily: 7, weekly: 4, monthly: 6 }),
        /** S3: `accessKeyId` and `secretAccessKey`. SFTP: `sshPrivateKey` and `knownHosts`. */
        credentials: z
            .object({
                accessKeyId: credential.optional(),
                secretAccessKey: credential.optional(),
                sshPrivateKey: credential.optional(),
                /** The repository host's public key line(s), as in known_hosts; not secret. */
                knownHosts: z.string({ error: "must be known_hosts lines" }).min(1, { error: "must not be empty" }).optional(),
            })
            .strict()
            .default({}),
    })
    .strict()
    .superRefine((backup, ctx) => {
        const kind = repositoryKind(backup.repository);
        const needed = kind === "s3" ? (["accessKeyId", "secretAccessKey"] as const) : kind === "sftp" ? (["sshPrivateKey", "knownHosts"] as const) : [];
        for (const key of needed) {
            if (backup.credentials[key] === undefined) {
                ctx.addIssue({ code: "custom", path: ["credentials", key], message: `is required for an ${kind} repository` });
            }
        }
    });

export type BackupSpec = z.output<typeof backupSpec>;
