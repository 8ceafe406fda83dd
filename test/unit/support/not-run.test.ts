import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { declaredNeeds, REPO_ROOT } from "../../support/needs";
import { ciRefusal, filesNotRunHere, notRunLine } from "../../support/not-run";

describe("test files this machine cannot run", () => {
    it("are found by their `// needs:` header and named in one line", () => {
        const none = filesNotRunHere(() => false);
        expect(none.map((f) => f.file)).toContain("test/nix/options.test.ts");
        expect(none.map((f) => f.file)).toContain("test/fleet/real-multi-host.test.ts");
        expect(none.find((f) => f.file === "test/fleet/real-multi-host.test.ts")!.missing).toEqual(["shared", "root"]);
        expect(none.map((f) => f.file)).not.toContain("test/unit/support/not-run.test.ts");
        const line = notRunLine(none);
        expect(line).toMatch(/^not run: \d+ files need \.\.\/shared\/ reference data; \d+ need root: test\//);
        expect(line.split("\n")).toHaveLength(1);
        expect(filesNotRunHere(() => true)).toEqual([]);
    });

    it("fail the run under CI, naming them", () => {
        expect(ciRefusal([])).toBeUndefined();
        expect(ciRefusal([{ file: "test/fleet/steps.test.ts", missing: ["root"] }])).toMatch(/CI=true .*1 file needs root: test\/fleet\/steps\.test\.ts/);
    });

    it("every test file that reads ../shared/ (directly or through a helper) says so", () => {
        const helpers = /\b(evaluateBundle|evaluatedFixtureHosts|evaluatedHost|OptionChecker|loadOptions|SCHEMAS_DIR|OPTIONS_JSON|SHARED_DIR|useRealServices)\b|helpers\/schemas"/;
        const walk = (dir: string): string[] =>
            readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
        const readers = walk(path.join(REPO_ROOT, "test")).filter((f) => f.endsWith(".test.ts") && helpers.test(readFileSync(f, "utf8")));
        expect(readers.length).toBeGreaterThan(10);
        for (const file of readers) {
            if (file.endsWith("not-run.test.ts")) continue;
            expect(declaredNeeds(file), path.relative(REPO_ROOT, file)).toContain("shared");
        }
    });

    it("every fleet test file says it needs root (namespaces and mounts)", () => {
        const fleet = readdirSync(path.join(REPO_ROOT, "test/fleet")).filter((f) => f.endsWith(".test.ts"));
        expect(fleet.length).toBeGreaterThan(5);
        for (const file of fleet) expect(declaredNeeds(path.join(REPO_ROOT, "test/fleet", file)), `test/fleet/${file}`).toContain("root");
    });
});
