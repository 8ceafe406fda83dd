import { describe, expect, it } from "vitest";
import { hostParams } from "../../../sdk/nixos";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { variant } from "../spec/base-stack";
import { hostOf, planOf } from "./helpers";

describe("the private interface without the mesh", () => {
    it("is the one the existing host names, and private ports open there only", () => {
        const plan = planOf(variant((s) => (s.mesh = false)) as StackSpecInput);
        const edge = hostOf(plan, "edge");
        const params = hostParams(edge, plan);
        expect(params.host.privateInterface).toBe("eth1");
        expect(params.firewall.private.tcp.length).toBeGreaterThan(0);
        expect(hostParams(hostOf(plan, "main"), plan).host.privateInterface).toBe("enp7s0");
    });

    it("is none on an existing host that opens no private port and names none", () => {
        const plan = planOf(
            variant((s) => {
                s.mesh = false;
                delete s.hosts[1].privateInterface;
                s.bridges = s.bridges.filter((b: { host: string }) => b.host !== "edge");
            }) as StackSpecInput,
        );
        const params = hostParams(hostOf(plan, "edge"), plan);
        expect(params.host.privateInterface).toBeNull();
        expect(params.firewall.private).toEqual({ tcp: [], udp: [], tcpRanges: [], udpRanges: [] });
    });
});
