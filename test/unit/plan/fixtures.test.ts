import { describe, expect, it } from "vitest";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { allInOne, conduit, generated, multiHost } from "../../fixtures/stacks";

describe("stack fixtures", () => {
    it.each([
        ["allInOne", allInOne],
        ["multiHost", multiHost],
        ["conduit", conduit],
        ["generated", () => generated()],
    ])("%s parses as a StackSpec", (_name, build) => {
        expect(() => parseStackSpec(build())).not.toThrow();
    });

    it("generated() has 10 homeservers on 50 hosts, each with TURN, Element and 3 bridges", () => {
        const spec = parseStackSpec(generated());
        expect(spec.homeservers).toHaveLength(10);
        expect(spec.hosts).toHaveLength(50);
        expect(spec.turnServers).toHaveLength(10);
        expect(spec.elements).toHaveLength(10);
        expect(spec.bridges).toHaveLength(30);
    });

    it("builders return fresh objects", () => {
        const a = allInOne();
        a.hosts!.pop();
        expect(allInOne().hosts).toHaveLength(1);
    });
});
