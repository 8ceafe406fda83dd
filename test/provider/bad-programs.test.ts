/**
 * The bad-program corpus through the provider: one case of each class sent as Construct
 * calls, each stack in a provider process of its own (a provider plans one stack). Every
 * Construct of the stack fails and nothing is registered.
 */
import { describe, expect, it } from "vitest";
import { BAD_COMPONENT_CASES } from "../mocks/bad-components";
import type { BadComponentCase } from "../mocks/bad-components";
import { constructOverGrpc, PROJECT, STACK } from "./harness/component-program";
import { grpcErrorDetails } from "./harness/provider-client";
import { SESSION_TIMEOUT_MS, useProviderSession } from "./harness/provider-session";

/** A function value cannot be sent over the wire. */
function hasFunction(value: unknown): boolean {
    if (typeof value === "function") return true;
    return value !== null && typeof value === "object" && Object.values(value).some(hasFunction);
}

/** The first sendable case of each class. */
const ONE_PER_CLASS: BadComponentCase[] = [];
for (const c of BAD_COMPONENT_CASES) {
    if (c.class === "arg" || hasFunction(c.program.components) || ONE_PER_CLASS.some((o) => o.class === c.class)) continue;
    ONE_PER_CLASS.push(c);
}

describe("bad programs through Construct", () => {
    it("covers every class of the corpus", () => {
        expect(ONE_PER_CLASS.map((c) => c.class).sort()).toEqual(["element-config", "key-material", "plan-clash", "refusal", "secret-credential", "setting", "workers"]);
    });

    for (const c of ONE_PER_CLASS) {
        describe(`${c.class}: ${c.name}`, () => {
            const session = useProviderSession(PROJECT, STACK);

            it(
                "fails every Construct with the case's message, names none of its secrets and registers no resource",
                async () => {
                    const outcomes = await constructOverGrpc(session(), c.program);
                    expect(outcomes.filter((o) => o.ok)).toEqual([]);
                    const messages = outcomes.map((o) => (o.ok ? "" : grpcErrorDetails(o.error)));
                    const lines = messages.flatMap((m) => m.split("\n"));
                    expect(lines.some((line) => (typeof c.message === "string" ? line === c.message : c.message.test(line)))).toBe(true);
                    for (const secret of c.secrets ?? []) expect(messages.join("\n")).not.toContain(secret);
                    expect(session().engine.monitor.registrations.filter((r) => r.custom)).toEqual([]);
                },
                SESSION_TIMEOUT_MS,
            );
        });
    }
});
