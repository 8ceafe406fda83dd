/**
 * Credentials unknown when the stack is planned are checked on the host by the secrets
 * step; its arguments name each one as the user wrote it, and carry no value.
 */
import { describe, expect, it } from "vitest";
import { Testing } from "../../sdk/synth/testing";
import { COMMAND, unwrap } from "./harness";
import { multiHostProgram } from "./programs";

describe("the secrets step's credential checks", () => {
    it("names the Bridge arg, not the spec path, and holds no credential", async () => {
        const run = await Testing.run(multiHostProgram());
        const step = run.resources.find((r) => r.type === COMMAND && r.name === "bridges-secrets");
        const create = String(unwrap(step?.inputs.create));
        expect(create).toContain('Bridge \\"telegram\\".telegramApiId');
        expect(create).toContain('Bridge \\"telegram\\".telegramApiHash');
        expect(create).not.toContain("bridges[");
        expect(create).not.toContain("0123456789abcdef0123456789abcdef");
    });
});
