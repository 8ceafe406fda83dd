/**
 * restore.sh's functions, cut from the script and run by bash on temporary directories:
 * - replace_dir replaces a state directory by the restored copy, also where it is the link
 *   systemd keeps for a DynamicUser unit (/var/lib/<dir> -> private/<dir>, as for
 *   continuwuity, Tuwunel, Conduit and some bridges): the link's target is emptied and
 *   filled, not merged into;
 * - restore_old_keys puts back the record of Synapse's own key as an old key, read-only.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readScript } from "../../../sdk/deploy/script-command";

/** A function's own text, cut from the script: from `<name>() {` to the next line `}`. */
function scriptFunction(name: string): string {
    const match = new RegExp(`^${name}\\(\\) \\{\\n[\\s\\S]*?\\n\\}\\n`, "m").exec(readScript("restore.sh"));
    if (!match) throw new Error(`restore.sh has no ${name} function`);
    return match[0];
}

let work: string | undefined;
afterEach(() => work && rmSync(work, { recursive: true, force: true }));

function call(name: string, args: readonly string[], env: Record<string, string> = {}): void {
    const program = `set -euo pipefail\nfail() { echo "$*" >&2; exit 1; }\n${scriptFunction(name)}\n${name} "$@"`;
    execFileSync("bash", ["-c", program, name, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
}

const run = (target: string, restored: string) => call("replace_dir", [target, restored]);

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

describe("restore.sh restore_old_keys", () => {
    const group = () => execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();

    it("puts the record back where the manifest says, read-only, and does nothing without one", () => {
        work = mkdtempSync(path.join(tmpdir(), "nixos-matrix-old-keys-"));
        const dir = path.join(work, "var/lib/nixos-matrix/synapse-hs-old-signing-keys");
        const restoredDir = path.join(work, "restored", dir);
        mkdirSync(restoredDir, { recursive: true });
        const record = "old_signing_keys:\n  ed25519:a_abcd: {key: dGVzdA, expired_ts: 1}\n";
        writeFileSync(path.join(restoredDir, "old-signing-keys.yaml"), record);
        call("restore_old_keys", ["", group()], { WORK: path.join(work, "restored") });
        expect(existsSync(dir)).toBe(false);
        call("restore_old_keys", [dir, group()], { WORK: path.join(work, "restored") });
        expect(readFileSync(path.join(dir, "old-signing-keys.yaml"), "utf8")).toBe(record);
        expect((statSync(path.join(dir, "old-signing-keys.yaml")).mode & 0o777).toString(8)).toBe("440");
    });
});
