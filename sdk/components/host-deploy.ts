/**
 * Each host's remote steps: wait -> secrets -> upload -> pin -> switch, every later step
 * depending on the wait and on the step before, over the host's one pinned connection.
 * With the mesh, each host's key step follows its wait, and every host's upload and switch
 * wait for the key steps of the host and its peers, whose public keys its bundle holds.
 * The main host of workers across hosts also keeps Synapse's own key as an old one, after
 * its wait and before its switch (old-signing-keys).
 * Hosts switch level by level (plan.rollout): a host's pin and switch wait for every switch
 * of the levels before, so homeservers move last, each right after its own pre-upgrade dump.
 * Re-runs are keyed on content hashes inside each command (never `triggers`), so a host
 * whose bundle and secrets did not change keeps identical Command inputs and nothing runs.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { renderBundle } from "../nixos/render-bundle";
import type { Bundle } from "../nixos/types";
import type { HostPlan, SecretFile, StackPlan } from "../plan/types";
import type { HostDeclaration, HostEndpoint } from "./declarations";
import { hostSteps, oldSigningKeysArgs, oldSigningKeysHomeserver, pinArgs, renderSecretFile, switchesBefore, type RemoteStep, type Step } from "./layers";
import { meshKeySteps, meshPeerFacts } from "./mesh-keys";
import type { MeshPeerFacts } from "../nixos/params-mesh";
import type { SecretValues } from "./stack-secrets";

export interface HostSteps {
    readonly wait: command.remote.Command;
    readonly secrets: command.remote.Command;
    readonly upload: command.remote.Command;
    readonly pin: command.remote.Command;
    readonly switch: command.remote.Command;
    /** The old signing keys step; undefined but on the main host of workers across hosts. */
    readonly oldSigningKeys?: command.remote.Command;
    /** The mesh key step; undefined when the stack has no mesh. */
    readonly meshKey?: command.remote.Command;
    readonly bundle: pulumi.Output<Bundle>;
}

/** One secret file's content, rendered from its secrets' values; secret. */
function renderedFile(file: SecretFile, secrets: SecretValues): pulumi.Output<string> {
    const values = file.secrets.map((name) => {
        const value = secrets.get(name);
        if (!value) throw new Error(`internal: secret file ${file.path} uses unknown secret ${name}`);
        return value.apply((v) => [name, v] as const);
    });
    return pulumi.secret(pulumi.all(values).apply((pairs) => renderSecretFile(file, Object.fromEntries(pairs))));
}

/** Path -> rendered content of every secret file of the host. */
export function secretContents(host: HostPlan, secrets: SecretValues): pulumi.Output<Record<string, string>> {
    const entries = host.secretFiles.map((file) => renderedFile(file, secrets).apply((content) => [file.path, content] as const));
    return pulumi.all(entries).apply((pairs) => Object.fromEntries(pairs));
}

export function hostBundle(
    host: HostPlan,
    plan: StackPlan,
    endpoint: HostEndpoint,
    meshPeers: pulumi.Output<Record<string, MeshPeerFacts>> = pulumi.output({} as Record<string, MeshPeerFacts>),
): pulumi.Output<Bundle> {
    return pulumi
        .all([endpoint.deployPublicKey, endpoint.hostPublicKey, endpoint.stateVolumeId, endpoint.stateVersion, meshPeers])
        .apply(([deployPublicKey, hostPublicKey, stateVolumeId, stateVersion, peers]) =>
            renderBundle(host, plan, { deployPublicKey, hostPublicKey, stateVolumeId, stateVersion, meshPeers: peers }),
        );
}

/** The four steps' command lines and stdin, from the one builder the fleet tests use too. */
function remoteSteps(host: HostPlan, plan: StackPlan, bundle: pulumi.Output<Bundle>, contents: pulumi.Output<Record<string, string>>) {
    const pin = pinArgs(host, plan);
    const steps = pulumi
        .all([bundle, contents])
        .apply(([b, c]) =>
            hostSteps({ bundle: b, secretFiles: host.secretFiles, secretContents: c, healthChecks: host.healthChecks, pin, oldSigningKeys: oldSigningKeysArgs(host, b) }),
        );
    const byName = (step: Step) => steps.apply((all) => all.find((s) => s.step === step) as RemoteStep);
    // wait and upload carry no secret value (the bundle never holds one); keep them readable in diffs.
    return {
        wait: pulumi.unsecret(byName("wait").apply((s) => s.command)),
        secrets: byName("secrets"),
        upload: pulumi.unsecret(byName("upload")),
        pin: pulumi.unsecret(byName("pin").apply((s) => s.command)),
        switch: byName("switch").apply((s) => s.command),
        // No secret: key ids and paths only.
        oldSigningKeys: pulumi.unsecret(steps.apply((all) => all.find((s) => s.step === "old-signing-keys")?.command ?? "")),
    };
}

interface FirstSteps {
    readonly wait: command.remote.Command;
    readonly secrets: command.remote.Command;
    readonly oldSigningKeys?: command.remote.Command;
}

/** wait, secrets and old-signing-keys: everything a host writes before its bundle. */
function firstSteps(host: HostPlan, endpoint: HostEndpoint, remote: ReturnType<typeof remoteSteps>, parent: pulumi.Resource): FirstSteps {
    const name = host.name;
    const connection = endpoint.connection;
    const wait = new command.remote.Command(`${name}-wait`, { connection, create: remote.wait }, { parent, dependsOn: endpoint.ready });
    const secretsStep = new command.remote.Command(
        `${name}-secrets`,
        {
            connection,
            create: remote.secrets.apply((s) => s.command),
            stdin: remote.secrets.apply((s) => s.stdin ?? ""),
            // The secrets step reports only paths, but never let its output reach the log.
            logging: "stderr",
        },
        { parent, dependsOn: [wait] },
    );
    const oldSigningKeys =
        oldSigningKeysHomeserver(host) === null
            ? undefined
            : new command.remote.Command(`${name}-old-signing-keys`, { connection, create: remote.oldSigningKeys }, { parent, dependsOn: [wait] });
    return { wait, secrets: secretsStep, ...(oldSigningKeys ? { oldSigningKeys } : {}) };
}

/**
 * upload, pin and switch; `switchAfter` are other hosts' steps the plan orders before this
 * host's pin and switch; `meshKeys` the key steps whose public keys the bundle holds.
 */
function lastSteps(
    name: string,
    endpoint: HostEndpoint,
    remote: ReturnType<typeof remoteSteps>,
    bundle: pulumi.Output<Bundle>,
    first: FirstSteps,
    switchAfter: pulumi.Resource[],
    meshKeys: pulumi.Resource[],
    parent: pulumi.Resource,
): HostSteps {
    const connection = endpoint.connection;
    const upload = new command.remote.Command(
        `${name}-upload`,
        { connection, create: remote.upload.apply((s) => s.command), stdin: remote.upload.apply((s) => s.stdin ?? "") },
        { parent, dependsOn: [first.wait, first.secrets, ...meshKeys] },
    );
    const pin = new command.remote.Command(
        `${name}-pin`,
        { connection, create: remote.pin },
        { parent, dependsOn: [first.wait, upload, ...switchAfter] },
    );
    const switchStep = new command.remote.Command(
        `${name}-switch`,
        { connection, create: remote.switch },
        { parent, dependsOn: [first.wait, first.secrets, ...(first.oldSigningKeys ? [first.oldSigningKeys] : []), upload, pin, ...switchAfter, ...meshKeys] },
    );
    return { ...first, upload, pin, switch: switchStep, bundle };
}

/** Every host's steps, with the plan's cross-host order (a host's secrets before another's switch). */
export function deployHosts(
    plan: StackPlan,
    endpoints: ReadonlyMap<string, HostEndpoint>,
    secrets: SecretValues,
    hosts: readonly HostDeclaration[],
): Map<string, HostSteps> {
    const realized = plan.hosts.map((host) => {
        const endpoint = endpoints.get(host.name);
        const declaration = hosts.find((d) => d.name === host.name);
        if (!endpoint || !declaration) throw new Error(`internal: host "${host.name}" was not realized`);
        return { host, endpoint, parent: declaration.component };
    });
    // wait and secrets read only the host's name from the bundle: they come from the bundle
    // without peers' keys, since the key steps run after the wait.
    const early = new Map(
        realized.map((r) => [r.host.name, remoteSteps(r.host, plan, hostBundle(r.host, plan, r.endpoint), secretContents(r.host, secrets))] as const),
    );
    const first = new Map(realized.map((r) => [r.host.name, firstSteps(r.host, r.endpoint, early.get(r.host.name)!, r.parent)]));
    const keyHosts = realized.map((r) => ({ ...r, wait: first.get(r.host.name)!.wait }));
    const keys = meshKeySteps(keyHosts);
    const peers = meshPeerFacts(keyHosts, keys);
    const prepared = new Map(
        realized.map((r) => {
            const bundle = keys.size > 0 ? hostBundle(r.host, plan, r.endpoint, peers) : hostBundle(r.host, plan, r.endpoint);
            return [r.host.name, { bundle, remote: remoteSteps(r.host, plan, bundle, secretContents(r.host, secrets)) }] as const;
        }),
    );
    const steps = new Map<string, HostSteps>();
    // Levels in order, so the switches a host waits for already exist.
    const byLevel = plan.rollout.flat().map((name) => realized.find((r) => r.host.name === name)!);
    for (const { host, endpoint, parent } of byLevel) {
        const switchAfter = plan.order
            .filter((edge) => edge.after === host.name && edge.before !== host.name)
            .map((edge) => {
                const before = first.get(edge.before);
                if (!before) throw new Error(`internal: order names unknown host "${edge.before}"`);
                return before.secrets;
            });
        for (const earlier of switchesBefore(plan.rollout, host.name)) switchAfter.push(steps.get(earlier)!.switch);
        const { bundle, remote } = prepared.get(host.name)!;
        const meshKeys = [host.name, ...(host.mesh?.peers.map((p) => p.host) ?? [])].flatMap((n) => (keys.has(n) ? [keys.get(n)!] : []));
        const last = lastSteps(host.name, endpoint, remote, bundle, first.get(host.name) as FirstSteps, switchAfter, meshKeys, parent);
        steps.set(host.name, { ...last, meshKey: keys.get(host.name) });
    }
    return steps;
}
