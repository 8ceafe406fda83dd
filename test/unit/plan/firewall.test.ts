import { describe, expect, it } from "vitest";
import { cloudFirewallRules, hostFirewall, type CloudFirewallRule } from "../../../sdk/plan/firewall";
import { allInOne, generated, multiHost } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

/** Hetzner's constraints on a rule (schemas README): checked here independently of the code under test. */
function hostBitsClear(cidr: string): boolean {
    const [address, prefixText] = cidr.split("/");
    const prefix = Number(prefixText);
    if (address.includes(".")) {
        const value = address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n);
        return (value & ((1n << BigInt(32 - prefix)) - 1n)) === 0n;
    }
    const [head, tail = ""] = address.split("::");
    const groups = (s: string) => (s ? s.split(":") : []);
    const all = [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill("0"), ...groups(tail)];
    const value = all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
    return (value & ((1n << BigInt(128 - prefix)) - 1n)) === 0n;
}

function expectHetznerValid(rules: readonly CloudFirewallRule[]): void {
    for (const rule of rules) {
        expect(rule.direction).toBe("in");
        expect(["tcp", "udp"]).toContain(rule.protocol);
        expect(rule.port).toMatch(/^\d+(-\d+)?$/);
        const [from, to = from] = rule.port.split("-").map(Number);
        expect(from).toBeLessThanOrEqual(to);
        expect(rule.description.length).toBeLessThanOrEqual(255);
        expect(rule.sourceIps.length).toBeGreaterThan(0);
        expect(rule.sourceIps.length).toBeLessThanOrEqual(100);
        for (const cidr of rule.sourceIps) expect(hostBitsClear(cidr), cidr).toBe(true);
    }
}

describe("cloud firewall rules", () => {
    it("cover the public rows only: SSH from sshSourceRanges, the rest from anywhere", () => {
        const plan = planOf(multiHost());
        const home = hostOf(plan, "home");
        const rules = cloudFirewallRules(home, plan.sshSourceRanges);
        expectHetznerValid(rules);
        expect(rules.map((r) => `${r.protocol}/${r.port}`)).toEqual(["tcp/22", "tcp/80", "tcp/443", "tcp/8448", "udp/51820"]);
        expect(rules[0].sourceIps).toEqual(["2001:db8::/32", "203.0.113.0/24"]);
        for (const rule of rules.slice(1)) expect(rule.sourceIps).toEqual(["0.0.0.0/0", "::/0"]);
    });

    it("give the relay range as one udp rule with a dashed port", () => {
        const plan = planOf(multiHost());
        const rules = cloudFirewallRules(hostOf(plan, "turn"), plan.sshSourceRanges);
        expectHetznerValid(rules);
        expect(rules.filter((r) => r.port.includes("-"))).toEqual([
            expect.objectContaining({ protocol: "udp", port: "50000-50999" }),
        ]);
    });

    it("never open a private or loopback port", () => {
        const plan = planOf(multiHost());
        const rules = cloudFirewallRules(hostOf(plan, "bridges"), plan.sshSourceRanges);
        expect(rules.map((r) => `${r.protocol}/${r.port}`)).toEqual(["tcp/22", "udp/51820"]);
    });

    it("clear host bits, canonicalise IPv6, dedupe and split more than 100 sources over several rules", () => {
        const plan = planOf(allInOne());
        const many = Array.from({ length: 230 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.7/24`);
        const ranges = [...many, "2001:DB8:0:0:0:0:0:1/64", "2001:db8::/64"];
        const rules = cloudFirewallRules(hostOf(plan, "matrix"), ranges).filter((r) => r.port === "22");
        expectHetznerValid(rules);
        const sources = rules.flatMap((r) => r.sourceIps);
        expect(sources).toHaveLength(231);
        expect(new Set(sources).size).toBe(231);
        expect(sources).toContain("10.0.5.0/24");
        expect(sources).toContain("2001:db8::/64");
        expect(rules).toHaveLength(3);
        expect(rules.map((r) => r.description)).toEqual([
            "ssh: SSH for deploys (sources 1/3)",
            "ssh: SSH for deploys (sources 2/3)",
            "ssh: SSH for deploys (sources 3/3)",
        ]);
    });

    it("cut a description to Hetzner's 255 characters", () => {
        const host = hostOf(planOf(allInOne()), "matrix");
        const long = { ...host, ports: [{ protocol: "tcp" as const, from: 443, to: 443, exposure: "public" as const, service: "x", why: "y".repeat(400) }] };
        const [rule] = cloudFirewallRules(long, ["0.0.0.0/0"]);
        expect(rule.description).toHaveLength(255);
        expect(rule.description.endsWith("...")).toBe(true);
    });

    it("hold for every host of a 50-host stack", () => {
        const plan = planOf(generated());
        for (const host of plan.hosts) expectHetznerValid(cloudFirewallRules(host, plan.sshSourceRanges));
    });
});

describe("host firewall", () => {
    it("opens public ports everywhere and private ports on the private interface only", () => {
        const plan = planOf(multiHost());
        expect(hostFirewall(hostOf(plan, "bridges"), "enp7s0")).toEqual({
            privateInterface: "enp7s0",
            publicTcp: [22],
            publicUdp: [51820],
            publicTcpRanges: [],
            publicUdpRanges: [],
            privateTcp: [8009, 9005, 29317, 29318],
            privateUdp: [],
            privateTcpRanges: [],
            privateUdpRanges: [],
        });
        expect(hostFirewall(hostOf(plan, "turn"), "enp7s0")).toMatchObject({
            publicTcp: [22, 80, 3478, 5349],
            publicUdp: [3478, 5349, 51820],
            publicUdpRanges: [{ from: 50000, to: 50999 }],
            privateTcp: [],
        });
    });

    it("opens nothing for loopback rows", () => {
        const fw = hostFirewall(hostOf(planOf(allInOne()), "matrix"), "ens10");
        expect(fw.publicTcp).toEqual([22, 80, 443, 3478, 5349]);
        expect(fw.privateTcp).toEqual([]);
        for (const port of [5432, 8008, 8009, 9005, 29317, 29318]) expect(fw.publicTcp).not.toContain(port);
    });
});
