/**
 * The cloud-init user-data of a fresh Hetzner VM: install the pinned SSH host key, then
 * fetch nixos-infect, check its sha256 and run it on the pinned channel. A pure function
 * returning an object, serialized with `yaml`; its text is snapshot-tested.
 */
import { stringify } from "yaml";

export interface InstallNixosOptions {
    /** The host's ed25519 private key, OpenSSH format. */
    readonly hostPrivateKey: string;
    /** The matching public key line, `ssh-ed25519 AAAA...`. */
    readonly hostPublicKey: string;
    /** Where the installer script is downloaded from. */
    readonly infectUrl: string;
    /** Expected sha256 (hex) of the downloaded script. */
    readonly infectSha256: string;
    /** NixOS channel to install, e.g. `nixos-25.11`. */
    readonly channel: string;
}

/** Paths on the Debian VM during installation. */
export const INSTALL_SCRIPT_PATH = "/root/install-nixos.sh";
export const INSTALL_LOG_PATH = "/root/install-nixos.log";

/**
 * Static installer: its parameters arrive as environment variables, so nothing is
 * interpolated into shell text. Exits non-zero (and leaves Debian running) on a bad hash.
 */
const INSTALL_SCRIPT = [
    "#!/bin/sh",
    "set -eu",
    `exec >>${INSTALL_LOG_PATH} 2>&1`,
    'script="$(mktemp /root/nixos-infect.XXXXXX)"',
    'curl --fail --silent --show-error --location --retry 5 --output "$script" "$NIXOS_INFECT_URL"',
    'printf "%s  %s\\n" "$NIXOS_INFECT_SHA256" "$script" | sha256sum --check --strict -',
    'PROVIDER=hetznercloud NIX_CHANNEL="$NIX_CHANNEL" bash "$script"',
    "",
].join("\n");

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
        write_files: [{ path: INSTALL_SCRIPT_PATH, permissions: "0700", owner: "root:root", content: INSTALL_SCRIPT }],
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
