/**
 * The cloud-init user-data of a fresh Hetzner VM: install the pinned SSH host key, then
 * fetch nixos-infect, check its sha256 and run it on the pinned channel. A pure function
 * returning an object, serialized with `yaml`; its text is snapshot-tested.
 */
import { stringify } from "yaml";
import { readScript } from "./layers";

export interface InstallNixosOptions {
    /** The host's ed25519 private key, OpenSSH format. */
    readonly hostPrivateKey: string;
    /** The matching public key line, `ssh-ed25519 AAAA...`. */
    readonly hostPublicKey: string;
    /** Where the installer script is downloaded from. */
    readonly infectUrl: string;
    /** Expected sha256 (hex) of the downloaded script. */
    readonly infectSha256: string;
    /** NixOS channel to install, e.g. `nixos-26.05`. */
    readonly channel: string;
}

/** Paths on the Debian VM during installation (the log path is the script's own). */
export const INSTALL_SCRIPT_PATH = "/root/install-nixos.sh";
export const INSTALL_LOG_PATH = "/root/install-nixos.log";

/**
 * Debian's sshd never starts: the first SSH connection the steps make is to the booted
 * NixOS, so no step can run on Debian mid-install or be cut off by nixos-infect's reboot.
 * Dials are refused until then and retried (see ssh-connection.ts). The mask lives in
 * Debian's /etc, which nixos-infect moves aside, so NixOS's own sshd starts normally.
 */
const KEEP_DEBIAN_SSHD_DOWN = ["systemctl", "mask", "--now", "ssh.service", "ssh.socket"];

/** The cloud-config document as an object. */
export function installNixosCloudConfig(options: InstallNixosOptions): Record<string, unknown> {
    if (!/^[0-9a-f]{64}$/.test(options.infectSha256)) {
        throw new Error(`nixosInfectSha256: must be 64 lower-case hex digits, got '${options.infectSha256}'`);
    }
    if (!/^https:\/\/\S+$/.test(options.infectUrl)) {
        throw new Error(`nixosInfectUrl: must be an https URL, got '${options.infectUrl}'`);
    }
    return {
        // Only the pinned ed25519 key: a client pinning it must never be offered another type.
        ssh_deletekeys: true,
        ssh_genkeytypes: [],
        ssh_keys: {
            ed25519_private: options.hostPrivateKey,
            ed25519_public: options.hostPublicKey.trim(),
        },
        bootcmd: [KEEP_DEBIAN_SSHD_DOWN],
        write_files: [{ path: INSTALL_SCRIPT_PATH, permissions: "0700", owner: "root:root", content: readScript("install-nixos.sh") }],
        runcmd: [
            [
                "env",
                `NIXOS_INFECT_URL=${options.infectUrl}`,
                `NIXOS_INFECT_SHA256=${options.infectSha256}`,
                `NIX_CHANNEL=${options.channel}`,
                INSTALL_SCRIPT_PATH,
            ],
        ],
    };
}

/** The user-data text: `#cloud-config` followed by the YAML document. */
export function installNixosUserData(options: InstallNixosOptions): string {
    return `#cloud-config\n${stringify(installNixosCloudConfig(options), { lineWidth: 0 })}`;
}
