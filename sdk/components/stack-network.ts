/**
 * The stack's private network: one hcloud Network and one subnet covering it, in the
 * network zone of the Hetzner hosts' locations. Existing hosts reach the stack over their
 * own private addresses and need none of it.
 */
import * as hcloud from "@pulumi/hcloud";
import type * as pulumi from "@pulumi/pulumi";
import { SpecError } from "../spec/errors";
import type { StackPlan } from "../plan/types";
import { componentLabel } from "./component-spec";
import type { HostDeclaration } from "./declarations";

/** Hetzner location -> network zone. */
export const NETWORK_ZONES: Readonly<Record<string, string>> = {
    fsn1: "eu-central",
    nbg1: "eu-central",
    hel1: "eu-central",
    ash: "us-east",
    hil: "us-west",
    sin: "ap-southeast",
};

export interface StackNetwork {
    readonly networkId: pulumi.Output<number>;
    /** The subnet: servers attach only once it exists. */
    readonly ready: pulumi.Resource[];
}

/** The network zone all Hetzner hosts share; mixed zones cannot share one network. */
export function networkZone(plan: StackPlan, hosts: readonly HostDeclaration[]): string | undefined {
    let zone: { name: string; host: string } | undefined;
    for (const host of plan.hosts) {
        if (host.spec.provider !== "hetzner") continue;
        const label = componentLabel(hosts.find((d) => d.name === host.name)?.className ?? "HetznerNixosHost", host.name);
        const name = NETWORK_ZONES[host.spec.location];
        if (name === undefined) {
            throw new SpecError([{ path: `${label}.location`, message: `unknown Hetzner location; use one of ${Object.keys(NETWORK_ZONES).join(", ")}` }]);
        }
        if (zone && zone.name !== name) {
            throw new SpecError([
                { path: `${label}.location`, message: `is in network zone ${name} but host "${zone.host}" is in ${zone.name}; one stack's private network spans one zone` },
            ]);
        }
        zone ??= { name, host: host.name };
    }
    return zone?.name;
}

/** @param zone the Hetzner hosts' network zone, from `networkZone`; undefined: no Hetzner host. */
export function stackNetwork(plan: StackPlan, zone: string | undefined): StackNetwork | undefined {
    if (zone === undefined) return undefined;
    const labels = { "nixos-matrix-stack": plan.name };
    const network = new hcloud.Network(`${plan.name}-network`, { name: plan.name, ipRange: plan.privateNetwork, labels });
    const networkId = network.id.apply(Number);
    const subnet = new hcloud.NetworkSubnet(
        `${plan.name}-subnet`,
        { networkId, type: "cloud", networkZone: zone, ipRange: plan.privateNetwork },
        { parent: network },
    );
    return { networkId, ready: [subnet] };
}
