/**
 * The mesh's key steps, one per host, each right after the host's wait step: its private key
 * is made on the host and never leaves it; its public key (the step's stdout) goes into
 * every peer's bundle, so every switch that needs a peer's key waits for that peer's step.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { meshKeyCommands, meshPublicKey } from "../deploy/mesh-key-step";
import type { MeshPeerFacts } from "../nixos/params-mesh";
import type { HostPlan } from "../plan/types";
import type { HostEndpoint } from "./declarations";

export interface MeshKeyHost {
    readonly host: HostPlan;
    readonly endpoint: HostEndpoint;
    readonly parent: pulumi.Resource;
    readonly wait: command.remote.Command;
}

/** Host name -> its key step; empty when the stack has no mesh. */
export function meshKeySteps(hosts: readonly MeshKeyHost[]): Map<string, command.remote.Command> {
    const steps = new Map<string, command.remote.Command>();
    for (const { host, endpoint, parent, wait } of hosts) {
        if (!host.mesh) continue;
        const { create, update } = meshKeyCommands(host.name, host.mesh);
        steps.set(
            host.name,
            new command.remote.Command(`${host.name}-mesh-key`, { connection: endpoint.connection, create, update }, { parent, dependsOn: [wait] }),
        );
    }
    return steps;
}

/** Every mesh host's public key and (Hetzner hosts) public IPv4, as each peer's bundle needs them. */
export function meshPeerFacts(
    hosts: readonly MeshKeyHost[],
    keys: ReadonlyMap<string, command.remote.Command>,
): pulumi.Output<Record<string, MeshPeerFacts>> {
    const entries = hosts
        .filter(({ host }) => keys.has(host.name))
        .map(({ host, endpoint }) =>
            pulumi
                .all([pulumi.unsecret(keys.get(host.name)!.stdout), endpoint.publicIpv4])
                .apply(([stdout, publicAddress]) => [host.name, { publicKey: meshPublicKey(host.name, stdout), ...(publicAddress ? { publicAddress } : {}) }] as const),
        );
    return pulumi.all(entries).apply((pairs) => Object.fromEntries(pairs));
}
