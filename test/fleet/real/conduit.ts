/** A stand-in Conduit on a fleet host, on the loopback port the library configures for Conduit. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

/** Starts standin-conduit.py on host `name` (it ends with the fleet's namespaces). */
export async function startStandinConduit(fleet: Fleet, name: string, options: { port: number; serverName: string; registrationToken: string }): Promise<StandinConduit> {
    const state = path.join(fleet.dir, `conduit-${name}.json`);
    const ns = fleet.host(name).ns;
    const child = spawn("ip", ["netns", "exec", ns, "/usr/bin/python3", path.join(__dirname, "standin-conduit.py"), JSON.stringify({ ...options, state })], {
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
