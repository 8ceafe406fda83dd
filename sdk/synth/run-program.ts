/**
 * Runs a Pulumi program of this library offline, in-process: mocks instead of a cloud,
 * config from its Pulumi.yaml, the program's `index.ts` loaded with tsx. Resolves once
 * the stack is planned and every resource registration has finished.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedStack } from "../components/declarations";
import { currentRegistry, resetRegistry } from "../components/stack-registry";
import type { HetznerCatalog } from "./hetzner-catalog";
import { MockCloud } from "./mock-cloud";
import { readProgramProject, type ProgramProject } from "./program-config";

interface TsxApi {
    register(options: { namespace: string }): { require(id: string, fromFile: string): unknown; unregister(): void };
}

let runs = 0;

/** Loads the program afresh: each run gets its own module namespace, so it executes again. */
function loadProgram(entry: string): void {
    // Loaded here, not at import: programs importing the library never need tsx.
    // (Its package exports need node16 module resolution for types, hence require.)
    const tsx = require("tsx/cjs/api") as TsxApi;
    const api = tsx.register({ namespace: `nixos-matrix-synth-${++runs}` });
    try {
        api.require(entry, __filename);
    } finally {
        api.unregister();
    }
}

export interface ProgramRun {
    readonly project: ProgramProject;
    readonly stack: PlannedStack;
    readonly cloud: MockCloud;
}

export interface RunOptions {
    /** Config overrides, `key` (of the project) or `namespace:key`. */
    readonly config?: Readonly<Record<string, string>>;
    /** @default "synth" */
    readonly stackName?: string;
}

/** How the offline cloud answers, besides its defaults. */
export interface MockCloudOptions {
    readonly rotatedSecrets?: readonly string[];
    readonly replacedResources?: readonly string[];
    readonly hetznerCatalog?: HetznerCatalog;
}

/** Sets up mocks and a fresh registry; returns the recording cloud. */
export async function startMockedProgram(
    project: string,
    config: Record<string, string>,
    secretKeys: string[],
    stackName = "synth",
    cloudOptions: MockCloudOptions = {},
): Promise<MockCloud> {
    const cloud = new MockCloud(new Set(cloudOptions.rotatedSecrets), new Set(cloudOptions.replacedResources), cloudOptions.hetznerCatalog);
    await pulumi.runtime.setMocks(cloud, project, stackName, false);
    pulumi.runtime.setAllConfig(config, secretKeys);
    cloud.recordRegistrations();
    resetRegistry();
    return cloud;
}

/** Waits until every resource registration the program started has reached the mocks. */
export function drainRegistrations(): Promise<void> {
    // waitForRPCs is exported by the runtime but not declared in its types.
    return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/**
 * Runs the program's top level. If it throws, the stack fails with that error as a real
 * `pulumi up` does, and nothing it declared registers a resource.
 */
export async function runRefusing(program: () => void): Promise<void> {
    try {
        program();
    } catch (err) {
        const registry = currentRegistry();
        registry.refuse(err);
        await registry.settled().catch(() => undefined);
        await drainRegistrations();
        throw err;
    }
}

/** Waits for the seal and for every registration the program started. */
export async function finishMockedProgram(): Promise<PlannedStack> {
    const registry = currentRegistry();
    if (registry.size === 0) throw new Error("the program declared no nixos-matrix component");
    // Pulumi records a source position for every resource from `new Error().stack`, mapped
    // through source maps under tsx: most of an offline run's time, and meaningless without
    // an engine. Capture no frames while the stack is built and registered.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        const stack = await registry.settled();
        await drainRegistrations();
        return stack;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

export async function runProgram(programDir: string, options: RunOptions = {}): Promise<ProgramRun> {
    const project = readProgramProject(programDir, options.config);
    const cloud = await startMockedProgram(project.name, project.config, project.secretKeys, options.stackName);
    await runRefusing(() => loadProgram(project.entry));
    const stack = await finishMockedProgram();
    return { project, stack, cloud };
}
