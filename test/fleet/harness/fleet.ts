/**
 * A fleet of real SSH hosts on this machine. Each host is a network namespace on one bridge
 * (inside a control namespace the client runs from), with its own sshd, host key, /etc
 * (overlay: passwd, group, nixos), /var/lib, /run and /nix/var, and the stand-ins first on
 * PATH. See host-init.sh, host-up.sh, net-up.sh and net-down.sh.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { assertRequirements } from "./requirements";
import { runSsh, type SshOptions, type SshResult } from "./ssh";

const HERE = __dirname;

/** Service users the hosts know, so secret files can be chowned to them. */
export const SERVICE_USERS = [
    "matrix-synapse",
    "postgres",
    "nginx",
    "turnserver",
    "acme",
    "conduit",
    "mautrix-telegram",
    "mautrix-whatsapp",
    "matrix-appservice-irc",
    "matrix-appservice-discord",
    "mautrix-signal",
    "mautrix-discord",
    "mautrix-meta-messenger",
    "mautrix-meta-instagram",
    // The group every mautrix-meta instance's files belong to.
    "mautrix-meta",
];

export interface FleetHost {
    readonly name: string;
    readonly ns: string;
    readonly address: string;
    /** The host's private root on this machine; see hostPath. */
    readonly root: string;
}

/** Per-host counters, for the bench. */
export interface Traffic {
    sessions: number;
    bytesSent: number;
}

const live = new Set<Fleet>();
process.once("exit", () => {
    for (const fleet of live) fleet.stopSync();
});

function runScript(script: string, args: unknown): void {
    execFileSync("bash", [path.join(HERE, script), JSON.stringify(args)], { stdio: ["ignore", "ignore", "pipe"] });
}

export class Fleet {
    readonly hosts = new Map<string, FleetHost>();
    readonly traffic = new Map<string, Traffic>();
    private readonly ctl: string;
    private readonly subnet = "10.213.7";
    private stopped = false;

    private constructor(
        readonly dir: string,
        readonly id: string,
    ) {
        this.ctl = `nmf-${id}-ctl`;
    }

    /**
     * Creates hosts named `names`, each with its sshd up and its host key pinned. Hosts in
     * `withoutServiceUsers` start as a fresh NixOS does: only their activation creates the users.
     */
    static start(names: readonly string[], options: { readonly withoutServiceUsers?: readonly string[] } = {}): Fleet {
        assertRequirements();
        const id = randomBytes(4).toString("hex");
        const fleet = new Fleet(mkdtempSync(path.join(tmpdir(), "nixos-matrix-fleet.")), id);
        live.add(fleet);
        try {
            names.forEach((name, i) => {
                const root = path.join(fleet.dir, "hosts", name);
                fleet.hosts.set(name, { name, ns: `nmf-${id}-${i}`, address: `${fleet.subnet}.${10 + i}`, root });
                fleet.traffic.set(name, { sessions: 0, bytesSent: 0 });
            });
            runScript("net-up.sh", {
                ctl: fleet.ctl,
                subnet: fleet.subnet,
                hosts: [...fleet.hosts.values()].map((h) => ({ ns: h.ns, address: h.address })),
            });
            execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "deployer", "-f", fleet.clientKey]);
            const known: string[] = [];
            for (const h of fleet.hosts.values()) {
                const users = options.withoutServiceUsers?.includes(h.name) ? [] : SERVICE_USERS;
                runScript("host-up.sh", { ns: h.ns, root: h.root, address: h.address, clientKey: fleet.clientKey, users });
                const [type, key] = readFileSync(path.join(h.root, "ssh_host_ed25519_key.pub"), "utf8").split(" ");
                known.push(`${h.address} ${type} ${key}\n`);
            }
            writeFileSync(fleet.knownHosts, known.join(""));
        } catch (err) {
            fleet.stopSync();
            throw err;
        }
        return fleet;
    }

    get clientKey(): string {
        return path.join(this.dir, "deployer_key");
    }

    get knownHosts(): string {
        return path.join(this.dir, "known_hosts");
    }

    host(name: string): FleetHost {
        const h = this.hosts.get(name);
        if (h === undefined) throw new Error(`no fleet host ${name}`);
        return h;
    }

    /** Runs `ip netns exec <control ns>` + argv: how anything reaches the hosts. */
    inControl(argv: readonly string[]): string[] {
        return ["ip", "netns", "exec", this.ctl, ...argv];
    }

    /** ssh options: our key, the pinned host keys, nothing else trusted. */
    sshOptions(): string[] {
        return [
            "-F", "/dev/null",
            "-i", this.clientKey,
            "-o", "IdentitiesOnly=yes",
            "-o", `UserKnownHostsFile=${this.knownHosts}`,
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=3",
        ];
    }

    /** Runs `command` on host `name` over ssh, exactly as a remote.Command would. */
    async ssh(name: string, command: string, options: SshOptions = {}): Promise<SshResult> {
        const h = this.host(name);
        const result = await runSsh(this.inControl(["ssh", ...this.sshOptions()]), `root@${h.address}`, command, {
            ...options,
            logFile: path.join(this.dir, `ssh-${randomBytes(6).toString("hex")}.log`),
        });
        const t = this.traffic.get(name)!;
        t.sessions += 1;
        t.bytesSent += result.bytesSent;
        return result;
    }

    /** Runs `command` on host `name` and returns its output; a non-zero exit throws, naming host, command and stderr. */
    async sh(name: string, command: string): Promise<string> {
        const result = await this.ssh(name, command);
        if (result.code !== 0) throw new Error(`${name}: ${command}: exit ${result.code}: ${result.stderr}`);
        return result.stdout;
    }

    resetTraffic(): void {
        for (const t of this.traffic.values()) Object.assign(t, { sessions: 0, bytesSent: 0 });
    }

    /** Takes one host off the network (its link goes down) or back on. */
    setReachable(name: string, up: boolean): void {
        execFileSync("ip", ["-n", this.host(name).ns, "link", "set", "eth0", up ? "up" : "down"]);
    }

    /** Gives host `name` one more address on its link, e.g. its private address from a plan (`10.80.0.2/16`). */
    addAddress(name: string, cidr: string): void {
        execFileSync("ip", ["-n", this.host(name).ns, "addr", "add", cidr, "dev", "eth0"]);
    }

    /** Kills sshd and everything else in the namespaces, deletes them and the run directory. */
    stopSync(): void {
        if (this.stopped) return;
        this.stopped = true;
        live.delete(this);
        runScript("net-down.sh", { namespaces: [...[...this.hosts.values()].map((h) => h.ns), this.ctl], dir: this.dir });
    }

    /** The namespaces of this run still present (for the teardown check). */
    leftovers(): string[] {
        const names = execFileSync("ip", ["netns", "list"], { encoding: "utf8" });
        return names.split("\n").filter((l) => l.startsWith(`nmf-${this.id}-`));
    }
}
