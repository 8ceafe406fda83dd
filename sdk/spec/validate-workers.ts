import type { SpecIssue } from "./errors";
import { IMPLEMENTATION_LABELS } from "./homeserver-implementations";
import type { StackSpec } from "./stack";
import { dangling } from "./validate-references";
import { MAX_WORKERS, SINGLE_INSTANCE_REASONS, SINGLE_INSTANCE_TYPES, WORKER_PORT_RANGE, type WorkerType } from "./workers";

type Homeserver = StackSpec["homeservers"][number];

function homeserverWorkerIssues(hs: Homeserver, path: string, hosts: readonly string[]): SpecIssue[] {
    if (hs.workers.length === 0) return [];
    if (hs.implementation !== "synapse") {
        return [{ path: `${path}.workers`, message: `${IMPLEMENTATION_LABELS[hs.implementation]} has no workers: they need implementation 'synapse'` }];
    }
    const issues: SpecIssue[] = [];
    const firstOfType = new Map<WorkerType, string>();
    hs.workers.forEach((group, j) => {
        const at = `${path}.workers[${j}]`;
        if (group.host !== undefined) issues.push(...dangling(`${at}.host`, group.host, "host", hosts));
        if (group.type === "media-repository" && group.host !== undefined && group.host !== hs.host) {
            issues.push({
                path: `${at}.host`,
                message: `media-repository workers must run on the homeserver's host '${hs.host}', where the media store is`,
            });
        }
        if (SINGLE_INSTANCE_TYPES.has(group.type)) {
            const reason = SINGLE_INSTANCE_REASONS[group.type];
            const earlier = firstOfType.get(group.type);
            if (earlier !== undefined) issues.push({ path: `${at}.type`, message: `${reason} (also ${earlier})` });
            else if (group.count > 1) issues.push({ path: `${at}.count`, message: `must be 1: ${reason}` });
        }
        if (!firstOfType.has(group.type)) firstOfType.set(group.type, `entry ${j}`);
    });
    const total = hs.workers.reduce((sum, g) => sum + g.count, 0);
    if (total > MAX_WORKERS) {
        issues.push({
            path: `${path}.workers`,
            message: `${total} workers do not fit the ${MAX_WORKERS} ports ${WORKER_PORT_RANGE.from}-${WORKER_PORT_RANGE.to} a homeserver's workers get`,
        });
    }
    return issues;
}

/** Workers only on Synapse, on declared hosts, one writer per single-writer stream, media beside its store, within the port range. */
export function checkWorkers(spec: StackSpec): SpecIssue[] {
    const hosts = spec.hosts.map((h) => h.name);
    return spec.homeservers.flatMap((hs, i) => homeserverWorkerIssues(hs, `homeservers[${i}]`, hosts));
}
