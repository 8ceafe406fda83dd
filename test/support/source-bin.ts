/**
 * bin/nixos-matrix.js beside the sources only, in a temporary directory: the entry runs the
 * TypeScript sources, never a dist/ that a concurrent `npm run build` may be writing.
 */
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export function sourceBin(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "cli-bin-"));
    mkdirSync(path.join(dir, "bin"));
    copyFileSync(path.join(ROOT, "bin", "nixos-matrix.js"), path.join(dir, "bin", "nixos-matrix.js"));
    for (const link of ["sdk", "node_modules"]) symlinkSync(path.join(ROOT, link), path.join(dir, link));
    return path.join(dir, "bin", "nixos-matrix.js");
}
