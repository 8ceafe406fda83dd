import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Greeter } from "./fixture";
import { LoopbackEngine, startLoopbackEngine } from "./harness/loopback-engine";
import { registrationsUnderMocks } from "./harness/mock-program";
import { ProviderClient } from "./harness/provider-client";
import { ProviderProcess, startProviderProcess } from "./harness/provider-process";
import { wireSecret } from "./harness/property-values";
import { sortRegistrations } from "./harness/registration";

const PROJECT = "harness";
const STACK = "test";

describe("provider test harness, on a fixture component", () => {
    let engine: LoopbackEngine;
    let provider: ProviderProcess;
    let client: ProviderClient;

    beforeAll(async () => {
        engine = await startLoopbackEngine(PROJECT, STACK);
        provider = await startProviderProcess(path.join(__dirname, "fixture"), engine.address);
        client = new ProviderClient(provider.address);
    });

    afterAll(async () => {
        client?.close();
        await provider?.stop();
        await engine?.close();
    });

    it("serves the inferred schema with JSDoc descriptions", async () => {
        const schema = JSON.parse(await client.getSchema());
        const greeter = schema.resources["greeter-fixture:index:Greeter"];
        expect(greeter.isComponent).toBe(true);
        expect(greeter.description).toBe("Greets someone with a random suffix.");
        expect(greeter.inputProperties.who.description).toBe("Who is greeted.");
        expect(greeter.requiredInputs).toEqual(["who"]);
    });

    it("registers the same children over gRPC as under setMocks", async () => {
        const args = { who: "alice", words: 3, token: "s3cret" };
        const result = await client.construct({
            type: "greeter-fixture:index:Greeter",
            name: "hi",
            inputs: { ...args, token: wireSecret(args.token) },
            monitorAddress: engine.address,
            project: PROJECT,
            stack: STACK,
        });
        const mocked = await registrationsUnderMocks(PROJECT, STACK, () => new Greeter("hi", args));
        const strip = (r: { urn: string; custom: boolean; inputs: unknown }) => ({ urn: r.urn, custom: r.custom, inputs: r.inputs });
        const overGrpc = sortRegistrations(engine.monitor.registrations).map(strip);
        expect(overGrpc.map((r) => r.urn)).toContain("urn:pulumi:test::harness::greeter-fixture:index:Greeter$random:index/randomPet:RandomPet::hi-pet");
        expect(overGrpc).toEqual(sortRegistrations(mocked).map(strip));
        expect(result.urn).toBe("urn:pulumi:test::harness::greeter-fixture:index:Greeter::hi");
    });
});
