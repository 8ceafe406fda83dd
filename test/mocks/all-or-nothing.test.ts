/**
 * A stack with any refused component registers no resource at all, whatever was declared
 * before it: the refusal poisons the whole stack's plan.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { describe, expect, it } from "vitest";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk/components";
import { SpecError } from "../../sdk/spec/errors";
import { drainRegistrations } from "../../sdk/synth/run-program";
import { Testing } from "../../sdk/synth/testing";
import { multiHostProgram } from "./programs";

/** Lets the seal and every registration it could start finish, then counts custom registrations. */
async function customRegistrations(cloud: { resources: readonly { custom: boolean }[] }): Promise<number> {
    await Testing.settle().catch(() => undefined);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    await drainRegistrations();
    return cloud.resources.filter((r) => r.custom).length;
}

/** Custom resources the mock monitor holds, whoever started the mocks. */
function registeredCustomResources(): string[] {
    const monitor = settings.getMonitor() as unknown as { getRegisteredResources(): Map<string, unknown> };
    return [...monitor.getRegisteredResources().keys()].filter((urn) => !/::(nixos-matrix:index:\w+|pulumi:pulumi:Stack)::/.test(urn));
}

describe("a refused component poisons the stack", () => {
    it("registers nothing when a constructor refuses after others were declared, even if the program catches it", async () => {
        const cloud = await Testing.start();
        multiHostProgram()();
        expect(() => new TurnServer("turn2", { host: "turn", realm: "turn.example.org", relayPortFrom: 70000 })).toThrow(SpecError);
        expect(await customRegistrations(cloud)).toBe(0);
    });

    it("registers nothing whatever the order: a refusal first, valid components after", async () => {
        const cloud = await Testing.start();
        expect(() => new MatrixHomeserver("bad", { serverName: "Example.ORG" })).toThrow(SpecError);
        multiHostProgram()();
        expect(await customRegistrations(cloud)).toBe(0);
    });

    it("settles with the refusal, naming the field", async () => {
        await Testing.start();
        new HetznerNixosHost("home", {});
        expect(() => new ElementWeb("element", { host: "home", domain: "Element.example.org", homeserver: "hs" })).toThrow(SpecError);
        const error = await Testing.settle().then(
            () => undefined,
            (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(SpecError);
        expect((error as SpecError).message).toContain('ElementWeb "element".domain: must be lower case');
    });

    it("refuses every kind of constructor error, not only spec errors", async () => {
        const cloud = await Testing.start();
        multiHostProgram()();
        expect(() => new Bridge("wa2", { type: "mautrix-whatsapp", homeserver: "hs", host: "bridges", telegramApiHash: "x" })).toThrow(SpecError);
        expect(await customRegistrations(cloud)).toBe(0);
        const cloud2 = await Testing.start();
        multiHostProgram()();
        expect(() => new HetznerNixosHost("vm", { deployPublicKey: "ssh-ed25519 AAAA" })).toThrow(SpecError);
        expect(await customRegistrations(cloud2)).toBe(0);
    });

    it("Testing.run rejects and registers nothing when the program throws at top level", async () => {
        const seen: unknown[] = [];
        const run = Testing.run(() => {
            multiHostProgram()();
            throw new Error("the program's own bug");
        });
        await run.catch((err: unknown) => seen.push(err));
        expect((seen[0] as Error).message).toBe("the program's own bug");
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        await drainRegistrations();
        expect(registeredCustomResources()).toEqual([]);
    });

    it("Testing.run rejects with the refusal and registers nothing when a constructor throws uncaught", async () => {
        const run = Testing.run(() => {
            multiHostProgram()();
            new MatrixHomeserver("hs2", { serverName: "Example.ORG" });
        });
        await expect(run).rejects.toThrow('MatrixHomeserver "hs2".serverName: must be lower case');
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        await drainRegistrations();
        expect(registeredCustomResources()).toEqual([]);
    });

    it("a secret arg that resolves to a bad value also poisons the stack", async () => {
        const cloud = await Testing.start();
        multiHostProgram()();
        new Bridge("tg2", {
            type: "mautrix-telegram",
            host: "bridges",
            homeserver: "hs",
            port: 29400,
            userPrefix: "tg2_",
            botLocalpart: "tg2bot",
            telegramApiId: pulumi.secret("not-a-number"),
            telegramApiHash: pulumi.secret("0123456789abcdef0123456789abcdef"),
        });
        expect(await customRegistrations(cloud)).toBe(0);
    });
});
