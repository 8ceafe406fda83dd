/**
 * The bad-program corpus through the components under Pulumi's mock runtime: every case
 * fails with its error line, names the arg the user wrote, quotes no secret, and registers
 * no resource at all.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { COMPONENTS } from "../../provider/components";
import { SETTING_KEYS } from "../../sdk/components";
import { SpecError } from "../../sdk/spec/errors";
import { drainRegistrations } from "../../sdk/synth/run-program";
import { Testing } from "../../sdk/synth/testing";
import schema from "../../provider/schema.json";
import type { ComponentProgram } from "../provider/harness/component-program";
import { BAD_COMPONENT_CASES, baseProgram } from "./bad-components";

/** Runs the program as TypeScript would, the program catching nothing it need not. */
async function runProgram(program: ComponentProgram): Promise<{ error: unknown; customResources: number }> {
    const cloud = await Testing.start({ config: program.config });
    let thrown: unknown;
    for (const call of program.components) {
        const cls = COMPONENTS.find((c) => c.name === call.className)!;
        const args: Record<string, unknown> = { ...call.args };
        for (const key of call.secretArgs ?? []) if (args[key] !== undefined) args[key] = pulumi.secret(args[key]);
        try {
            new cls(call.name, args);
        } catch (err) {
            thrown ??= err;
        }
    }
    const settled = await Testing.settle().then(
        () => undefined,
        (err: unknown) => err,
    );
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    await drainRegistrations();
    return { error: settled ?? thrown, customResources: cloud.resources.filter((r) => r.custom).length };
}

describe("bad-program corpus, through the components", () => {
    it("starts from a valid program that registers resources", async () => {
        const { error, customResources } = await runProgram(baseProgram());
        expect(error).toBeUndefined();
        expect(customResources).toBeGreaterThan(20);
    });

    it("has unique case names", () => {
        const names = BAD_COMPONENT_CASES.map((c) => c.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    });

    it("has a wrong value for every arg of every component and every stack setting", () => {
        const covered = new Set(BAD_COMPONENT_CASES.map((c) => c.arg));
        const args = Object.entries(schema.resources).flatMap(([type, r]) =>
            Object.keys((r as { inputProperties: object }).inputProperties).map((arg) => `${type.split(":")[2]}.${arg}`),
        );
        const settings = Object.values(SETTING_KEYS).map((key) => `config ${key}`);
        expect([...args, ...settings].filter((a) => !covered.has(a))).toEqual([]);
    });

    it.each(BAD_COMPONENT_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
        const { error, customResources } = await runProgram(c.program);
        expect(customResources).toBe(0);
        expect(error).toBeInstanceOf(SpecError);
        const lines = (error as SpecError).message.split("\n");
        expect(lines).toHaveLength(c.lines ?? 1);
        if (typeof c.message === "string") expect(lines[0]).toBe(c.message);
        else expect(lines[0]).toMatch(c.message);
        for (const secret of c.secrets ?? []) expect((error as SpecError).message).not.toContain(secret);
    });
});
