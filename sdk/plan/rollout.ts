/**
 * The order hosts switch in, as levels: every host of one level switches (in parallel)
 * before any host of the next. Bridges, TURN and web hosts come first, homeserver hosts
 * last, so a homeserver (the one stateful service, whose upgrade may migrate its schema)
 * switches only once every other host took the same configuration or pin healthily.
 */
import type { HostPlan } from "./types";

export function rolloutLevels(hosts: readonly HostPlan[]): string[][] {
    const first = hosts.filter((h) => h.services.homeservers.length === 0).map((h) => h.name);
    const last = hosts.filter((h) => h.services.homeservers.length > 0).map((h) => h.name);
    return [first, last].filter((level) => level.length > 0);
}

/** The hosts whose switch must finish before `host` switches: every host of the levels before its own. */
export function switchesBefore(levels: readonly (readonly string[])[], host: string): string[] {
    const index = levels.findIndex((level) => level.includes(host));
    return index <= 0 ? [] : levels.slice(0, index).flat();
}
