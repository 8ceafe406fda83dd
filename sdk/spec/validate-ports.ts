import type { SpecIssue } from "./errors";
import { portUses, type PortUse } from "./host-ports";
import type { StackSpec } from "./stack";

function describe(use: PortUse): string {
    const ports = use.from === use.to ? `${use.from}` : `${use.from}-${use.to}`;
    return `${ports}/${use.protocols.join("+")}`;
}

function overlap(a: PortUse, b: PortUse): boolean {
    return a.from <= b.to && b.from <= a.to && a.protocols.some((p) => b.protocols.includes(p));
}

/**
 * No two services on one host bind the same port with the same protocol. Each clash is
 * reported once, on the field the user can change (the later one when both can be).
 */
export function checkPortCollisions(spec: StackSpec): SpecIssue[] {
    const byHost = new Map<string, PortUse[]>();
    for (const use of portUses(spec)) byHost.set(use.host, [...(byHost.get(use.host) ?? []), use]);

    const issues: SpecIssue[] = [];
    for (const [host, uses] of byHost) {
        uses.forEach((later, j) => {
            for (const earlier of uses.slice(0, j)) {
                if (!overlap(earlier, later)) continue;
                const [reported, other] = !later.configurable && earlier.configurable ? [earlier, later] : [later, earlier];
                const ranged = reported.from !== reported.to || other.from !== other.to;
                issues.push({
                    path: reported.path,
                    message:
                        `${describe(reported)} ${ranged ? "overlaps" : "collides with"} ` +
                        `${other.path} ${describe(other)} (${other.why}) on host '${host}'`,
                });
            }
        });
    }
    return issues;
}

/** Loopback and private services run as unprivileged users, which cannot bind ports below 1024. */
const UNPRIVILEGED_FROM = 1024;

export function checkPortBounds(spec: StackSpec): SpecIssue[] {
    const issues: SpecIssue[] = [];
    spec.homeservers.forEach((hs, i) => {
        if (hs.listenPort !== undefined && hs.listenPort < UNPRIVILEGED_FROM) {
            issues.push({
                path: `homeservers[${i}].listenPort`,
                message: `must be ${UNPRIVILEGED_FROM} or above: the homeserver runs as an unprivileged user`,
            });
        }
    });
    spec.turnServers.forEach((turn, i) => {
        const { from, to } = turn.relayRange;
        if (from < UNPRIVILEGED_FROM) {
            issues.push({
                path: `turnServers[${i}].relayRange`,
                message: `${from}-${to} must lie within ${UNPRIVILEGED_FROM}-65535`,
            });
        }
    });
    spec.bridges.forEach((bridge, i) => {
        if (bridge.port !== undefined && bridge.port < UNPRIVILEGED_FROM) {
            issues.push({
                path: `bridges[${i}].port`,
                message: `must be ${UNPRIVILEGED_FROM} or above: the bridge runs as an unprivileged user`,
            });
        }
        if (bridge.type === "matrix-hookshot" && bridge.webhookPort < UNPRIVILEGED_FROM) {
            issues.push({ path: `bridges[${i}].webhookPort`, message: `must be ${UNPRIVILEGED_FROM} or above, like every bridge port` });
        }
    });
    return issues;
}
