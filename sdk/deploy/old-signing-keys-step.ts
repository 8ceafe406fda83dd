/**
 * The old signing keys step: on a homeserver's main host whose workers run across hosts, it
 * runs before the switch that moves every process to the shared key (`ed25519:a_workers`),
 * and keeps the key Synapse made on its first start verifiable as one of `old_signing_keys`.
 */
import type { HostParams } from "../nixos/params-types";
import { BUNDLE_DIR } from "../nixos/render-bundle";
import type { Bundle } from "../nixos/types";
import { synapseOldSigningKeysDir } from "../plan/paths";
import type { HostPlan } from "../plan/types";
import { SIGNING_KEY_ID } from "../plan/worker-secrets";
import { crossHostMainHomeserver } from "../plan/workers";
import type { OldSigningKeysArgs } from "./contract";

/** nixpkgs' `services.matrix-synapse.dataDir` default. */
const NIXPKGS_SYNAPSE_DATA_DIR = "/var/lib/matrix-synapse";

/** The homeserver whose own key this host keeps: it is the main host of workers across hosts; else null (no step). */
export function oldSigningKeysHomeserver(host: HostPlan): string | null {
    return crossHostMainHomeserver(host.workers);
}

/** Synapse's data directory as the bundle sets it: on the state Volume when it mounts one (state-volume.nix), else nixpkgs' default. */
function synapseDataDir(bundle: Bundle): string {
    const { stateVolume } = JSON.parse(bundle.files[`${BUNDLE_DIR}/params.json`] ?? "{}") as Partial<Pick<HostParams, "stateVolume">>;
    return stateVolume ? `${stateVolume.mountPoint}/matrix-synapse` : NIXPKGS_SYNAPSE_DATA_DIR;
}

/** The step's argument for `host` and its bundle, or null: no step there. */
export function oldSigningKeysArgs(host: HostPlan, bundle: Bundle): OldSigningKeysArgs | null {
    const homeserver = oldSigningKeysHomeserver(host);
    if (homeserver === null) return null;
    return {
        host: host.name,
        // nixpkgs' default signing_key_path, where Synapse made its own key.
        ownKeyFile: `${synapseDataDir(bundle)}/homeserver.signing.key`,
        sharedKeyId: SIGNING_KEY_ID,
        configDir: synapseOldSigningKeysDir(homeserver),
        group: "matrix-synapse",
    };
}
