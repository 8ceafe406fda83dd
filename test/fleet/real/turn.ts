/**
 * A TURN client (Debian coturn's turnutils_uclient) inside a fleet host's namespace: allocates a
 * relay with the given credentials, then asks for a channel to `peer`.
 */
import { execFile } from "node:child_process";
import type { Fleet } from "../harness/fleet";

export interface TurnAttempt {
    /** The relayed address coturn allocated, or undefined when it refused. */
    readonly relay: string | undefined;
    /** Whether a channel to the peer was refused as a forbidden IP (denied-peer-ip). */
    readonly peerForbidden: boolean;
    readonly output: string;
}

/** The host and port of a `turn:` URI as Synapse hands them out (e.g. `turn:turn.example.org:3478?transport=udp`). */
export function turnEndpoint(uri: string): { readonly host: string; readonly port: number } {
    const match = /^turns?:([^:?]+):(\d+)/.exec(uri);
    if (!match) throw new Error(`not a turn URI with a port: ${uri}`);
    return { host: match[1]!, port: Number(match[2]) };
}

export function allocateRelay(
    fleet: Fleet,
    from: string,
    server: { readonly address: string; readonly port: number },
    credentials: { readonly username: string; readonly password: string },
    peer = "127.0.0.1",
): Promise<TurnAttempt> {
    const argv = ["netns", "exec", fleet.host(from).ns, "turnutils_uclient", "-v", "-n", "1", "-e", peer, "-p", String(server.port)];
    argv.push("-u", credentials.username, "-w", credentials.password, server.address);
    return new Promise((resolve) => {
        execFile("ip", argv, { timeout: 30_000, encoding: "utf8" }, (_err, stdout, stderr) => {
            const output = `${stdout}${stderr}`;
            resolve({
                relay: /allocate response received: \s*\n.*success[\s\S]*?Received relay addr: (\S+)/.exec(output)?.[1],
                peerForbidden: /error 403 \(Forbidden IP\)/.test(output),
                output,
            });
        });
    });
}
