/**
 * Building blocks of the secret files: a reference to a secret by name, and a file whose
 * `secrets` are read off its content. Pure.
 */
import { secretsOf } from "./secret-refs";
import type { SecretFile, SecretRef } from "./types";

export function ref(name: string): SecretRef {
    return { $secret: name };
}

/**
 * A SecretFile whose `secrets` are read off its content, so the two cannot disagree; keys in
 * the order of the type, whatever order the caller wrote them in.
 */
export function secretFile(file: Omit<SecretFile, "secrets">): SecretFile {
    const { path, owner, group, mode, content, why, checks, loadCredential } = file;
    const secrets = secretsOf(content);
    return { path, owner, group, mode, content, secrets, why, ...(checks ? { checks } : {}), ...(loadCredential ? { loadCredential } : {}) };
}

/** One secret's value as a root-only file, read by a deploy step running as root. */
export function rootOnlyRaw(path: string, secret: string, why: string): SecretFile {
    return secretFile({ path, owner: "root", group: "root", mode: "0400", content: { kind: "raw", secret }, why });
}
