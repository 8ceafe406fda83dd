/**
 * Firewalls derived from a host's port table: Hetzner Cloud rules (public rows only; the
 * cloud firewall filters public interfaces only) and the NixOS host firewall, which also
 * guards the private network.
 */
import { canonicalCidr } from "./ip";
import type { HostPlan, PortRule } from "./types";
import { compareText } from "./order";

/** Hetzner's limits on one firewall rule (API schema `rule`). */
export const HETZNER_RULE_LIMITS = { maxDescription: 255, maxSourceIps: 100 } as const;

export const ANY_SOURCE: readonly string[] = ["0.0.0.0/0", "::/0"];

/** One inbound Hetzner Cloud firewall rule, in the API's shape. */
export interface CloudFirewallRule {
    readonly direction: "in";
    readonly protocol: "tcp" | "udp";
    /** A single port (`"80"`) or an inclusive range (`"49000-50000"`). */
    readonly port: string;
    /** CIDR blocks, canonical (host bits cleared, IPv6 per RFC 5952), sorted, at most 100. */
    readonly sourceIps: readonly string[];
    readonly description: string;
}

function portText(r: PortRule): string {
    return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

function describe(r: PortRule, part: number, parts: number): string {
    const suffix = parts > 1 ? ` (sources ${part + 1}/${parts})` : "";
    const text = `${r.service}: ${r.why}`;
    const room = HETZNER_RULE_LIMITS.maxDescription - suffix.length;
    return (text.length > room ? `${text.slice(0, room - 3)}...` : text) + suffix;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/**
 * The cloud firewall rules of one host: SSH from `sshSourceRanges`, every other public row
 * from anywhere. Sources are canonicalised and deduplicated; a list longer than Hetzner's
 * 100 blocks is split over several rules.
 */
export function cloudFirewallRules(host: HostPlan, sshSourceRanges: readonly string[]): CloudFirewallRule[] {
    const rules: CloudFirewallRule[] = [];
    for (const r of host.ports.filter((p) => p.exposure === "public")) {
        const sources = r.service === "ssh" ? sshSourceRanges : ANY_SOURCE;
        const canonical = [...new Set(sources.map(canonicalCidr))].sort(compareText);
        const parts = chunks(canonical, HETZNER_RULE_LIMITS.maxSourceIps);
        parts.forEach((sourceIps, i) => {
            rules.push({
                direction: "in",
                protocol: r.protocol,
                port: portText(r),
                sourceIps,
                description: describe(r, i, parts.length),
            });
        });
    }
    return rules;
}

export interface FirewallPortRange {
    readonly from: number;
    readonly to: number;
}

/**
 * What the NixOS layer maps to `networking.firewall`: public rows open on every interface;
 * private rows open on `privateInterface` only; loopback rows open nothing (lo is trusted).
 * Single ports go to the port lists, ranges to the range lists.
 */
export interface HostFirewall {
    readonly privateInterface: string;
    readonly publicTcp: readonly number[];
    readonly publicUdp: readonly number[];
    readonly publicTcpRanges: readonly FirewallPortRange[];
    readonly publicUdpRanges: readonly FirewallPortRange[];
    readonly privateTcp: readonly number[];
    readonly privateUdp: readonly number[];
    readonly privateTcpRanges: readonly FirewallPortRange[];
    readonly privateUdpRanges: readonly FirewallPortRange[];
}

function portsOf(rules: readonly PortRule[], protocol: PortRule["protocol"]): number[] {
    const ports = rules.filter((r) => r.protocol === protocol && r.from === r.to).map((r) => r.from);
    return [...new Set(ports)].sort((a, b) => a - b);
}

function rangesOf(rules: readonly PortRule[], protocol: PortRule["protocol"]): FirewallPortRange[] {
    return rules
        .filter((r) => r.protocol === protocol && r.from !== r.to)
        .map((r) => ({ from: r.from, to: r.to }))
        .sort((a, b) => a.from - b.from || a.to - b.to);
}

/** @param privateInterfaceHint the private network's interface name on this host, e.g. `enp7s0`. */
export function hostFirewall(host: HostPlan, privateInterfaceHint: string): HostFirewall {
    const pub = host.ports.filter((r) => r.exposure === "public");
    const priv = host.ports.filter((r) => r.exposure === "private");
    return {
        privateInterface: privateInterfaceHint,
        publicTcp: portsOf(pub, "tcp"),
        publicUdp: portsOf(pub, "udp"),
        publicTcpRanges: rangesOf(pub, "tcp"),
        publicUdpRanges: rangesOf(pub, "udp"),
        privateTcp: portsOf(priv, "tcp"),
        privateUdp: portsOf(priv, "udp"),
        privateTcpRanges: rangesOf(priv, "tcp"),
        privateUdpRanges: rangesOf(priv, "udp"),
    };
}
