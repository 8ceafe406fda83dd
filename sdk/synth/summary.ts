/**
 * summary.json: what the stack is, in one reviewable file. Hosts with their services,
 * port table and cloud firewall rules (as the program created them), DNS records and
 * appservice registrations. Cloud-assigned values stay placeholders such as `<ipv4 of hs>`.
 */
import type { PlannedStack } from "../components/declarations";
import type { Bundle } from "../nixos/types";
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
    /** The nixpkgs the host builds against, and its system.stateVersion, as its bundle says. */
    readonly nixos: { readonly release: string; readonly url: string; readonly sha256: string; readonly stateVersion: string };
    /** Its place in the switch order: level 0 switches first. */
    readonly rolloutLevel: number;
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

/** The pin and stateVersion a host's rendered bundle carries. */
async function nixosOf(stack: PlannedStack, host: string): Promise<HostSummary["nixos"]> {
    const bundle: Bundle = await outputValue(stack.deploys.get(host)!.bundle);
    const params = JSON.parse(bundle.files["nixos-matrix/params.json"]!) as {
        nixpkgs: { release: string; url: string; sha256: string };
        host: { stateVersion: string };
    };
    const { release, url, sha256 } = params.nixpkgs;
    return { release, url, sha256, stateVersion: params.host.stateVersion };
}

export async function stackSummary(stack: PlannedStack, resources: readonly RecordedResource[]): Promise<StackSummary> {
    const dns = await Promise.all(
        stack.dnsRecords.map(async (r) => ({ name: r.fqdn, type: r.type, value: await outputValue(r.value) })),
    );
    const nixos = await Promise.all(stack.plan.hosts.map((host) => nixosOf(stack, host.name)));
    return {
        stack: stack.plan.name,
        hosts: stack.plan.hosts.map((host, i) => ({
            name: host.name,
            provider: host.spec.provider,
            services: services(host),
            ports: host.ports.map((p) => ({ protocol: p.protocol, from: p.from, to: p.to, exposure: p.exposure, service: p.service })),
            firewallRules: firewallRules(resources, host.name),
            nixos: nixos[i]!,
            rolloutLevel: stack.plan.rollout.findIndex((level) => level.includes(host.name)),
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
