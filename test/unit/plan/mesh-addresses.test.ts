import { describe, expect, it } from "vitest";
import { meshAddresses } from "../../../sdk/plan/mesh-addresses";
import { SpecError } from "../../../sdk/spec/errors";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { baseStack } from "../spec/base-stack";

describe("mesh addresses", () => {
    const hosts = parseStackSpec(baseStack()).hosts;

    it("come from the default mesh network, apart from the private network, by declaration order", () => {
        const spec = parseStackSpec(baseStack());
        expect(spec.meshNetwork).toBe("10.81.0.0/24");
        expect(meshAddresses(hosts, spec.meshNetwork)).toEqual({ main: "10.81.0.1", edge: "10.81.0.2" });
    });

    it("stay put when a host is appended", () => {
        const more = [...hosts, { ...hosts[0], name: "third" }];
        expect(meshAddresses(more, "192.168.7.0/29")).toEqual({ main: "192.168.7.1", edge: "192.168.7.2", third: "192.168.7.3" });
    });

    it("refuse a block too small for the hosts, naming meshNetwork", () => {
        const many = [0, 1, 2].map((i) => ({ ...hosts[0], name: `h${i}` }));
        expect(() => meshAddresses(many, "10.81.0.0/30")).toThrow(SpecError);
        expect(() => meshAddresses(many, "10.81.0.0/30")).toThrow("meshNetwork: 10.81.0.0/30 holds 2 hosts, the stack has 3; give a larger block");
    });
});
