/**
 * The order hosts switch in, as levels: every host of one level switches (in parallel)
 * before any host of the next. Bridges, TURN and web hosts come first, homeserver hosts
 * last, so a homeserver (the one stateful service, whose upgrade may migrate its schema)
 * switches only once every other host took the same configuration or pin healthily. Hosts
 * running only Synapse workers come after their homeserver's host: their workers need its
 * PostgreSQL role, Redis and replication listener to exist.
 */
import type { HostPlan } from "./types";

export function rolloutLevels(hosts: readonly HostPlan[]): string[][] {
    const runsHomeserver = (h: HostPlan) => h.services.homeservers.length > 0;
    const runsRemoteWorkers = (h: HostPlan) => !runsHomeserver(h) && h.workers.some((w) => !w.main);
    const first = hosts.filter((h) => !runsHomeserver(h) && !runsRemoteWorkers(h)).map((h) => h.name);
    const homeservers = hosts.filter(runsHomeserver).map((h) => h.name);
    const workers = hosts.filter(runsRemoteWorkers).map((h) => h.name);
    return [first, homeservers, workers].filter((level) => level.length > 0);
}

/** The hosts whose switch must finish before `host` switches: every host of the levels before its own. */
export function switchesBefore(levels: readonly (readonly string[])[], host: string): string[] {
    const index = levels.findIndex((level) => level.includes(host));
    return index <= 0 ? [] : levels.slice(0, index).flat();
}
