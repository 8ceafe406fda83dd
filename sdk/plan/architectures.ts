/**
 * Which CPU architectures each service of a host can run on, by the nixpkgs packages its
 * NixOS module uses. A host builds its own configuration (`nixos-rebuild switch` on the
 * host), so a service runs on an ARM (`cax*`) host only when its packages build for
 * aarch64-linux.
 *
 * Source: `meta.platforms` of each package in nixpkgs. Every package below lists both
 * x86_64-linux and aarch64-linux (the Python, Go, Rust and Node packages take their
 * platforms from their toolchain; none restricts them), and NixOS itself is released for
 * aarch64-linux. So every service this library deploys may run on ARM today.
 *
 * Rule: a new service or bridge type adds its row here with the architectures its
 * packages build for.
 * Why: a package without an aarch64 build fails on the host, mid-deploy; refused here, the
 * host is never created.
 */
import type { HostPlan } from "./types";

/** CPU architectures as Hetzner names them. */
export type Architecture = "x86" | "arm";

export interface ServiceBuild {
    /** The nixpkgs attributes the service's NixOS module runs. */
    readonly packages: readonly string[];
    readonly architectures: readonly Architecture[];
}

const BOTH: readonly Architecture[] = ["x86", "arm"];

export const SERVICE_BUILDS = {
    synapse: { packages: ["matrix-synapse", "postgresql", "nginx"], architectures: BOTH },
    conduit: { packages: ["matrix-conduit", "nginx"], architectures: BOTH },
    continuwuity: { packages: ["matrix-continuwuity", "nginx"], architectures: BOTH },
    tuwunel: { packages: ["matrix-tuwunel", "nginx"], architectures: BOTH },
    coturn: { packages: ["coturn"], architectures: BOTH },
    "element-web": { packages: ["element-web", "nginx"], architectures: BOTH },
    "mautrix-telegram": { packages: ["mautrix-telegram"], architectures: BOTH },
    "mautrix-whatsapp": { packages: ["mautrix-whatsapp"], architectures: BOTH },
    "mautrix-signal": { packages: ["mautrix-signal"], architectures: BOTH },
    "mautrix-meta": { packages: ["mautrix-meta"], architectures: BOTH },
    "mautrix-discord": { packages: ["mautrix-discord"], architectures: BOTH },
    "matrix-hookshot": { packages: ["matrix-hookshot"], architectures: BOTH },
    "matrix-appservice-irc": { packages: ["matrix-appservice-irc"], architectures: BOTH },
    "matrix-appservice-discord": { packages: ["matrix-appservice-discord"], architectures: BOTH },
} as const satisfies Record<string, ServiceBuild>;

export type ServiceBuildName = keyof typeof SERVICE_BUILDS;

/** The builds a host's services need, by name. */
export function hostServiceBuilds(host: HostPlan): ServiceBuildName[] {
    const names: ServiceBuildName[] = [
        ...host.services.homeservers.map((h) => h.implementation),
        ...host.services.turnServers.map((): ServiceBuildName => "coturn"),
        ...host.services.elements.map((): ServiceBuildName => "element-web"),
        ...host.services.bridges.map((b) => b.type),
    ];
    return [...new Set(names)].sort();
}

/** The services of `host` with no build for `architecture` (empty: it may run there). */
export function servicesWithoutBuild(
    host: HostPlan,
    architecture: Architecture,
    builds: Readonly<Record<ServiceBuildName, ServiceBuild>> = SERVICE_BUILDS,
): ServiceBuildName[] {
    return hostServiceBuilds(host).filter((name) => !builds[name].architectures.includes(architecture));
}
