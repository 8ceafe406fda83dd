import { describe, expect, it } from "vitest";
import { privateAddresses } from "../../../sdk/plan/addresses";
import type { HostSpec } from "../../../sdk/spec/host";
import { generated, multiHost } from "../../fixtures/stacks";
import { planOf } from "./helpers";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ";

function hetzner(name: string): HostSpec {
    return { name, provider: "hetzner", location: "nbg1", serverType: "cx23", volumeSizeGb: 0 };
}

describe("private addresses", () => {
    it("hand out .2, .3, ... of the network in declaration order, skipping Hetzner's gateway", () => {
        const plan = planOf(multiHost());
        expect(plan.hosts.map((h) => [h.name, h.networkAddress])).toEqual([
            ["home", "10.90.0.2"],
            ["turn", "10.90.0.3"],
            ["bridges", "10.90.0.4"],
            ["web", "10.90.0.5"],
        ]);
    });

    it("stay the same when hosts are appended", () => {
        const before = privateAddresses([hetzner("a"), hetzner("b")], "10.80.0.0/16");
        const after = privateAddresses([hetzner("a"), hetzner("b"), hetzner("c")], "10.80.0.0/16");
        expect(after).toMatchObject(before);
        expect(after.c).toBe("10.80.0.4");
    });

    it("use an existing host's privateAddress, or its address", () => {
        const hosts: HostSpec[] = [
            { name: "own", provider: "existing", address: "198.51.100.7", privateAddress: "10.80.5.5", user: "root", hostKey: KEY, port: 22 },
            { name: "bare", provider: "existing", address: "198.51.100.8", user: "root", hostKey: KEY, port: 22 },
            hetzner("new"),
        ];
        expect(privateAddresses(hosts, "10.80.0.0/16")).toEqual({ own: "10.80.5.5", bare: "198.51.100.8", new: "10.80.0.4" });
    });

    it("continue past .255 into the next /24 and clear host bits of the network", () => {
        const hosts = Array.from({ length: 300 }, (_, i) => hetzner(`h${i}`));
        const addresses = privateAddresses(hosts, "10.80.7.9/16");
        expect(addresses.h0).toBe("10.80.0.2");
        expect(addresses.h253).toBe("10.80.0.255");
        expect(addresses.h254).toBe("10.80.1.0");
        expect(new Set(Object.values(addresses)).size).toBe(300);
    });

    it("are unique across a 50-host stack", () => {
        const plan = planOf(generated());
        expect(new Set(plan.hosts.map((h) => h.privateAddress)).size).toBe(50);
    });

    it("refuse an IPv6 network, a full network and a clash with an existing host", () => {
        expect(() => privateAddresses([hetzner("a")], "fd00::/64")).toThrow("must be an IPv4 block");
        expect(() => privateAddresses([hetzner("a"), hetzner("b"), hetzner("c")], "10.0.0.0/30")).toThrow(
            "privateNetwork: 10.0.0.0/30 has no address left for hosts[1]; give a larger network",
        );
        const clash: HostSpec[] = [
            hetzner("a"),
            { name: "old", provider: "existing", address: "198.51.100.7", privateAddress: "10.80.0.2", user: "root", hostKey: KEY, port: 22 },
        ];
        // Named by the field the user wrote (the existing host's address), not by the host the plan numbered.
        expect(() => privateAddresses(clash, "10.80.0.0/16")).toThrow(/^hosts\[1\]\.privateAddress: 10\.80\.0\.2 is the private address hosts\[0\] gets/);
    });
});
