/**
 * Shared by the mock tests: run an example offline with sentinel credentials, and look
 * through what the engine would have received.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../sdk/synth/mock-cloud";
import { placeholderPassword } from "../../sdk/synth/mock-cloud";
import { Testing, type TestRun } from "../../sdk/synth/testing";
import { ed25519KeyPair } from "../fixtures/ssh-keys";

export const EXAMPLES = ["all-in-one", "multi-host", "existing-hosts", "mixed-hosts", "conduit", "community", "workers"] as const;
export type Example = (typeof EXAMPLES)[number];

export const ROOT = path.resolve(__dirname, "..", "..");

const DEPLOY_KEY = ed25519KeyPair("deploy@example");

/** Credentials no output, file or plain input may ever contain (each of the shape its arg takes). */
export const SENTINELS: Record<string, string> = {
    telegramApiId: "31337000",
    telegramApiHash: "5e471e1ba5e5e471e1ba5e5e471e1ba5",
    discordClientId: "42424242424242",
    discordBotToken: "SENTINELdiscord.bot.tokenSENTINEL",
    sshPrivateKey: DEPLOY_KEY.privateKey,
};

/** Config that is not secret but must match a sentinel (the deploy key's public half). */
export const SENTINEL_COMPANIONS: Record<string, string> = { sshPublicKey: DEPLOY_KEY.publicKey };

export function runExample(example: Example, config: Record<string, string> = {}): Promise<TestRun> {
    return Testing.synth(path.join(ROOT, "examples", example), { config: { ...SENTINELS, ...SENTINEL_COMPANIONS, ...config } });
}

export function ofType(run: TestRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function named(run: TestRun, type: string, name: string): RecordedResource {
    const found = run.resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name}; have ${run.resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    return found;
}

export const COMMAND = "command:remote:Command";

/** Unwraps one input value if it is a serialized secret. */
export function unwrap(value: unknown): unknown {
    return pulumi.runtime.isRpcSecret(value) ? pulumi.runtime.unwrapRpcSecret(value) : value;
}

/** Every string inside `value` that is NOT under a secret wrapper. */
export function plainStrings(value: unknown, out: string[] = []): string[] {
    if (pulumi.runtime.isRpcSecret(value)) return out;
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) plainStrings(v, out);
    else if (value && typeof value === "object") for (const v of Object.values(value)) plainStrings(v, out);
    return out;
}

/** Every secret value of a run: the sentinels, and the mock values of each random password. */
export function secretValues(run: TestRun): string[] {
    const randoms = ofType(run, "random:index/randomPassword:RandomPassword").map((r) =>
        placeholderPassword(r.name, Number(r.inputs.length)),
    );
    return [...Object.values(SENTINELS), ...randoms];
}

/** Stable text of what the engine received: every registration's type, name, parent, deps and inputs. */
export function registrationsText(run: TestRun): string {
    const rows = run.cloud.resources
        .map((r) => ({ urn: r.urn, parent: r.parent, dependencies: r.dependencies, inputs: r.inputs, ignoreChanges: r.ignoreChanges }))
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return JSON.stringify(rows, null, 1);
}

/** The inputs of each remote step by name, as text (what decides whether a command runs). */
export function commandInputs(run: TestRun): Map<string, string> {
    return new Map(ofType(run, COMMAND).map((r) => [r.name, JSON.stringify(r.inputs)]));
}
