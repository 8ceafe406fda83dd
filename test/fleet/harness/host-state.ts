/**
 * Reads a fleet host's state from this machine, through its private root: files, owners,
 * generations the stand-in recorded, and a snapshot of every file to prove nothing changed.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { FleetHost } from "./fleet";

const MOUNTS: readonly (readonly [string, string])[] = [
    ["/var/lib", "var/lib"],
    ["/run", "run"],
    ["/nix/var", "nix-var"],
    ["/etc", "etc"],
];
const STANDIN = "/var/lib/nixos-matrix-standin";

/** Where `p` (a path on the host) lives on this machine, following the host's own symlinks. */
export function hostPath(host: FleetHost, p: string, follow = true): string {
    const mount = MOUNTS.find(([prefix]) => p === prefix || p.startsWith(`${prefix}/`));
    if (mount === undefined) throw new Error(`${p} is outside the host's private mounts`);
    const [prefix, dir] = mount;
    const parts = p.slice(prefix.length).split("/").filter((x) => x !== "");
    let local = path.join(host.root, dir);
    for (const [i, part] of parts.entries()) {
        local = path.join(local, part);
        const last = i === parts.length - 1;
        if (last && !follow) break;
        let target: string | undefined;
        try {
            target = lstatSync(local).isSymbolicLink() ? readlinkSync(local) : undefined;
        } catch {
            return path.join(local, ...parts.slice(i + 1)); // not there (yet)
        }
        if (target !== undefined) {
            const shown = `${prefix}/${parts.slice(0, i).join("/")}`;
            const rest = parts.slice(i + 1).join("/");
            return hostPath(host, path.join(path.isAbsolute(target) ? target : path.join(shown, target), rest), follow);
        }
    }
    return local;
}

export function readHostFile(host: FleetHost, p: string): string {
    return readFileSync(hostPath(host, p), "utf8");
}

function names(host: FleetHost, file: "passwd" | "group"): Map<number, string> {
    const lines = readFileSync(path.join(host.root, "etc", file), "utf8").split("\n");
    return new Map(lines.filter((l) => l.includes(":")).map((l) => [Number(l.split(":")[2]), l.split(":")[0]!]));
}

/** Owner, group and mode as `ls` would show them on the host, e.g. `matrix-synapse:matrix-synapse 0440`. */
export function ownership(host: FleetHost, p: string): string {
    const st = lstatSync(hostPath(host, p));
    const mode = (st.mode & 0o7777).toString(8).padStart(4, "0");
    return `${names(host, "passwd").get(st.uid)}:${names(host, "group").get(st.gid)} ${mode}`;
}

/** Modification time of a host file, in nanoseconds. */
export function mtimeNs(host: FleetHost, p: string): bigint {
    return lstatSync(hostPath(host, p), { bigint: true }).mtimeNs;
}

export interface Generation {
    readonly n: number;
    readonly bundleHash: string;
    readonly secretsHash: string;
    /** When the stand-in switched to it, in nanoseconds. */
    readonly timeNs: bigint;
}

export function generations(host: FleetHost): Generation[] {
    const dir = hostPath(host, `${STANDIN}/generations`);
    if (!existsSync(dir)) return [];
    const read = (n: string, f: string) => readFileSync(path.join(dir, n, f), "utf8").trim();
    return readdirSync(dir)
        .map((n) => {
            const [s, frac = ""] = read(n, "time").split(".");
            return {
                n: Number(n),
                bundleHash: read(n, "bundle-hash"),
                secretsHash: read(n, "secrets-hash"),
                timeNs: BigInt(s!) * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9)),
            };
        })
        .sort((a, b) => a.n - b.n);
}

/** The generation the host's system profile points at, or 0 before the first switch. */
export function currentGeneration(host: FleetHost): number {
    try {
        return Number(/^system-(\d+)-link$/.exec(readlinkSync(hostPath(host, "/nix/var/nix/profiles/system", false)))![1]);
    } catch {
        return 0;
    }
}

/** The bundle hash /etc/nixos/nixos-matrix points at. */
export function linkedBundle(host: FleetHost): string {
    return path.basename(path.dirname(readlinkSync(hostPath(host, "/etc/nixos/nixos-matrix", false))));
}

export function standinLog(host: FleetHost): string {
    const p = hostPath(host, `${STANDIN}/log`);
    return existsSync(p) ? readFileSync(p, "utf8") : "";
}

/** Steers the stand-ins (see standin-nixos-rebuild.sh); `undefined` clears it. */
export function setControl(host: FleetHost, control: Record<string, unknown> | undefined): void {
    const p = hostPath(host, `${STANDIN}/control.json`);
    if (control === undefined) return rmSync(p, { force: true });
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, JSON.stringify(control));
}

/** Inode and mtime of every file and symlink the deploy manages (not the stand-ins' own records). */
export function snapshot(host: FleetHost): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (local: string, shown: string) => {
        for (const entry of readdirSync(local, { withFileTypes: true })) {
            const l = path.join(local, entry.name);
            const s = `${shown}/${entry.name}`;
            if (s === STANDIN) continue;
            const st = lstatSync(l, { bigint: true });
            if (entry.isDirectory()) walk(l, s);
            else out.set(s, `${st.ino} ${st.mtimeNs} ${st.uid}:${st.gid} ${st.mode}`);
        }
    };
    walk(path.join(host.root, "var/lib"), "/var/lib");
    walk(path.join(host.root, "etc/nixos"), "/etc/nixos");
    return out;
}
