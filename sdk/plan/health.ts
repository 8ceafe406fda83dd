/**
 * What the switch step checks on each host after `nixos-rebuild switch`: the units that must
 * be active and HTTP answers that must carry a JSON key.
 */
import { BACKUP_MAX_AGE_HOURS, BACKUP_UNIT, type BackupPlan } from "./backup";
import { bridgeModule } from "../spec/bridge";
import { BRIDGE_UNITS, HOMESERVER_PRIVATE_PROXY_UNIT } from "./paths";
import { conduitFamilyServer } from "./conduit-family";
import { homeserverLoopbackUrl, type ResolvedStack } from "./resolve";
import type { HealthChecks, HostServices, HostWorkers, HttpHealthCheck } from "./types";
import { redisUnit } from "./workers";
import { servesRemoteClients } from "./remote-clients";
import { byText, compareText } from "./order";

export function hostHealthChecks(
    stack: ResolvedStack,
    services: HostServices,
    backup: BackupPlan | null = null,
    workers: readonly HostWorkers[] = [],
): HealthChecks {
    const units = new Set<string>();
    const http: HttpHealthCheck[] = [];
    // Each worker is checked on its own listener; a worker host's switch needs nothing else.
    for (const view of workers) {
        if (view.main) units.add(redisUnit(view.workers.homeserver));
        for (const w of view.instances) {
            units.add(w.unit);
            http.push({ url: `http://127.0.0.1:${w.port}/_matrix/client/versions`, expectJsonKey: "versions" });
        }
    }
    for (const spec of services.homeservers) {
        const hs = stack.homeserver(spec.name);
        units.add("nginx.service");
        if (hs.implementation === "synapse") {
            units.add("matrix-synapse.service").add("postgresql.service");
        } else {
            units.add(`${conduitFamilyServer(hs.implementation, hs.serverName).unit}.service`);
            if (servesRemoteClients(hs, stack.spec.moderationBots, stack.bridges)) units.add(`${HOMESERVER_PRIVATE_PROXY_UNIT}.socket`);
        }
        http.push({ url: `${homeserverLoopbackUrl(hs)}/_matrix/client/versions`, expectJsonKey: "versions" });
        if (hs.wellKnownDelegation) {
            // Served by nginx on plain HTTP for the server name's virtual host; `m.server` only
            // while federation is on, as the bundle serves it only then.
            http.push({ url: "http://127.0.0.1/.well-known/matrix/client", hostHeader: hs.serverName, expectJsonKey: "m.homeserver" });
            if (hs.federation.enabled) {
                http.push({ url: "http://127.0.0.1/.well-known/matrix/server", hostHeader: hs.serverName, expectJsonKey: "m.server" });
            }
        }
    }
    if (services.turnServers.length > 0) units.add("coturn.service");
    if (services.elements.length > 0) units.add("nginx.service");
    for (const bridge of services.bridges) units.add(BRIDGE_UNITS[bridgeModule(bridge)]);
    const withoutSecrets = new Set(["nginx.service", "postgresql.service", ...[...units].filter((u) => u.startsWith("redis-") || u.endsWith(".socket"))]);
    return {
        units: [...units].sort(compareText),
        secretReaders: [...units].filter((u) => !withoutSecrets.has(u)).sort(compareText),
        http: http.sort(byText((c) => `${c.url} ${c.hostHeader ?? ""}`)),
        ...(backup ? { backup: { stampFile: backup.stampFile, unit: BACKUP_UNIT, maxAgeHours: BACKUP_MAX_AGE_HOURS } } : {}),
    };
}
