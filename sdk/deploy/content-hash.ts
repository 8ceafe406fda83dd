import { createHash } from "node:crypto";

/** sha256 (hex) of some bytes. */
export function sha256(content: string | Buffer): string {
    return createHash("sha256").update(content).digest("hex");
}

/**
 * sha256 (hex) over a list of strings, each length-prefixed so that no two different lists
 * hash alike (`["ab", "c"]` vs `["a", "bc"]`).
 */
export function contentHash(parts: readonly string[]): string {
    const hash = createHash("sha256");
    for (const part of parts) {
        const bytes = Buffer.from(part, "utf8");
        hash.update(`${bytes.length}:`).update(bytes);
    }
    return hash.digest("hex");
}
