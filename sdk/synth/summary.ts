/**
 * summary.json: what the stack is, in one reviewable file. Hosts with their services,
 * port table and cloud firewall rules (as the program created them), DNS records and
 * appservice registrations. Cloud-assigned values stay placeholders such as `<ipv4 of hs>`.
 */
import type { PlannedStack } from "../components/declarations";
import type { HostPlan } from "../plan/types";
import type { RecordedResource } from "./mock-cloud";
import { outputValue } from "./output-value";

export interface StackSummary {
    readonly stack: string;
    readonly hosts: readonly HostSummary[];
    readonly dns: readonly { readonly name: string; readonly type: string; readonly value: string }[];
    readonly registrations: readonly { readonly id: string; readonly url: string; readonly bridgeHost: string; readonly homeserverHost: string }[];
}

export interface HostSummary {
    readonly name: string;
    readonly provider: string;
    readonly services: readonly string[];
    readonly ports: readonly { readonly protocol: string; readonly from: number; readonly to: number; readonly exposure: string; readonly service: string }[];
    /** The hcloud Firewall's rules; empty for existing hosts (no cloud firewall). */
    readonly firewallRules: readonly unknown[];
}

function services(host: HostPlan): string[] {
    const s = host.services;
    return [
        ...s.homeservers.map((x) => `homeserver/${x.name}`),
        ...s.turnServers.map((x) => `turn/${x.name}`),
        ...s.elements.map((x) => `element/${x.name}`),
        ...s.bridges.map((x) => `bridge/${x.id}`),
    ];
}

function firewallRules(resources: readonly RecordedResource[], host: string): unknown[] {
    const firewall = resources.find((r) => r.type === "hcloud:index/firewall:Firewall" && r.name === `${host}-firewall`);
    return (firewall?.inputs.rules as unknown[] | undefined) ?? [];
}

export async function stackSummary(stack: PlannedStack, resources: readonly RecordedResource[]): Promise<StackSummary> {
    const dns = await Promise.all(
        stack.dnsRecords.map(async (r) => ({ name: r.fqdn, type: r.type, value: await outputValue(r.value) })),
    );
    return {
        stack: stack.plan.name,
        hosts: stack.plan.hosts.map((host) => ({
            name: host.name,
            provider: host.spec.provider,
            services: services(host),
            ports: host.ports.map((p) => ({ protocol: p.protocol, from: p.from, to: p.to, exposure: p.exposure, service: p.service })),
            firewallRules: firewallRules(resources, host.name),
        })),
        dns,
        registrations: stack.plan.registrations.map((r) => ({
            id: r.id,
            url: r.url,
            bridgeHost: r.bridgeHost,
            homeserverHost: r.homeserverHost,
        })),
    };
}
