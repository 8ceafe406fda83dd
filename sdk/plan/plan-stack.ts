/**
 * The whole plan of a validated stack: pure, deterministic (same spec, same plan, same key
 * order), no secret values.
 */
import type { HostSpec, ResolvedHostSpec } from "../spec/host";
import { hetznerServerType } from "../spec/resolved-defaults";
import type { StackSpec } from "../spec/stack";
import { privateAddresses } from "./addresses";
import { stackBootstrapRuns } from "./bootstrap";
import { moderationBotRuns, resolveModerationBot, type ResolvedModerationBot } from "./moderation-bots";
import { hostBackupPlan } from "./backup";
import { synapseOldSigningKeysDir } from "./paths";
import { stackDnsRecords } from "./dns";
import { hostHealthChecks } from "./health";
import { stackMesh, type MeshPlan } from "./mesh";
import { withMeshHealth } from "./mesh-health";
import { hostPorts } from "./ports";
import { privateInterfaceOf } from "./private-interface";
import { stackRegistrations } from "./registrations";
import { resolveStack, type ResolvedStack } from "./resolve";
import { rolloutLevels } from "./rollout";
import { stackPin } from "../spec/nixpkgs";
import { hostSecretFiles } from "./secret-files";
import { stackSecrets } from "./secrets";
import type { HostPlan, HostServices, HostWorkers, RegistrationPlan, StackPlan } from "./types";
import { crossHostMainHomeserver, stackWorkers, type HomeserverWorkers } from "./workers";
import { stackVerifyRuns } from "./verify";

function hostServices(stack: ResolvedStack, host: string, bots: readonly ResolvedModerationBot[]): HostServices {
    return {
        moderationBots: bots.filter((b) => b.host === host),
        homeservers: stack.homeservers.filter((s) => s.host === host),
        turnServers: stack.turnServers.filter((s) => s.host === host),
        elements: stack.elements.filter((s) => s.host === host),
        bridges: stack.bridges.filter((s) => s.host === host),
    };
}

/** Each homeserver's workers as `host` sees them: as the main process's host, or running some. */
export function hostWorkers(all: readonly HomeserverWorkers[], host: string): HostWorkers[] {
    return all
        .map((workers) => ({ workers, main: workers.mainHost === host, instances: workers.instances.filter((w) => w.host === host) }))
        .filter((view) => view.main || view.instances.length > 0);
}

function hostPlan(
    stack: ResolvedStack,
    host: HostSpec,
    networkAddresses: Readonly<Record<string, string>>,
    mesh: MeshPlan | null,
    registrations: readonly RegistrationPlan[],
    bots: readonly ResolvedModerationBot[],
    allWorkers: readonly HomeserverWorkers[],
): HostPlan {
    const services = hostServices(stack, host.name, bots);
    const workers = hostWorkers(allWorkers, host.name);
    const keepsOldKeys = crossHostMainHomeserver(workers);
    const backup = hostBackupPlan(stack.spec.backup, host.name, services, keepsOldKeys === null ? null : synapseOldSigningKeysDir(keepsOldKeys));
    return {
        name: host.name,
        spec: resolvedHost(host, services),
        privateAddress: mesh?.address ?? networkAddresses[host.name],
        privateInterface: mesh?.interface ?? privateInterfaceOf(host),
        networkAddress: networkAddresses[host.name],
        mesh,
        services,
        ports: hostPorts(stack, host, services, mesh, workers),
        secretFiles: hostSecretFiles(stack, host.name, registrations, backup, bots, workers),
        registrations: {
            asBridge: registrations.filter((r) => r.bridgeHost === host.name).map((r) => r.id),
            asHomeserver: registrations.filter((r) => r.homeserverHost === host.name).map((r) => r.id),
        },
        healthChecks: hostHealthChecks(stack, services, backup, workers),
        acme: stack.spec.acme,
        backup,
        workers,
    };
}

function resolvedHost(host: HostSpec, services: HostServices): ResolvedHostSpec {
    if (host.provider !== "hetzner") return host;
    return { ...host, serverType: hetznerServerType(host, services.homeservers.length > 0) };
}

export function planStack(spec: StackSpec): StackPlan {
    const stack = resolveStack(spec);
    const networkAddresses = privateAddresses(spec.hosts, spec.privateNetwork);
    const mesh = stackMesh(spec, networkAddresses);
    // What other hosts dial: mesh addresses when the stack has the mesh.
    const addresses = mesh ? Object.fromEntries(Object.entries(mesh).map(([name, m]) => [name, m.address])) : networkAddresses;
    const registrations = stackRegistrations(stack, addresses);
    const bots = spec.moderationBots.map((bot) => resolveModerationBot(stack, bot, addresses));
    const workers = stackWorkers(stack, addresses);
    const planned = spec.hosts.map((host) => hostPlan(stack, host, networkAddresses, mesh?.[host.name] ?? null, registrations, bots, workers));
    const rollout = rolloutLevels(planned);
    const hosts = withMeshHealth(planned, rollout);
    return {
        name: spec.name,
        privateNetwork: spec.privateNetwork,
        meshNetwork: mesh ? spec.meshNetwork : null,
        sshSourceRanges: spec.sshSourceRanges,
        hosts,
        secrets: stackSecrets(
            stack,
            hosts.filter((h) => h.backup !== null).map((h) => h.name),
            workers,
        ),
        registrations,
        dns: stackDnsRecords(stack),
        // Each host's own secrets step writes both ends of its registrations before its own
        // switch, so no step waits on another host's.
        order: [],
        verify: stackVerifyRuns(stack, registrations),
        bootstrap: stackBootstrapRuns(stack, bots),
        moderationBots: moderationBotRuns(bots),
        nixpkgs: stackPin(spec),
        postgresqlVersion: spec.postgresqlVersion,
        upgradeDumps: spec.upgradeDumps,
        workers,
        rollout,
    };
}
