import type { SpecIssue } from "./errors";
import type { StackSpec } from "./stack";

interface Named {
    readonly name: string;
    readonly path: string;
}

/** Reports every entry whose name an earlier entry already has. */
function duplicates(entries: readonly Named[], what: string, field: string): SpecIssue[] {
    const first = new Map<string, string>();
    const issues: SpecIssue[] = [];
    for (const entry of entries) {
        const earlier = first.get(entry.name);
        if (earlier === undefined) first.set(entry.name, entry.path);
        else issues.push({ path: `${entry.path}.${field}`, message: `duplicate ${what} '${entry.name}' (also ${earlier})` });
    }
    return issues;
}

function indexed<T>(list: readonly T[], key: string, name: (item: T) => string): Named[] {
    return list.map((item, i) => ({ name: name(item), path: `${key}[${i}]` }));
}

const LISTED_NAMES = 8;

function listOf(names: readonly string[]): string {
    if (names.length === 0) return "none";
    const shown = names.slice(0, LISTED_NAMES).map((n) => `'${n}'`).join(", ");
    return names.length > LISTED_NAMES ? `${shown} and ${names.length - LISTED_NAMES} more` : shown;
}

/** Reports a reference that names nothing declared. */
export function dangling(path: string, value: string, what: string, declared: readonly string[]): SpecIssue[] {
    if (declared.includes(value)) return [];
    return [{ path, message: `no ${what} named '${value}' is declared (declared: ${listOf(declared)})` }];
}

/**
 * Names are keys: hosts by name, services (homeservers, TURN servers, Element) by name
 * in one namespace, since they share resource and secret names; bridges by id.
 */
export function checkUniqueNames(spec: StackSpec): SpecIssue[] {
    const services = [
        ...indexed(spec.homeservers, "homeservers", (s) => s.name),
        ...indexed(spec.turnServers, "turnServers", (s) => s.name),
        ...indexed(spec.elements, "elements", (s) => s.name),
        ...indexed(spec.moderationBots, "moderationBots", (s) => s.name),
    ];
    return [
        ...duplicates(indexed(spec.hosts, "hosts", (h) => h.name), "host name", "name"),
        ...duplicates(services, "service name", "name"),
        ...duplicates(indexed(spec.bridges, "bridges", (b) => b.id), "bridge id", "id"),
    ];
}

/** Every `host`, `homeserver` and `turn` field names something the stack declares. */
export function checkReferences(spec: StackSpec): SpecIssue[] {
    const hosts = spec.hosts.map((h) => h.name);
    const homeservers = spec.homeservers.map((h) => h.name);
    const turnServers = spec.turnServers.map((t) => t.name);
    const onHosts = (key: string, list: readonly { host: string }[]) =>
        list.flatMap((s, i) => dangling(`${key}[${i}].host`, s.host, "host", hosts));
    return [
        ...onHosts("homeservers", spec.homeservers),
        ...onHosts("turnServers", spec.turnServers),
        ...onHosts("elements", spec.elements),
        ...onHosts("bridges", spec.bridges),
        ...onHosts("moderationBots", spec.moderationBots),
        ...spec.homeservers.flatMap((hs, i) =>
            hs.turn === undefined ? [] : dangling(`homeservers[${i}].turn`, hs.turn, "TURN server", turnServers),
        ),
        ...spec.elements.flatMap((e, i) => dangling(`elements[${i}].homeserver`, e.homeserver, "homeserver", homeservers)),
        ...spec.bridges.flatMap((b, i) => dangling(`bridges[${i}].homeserver`, b.homeserver, "homeserver", homeservers)),
        ...spec.moderationBots.flatMap((b, i) => dangling(`moderationBots[${i}].homeserver`, b.homeserver, "homeserver", homeservers)),
    ];
}
