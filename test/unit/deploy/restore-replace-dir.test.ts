/**
 * restore.sh's replace_dir, run by bash on temporary directories: a state directory is
 * replaced by the restored copy, also where it is the link systemd keeps for a DynamicUser
 * unit (/var/lib/<dir> -> private/<dir>, as for continuwuity, Tuwunel, Conduit and some
 * bridges), where the link's target must be emptied and filled, not merged into.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readScript } from "../../../sdk/deploy/script-command";

/** The function's own text, cut from the script: from `replace_dir() {` to the next line `}`. */
function replaceDirFunction(): string {
    const match = /^replace_dir\(\) \{\n[\s\S]*?\n\}\n/m.exec(readScript("restore.sh"));
    if (!match) throw new Error("restore.sh has no replace_dir function");
    return match[0];
}

let work: string | undefined;
afterEach(() => work && rmSync(work, { recursive: true, force: true }));

function run(target: string, restored: string): void {
    const program = `set -euo pipefail\nfail() { echo "$*" >&2; exit 1; }\n${replaceDirFunction()}\nreplace_dir "$1" "$2"`;
    execFileSync("bash", ["-c", program, "replace-dir", target, restored], { encoding: "utf8" });
}

function tree(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("restore.sh replace_dir", () => {
    function setUp() {
        work = mkdtempSync(path.join(tmpdir(), "nixos-matrix-replace-dir-"));
        const restored = path.join(work, "restored");
        mkdirSync(path.join(restored, "db"), { recursive: true });
        writeFileSync(path.join(restored, "db", "CURRENT"), "MANIFEST-000001\n");
        writeFileSync(path.join(restored, "db", "000001.sst"), "old");
        return { work, restored };
    }

    it("replaces a plain directory's contents with the restored copy", () => {
        const { work, restored } = setUp();
        const target = path.join(work, "state");
        mkdirSync(path.join(target, "db"), { recursive: true });
        writeFileSync(path.join(target, "db", "000009.sst"), "newer, gone after the restore");
        run(target, restored);
        expect(tree(target)).toEqual(["db", "db/000001.sst", "db/CURRENT"]);
    });

    it("replaces the contents behind a DynamicUser state link, and keeps the link", () => {
        const { work, restored } = setUp();
        const privateDir = path.join(work, "private", "continuwuity");
        mkdirSync(path.join(privateDir, "db"), { recursive: true });
        writeFileSync(path.join(privateDir, "db", "000009.sst"), "newer, gone after the restore");
        const link = path.join(work, "continuwuity");
        symlinkSync(path.join("private", "continuwuity"), link);
        run(link, restored);
        expect(tree(privateDir)).toEqual(["db", "db/000001.sst", "db/CURRENT"]);
        expect(existsSync(path.join(privateDir, "db", "000009.sst"))).toBe(false);
    });
});
