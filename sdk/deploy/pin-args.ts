/**
 * The pin step's argument for one host: the stack's nixpkgs source and, on a homeserver
 * host, what to dump before that source changes. Pure, from the plan.
 */
import { conduitFamilyServer } from "../plan/conduit-family";
import type { HostPlan, StackPlan } from "../plan/types";
import { STATE_DIR, type HomeserverDump, type PinArgs } from "./contract";

/** Synapse's database, as postgresql.nix creates it. */
export const SYNAPSE_DATABASE = "matrix-synapse";

function homeserverDump(host: HostPlan): HomeserverDump | null {
    const hs = host.services.homeservers[0];
    if (!hs) return null;
    if (hs.implementation === "synapse") {
        return { implementation: "synapse", unit: "matrix-synapse.service", database: SYNAPSE_DATABASE, allowDowngrade: hs.allowDataLoss };
    }
    const server = conduitFamilyServer(hs.implementation, hs.serverName);
    return { implementation: "conduit", unit: `${server.unit}.service`, dataDirs: server.dataDirs, allowDowngrade: hs.allowDataLoss };
}

export function pinArgs(host: HostPlan, plan: StackPlan, options: { readonly lockTimeoutSeconds?: number } = {}): PinArgs {
    const { release, url, sha256 } = plan.nixpkgs;
    return {
        host: host.name,
        stateDir: STATE_DIR,
        nixpkgs: { release, url, sha256 },
        homeserver: homeserverDump(host),
        keepDumps: plan.upgradeDumps,
        ...(options.lockTimeoutSeconds === undefined ? {} : { lockTimeoutSeconds: options.lockTimeoutSeconds }),
    };
}
