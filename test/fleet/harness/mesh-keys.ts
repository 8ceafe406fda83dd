/** The library's mesh key step on fleet hosts, as a stack with the mesh runs it before its bundles. */
import { meshKeyCommands, meshPublicKey } from "../../../sdk/deploy/mesh-key-step";
import type { MeshPeerFacts } from "../../../sdk/nixos/params-mesh";
import type { StackPlan } from "../../../sdk/plan/types";
import type { Fleet } from "./fleet";

/**
 * Runs each host's key step over SSH (`fresh`: its create, as on a first deploy or a replace;
 * the others its update) and returns every host's public key and fleet address.
 */
export async function runMeshKeySteps(fleet: Fleet, plan: StackPlan, fresh: readonly string[]): Promise<Record<string, MeshPeerFacts>> {
    const keys: Record<string, MeshPeerFacts> = {};
    for (const host of plan.hosts) {
        const commands = meshKeyCommands(host.name, host.mesh!);
        const result = await fleet.ssh(host.name, fresh.includes(host.name) ? commands.create : commands.update);
        if (result.code !== 0) throw new Error(`mesh key step on ${host.name} failed: ${result.stderr}`);
        keys[host.name] = { publicKey: meshPublicKey(host.name, result.stdout), publicAddress: fleet.host(host.name).address };
    }
    return keys;
}
