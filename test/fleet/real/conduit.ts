/** A stand-in Conduit-family server on a fleet host (standin-conduit.py). */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Fleet } from "../harness/fleet";

export interface StandinConduitState {
    /** Registered appservices: id -> the registration YAML sent. */
    readonly appservices: Record<string, string>;
    /** Every admin-room command received, in order. */
    readonly commands: string[];
}

export class StandinConduit {
    constructor(private readonly statePath: string) {}

    state(): StandinConduitState {
        return existsSync(this.statePath) ? (JSON.parse(readFileSync(this.statePath, "utf8")) as StandinConduitState) : { appservices: {}, commands: [] };
    }
}

export interface StandinConduitOptions {
    readonly port: number;
    readonly serverName: string;
    readonly registrationToken: string;
    /** Which member of the family it behaves as. @default "conduit" */
    readonly flavour?: "conduit" | "continuwuity" | "tuwunel";
}

/** The unit whose journal (the host's journalctl stand-in) receives each flavour's log. */
const UNITS = { conduit: "conduit.service", continuwuity: "continuwuity.service", tuwunel: "tuwunel.service" } as const;

/** Starts standin-conduit.py on host `name` (it ends with the fleet's namespaces). */
export async function startStandinConduit(fleet: Fleet, name: string, options: StandinConduitOptions): Promise<StandinConduit> {
    const state = path.join(fleet.dir, `conduit-${name}.json`);
    const host = fleet.host(name);
    const ns = host.ns;
    const journalDir = path.join(host.root, "var/lib/nixos-matrix-standin/journal");
    mkdirSync(journalDir, { recursive: true });
    const journal = path.join(journalDir, UNITS[options.flavour ?? "conduit"]);
    const child = spawn("ip", ["netns", "exec", ns, "/usr/bin/python3", path.join(__dirname, "standin-conduit.py"), JSON.stringify({ ...options, state, journal })], {
        detached: true,
        stdio: "ignore",
    });
    child.unref();
    for (let i = 0; i < 100; i++) {
        const probe = spawn("ip", ["netns", "exec", ns, "bash", "-c", `exec 3<>/dev/tcp/::1/${options.port}`], { stdio: "ignore" });
        if ((await new Promise((r) => probe.on("exit", r))) === 0) return new StandinConduit(state);
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`stand-in Conduit did not listen on ${name} [::1]:${options.port}`);
}
