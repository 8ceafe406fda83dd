/**
 * The Debian sid root Synapse runs from: built once by build-sid-root.sh with mmdebstrap and
 * the machine's Debian mirror, cached outside the repository and keyed on its package list.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** What the root holds: Synapse, its PostgreSQL driver, and hiredis for Redis replication. */
export const SID_PACKAGES = ["matrix-synapse", "python3-psycopg2", "python3-hiredis"] as const;

/** @default /var/cache/nixos-matrix-test (NIXOS_MATRIX_TEST_CACHE overrides it) */
export function sidCacheDir(): string {
    return process.env.NIXOS_MATRIX_TEST_CACHE ?? "/var/cache/nixos-matrix-test";
}

let built: string | undefined;

/** The root's path, building it first when the cache lacks it (about a minute, 450 MB). */
export function sidRoot(): string {
    built ??= execFileSync(
        "bash",
        [path.join(__dirname, "build-sid-root.sh"), JSON.stringify({ cacheDir: sidCacheDir(), packages: SID_PACKAGES })],
        { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 15 * 60_000 },
    ).trim();
    return built;
}

if (require.main === module) {
    const started = Date.now();
    process.stdout.write(`sid root: ${sidRoot()} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
