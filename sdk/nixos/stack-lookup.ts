import { homeserverLoopbackUrl as planLoopbackUrl, resolveHomeserver } from "../plan/resolve";
import type { HostPlan, StackPlan } from "../plan/types";
import type { HomeserverSpec } from "../spec/homeserver";
import type { TurnSpec } from "../spec/turn";

/** The homeserver named `name` and the host it runs on. */
export function findHomeserver(stack: StackPlan, name: string): { spec: HomeserverSpec; host: HostPlan } {
    for (const host of stack.hosts) {
        const spec = host.services.homeservers.find((hs) => hs.name === name);
        if (spec) return { spec, host };
    }
    throw new Error(`homeserver ${name} is not in the plan of stack ${stack.name}`);
}

export function findTurn(stack: StackPlan, name: string): TurnSpec {
    for (const host of stack.hosts) {
        const turn = host.services.turnServers.find((t) => t.name === name);
        if (turn) return turn;
    }
    throw new Error(`TURN server ${name} is not in the plan of stack ${stack.name}`);
}

// The plan resolves defaults once; these read them the same way for any HomeserverSpec.

export function homeserverDomain(hs: HomeserverSpec): string {
    return resolveHomeserver(hs).domain;
}

export function homeserverPort(hs: HomeserverSpec): number {
    return resolveHomeserver(hs).listenPort;
}

/** The loopback URL of a homeserver's client listener (Synapse binds 127.0.0.1, Conduit ::1). */
export function homeserverLoopbackUrl(hs: HomeserverSpec): string {
    return planLoopbackUrl(resolveHomeserver(hs));
}

export function wellKnownDelegation(hs: HomeserverSpec): boolean {
    return resolveHomeserver(hs).wellKnownDelegation;
}

/** Throws unless the plan writes `path` on `host`: the modules must never name a file the host lacks. */
export function requireSecretFile(host: HostPlan, path: string, what: string): string {
    if (!host.secretFiles.some((f) => f.path === path)) {
        throw new Error(`host ${host.name}: ${what} ${path} is not among the host's secret files in the plan`);
    }
    return path;
}

export function hasSecretFile(host: HostPlan, path: string): boolean {
    return host.secretFiles.some((f) => f.path === path);
}

/** The only service of a kind a host may run once (NixOS has one instance of each module). */
export function atMostOne<T>(host: HostPlan, items: readonly T[], what: string): T | undefined {
    if (items.length > 1) throw new Error(`host ${host.name} runs ${items.length} ${what}; NixOS runs at most one per host`);
    return items[0];
}
