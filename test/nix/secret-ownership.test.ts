// needs: shared
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { at, evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";

const SCRIPT = "nixos-matrix-secret-ownership";

interface ActivationScript {
    readonly deps: readonly string[];
    readonly text: string;
}

function activationScript(label: string): ActivationScript | undefined {
    return at(evaluatedHost(label).evaluated.config, "system", "activationScripts", SCRIPT) as ActivationScript | undefined;
}

/**
 * Runs the activation text with bash under a scratch root (every absolute secret path moved
 * below it), with chown and chmod replaced by functions that log their arguments; returns
 * the log, one call per line.
 */
function runActivation(text: string, existing: readonly string[]): string[] {
    const root = mkdtempSync(path.join(tmpdir(), "nixos-matrix-activation-"));
    try {
        for (const file of existing) {
            mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            writeFileSync(path.join(root, file), "secret\n");
        }
        const log = path.join(root, "calls.log");
        // Paths appear as escapeShellArg leaves them: bare when safe, quoted otherwise.
        const relocated = text.replace(/(^|[\s'])\/var\/lib\//gm, `$1${root}/var/lib/`);
        const script = [
            "set -euo pipefail",
            `chown() { echo "chown $*" >>${JSON.stringify(log)}; }`,
            `chmod() { echo "chmod $*" >>${JSON.stringify(log)}; }`,
            `: >${JSON.stringify(log)}`,
            relocated,
            `cat ${JSON.stringify(log)}`,
        ].join("\n");
        const result = spawnSync("bash", ["-c", script], { encoding: "utf8" });
        if (result.status !== 0) throw new Error(`activation text failed: ${result.stderr}`);
        return result.stdout.replaceAll(root, "").split("\n").filter(Boolean);
    } finally {
        rmSync(root, { recursive: true, force: true });
    }
}

describe("secret files get their owner, group and mode on activation, once users and groups exist", () => {
    it("the all-in-one host's activation names every secret file with its owner, group and mode, after users and groups", () => {
        const { rendered } = evaluatedHost("all-in-one/matrix");
        const files = rendered.host.secretFiles;
        expect(files.map((f) => f.owner).concat(files.map((f) => f.group))).toEqual(
            expect.arrayContaining(["matrix-synapse", "turnserver", "mautrix-telegram"]),
        );
        const script = activationScript("all-in-one/matrix");
        expect(script).toBeDefined();
        expect(script!.deps).toEqual(expect.arrayContaining(["users", "groups"]));
        const calls = runActivation(script!.text, files.map((f) => f.path));
        const expected = [...files]
            .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
            .flatMap((f) => [`chown ${f.owner}:${f.group} ${f.path}`, `chmod ${f.mode} ${f.path}`]);
        expect(calls).toEqual(expected);
    });

    it("skips files that do not exist (yet)", () => {
        const { rendered } = evaluatedHost("all-in-one/matrix");
        const [first, ...rest] = rendered.host.secretFiles;
        const calls = runActivation(activationScript("all-in-one/matrix")!.text, [first.path]);
        expect(calls).toEqual([`chown ${first.owner}:${first.group} ${first.path}`, `chmod ${first.mode} ${first.path}`]);
        expect(rest.length).toBeGreaterThan(0);
    });

    it.each(evaluatedFixtureHosts().map((h) => h.label))("%s: present exactly when the host has secret files", (label) => {
        const { rendered } = evaluatedHost(label);
        const script = activationScript(label);
        if (rendered.host.secretFiles.length === 0) expect(script).toBeUndefined();
        else {
            expect(script).toBeDefined();
            for (const file of rendered.host.secretFiles) expect(script!.text).toContain(` ${file.path}`);
        }
    });
});
