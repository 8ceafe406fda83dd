import { MESH_LISTEN_PORT, meshOn } from "./mesh";
import { IMPLEMENTATION_LABELS } from "./homeserver-implementations";
import { homeserverListenPort, bridgeNaming } from "./resolved-defaults";
import type { StackSpec } from "./stack";
import { REDIS_PORT, REPLICATION_PORT, WORKER_PORT_RANGE } from "./workers";

export type PortProtocol = "tcp" | "udp";

/** A port or inclusive range a service binds on a host. */
export interface PortUse {
    readonly host: string;
    readonly protocols: readonly PortProtocol[];
    readonly from: number;
    readonly to: number;
    /** The field that sets it, e.g. `bridges[1].port`, or the service needing it when it is fixed, e.g. `homeservers[0]`. */
    readonly path: string;
    /** Whether the user can move it by changing `path`. */
    readonly configurable: boolean;
    readonly why: string;
}

const TCP: readonly PortProtocol[] = ["tcp"];
const TCP_UDP: readonly PortProtocol[] = ["tcp", "udp"];
const UDP: readonly PortProtocol[] = ["udp"];

function single(
    host: string,
    port: number,
    protocols: readonly PortProtocol[],
    path: string,
    configurable: boolean,
    why: string,
): PortUse {
    return { host, protocols, from: port, to: port, path, configurable, why };
}

/**
 * Every port each host binds, in declaration order. Ports that services on one host
 * share (nginx's 80/443/8448, PostgreSQL, the ACME HTTP-01 listener) appear once,
 * attributed to the first service needing them.
 */
export function portUses(spec: StackSpec): PortUse[] {
    const uses: PortUse[] = [];
    const shared = new Set<string>();
    const once = (key: string, use: PortUse) => {
        if (shared.has(`${use.host}/${key}`)) return;
        shared.add(`${use.host}/${key}`);
        uses.push(use);
    };
    const nginxHosts = new Set([...spec.homeservers.map((hs) => hs.host), ...spec.elements.map((e) => e.host)]);

    const sshHosts = new Set<string>();
    spec.hosts.forEach((host, i) => {
        // A duplicate host name is reported by itself; its SSH port would only add noise.
        if (sshHosts.has(host.name)) return;
        sshHosts.add(host.name);
        if (host.provider === "existing") uses.push(single(host.name, host.port, TCP, `hosts[${i}].port`, true, "SSH"));
        else uses.push(single(host.name, 22, TCP, `hosts[${i}]`, false, "SSH"));
        if (meshOn(spec)) uses.push(single(host.name, MESH_LISTEN_PORT, UDP, `hosts[${i}]`, false, "WireGuard mesh"));
    });

    const nginx = (host: string, path: string) => {
        once("nginx-http", single(host, 80, TCP, path, false, "nginx HTTP and ACME HTTP-01"));
        once("nginx-https", single(host, 443, TCP, path, false, "nginx HTTPS"));
    };
    spec.homeservers.forEach((hs, i) => {
        const path = `homeservers[${i}]`;
        nginx(hs.host, path);
        if (hs.federation.port8448) once("nginx-8448", single(hs.host, 8448, TCP, path, false, "nginx federation"));
        const listener = `${IMPLEMENTATION_LABELS[hs.implementation]} client listener`;
        uses.push(single(hs.host, homeserverListenPort(hs), TCP, `${path}.listenPort`, true, listener));
        if (hs.implementation === "synapse") once("postgresql", single(hs.host, 5432, TCP, path, false, "PostgreSQL"));
        if (hs.implementation !== "synapse" || hs.workers.length === 0) return;
        uses.push(single(hs.host, REPLICATION_PORT, TCP, `${path}.workers`, false, "Synapse replication listener"));
        uses.push(single(hs.host, REDIS_PORT, TCP, `${path}.workers`, false, "Redis for Synapse workers"));
        const workerHosts = new Set(hs.workers.map((g) => g.host ?? hs.host));
        for (const host of workerHosts) {
            uses.push({ host, protocols: TCP, ...WORKER_PORT_RANGE, path: `${path}.workers`, configurable: false, why: "Synapse worker listeners" });
        }
    });

    spec.turnServers.forEach((turn, i) => {
        const path = `turnServers[${i}]`;
        if (!nginxHosts.has(turn.host)) {
            once("nginx-http", single(turn.host, 80, TCP, path, false, "ACME HTTP-01 for the TURN certificate"));
        }
        uses.push(single(turn.host, turn.listeningPort, TCP_UDP, `${path}.listeningPort`, true, "TURN"));
        uses.push(single(turn.host, turn.tlsListeningPort, TCP_UDP, `${path}.tlsListeningPort`, true, "TURN over TLS"));
        uses.push({
            host: turn.host,
            // coturn takes TCP relay ports from the same range when TCP relay is on.
            protocols: turn.noTcpRelay ? UDP : TCP_UDP,
            from: turn.relayRange.from,
            to: turn.relayRange.to,
            path: `${path}.relayRange`,
            configurable: true,
            why: "TURN relay",
        });
    });

    spec.elements.forEach((element, i) => nginx(element.host, `elements[${i}]`));

    spec.bridges.forEach((bridge, i) => {
        uses.push(single(bridge.host, bridgeNaming(bridge).port, TCP, `bridges[${i}].port`, true, `${bridge.type} appservice`));
        if (bridge.type === "matrix-hookshot") {
            uses.push(single(bridge.host, bridge.webhookPort, TCP, `bridges[${i}].webhookPort`, true, "matrix-hookshot webhook listener"));
        }
    });
    return uses;
}
