import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { fakeInvoke, fakeResource } from "./fake-cloud";
import { plainValue, secretPaths } from "./property-values";
import { Registration } from "./registration";

interface Seen {
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly inputs: unknown;
    readonly secretInputs: readonly string[];
}

/** What a program did under mocks. */
export interface MockRun {
    readonly registrations: Registration[];
    /** Outputs each component registered (`registerOutputs`), plain, by URN. */
    readonly componentOutputs: ReadonlyMap<string, unknown>;
}

/**
 * Runs `program` in this process under `pulumi.runtime.setMocks`, answering from the same
 * fake cloud as the gRPC test monitor, and returns what it registered. The URN (and so the
 * parent chain) of each registration comes from the mock monitor's own table.
 */
export async function runProgramUnderMocks(project: string, stack: string, program: () => void): Promise<MockRun> {
    const seen: Seen[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const inputs = plainValue(args.inputs) as Record<string, unknown>;
                const custom = args.custom ?? false;
                seen.push({ type: args.type, name: args.name, custom, inputs, secretInputs: secretPaths(args.inputs) });
                if (!custom) return { id: undefined, state: {} };
                const fake = fakeResource(args.type, args.name, inputs);
                return { id: fake.id, state: fake.state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return fakeInvoke(args.token, plainValue(args.inputs) as Record<string, unknown>);
            },
        },
        project,
        stack,
        false,
    );
    program();
    await settle(() => seen.length);
    const monitor = settings.getMonitor();
    if (!(monitor instanceof MockMonitor)) throw new Error("setMocks did not install a MockMonitor");
    const table = monitor.getRegisteredResources();
    const urns = [...table.keys()];
    const registrations = seen.map((s) => {
        const matching = urns.filter((u) => u.endsWith(`${s.type}::${s.name}`) && (u.split("::")[2] ?? "").split("$").pop() === s.type);
        if (matching.length !== 1) throw new Error(`expected one URN for ${s.type} ${s.name}, found ${matching.length}`);
        return { urn: matching[0], custom: s.custom, inputs: s.inputs, secretInputs: s.secretInputs };
    });
    const componentOutputs = new Map<string, unknown>();
    for (const r of registrations.filter((r) => !r.custom)) {
        // After registerOutputs the mock monitor keeps the outputs as the request's Struct.
        const state = table.get(r.urn)?.state as { toJavaScript?: () => unknown } | undefined;
        if (state && typeof state.toJavaScript === "function") componentOutputs.set(r.urn, plainValue(state.toJavaScript()));
    }
    return { registrations, componentOutputs };
}

/** Waits until no registration is in flight and a few turns pass without a new one. */
async function settle(count: () => number): Promise<void> {
    for (let before = -1; before !== count(); ) {
        before = count();
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
        await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    }
}
