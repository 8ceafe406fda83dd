/**
 * The mesh key step: one per host of a stack with the mesh. Its create makes a fresh key
 * (a first deploy, or `pulumi up --replace` of the step to rotate it); its update keeps the
 * key the host has. Its stdout, the public key, flows into every peer's bundle.
 */
import { createHash } from "node:crypto";
import type { MeshPlan } from "../plan/mesh";
import { stepCommand } from "./script-command";

export interface MeshKeyCommands {
    /** Makes a new key. */
    readonly create: string;
    /** Keeps a present key (makes one only if absent). */
    readonly update: string;
}

export function meshKeyCommands(host: string, mesh: MeshPlan): MeshKeyCommands {
    const args = (fresh: boolean) => ({ host, privateKeyFile: mesh.privateKeyFile, fresh });
    return { create: stepCommand("mesh-key", args(true)), update: stepCommand("mesh-key", args(false)) };
}

/** A WireGuard public key: 32 bytes in base64, 44 characters ending in `=`. */
const PUBLIC_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** The public key the step printed; anything else is a failure naming the host, never echoing the output. */
export function meshPublicKey(host: string, stdout: string): string {
    const key = stdout.trim();
    if (!PUBLIC_KEY.test(key)) throw new Error(`host ${host}: the mesh key step printed no WireGuard public key`);
    return key;
}

/** The host a mesh key step's command line is for, or undefined for any other command. */
export function meshKeyHostOf(commandLine: string): string | undefined {
    const marker = " nixos-matrix-mesh-key '";
    const at = commandLine.lastIndexOf(marker);
    if (at < 0 || !commandLine.endsWith("'")) return undefined;
    const args = JSON.parse(commandLine.slice(at + marker.length, -1).replace(/'\\''/g, "'")) as { host: string };
    return args.host;
}

/** A stand-in public key for offline runs (synth, mocks): deterministic per host, well-formed. */
export function mockMeshPublicKey(host: string): string {
    return createHash("sha256").update(`mesh key of ${host}`).digest("base64");
}
