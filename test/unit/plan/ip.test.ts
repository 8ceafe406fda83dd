import { describe, expect, it } from "vitest";
import { addressWithPort, canonicalCidr, formatAddress, ipFamily, parseAddress } from "../../../sdk/plan/ip";

describe("IP helpers", () => {
    it("writes address:port with an IPv6 address in brackets", () => {
        expect(addressWithPort("10.81.0.2", 6167)).toBe("10.81.0.2:6167");
        expect(addressWithPort("fd00::3", 51820)).toBe("[fd00::3]:51820");
    });

    it.each([
        ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
        ["2001:DB8::1", "2001:db8::1"],
        ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
        ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
        ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
        ["::", "::"],
        ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ])("writes %s as %s (RFC 5952)", (input, expected) => {
        const value = parseAddress(input);
        expect(value?.kind()).toBe("ipv6");
        expect(formatAddress(value!)).toBe(expected);
    });

    it.each([
        ["10.1.2.3/8", "10.0.0.0/8"],
        ["203.0.113.77/32", "203.0.113.77/32"],
        ["0.0.0.0/0", "0.0.0.0/0"],
        ["2001:db8:abcd:12::1/48", "2001:db8:abcd::/48"],
        ["::/0", "::/0"],
    ])("canonicalises %s to %s", (input, expected) => {
        expect(canonicalCidr(input)).toBe(expected);
    });

    it("refuses what is not a CIDR block", () => {
        expect(() => canonicalCidr("10.0.0.0")).toThrow("is not a CIDR block");
        expect(() => canonicalCidr("10.0.0.0/33")).toThrow("is not a CIDR block");
        expect(() => canonicalCidr("1:2:3:4:5:6:7:8:9/64")).toThrow("is not a CIDR block");
    });

    it("tells address families apart", () => {
        expect(ipFamily("198.51.100.1")).toBe(4);
        expect(ipFamily("2001:db8::1")).toBe(6);
        expect(ipFamily("example.org")).toBeUndefined();
    });

    it("reads only strictly written addresses", () => {
        for (const loose of ["10", "0x0a.0.0.1", "010.0.0.1", "fe80::1%eth0", "::ffff:1.2.3", "1.2.3.256"]) {
            expect(ipFamily(loose), loose).toBeUndefined();
        }
        expect(ipFamily("::ffff:192.0.2.1")).toBe(6);
    });
});
