/**
 * The homeserver implementations the library deploys. Synapse runs on PostgreSQL; the rest
 * are the Conduit family (Conduit and conduwuit's maintained forks continuwuity and Tuwunel),
 * each on RocksDB with its own NixOS module, and bootstrapped through its admin room.
 */
export const HOMESERVER_IMPLEMENTATIONS = ["synapse", "conduit", "continuwuity", "tuwunel"] as const;

export type HomeserverImplementation = (typeof HOMESERVER_IMPLEMENTATIONS)[number];

export type ConduitFamilyImplementation = Exclude<HomeserverImplementation, "synapse">;

/** How messages name each implementation. */
export const IMPLEMENTATION_LABELS: Record<HomeserverImplementation, string> = {
    synapse: "Synapse",
    conduit: "Conduit",
    continuwuity: "continuwuity",
    tuwunel: "Tuwunel",
};

export function isConduitFamily(implementation: HomeserverImplementation): implementation is ConduitFamilyImplementation {
    return implementation !== "synapse";
}
