import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Greeter } from "./fixture";
import { registrationsUnderMocks } from "./harness/mock-program";
import { ProviderSession, startProviderSession } from "./harness/provider-session";
import { wireSecret } from "./harness/property-values";
import { sortRegistrations } from "./harness/registration";

const PROJECT = "harness";
const STACK = "test";

describe("provider test harness, on a fixture component", () => {
    let session: ProviderSession;

    beforeAll(async () => {
        session = await startProviderSession(path.join(__dirname, "fixture"), PROJECT, STACK);
    });

    afterAll(async () => {
        await session?.stop();
    });

    it("serves the inferred schema with JSDoc descriptions", async () => {
        const schema = JSON.parse(await session.client.getSchema());
        const greeter = schema.resources["greeter-fixture:index:Greeter"];
        expect(greeter.isComponent).toBe(true);
        expect(greeter.description).toBe("Greets someone with a random suffix.");
        expect(greeter.inputProperties.who.description).toBe("Who is greeted.");
        expect(greeter.requiredInputs).toEqual(["who"]);
    });

    it("registers the same children over gRPC as under setMocks", async () => {
        const args = { who: "alice", words: 3, token: "s3cret" };
        const result = await session.client.construct({
            type: "greeter-fixture:index:Greeter",
            name: "hi",
            inputs: { ...args, token: wireSecret(args.token) },
            monitorAddress: session.engine.address,
            project: PROJECT,
            stack: STACK,
        });
        const mocked = await registrationsUnderMocks(PROJECT, STACK, () => new Greeter("hi", args));
        const strip = (r: { urn: string; custom: boolean; inputs: unknown }) => ({ urn: r.urn, custom: r.custom, inputs: r.inputs });
        const overGrpc = sortRegistrations(session.engine.monitor.registrations).map(strip);
        expect(overGrpc.map((r) => r.urn)).toContain("urn:pulumi:test::harness::greeter-fixture:index:Greeter$random:index/randomPet:RandomPet::hi-pet");
        expect(overGrpc).toEqual(sortRegistrations(mocked).map(strip));
        expect(result.urn).toBe("urn:pulumi:test::harness::greeter-fixture:index:Greeter::hi");
    });
});
