/**
 * The old signing keys step: on a homeserver's main host whose workers run across hosts, it
 * runs before the switch that moves every process to the shared key (`ed25519:a_workers`),
 * and keeps the key Synapse made on its first start verifiable as one of `old_signing_keys`.
 */
import { STATE_MOUNT_POINT } from "../nixos/params";
import { synapseOldSigningKeysDir } from "../plan/paths";
import type { HostPlan } from "../plan/types";
import { SIGNING_KEY_ID } from "../plan/worker-secrets";
import type { OldSigningKeysArgs } from "./contract";

/** nixpkgs' `services.matrix-synapse.dataDir` default. */
const NIXPKGS_SYNAPSE_DATA_DIR = "/var/lib/matrix-synapse";

/** Synapse's data directory as the bundle sets it: on a Hetzner host's state Volume (state-volume.nix), else nixpkgs' default. */
export function synapseDataDir(host: HostPlan): string {
    return host.spec.provider === "hetzner" && host.spec.volumeSizeGb > 0 ? `${STATE_MOUNT_POINT}/matrix-synapse` : NIXPKGS_SYNAPSE_DATA_DIR;
}

/** The step's argument for `host`, or null: it is no main host of workers across hosts. */
export function oldSigningKeysArgs(host: HostPlan): OldSigningKeysArgs | null {
    const view = host.workers.find((v) => v.main && v.workers.crossHost);
    if (view === undefined) return null;
    return {
        host: host.name,
        // nixpkgs' default signing_key_path, where Synapse made its own key.
        ownKeyFile: `${synapseDataDir(host)}/homeserver.signing.key`,
        sharedKeyId: SIGNING_KEY_ID,
        configDir: synapseOldSigningKeysDir(view.workers.homeserver),
        group: "matrix-synapse",
    };
}
