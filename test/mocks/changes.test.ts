import { describe, expect, it } from "vitest";
import { Testing, type InlineOptions } from "../../sdk/synth/testing";
import { commandInputs } from "./harness";
import { multiHostProgram } from "./programs";

/** Names of the remote steps whose inputs differ between two runs (those would run). */
async function changedSteps(before: () => void, after: () => void, options: InlineOptions = {}): Promise<string[]> {
    const a = commandInputs(await Testing.run(before));
    const b = commandInputs(await Testing.run(after, options));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    return [...a.keys()].filter((name) => a.get(name) !== b.get(name)).sort();
}

describe("what a change re-runs", () => {
    it("runs nothing when nothing changed", async () => {
        expect(await changedSteps(multiHostProgram(), multiHostProgram())).toEqual([]);
    });

    it("re-deploys only the bridge's host when a bridge's settings change", async () => {
        const changed = await changedSteps(
            multiHostProgram(),
            multiHostProgram({ telegramSettings: { bridge: { displayname_template: "{displayname} (TG)" } } }),
        );
        expect(changed).toContain("bridges-upload");
        expect(changed).toContain("bridges-switch");
        expect(changed.filter((name) => !name.startsWith("bridges-"))).toEqual(["hs-verify"]);
    });

    it("updates the homeserver host too when the bridge's registration changes (a new port)", async () => {
        const changed = await changedSteps(multiHostProgram(), multiHostProgram({ telegramPort: 29399 }));
        expect(changed).toEqual(expect.arrayContaining(["bridges-secrets", "bridges-switch", "home-secrets", "home-switch"]));
        expect(changed.filter((name) => name.startsWith("turn-") || name.startsWith("web-"))).toEqual([]);
    });

    it("re-uploads and switches only the host whose state Volume got a new id", async () => {
        const changed = await changedSteps(multiHostProgram(), multiHostProgram(), { replacedResources: ["home-state"] });
        expect(changed).toEqual(["home-switch", "home-upload", "hs-verify"]);
    });

    it("updates both ends, and nothing else, when a registration token is rotated", async () => {
        const changed = await changedSteps(multiHostProgram(), multiHostProgram(), { rotatedSecrets: ["telegram-hs-token"] });
        expect(changed).toEqual(["bridges-secrets", "bridges-switch", "home-secrets", "home-switch", "hs-verify"]);
    });
});
