/**
 * What the fleet needs from this machine. Missing pieces fail the suite by name: a fleet
 * test that silently skips proves nothing.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const TOOLS = [
    "ip",
    "unshare",
    "ssh",
    "ssh-keygen",
    "scp",
    "jq",
    "nix-instantiate",
    "shellcheck",
    "curl",
    "flock",
    "setsid",
    "base64",
    "sha256sum",
    "openssl",
    "restic",
    "nix-hash",
    "xz",
    "runuser",
    "redis-server",
    "redis-cli",
    "wireguard-go",
    "wg",
    "systemd-socket-activate",
];

function onPath(tool: string): boolean {
    try {
        execFileSync("sh", ["-c", `command -v "$1"`, "sh", tool], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

/** Names every missing requirement, or returns nothing. */
export function missingRequirements(): string[] {
    const missing: string[] = [];
    if (process.getuid?.() !== 0) missing.push("root (network and mount namespaces need it)");
    for (const tool of TOOLS) if (!onPath(tool)) missing.push(`${tool} on PATH`);
    if (!existsSync("/usr/sbin/sshd")) missing.push("/usr/sbin/sshd (openssh-server)");
    if (!existsSync("/usr/bin/python3")) missing.push("/usr/bin/python3 (the stand-in services)");
    if (!existsSync("/usr/lib/postgresql/15/bin/initdb")) missing.push("/usr/lib/postgresql/15/bin/initdb (postgresql-15: the pre-upgrade dump is a real pg_dump)");
    if (!existsSync("/nix/var")) missing.push("/nix/var (nix-bin's; each host mounts its own profiles over it)");
    if (!existsSync("/lib/systemd/systemd-socket-proxyd")) missing.push("/lib/systemd/systemd-socket-proxyd (systemd, behind the Conduit family's private socket)");
    if (!existsSync("/usr/sbin/nginx")) missing.push("/usr/sbin/nginx (nginx, in front of the real services for verify)");
    try {
        execFileSync("/usr/bin/python3", ["-c", "import cryptography"], { stdio: "ignore" });
    } catch {
        missing.push("python3-cryptography (the local CA of the verify test)");
    }
    return missing;
}

export function assertRequirements(): void {
    const missing = missingRequirements();
    if (missing.length > 0) throw new Error(`the fleet tests cannot run; missing: ${missing.join(", ")}`);
}
