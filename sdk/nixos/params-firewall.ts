import type { PortRule } from "../plan/types";
import type { PortSetParams } from "./params-types";

const numeric = (a: number, b: number): number => a - b;

/** Groups port rules into the four lists NixOS' firewall takes, sorted and without duplicates. */
export function portSet(rules: readonly PortRule[]): PortSetParams {
    const tcp = new Set<number>();
    const udp = new Set<number>();
    const tcpRanges = new Map<string, { from: number; to: number }>();
    const udpRanges = new Map<string, { from: number; to: number }>();
    for (const rule of rules) {
        if (rule.from === rule.to) {
            (rule.protocol === "tcp" ? tcp : udp).add(rule.from);
        } else {
            (rule.protocol === "tcp" ? tcpRanges : udpRanges).set(`${rule.from}-${rule.to}`, { from: rule.from, to: rule.to });
        }
    }
    const ranges = (m: Map<string, { from: number; to: number }>) =>
        [...m.values()].sort((a, b) => a.from - b.from || a.to - b.to);
    return {
        tcp: [...tcp].sort(numeric),
        udp: [...udp].sort(numeric),
        tcpRanges: ranges(tcpRanges),
        udpRanges: ranges(udpRanges),
    };
}

/**
 * Public rules open on every interface; private ones only on the private interface
 * (Hetzner's cloud firewall filters public interfaces only, so the host guards the
 * private network). Loopback rules open nothing.
 */
export function firewallParams(ports: readonly PortRule[]): { public: PortSetParams; private: PortSetParams } {
    return {
        public: portSet(ports.filter((p) => p.exposure === "public")),
        private: portSet(ports.filter((p) => p.exposure === "private")),
    };
}
