/**
 * Each host's remote steps: wait -> secrets -> upload -> switch, every later step
 * depending on the wait and on the step before, over the host's one pinned connection.
 * Re-runs are keyed on content hashes inside each command (never `triggers`), so a host
 * whose bundle and secrets did not change keeps identical Command inputs and nothing runs.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { renderBundle } from "../nixos/render-bundle";
import type { Bundle } from "../nixos/types";
import type { HostPlan, SecretFile, StackPlan } from "../plan/types";
import type { HostDeclaration, HostEndpoint } from "./declarations";
import { renderSecretFile, secretsArgs, secretsHash, secretsStdin, stepCommand, switchArgs, uploadArgs, uploadStdin, waitArgs } from "./layers";
import type { SecretValues } from "./stack-secrets";

export interface HostSteps {
    readonly wait: command.remote.Command;
    readonly secrets: command.remote.Command;
    readonly upload: command.remote.Command;
    readonly switch: command.remote.Command;
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

export function hostBundle(host: HostPlan, plan: StackPlan, endpoint: HostEndpoint): pulumi.Output<Bundle> {
    return pulumi
        .all([endpoint.deployPublicKey, endpoint.hostPublicKey, endpoint.stateVolumeId])
        .apply(([deployPublicKey, hostPublicKey, stateVolumeId]) => renderBundle(host, plan, { deployPublicKey, hostPublicKey, stateVolumeId }));
}

interface FirstSteps {
    readonly wait: command.remote.Command;
    readonly secrets: command.remote.Command;
    readonly contents: pulumi.Output<Record<string, string>>;
}

/** wait and secrets: everything a host writes before its bundle. */
function firstSteps(host: HostPlan, endpoint: HostEndpoint, secrets: SecretValues, parent: pulumi.Resource): FirstSteps {
    const name = host.name;
    const connection = endpoint.connection;
    const contents = secretContents(host, secrets);
    const files = host.secretFiles;
    const wait = new command.remote.Command(
        `${name}-wait`,
        { connection, create: stepCommand("wait", waitArgs(name)) },
        { parent, dependsOn: endpoint.ready },
    );
    const secretsStep = new command.remote.Command(
        `${name}-secrets`,
        {
            connection,
            create: contents.apply((c) => stepCommand("secrets", secretsArgs(name, files, c))),
            stdin: contents.apply((c) => secretsStdin(files, c)),
            // The secrets step reports only paths, but never let its output reach the log.
            logging: "stderr",
        },
        { parent, dependsOn: [wait] },
    );
    return { wait, secrets: secretsStep, contents };
}

/** upload and switch; `switchAfter` are other hosts' steps the plan orders before this switch. */
function lastSteps(
    host: HostPlan,
    plan: StackPlan,
    endpoint: HostEndpoint,
    first: FirstSteps,
    switchAfter: pulumi.Resource[],
    parent: pulumi.Resource,
): HostSteps {
    const name = host.name;
    const connection = endpoint.connection;
    const bundle = hostBundle(host, plan, endpoint);
    const files = host.secretFiles;
    const upload = new command.remote.Command(
        `${name}-upload`,
        {
            connection,
            create: bundle.apply((b) => stepCommand("upload", uploadArgs(b))),
            stdin: bundle.apply(uploadStdin),
        },
        { parent, dependsOn: [first.wait, first.secrets] },
    );
    const switchStep = new command.remote.Command(
        `${name}-switch`,
        {
            connection,
            create: pulumi
                .all([bundle, first.contents])
                .apply(([b, c]) => stepCommand("switch", switchArgs(b, secretsHash(files, c), host.healthChecks))),
        },
        { parent, dependsOn: [first.wait, first.secrets, upload, ...switchAfter] },
    );
    return { wait: first.wait, secrets: first.secrets, upload, switch: switchStep, bundle };
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
    const first = new Map(realized.map((r) => [r.host.name, firstSteps(r.host, r.endpoint, secrets, r.parent)]));
    const steps = new Map<string, HostSteps>();
    for (const { host, endpoint, parent } of realized) {
        const switchAfter = plan.order
            .filter((edge) => edge.after === host.name && edge.before !== host.name)
            .map((edge) => {
                const before = first.get(edge.before);
                if (!before) throw new Error(`internal: order names unknown host "${edge.before}"`);
                return before.secrets;
            });
        steps.set(host.name, lastSteps(host, plan, endpoint, first.get(host.name) as FirstSteps, switchAfter, parent));
    }
    return steps;
}
