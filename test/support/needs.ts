/**
 * What some test files need beyond the repository: the reference data in `../shared/` (beside
 * the repository, not part of it) and root (network and mount namespaces). A test file says
 * what it needs in a header line, e.g.
 *
 *     // needs: shared, root
 *
 * A file whose needs this machine lacks is not run, and the run ends naming it (see
 * not-run-reporter.ts); under CI=true a lack fails the run instead.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
/** The reference data: `../shared/` relative to the repository root. */
export const SHARED_DIR = path.resolve(REPO_ROOT, "../shared");

export type Need = "shared" | "root";

export const NEED_TEXT: Record<Need, string> = {
    shared: "need ../shared/ reference data",
    root: "need root",
};

const HEADER = /^\/\/ needs: ([a-z, ]+)$/m;

/** The needs a test file declares in its header. */
export function declaredNeeds(file: string): Need[] {
    const match = HEADER.exec(readFileSync(file, "utf8").slice(0, 2000));
    if (!match) return [];
    return match[1]!.split(",").map((n) => {
        const need = n.trim();
        if (need !== "shared" && need !== "root") throw new Error(`${file}: unknown need "${need}" (shared, root)`);
        return need;
    });
}

/** Whether this machine has `need`. */
export function hasNeed(need: Need): boolean {
    return need === "root" ? process.getuid?.() === 0 : existsSync(path.join(SHARED_DIR, "nixos/options.json"));
}
