import { beforeAll, describe, expect, it } from "vitest";
import { ComponentProgram, ConstructOutcome, constructOverGrpc, PROJECT, runUnderMocks, STACK } from "./harness/component-program";
import { grpcErrorDetails } from "./harness/provider-client";
import { plainValue } from "./harness/property-values";
import { SESSION_TIMEOUT_MS, useProviderSession } from "./harness/provider-session";
import { MockRun } from "./harness/mock-program";
import { nearestUrn, Registration } from "./harness/registration";
import { allInOne, existingHosts, homeserverAlone, multiHost } from "./programs";

const PROGRAMS: Record<string, ComponentProgram> = {
    "all-in-one": allInOne,
    "multi-host": multiHost,
    "existing hosts": existingHosts,
    "homeserver alone": homeserverAlone,
};

/** What must be equal on both sides: type, name and parent type, kind, inputs and which inputs are secret. */
function comparable(list: readonly Registration[]) {
    return list
        .map((r) => ({ urn: nearestUrn(r.urn), custom: r.custom, inputs: r.inputs, secretInputs: r.secretInputs }))
        .sort((a, b) => a.urn.localeCompare(b.urn));
}

function failures(outcomes: readonly ConstructOutcome[], program: ComponentProgram): string[] {
    return outcomes.flatMap((o, i) => (o.ok ? [] : [`${program.components[i].className} "${program.components[i].name}": ${grpcErrorDetails(o.error)}`]));
}

for (const [title, program] of Object.entries(PROGRAMS)) {
    describe(`Construct over gRPC, program ${title}`, () => {
        // One provider process per program: a process plans exactly one stack.
        const session = useProviderSession(PROJECT, STACK);
        let outcomes: ConstructOutcome[];
        let mocked: MockRun;

        beforeAll(async () => {
            outcomes = await constructOverGrpc(session(), program);
            mocked = await runUnderMocks(program);
        }, SESSION_TIMEOUT_MS);

        it("constructs every component and logs no error", () => {
            expect(failures(outcomes, program)).toEqual([]);
            expect(outcomes.map((o) => (o.ok ? o.urn : ""))).toEqual(
                program.components.map((c) => `urn:pulumi:${STACK}::${PROJECT}::nixos-matrix:index:${c.className}::${c.name}`),
            );
            expect(session().engine.monitor.errors()).toEqual([]);
        });

        it("registers the same resources with the same inputs as the TypeScript program under setMocks", () => {
            const overGrpc = comparable(session().engine.monitor.registrations).map(({ secretInputs: _, ...r }) => r);
            const overMocks = comparable(mocked.registrations).map(({ secretInputs: _, ...r }) => r);
            expect(overGrpc.length).toBeGreaterThan(program.components.length);
            expect(overGrpc.map((r) => r.urn)).toEqual(overMocks.map((r) => r.urn));
            expect(overGrpc).toEqual(overMocks);
        });

        it("keeps secret every input that is secret in TypeScript", () => {
            const secretIn = (list: readonly Registration[]) =>
                Object.fromEntries(comparable(list).filter((r) => r.secretInputs.length > 0).map((r) => [r.urn, [...r.secretInputs]]));
            const overMocks = secretIn(mocked.registrations);
            expect(Object.keys(overMocks).length).toBeGreaterThan(0);
            expect(secretIn(session().engine.monitor.registrations)).toEqual(overMocks);
        });

        it("returns and registers the same component outputs as TypeScript", () => {
            const componentUrns = program.components.map((c) => `urn:pulumi:${STACK}::${PROJECT}::nixos-matrix:index:${c.className}::${c.name}`);
            const typescript = componentUrns.map((urn) => mocked.componentOutputs.get(urn));
            expect(typescript.every((o) => o !== undefined && Object.keys(o as object).length > 0)).toBe(true);
            expect(componentUrns.map((urn) => session().engine.monitor.outputs.get(urn))).toEqual(typescript);
            expect(outcomes.map((o) => (o.ok ? plainValue(o.state) : undefined))).toEqual(typescript);
        });
    });
}
