import { describe, expect, it } from "vitest";
import { SpecError } from "../../../sdk/spec/errors";
import { parseStackSpec, stackSpecShape } from "../../../sdk/spec/stack";
import { validateStack } from "../../../sdk/spec/validate-stack";
import { baseStack, variant } from "./base-stack";

function thrown(run: () => unknown): SpecError {
    try {
        run();
    } catch (error) {
        if (error instanceof SpecError) return error;
        throw error;
    }
    throw new Error("expected a SpecError");
}

describe("validateStack", () => {
    it("accepts the base stack as parsed", () => {
        expect(() => validateStack(stackSpecShape.parse(baseStack()))).not.toThrow();
    });

    it("reports every cross-field problem at once, each with its path", () => {
        const input = variant((s) => {
            s.bridges[3].id = "telegram";
            s.elements[0].homeserver = "nope";
            s.bridges[0].port = 8008;
        });
        const error = thrown(() => validateStack(stackSpecShape.parse(input)));
        expect(error.issues.map((issue) => issue.path)).toEqual(["bridges[3].id", "elements[0].homeserver", "bridges[0].port"]);
        expect(error.message.split("\n")).toHaveLength(3);
    });

    it("runs inside parseStackSpec after the field checks", () => {
        const error = thrown(() => parseStackSpec(variant((s) => (s.bridges[3].id = "telegram"))));
        expect(error.issues).toEqual([{ path: "bridges[3].id", message: "duplicate bridge id 'telegram' (also bridges[0])" }]);
    });

    it("does not run on a stack whose fields are malformed", () => {
        const error = thrown(() =>
            parseStackSpec(
                variant((s) => {
                    s.bridges[3].id = "telegram";
                    s.acme.email = "nobody";
                }),
            ),
        );
        expect(error.issues).toEqual([{ path: "acme.email", message: "must be an e-mail address" }]);
    });

    it("lists at most eight declared names in a dangling reference", () => {
        const input = variant((s) => {
            for (let i = 0; i < 10; i++) s.hosts.push({ name: `spare-${i}`, provider: "hetzner" });
            s.elements[0].host = "nope";
        });
        expect(thrown(() => parseStackSpec(input)).message).toBe(
            "elements[0].host: no host named 'nope' is declared (declared: 'main', 'edge', 'spare-0', 'spare-1', " +
                "'spare-2', 'spare-3', 'spare-4', 'spare-5' and 4 more)",
        );
    });
});
