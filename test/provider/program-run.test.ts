/**
 * TypeScript programs run by Pulumi's own Node runtime entry against the loopback engine:
 * a refused component, caught or not, or a program that throws at top level registers no
 * resource, however much was declared before.
 */
import { describe, expect, it } from "vitest";
import { runThroughPulumiRuntime } from "./harness/language-host-run";

const CONFIG = { "nixos-matrix:acmeEmail": "admin@example.org" };

const VALID = `
import { HetznerNixosHost, MatrixHomeserver, ElementWeb } from SDK;
new HetznerNixosHost("home", {});
new MatrixHomeserver("hs", { host: "home", serverName: "example.org", domain: "matrix.example.org" });
new ElementWeb("element", { host: "home", domain: "element.example.org", homeserver: "hs" });
`;

const customCount = (run: { registrations: readonly { custom: boolean }[] }) => run.registrations.filter((r) => r.custom).length;

describe("a TypeScript program under Pulumi's Node runtime", () => {
    it("registers the stack's resources when every component is valid (the control)", async () => {
        const run = await runThroughPulumiRuntime(VALID, CONFIG);
        expect(run.errors).toEqual([]);
        expect(run.exitCode).toBe(0);
        expect(customCount(run)).toBeGreaterThan(5);
    });

    it("registers nothing when a component refuses its args uncaught, and reports the field once", async () => {
        const run = await runThroughPulumiRuntime(`${VALID}\nimport { TurnServer } from SDK;\nnew TurnServer("turn", { host: "home", realm: "turn.example.org", relayPortFrom: 70000 });\n`, CONFIG);
        expect(customCount(run)).toBe(0);
        expect(run.exitCode).not.toBe(0);
        expect(run.errors).toHaveLength(1);
        expect(run.errors[0]).toMatch(/^TurnServer "turn"\.relayPortFrom: must be between 1 and 65535/);
    });

    it("registers nothing when the program catches the refusal and carries on", async () => {
        const source = `${VALID}\nimport { TurnServer } from SDK;\ntry { new TurnServer("turn", { host: "home", realm: "Turn.example.org" }); } catch { /* ignored */ }\n`;
        const run = await runThroughPulumiRuntime(source, CONFIG);
        expect(customCount(run)).toBe(0);
        expect(run.exitCode).not.toBe(0);
        expect(run.errors.join("\n")).toContain('TurnServer "turn".realm: must be lower case');
    });

    it("registers nothing when the program throws its own error at top level", async () => {
        const run = await runThroughPulumiRuntime(`${VALID}\nthrow new Error("the program's own bug");\n`, CONFIG);
        expect(customCount(run)).toBe(0);
        expect(run.exitCode).not.toBe(0);
        expect(run.errors.join("\n")).toContain("the program's own bug");
    });

    it("registers nothing when a stack setting has the wrong type", async () => {
        const run = await runThroughPulumiRuntime(VALID, { ...CONFIG, "nixos-matrix:dnsTtl": "five minutes" });
        expect(customCount(run)).toBe(0);
        expect(run.errors.join("\n")).toContain("config nixos-matrix:dnsTtl: must be a number, e.g. 300");
    });
});
