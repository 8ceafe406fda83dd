/**
 * A Matrix client inside a fleet host's network namespace, talking to the real Synapse on its
 * loopback listener: plain requests, and users made by shared-secret registration.
 */
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { promisify } from "node:util";
import type { Fleet } from "../harness/fleet";

const run = promisify(execFile);

export interface MatrixResponse {
    readonly status: number;
    readonly body: Record<string, unknown>;
}

export interface RequestOptions {
    readonly token?: string;
    readonly body?: unknown;
    /** @default http://127.0.0.1:8008 */
    readonly base?: string;
    /** How long curl waits for the answer. @default 30 */
    readonly maxTimeSeconds?: number;
}

/** One request from host `name` to `path`; the JSON answer and its HTTP status. */
export async function matrixRequest(fleet: Fleet, name: string, method: string, path: string, options: RequestOptions = {}): Promise<MatrixResponse> {
    const argv = ["netns", "exec", fleet.host(name).ns, "curl", "-sS", "--max-time", String(options.maxTimeSeconds ?? 30), "-X", method, "-w", "\n%{http_code}"];
    if (options.token !== undefined) argv.push("-H", `Authorization: Bearer ${options.token}`);
    if (options.body !== undefined) argv.push("-H", "Content-Type: application/json", "--data-binary", JSON.stringify(options.body));
    argv.push(`${options.base ?? "http://127.0.0.1:8008"}${path}`);
    const { stdout } = await run("ip", argv, { maxBuffer: 16 * 1024 * 1024 });
    const cut = stdout.lastIndexOf("\n");
    const text = stdout.slice(0, cut);
    let body: Record<string, unknown>;
    try {
        body = JSON.parse(text) as Record<string, unknown>;
    } catch {
        body = { text };
    }
    return { status: Number(stdout.slice(cut + 1)), body };
}

export interface RegisteredUser {
    readonly userId: string;
    readonly accessToken: string;
}

/** Registers `username` with the homeserver's registration_shared_secret (Synapse's admin API). */
export async function registerUser(
    fleet: Fleet,
    name: string,
    sharedSecret: string,
    user: { readonly username: string; readonly password: string; readonly admin?: boolean },
): Promise<RegisteredUser> {
    const endpoint = "/_synapse/admin/v1/register";
    const nonce = await matrixRequest(fleet, name, "GET", endpoint);
    if (typeof nonce.body.nonce !== "string") throw new Error(`no registration nonce: ${JSON.stringify(nonce)}`);
    const mac = createHmac("sha1", sharedSecret)
        .update([nonce.body.nonce, user.username, user.password, user.admin ? "admin" : "notadmin"].join("\0"))
        .digest("hex");
    const done = await matrixRequest(fleet, name, "POST", endpoint, {
        body: { nonce: nonce.body.nonce, username: user.username, password: user.password, admin: user.admin ?? false, mac },
    });
    if (done.status !== 200) throw new Error(`registering ${user.username} failed: ${JSON.stringify(done)}`);
    return { userId: String(done.body.user_id), accessToken: String(done.body.access_token) };
}
