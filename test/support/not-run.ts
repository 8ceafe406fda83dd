/**
 * Which test files this machine cannot run (their declared needs, see needs.ts), and the one
 * line the run ends with naming them. Under CI=true nothing may be left out: the run fails
 * before any test, naming what is missing.
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { declaredNeeds, hasNeed, NEED_TEXT, REPO_ROOT, type Need } from "./needs";

export interface NotRun {
    /** Relative to the repository root, e.g. `test/nix/options.test.ts`. */
    readonly file: string;
    readonly missing: readonly Need[];
}

function testFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return testFiles(full);
        return entry.name.endsWith(".test.ts") ? [full] : [];
    });
}

/** Every test file under test/ whose needs this machine lacks, sorted. */
export function filesNotRunHere(have: (need: Need) => boolean = hasNeed): NotRun[] {
    return testFiles(path.join(REPO_ROOT, "test"))
        .map((full) => ({ file: path.relative(REPO_ROOT, full), missing: declaredNeeds(full).filter((n) => !have(n)) }))
        .filter((f) => f.missing.length > 0)
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** "not run: 14 files need ../shared/ reference data; 5 need root: a.test.ts, b.test.ts" */
export function notRunLine(notRun: readonly NotRun[]): string {
    const counts = (["shared", "root"] as const)
        .map((need) => ({ need, count: notRun.filter((f) => f.missing.includes(need)).length }))
        .filter((c) => c.count > 0)
        .map((c, i) => `${c.count}${i === 0 ? (c.count === 1 ? " file" : " files") : ""} ${NEED_TEXT[c.need].replace(/^need/, c.count === 1 ? "needs" : "need")}`);
    return `not run: ${counts.join("; ")}: ${notRun.map((f) => f.file).join(", ")}`;
}

/** Under CI=true: the error that fails the run when anything would be left out. */
export function ciRefusal(notRun: readonly NotRun[]): string | undefined {
    if (notRun.length === 0) return undefined;
    return `CI=true and ${notRun.length} test file(s) cannot run here (${notRunLine(notRun)}); see README "Tests"`;
}
