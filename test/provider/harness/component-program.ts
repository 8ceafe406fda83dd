import * as pulumi from "@pulumi/pulumi";
import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import { resetRegistry } from "../../../sdk/components";
import { COMPONENTS } from "../../../provider/components";
import { MockRun, runProgramUnderMocks } from "./mock-program";
import { wireSecret } from "./property-values";
import type { ProviderSession } from "./provider-session";

/** One component a program declares, as data both TypeScript and Construct can use. */
export interface ComponentCall {
    /** Class name; the resource type is `nixos-matrix:index:<className>`. */
    readonly className: string;
    readonly name: string;
    readonly args: Readonly<Record<string, unknown>>;
    /** Args passed as secrets (`pulumi.secret` in TypeScript, secret-wrapped over the wire). */
    readonly secretArgs?: readonly string[];
}

/** A whole program: stack config and its components in declaration order. */
export interface ComponentProgram {
    readonly config: Readonly<Record<string, string>>;
    readonly components: readonly ComponentCall[];
}

export const PROJECT = "provider-test";
export const STACK = "test";

function classNamed(className: string) {
    const cls = COMPONENTS.find((c) => c.name === className);
    if (!cls) throw new Error(`provider/components.ts serves no component class ${className}`);
    return cls;
}

/** Runs the program in TypeScript under setMocks. */
export function runUnderMocks(program: ComponentProgram): Promise<MockRun> {
    resetRegistry();
    setAllConfig({ ...program.config });
    return runProgramUnderMocks(PROJECT, STACK, () => {
        for (const call of program.components) {
            const args: Record<string, unknown> = { ...call.args };
            for (const key of call.secretArgs ?? []) args[key] = pulumi.secret(args[key]);
            new (classNamed(call.className))(call.name, args);
        }
    });
}

/** Construct results, one per component, in declaration order. */
export type ConstructOutcome =
    | { readonly ok: true; readonly urn: string; readonly state: Record<string, unknown> }
    | { readonly ok: false; readonly error: unknown };

/**
 * Sends one Construct per component, all at once, as an engine running a YAML or Python
 * program does for components that do not depend on each other's outputs.
 */
export async function constructOverGrpc(session: ProviderSession, program: ComponentProgram): Promise<ConstructOutcome[]> {
    const settled = await Promise.allSettled(
        program.components.map((call) => {
            const inputs: Record<string, unknown> = { ...call.args };
            for (const key of call.secretArgs ?? []) inputs[key] = wireSecret(inputs[key]);
            return session.client.construct({
                type: `nixos-matrix:index:${call.className}`,
                name: call.name,
                inputs,
                monitorAddress: session.engine.address,
                project: PROJECT,
                stack: STACK,
                config: program.config,
            });
        }),
    );
    return settled.map((s) =>
        s.status === "fulfilled" ? { ok: true, urn: s.value.urn, state: s.value.state } : { ok: false, error: s.reason },
    );
}
