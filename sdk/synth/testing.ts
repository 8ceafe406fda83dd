/**
 * Helpers for users' own tests (cdk8s `Testing.synth` style): run a program directory or
 * a function constructing components under mocks, and get back the plan, every recorded
 * resource registration and the files synth would write.
 */
import { currentRegistry } from "../components/stack-registry";
import type { PlannedStack } from "../components/declarations";
import type { HetznerCatalog } from "./hetzner-catalog";
import type { MockCloud, RecordedResource } from "./mock-cloud";
import { drainRegistrations, finishMockedProgram, runProgram, runRefusing, startMockedProgram, type RunOptions } from "./run-program";
import { synthFiles } from "./synth";

export interface TestRun {
    readonly stack: PlannedStack;
    readonly cloud: MockCloud;
    /** Custom (non-component) resources, in registration order. */
    readonly resources: readonly RecordedResource[];
    /** What synth would write: relative path -> content. */
    readonly files: Readonly<Record<string, string>>;
}

export interface InlineOptions {
    /** @default "test" */
    readonly project?: string;
    /** Full config keys (`nixos-matrix:acmeEmail`, `<project>:key`) to values. */
    readonly config?: Readonly<Record<string, string>>;
    readonly secretKeys?: readonly string[];
    /** RandomPassword resource names whose value changes, as after `pulumi up --replace <urn>`. */
    readonly rotatedSecrets?: readonly string[];
    /** Custom resource names that get a new cloud id, as after `pulumi up --replace <urn>`. */
    readonly replacedResources?: readonly string[];
    /** What the Hetzner API lists, e.g. with a deprecated server type. @default today's types, locations and images */
    readonly hetznerCatalog?: HetznerCatalog;
}

/** Starts mocks for an inline program; `nixos-matrix:acmeEmail` defaults to admin@example.org. */
function startInline(options: InlineOptions): Promise<MockCloud> {
    const config = { "nixos-matrix:acmeEmail": "admin@example.org", ...(options.config ?? {}) };
    return startMockedProgram(options.project ?? "test", config, [...(options.secretKeys ?? [])], "test", options);
}

async function collect(stack: PlannedStack, cloud: MockCloud): Promise<TestRun> {
    const files = await synthFiles(stack, { cloud });
    return { stack, cloud, resources: cloud.resources.filter((r) => r.custom), files };
}

export const Testing = {
    /** Runs a program directory (its Pulumi.yaml and index.ts) offline. */
    async synth(programDir: string, options: RunOptions = {}): Promise<TestRun> {
        const run = await runProgram(programDir, options);
        return collect(run.stack, run.cloud);
    },

    /** Runs `program` (which constructs components) offline. Rejects with the SpecError of a bad stack. */
    async run(program: () => void, options: InlineOptions = {}): Promise<TestRun> {
        const cloud = await startInline(options);
        await runRefusing(program);
        const stack = await finishMockedProgram();
        return collect(stack, cloud);
    },

    /** Starts mocks and a fresh registry without running anything; pair with `settle()`. */
    start(options: InlineOptions = {}): Promise<MockCloud> {
        return startInline(options);
    },

    /**
     * Resolves when the current program's stack is planned, realized and every registration
     * has finished (so the next test's mocks see none of it); rejects with its SpecError.
     */
    async settle(): Promise<PlannedStack> {
        const settled = currentRegistry().settled();
        try {
            return await settled;
        } finally {
            await drainRegistrations();
        }
    },
};
