/**
 * Real services on fleet hosts: Debian's PostgreSQL 15 and coturn, and Synapse from the sid
 * root, run by each generation the stand-in nixos-rebuild activates, from the configuration
 * the bundle's NixOS modules describe (see real-services.sh). The switch step's health checks
 * and `systemctl` then see the real units.
 */
import { chmodSync, copyFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Fleet } from "../harness/fleet";
import { hostPath, readHostFile } from "../harness/host-state";
import { SHARED_DIR } from "../../support/needs";
import { sidRoot } from "./sid-root";

const HERE = __dirname;
export const EVAL_HARNESS = path.resolve(HERE, "../../nix/harness/eval-options.nix");
export const OPTIONS_JSON = path.join(SHARED_DIR, "nixos/options.json");
/** The project's option data: declarations of the modules options.json lacks (test/nix/data). */
export const PROJECT_OPTIONS_JSON = path.resolve(HERE, "../../nix/data/options-26.05.json");

/** Makes every later activation on hosts `names` run the real services. */
export function useRealServices(fleet: Fleet, names: readonly string[]): void {
    const config = { sidRoot: sidRoot(), realDir: HERE, evalHarness: EVAL_HARNESS, optionsJson: OPTIONS_JSON, projectOptionsJson: PROJECT_OPTIONS_JSON };
    for (const name of names) {
        const bin = path.join(fleet.host(name).root, "bin");
        writeFileSync(path.join(bin, "real-services.json"), JSON.stringify(config));
        copyFileSync(path.join(HERE, "real-services.sh"), path.join(bin, "real-services"));
        chmodSync(path.join(bin, "real-services"), 0o755);
    }
}

export type RealUnit = "postgresql.service" | "matrix-synapse.service" | "coturn.service";

/** The unit's log (its journal) on host `name`. */
export function unitLog(fleet: Fleet, name: string, unit: RealUnit): string {
    try {
        return readHostFile(fleet.host(name), `/run/nixos-matrix-real/${unit}/log`);
    } catch {
        return "";
    }
}

/** The file a real unit runs from, e.g. Synapse's `homeserver.yaml`, as it is on the host. */
export function unitConfigPath(fleet: Fleet, name: string, unit: RealUnit, file: string): string {
    return hostPath(fleet.host(name), `/run/nixos-matrix-real/${unit}/config/${file}`);
}
