/** Stand-in bridges on fleet hosts, one per registration, listening where its `url` points. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Fleet } from "../harness/fleet";
import type { RegistrationPlan } from "../../../sdk/plan/types";

export interface BridgeRequest {
    readonly method: string;
    readonly path: string;
    readonly token: string;
    readonly body: string;
    /** The address the request came from. */
    readonly peer: string;
}

export class StandinBridge {
    constructor(readonly id: string, readonly log: string, private readonly pid?: number) {}

    /** Ends the stand-in (for a test that starts another in its place). */
    async stop(): Promise<void> {
        if (this.pid === undefined) return;
        try {
            process.kill(this.pid);
        } catch {
            return;
        }
        for (let i = 0; i < 100; i++) {
            try {
                process.kill(this.pid, 0);
            } catch {
                return;
            }
            await new Promise((r) => setTimeout(r, 50));
        }
    }

    requests(): BridgeRequest[] {
        if (!existsSync(this.log)) return [];
        return readFileSync(this.log, "utf8").trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as BridgeRequest);
    }
}

/** Starts a stand-in for `registration` on its bridge host, answering to `hsToken`; it ends with the fleet. */
export async function startStandinBridge(fleet: Fleet, registration: RegistrationPlan, hsToken: string): Promise<StandinBridge> {
    const port = Number(new URL(registration.url).port);
    const log = path.join(fleet.dir, `bridge-${registration.id}.log`);
    const child = spawn(
        "ip",
        ["netns", "exec", fleet.host(registration.bridgeHost).ns, "/usr/bin/python3", path.join(__dirname, "standin-bridge.py"), JSON.stringify({ port, hsToken, log })],
        { detached: true, stdio: "ignore" },
    );
    child.unref();
    for (let i = 0; i < 100; i++) {
        const probe = spawn("ip", ["netns", "exec", fleet.host(registration.bridgeHost).ns, "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: "ignore" });
        if ((await new Promise((r) => probe.on("exit", r))) === 0) return new StandinBridge(registration.id, log, child.pid);
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`stand-in bridge ${registration.id} did not listen on ${registration.bridgeHost}:${port}`);
}

/**
 * `spec` with one bridge of each newer type added on `host` for `homeserver`: mautrix-signal,
 * mautrix-meta for both networks, mautrix-discord (its bot renamed, beside the examples'
 * matrix-appservice-discord) and matrix-hookshot.
 */
export function withNewerBridges<T extends { readonly bridges?: readonly unknown[] }>(spec: T, host: string, homeserver: string): T {
    const on = { host, homeserver };
    return {
        ...spec,
        bridges: [
            ...(spec.bridges ?? []),
            { id: "signal", type: "mautrix-signal", ...on },
            { id: "messenger", type: "mautrix-meta", network: "messenger", ...on },
            { id: "instagram", type: "mautrix-meta", network: "instagram", ...on },
            { id: "mdiscord", type: "mautrix-discord", botLocalpart: "mdiscordbot", ...on },
            { id: "hookshot", type: "matrix-hookshot", ...on },
        ],
    };
}
