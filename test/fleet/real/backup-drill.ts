/**
 * The parts of a restore drill on the fleet, shared by the drill test and the backup bench:
 * a Synapse host `home` backing up to an SFTP repository on fleet host `vault`, the backup
 * unit's command line, `nixos-matrix restore --yes`, and media up- and downloads.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runRestore } from "../../../sdk/cli/restore";
import { shellQuote } from "../../../sdk/deploy/script-command";
import type { Bundle } from "../../../sdk/nixos/types";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { at } from "../../nix/helpers/evaluated-fixtures";
import { evaluateBundle } from "../../nix/helpers/nix-tools";
import type { Fleet } from "../harness/fleet";
import { onDebian, resticUnitScript, type ResticBackupOptions } from "./restic-unit";

const KNOWN_HOSTS_STORE_NAME = "nixos-matrix-backup-known-hosts";
const KNOWN_HOSTS_ON_HOST = "/var/lib/nixos-matrix-drill/known-hosts";
export const SYNAPSE_DIR = "/var/lib/matrix-synapse";

export class BackupDrill {
    constructor(
        readonly fleet: Fleet,
        /** A scratch directory of this machine. */
        readonly work: string,
    ) {}

    /** One Synapse host `home` backing up to `sftp:root@<vault>:/var/lib/restic-repository`. */
    stack(maxUploadSize?: string): StackSpecInput {
        const vault = this.fleet.host("vault");
        return {
            name: "drill",
            acme: { email: "admin@example.org", staging: true },
            hosts: [{ name: "home", provider: "hetzner" }],
            homeservers: [
                { name: "hs", host: "home", serverName: "example.org", domain: "matrix.example.org", ...(maxUploadSize ? { maxUploadSize } : {}) },
            ],
            backup: {
                repository: `sftp:root@${vault.address}:/var/lib/restic-repository`,
                credentials: { sshPrivateKey: readFileSync(this.fleet.clientKey, "utf8"), knownHosts: this.vaultKnownHosts() },
            },
        };
    }

    vaultKnownHosts(): string {
        const vault = this.fleet.host("vault");
        const key = readFileSync(path.join(vault.root, "ssh_host_ed25519_key.pub"), "utf8").trim().split(" ").slice(0, 2).join(" ");
        return `${vault.address} ${key}`;
    }

    async onHost(name: string, script: string): Promise<string> {
        const result = await this.fleet.ssh(name, `bash -c ${shellQuote(script)}`);
        if (result.code !== 0) throw new Error(`on ${name}: ${script.slice(0, 200)}\nexit ${result.code}\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
    }

    /** What activation would put in /etc and the store on fleet host `name`: the backup manifest and known hosts. */
    async activateBackupFiles(name: string, bundle: Bundle): Promise<Record<string, unknown>> {
        const config = evaluateBundle(bundle).config as Record<string, unknown>;
        const etc = at(config, "environment", "etc") as Record<string, { text: string }>;
        const manifest = onDebian(etc["nixos-matrix/backup.json"]!.text, { [KNOWN_HOSTS_STORE_NAME]: KNOWN_HOSTS_ON_HOST });
        await this.onHost(name, [
            "set -euo pipefail",
            `mkdir -p /etc/nixos-matrix ${path.dirname(KNOWN_HOSTS_ON_HOST)}`,
            `printf '%s' ${shellQuote(manifest)} >/etc/nixos-matrix/backup.json`,
            `printf '%s\\n' ${shellQuote(this.vaultKnownHosts())} >${KNOWN_HOSTS_ON_HOST}`,
        ].join("\n"));
        return config;
    }

    /** Runs the backup unit's command line on host `home` (its bundle `bundle`), as its timer would. */
    async runBackupUnit(bundle: Bundle): Promise<string> {
        const config = await this.activateBackupFiles("home", bundle);
        const backup = at(config, "services", "restic", "backups", "nixos-matrix") as ResticBackupOptions;
        const post = at(config, "systemd", "services", "restic-backups-nixos-matrix", "serviceConfig", "ExecStartPost") as string[];
        return this.onHost("home", resticUnitScript(backup, post, { [KNOWN_HOSTS_STORE_NAME]: KNOWN_HOSTS_ON_HOST }));
    }

    /** `nixos-matrix restore --stack-output <file> --host home --yes`, with stack host `home` at fleet host `fleetHost`. */
    async restoreHome(fleetHost: string): Promise<{ code: number; printed: string }> {
        const output = path.join(this.work, `stack-output-${fleetHost}.json`);
        const host = this.fleet.host(fleetHost);
        const hostPublicKey = readFileSync(path.join(host.root, "ssh_host_ed25519_key.pub"), "utf8").trim();
        writeFileSync(output, JSON.stringify({ hosts: { home: { address: host.address, hostPublicKey } } }));
        let printed = "";
        const ssh = this.fleet.inControl(["ssh", "-F", "/dev/null", "-i", this.fleet.clientKey, "-o", "IdentitiesOnly=yes"]);
        const code = await runRestore({ stackOutput: output, host: "home", yes: true, ssh }, (text) => (printed += text));
        return { code, printed };
    }

    /** Uploads `file` to the Synapse on `fleetHost`; its mxc:// URI. */
    upload(fleetHost: string, token: string, file: string): string {
        const out = execFileSync("ip", [
            "netns", "exec", this.fleet.host(fleetHost).ns, "curl", "-sS", "--fail", "-X", "POST",
            "-H", `Authorization: Bearer ${token}`, "-H", "Content-Type: application/octet-stream",
            "--data-binary", `@${file}`, "http://127.0.0.1:8008/_matrix/media/v3/upload?filename=blob.bin",
        ], { encoding: "utf8" });
        return String(JSON.parse(out).content_uri);
    }

    download(fleetHost: string, token: string, mxc: string, to: string): Buffer {
        const [server, id] = mxc.slice("mxc://".length).split("/");
        execFileSync("ip", [
            "netns", "exec", this.fleet.host(fleetHost).ns, "curl", "-sS", "--fail", "-o", to,
            "-H", `Authorization: Bearer ${token}`, `http://127.0.0.1:8008/_matrix/client/v1/media/download/${server}/${id}`,
        ]);
        return readFileSync(to);
    }
}
