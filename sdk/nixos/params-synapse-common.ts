/**
 * The settings every Synapse process of a host reads, on the homeserver's host and on a
 * worker host alike (`synapse-common.nix`): the server's names, its secret extra config,
 * its appservice registrations as this host keeps them, and where its database is.
 */
import { synapseSecretConfigPath } from "../plan/paths";
import type { HostPlan, StackPlan } from "../plan/types";
import { SYNAPSE_DATABASE } from "../plan/worker-secrets";
import { atMostOne, findHomeserver, homeserverDomain, requireSecretFile } from "./stack-lookup";

export interface SynapseCommonParams {
    readonly serverName: string;
    readonly publicBaseUrl: string;
    /** Synapse's secret extra config file (registration/macaroon/TURN secrets, on worker hosts the database's password). */
    readonly secretConfigFile: string;
    /** Registrations of bridges for this homeserver, as this host keeps them. */
    readonly appServiceConfigFiles: readonly string[];
    /**
     * `database.args` as the Nix settings name it: the local socket on the homeserver's host;
     * on a worker host the main host's PostgreSQL (the full section comes from the secret config).
     */
    readonly databaseArgs: { readonly user: string; readonly database: string; readonly host?: string; readonly port?: number };
}

/** This host's Synapse processes: the main one with its workers, or a worker host's; null: none. */
export function synapseCommonParams(host: HostPlan, stack: StackPlan): SynapseCommonParams | null {
    const local = atMostOne(host, host.services.homeservers, "homeservers");
    const view = atMostOne(host, host.workers, "homeservers with workers");
    const onWorkerHost = local === undefined && view !== undefined && !view.main;
    const name = local?.implementation === "synapse" ? local.name : onWorkerHost ? view.workers.homeserver : undefined;
    if (name === undefined) return null;
    const hs = findHomeserver(stack, name).spec;
    const remote = onWorkerHost ? view.workers.database : null;
    if (onWorkerHost && remote === null) throw new Error(`internal: worker host ${host.name} has no database of homeserver ${name} to reach`);
    return {
        serverName: hs.serverName,
        publicBaseUrl: `https://${homeserverDomain(hs)}`,
        secretConfigFile: requireSecretFile(host, synapseSecretConfigPath(name), "Synapse secret config"),
        // The homeserver's host keeps the registrations it loads; a worker host its own copies of them all.
        appServiceConfigFiles: stack.registrations
            .filter((r) => r.homeserver === name && (onWorkerHost || r.homeserverHost === host.name))
            .map((r) => requireSecretFile(host, r.homeserverPath, `registration of ${r.id}`))
            .sort(),
        databaseArgs: remote ? { host: remote.address, port: remote.port, ...SYNAPSE_DATABASE } : { ...SYNAPSE_DATABASE },
    };
}
