import { describe, expect, it } from "vitest";
import { SpecError } from "../../../sdk/spec/errors";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { baseStack } from "./base-stack";
import { BAD_INPUTS } from "./bad-inputs";

function errorLines(input: unknown): string[] {
    try {
        parseStackSpec(input);
    } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        return (error as SpecError).message.split("\n");
    }
    throw new Error("parseStackSpec accepted the input");
}

describe("bad-input corpus", () => {
    it("starts from a valid base stack", () => {
        expect(() => parseStackSpec(baseStack())).not.toThrow();
    });

    it("has unique case names", () => {
        const names = BAD_INPUTS.map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it.each(BAD_INPUTS.map((c) => [c.name, c] as const))("%s", (_name, { input, message }) => {
        const lines = errorLines(input);
        // One change, one rule: any further line would mean the case proves more than one thing.
        expect(lines).toHaveLength(1);
        if (typeof message === "string") expect(lines[0]).toBe(message);
        else expect(lines[0]).toMatch(message);
    });
});
