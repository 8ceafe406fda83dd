/**
 * The interface each host's private ports open on. A Hetzner host reaches the stack's
 * Cloud Network on the interface NixOS names it; an existing host on the interface its
 * owner names, which only a host opening private ports needs (the spec refuses one that
 * opens them without it). No host's firewall names an interface the host was not said to have.
 */
import type { HostSpec } from "../spec/host";

/** The interface of a Hetzner Cloud private network on current server types. */
export const HETZNER_PRIVATE_INTERFACE = "enp7s0";

/** The host's private interface, or null when it has none and opens no private port. */
export function privateInterfaceOf(host: HostSpec): string | null {
    return host.provider === "hetzner" ? HETZNER_PRIVATE_INTERFACE : (host.privateInterface ?? null);
}
