// needs: root
/**
 * The step scripts and their command lines, without a fleet: shellcheck on every script,
 * quoting that survives a real shell, deterministic commands, no secret in a command.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { hostSteps } from "../../sdk/deploy/host-steps";
import { pinArgs } from "../../sdk/deploy/pin-args";
import { scriptText, shellQuote, stepCommand } from "../../sdk/deploy/script-command";
import { secretsHash, waitArgs } from "../../sdk/deploy/steps";
import { renderBundle } from "../../sdk/nixos/render-bundle";
import { planStack } from "../../sdk/plan/plan-stack";
import { renderSecretFile } from "../../sdk/plan/render-secret-file";
import { parseStackSpec } from "../../sdk/spec/stack";
import { multiHost } from "../fixtures/stacks";
import { secretValues } from "./stack";

const SCRIPT_DIRS = [path.join(__dirname, "../../sdk/deploy/scripts"), path.join(__dirname, "harness")];

function bridgesSteps(overrides: Record<string, string> = {}) {
    const spec = parseStackSpec(multiHost());
    const plan = planStack(spec);
    const values = secretValues(spec, plan, overrides);
    const host = plan.hosts.find((h) => h.name === "bridges")!;
    const contents = Object.fromEntries(host.secretFiles.map((f) => [f.path, renderSecretFile(f, values)]));
    return { values, steps: hostSteps({ bundle: renderBundle(host, plan), secretFiles: host.secretFiles, secretContents: contents, healthChecks: host.healthChecks, pin: pinArgs(host, plan) }) };
}

describe("remote step commands", () => {
    it.each(SCRIPT_DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".sh")).map((f) => path.join(dir, f))))(
        "shellcheck passes on %s",
        (file) => {
            expect(() => execFileSync("shellcheck", ["--severity=style", file], { encoding: "utf8" })).not.toThrow();
        },
    );

    it("quotes any word so that bash gets it back unchanged", () => {
        for (const word of ["plain", "it's", "'", "a\nb", "$HOME `id` \\ \"x\"", "", "{\"a\":\"it's\"}"]) {
            expect(execFileSync("bash", ["-c", `printf %s ${shellQuote(word)}`], { encoding: "utf8" })).toBe(word);
        }
    });

    it("runs the script file's own text with the JSON argument as $1", () => {
        const command = stepCommand("wait", waitArgs("h", 7));
        expect(command.startsWith(`bash -c ${shellQuote(scriptText("wait"))} nixos-matrix-wait `)).toBe(true);
        const echoed = execFileSync("bash", ["-c", command.replace(shellQuote(scriptText("wait")), shellQuote('printf %s "$1"'))], { encoding: "utf8" });
        expect(JSON.parse(echoed)).toEqual({ host: "h", markers: ["/etc/NIXOS", "/run/current-system"], timeoutSeconds: 7 });
    });

    it("is deterministic, keeps secret values out of every command, and changes with them", () => {
        const a = bridgesSteps();
        const b = bridgesSteps();
        expect(a.steps).toEqual(b.steps);
        for (const step of a.steps) {
            for (const value of Object.values(a.values)) expect(step.command.includes(value), `${step.step} holds a secret`).toBe(false);
        }
        const rotated = bridgesSteps({ "bridge/telegram/as-token": "another-token" });
        const changed = a.steps.map((s, i) => s.command !== rotated.steps[i]!.command);
        expect(changed).toEqual([false, true, false, false, true]);
    });

    it("hashes secret files by path, owner, group, mode and content", () => {
        const file = { path: "/x", owner: "root", group: "root", mode: "0400" };
        const base = secretsHash([file], { "/x": "v" });
        expect(secretsHash([{ ...file, mode: "0440" }], { "/x": "v" })).not.toBe(base);
        expect(secretsHash([{ ...file, group: "g" }], { "/x": "v" })).not.toBe(base);
        expect(secretsHash([file], { "/x": "w" })).not.toBe(base);
        expect(() => secretsHash([file, file], { "/x": "v" })).toThrow("secret file /x is listed twice");
    });
});
