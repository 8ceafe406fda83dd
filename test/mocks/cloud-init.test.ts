import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { installNixosCloudConfig, installNixosUserData } from "../../sdk/components/cloud-init";
import { installedRelease, NIXOS_CHANNEL, NIXOS_INFECT, nixosChannel, STATE_VERSION_LABEL } from "../../sdk/components/nixos-release";

const OPTIONS = {
    hostPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nexample\n-----END OPENSSH PRIVATE KEY-----\n",
    hostPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ\n",
    infectUrl: NIXOS_INFECT.url,
    infectSha256: NIXOS_INFECT.sha256,
    channel: NIXOS_CHANNEL,
};

describe("cloud-init user data", () => {
    it("renders the same text as before", () => {
        expect(installNixosUserData(OPTIONS)).toMatchSnapshot();
    });

    it("is a #cloud-config YAML document of the pure object", () => {
        const text = installNixosUserData(OPTIONS);
        expect(text.startsWith("#cloud-config\n")).toBe(true);
        expect(parse(text)).toEqual(installNixosCloudConfig(OPTIONS));
    });

    it("installs only the pinned ed25519 host key", () => {
        const doc = installNixosCloudConfig(OPTIONS);
        expect(doc.ssh_deletekeys).toBe(true);
        expect(doc.ssh_genkeytypes).toEqual([]);
        expect(doc.ssh_keys).toEqual({ ed25519_private: OPTIONS.hostPrivateKey, ed25519_public: OPTIONS.hostPublicKey.trim() });
    });

    it("runs nixos-infect pinned by commit, checked by sha256, on the pinned channel, with no shell built from values", () => {
        const doc = installNixosCloudConfig(OPTIONS);
        expect(NIXOS_INFECT.url).toContain(NIXOS_INFECT.commit);
        expect(NIXOS_CHANNEL).toBe("nixos-26.05");
        const [run] = doc.runcmd as string[][];
        expect(run).toEqual([
            "env",
            `NIXOS_INFECT_URL=${NIXOS_INFECT.url}`,
            `NIXOS_INFECT_SHA256=${NIXOS_INFECT.sha256}`,
            "NIX_CHANNEL=nixos-26.05",
            "/root/install-nixos.sh",
        ]);
        const [script] = doc.write_files as { content: string }[];
        expect(script.content).toContain("sha256sum --check --strict");
        expect(script.content).not.toContain(NIXOS_INFECT.sha256);
    });

    it("keeps Debian's sshd down, so the first SSH session is to the booted NixOS", () => {
        const doc = installNixosCloudConfig(OPTIONS);
        expect(doc.bootcmd).toEqual([["systemctl", "mask", "--now", "ssh.service", "ssh.socket"]]);
    });

    it("ships the installer script file unchanged", () => {
        const [script] = installNixosCloudConfig(OPTIONS).write_files as { content: string }[];
        expect(script.content).toBe(readFileSync(path.join(__dirname, "../../sdk/deploy/scripts/install-nixos.sh"), "utf8"));
    });

    it("refuses a mirror without a proper sha256 or https URL", () => {
        expect(() => installNixosCloudConfig({ ...OPTIONS, infectSha256: "abc" })).toThrow(/nixosInfectSha256: must be 64 lower-case hex digits/);
        expect(() => installNixosCloudConfig({ ...OPTIONS, infectUrl: "http://mirror.example/nixos-infect" })).toThrow(/nixosInfectUrl: must be an https URL/);
    });

    it("a new server installs the pinned release's channel and records it; an older server without the record was installed on 25.11", () => {
        expect(nixosChannel("26.11")).toBe("nixos-26.11");
        expect(installedRelease({ [STATE_VERSION_LABEL]: "26.05", "nixos-matrix-host": "home" })).toBe("26.05");
        expect(installedRelease({ "nixos-matrix-host": "home" })).toBe("25.11");
        expect(installedRelease(undefined)).toBe("25.11");
    });
});
