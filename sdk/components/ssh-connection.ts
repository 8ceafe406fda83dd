/**
 * The one typed SSH connection every remote step of a host uses: key auth, the host key
 * pinned, and enough dial retries to ride out nixos-infect's reboot on a new VM.
 */
import type * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Dial attempts before a step gives up. On a new VM every dial is refused until nixos-infect
 * has installed and rebooted into NixOS (Debian's sshd is kept down, see cloud-init.ts), which
 * takes minutes; the provider backs off between attempts.
 */
export const DIAL_ERROR_LIMIT = 200;
/** Seconds per dial attempt. */
export const PER_DIAL_TIMEOUT = 15;

export interface SshTarget {
    readonly host: pulumi.Input<string>;
    readonly user: pulumi.Input<string>;
    readonly port?: pulumi.Input<number>;
    /** Secret. */
    readonly privateKey: pulumi.Output<string>;
    /** The host's public key line; the connection refuses any other. */
    readonly hostKey: pulumi.Input<string>;
}

export function sshConnection(target: SshTarget): command.types.input.remote.ConnectionArgs {
    return {
        host: target.host,
        user: target.user,
        port: target.port ?? 22,
        privateKey: target.privateKey,
        hostKey: target.hostKey,
        dialErrorLimit: DIAL_ERROR_LIMIT,
        perDialTimeout: PER_DIAL_TIMEOUT,
    };
}
