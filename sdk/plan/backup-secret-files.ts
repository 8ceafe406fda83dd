/** The secret files restic reads on a host that backs up. */
import type { BackupPlan } from "./backup";
import { ref, secretFile } from "./secret-file";
import { secretNames } from "./secrets";
import type { SecretFile } from "./types";

/** restic reads these as root: the repository password, and the S3 keys or the SSH key. */
export function backupFiles(hostName: string, backup: BackupPlan): SecretFile[] {
    const rootOnly = { owner: "root", group: "root", mode: "0400" } as const;
    const files = [
        secretFile({
            path: backup.passwordFile,
            ...rootOnly,
            content: { kind: "raw", secret: secretNames.backupPassword(hostName) },
            why: `restic repository password of host ${hostName}`,
        }),
    ];
    if (backup.environmentFile !== null) {
        files.push(
            secretFile({
                path: backup.environmentFile,
                ...rootOnly,
                content: {
                    kind: "env",
                    vars: {
                        AWS_ACCESS_KEY_ID: ref(secretNames.backupCredential("accessKeyId")),
                        AWS_SECRET_ACCESS_KEY: ref(secretNames.backupCredential("secretAccessKey")),
                    },
                },
                why: "S3 credentials of the backup repository",
            }),
        );
    }
    if (backup.sftp !== null) {
        files.push(
            secretFile({
                path: backup.sftp.keyFile,
                ...rootOnly,
                content: { kind: "raw", secret: secretNames.backupCredential("sshPrivateKey") },
                why: "SSH key restic logs in to the backup repository with",
            }),
        );
    }
    return files;
}
