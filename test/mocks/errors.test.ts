import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk/components";
import { SpecError } from "../../sdk/spec/errors";
import { drainRegistrations } from "../../sdk/synth/run-program";
import { Testing } from "../../sdk/synth/testing";
import { multiHostProgram } from "./programs";

/** Runs `program`, expects the seal to fail, and returns the error and the custom resources registered. */
async function failedSeal(program: () => void, config: Record<string, string> = {}) {
    const cloud = await Testing.start({ config });
    program();
    const error = await Testing.settle().then(
        () => undefined,
        (err: unknown) => err,
    );
    await drainRegistrations();
    return { error, customResources: cloud.resources.filter((r) => r.custom).length };
}

describe("bad args", () => {
    it("throws a field error from the constructor, naming the component and arg, before any registration", async () => {
        const cloud = await Testing.start();
        expect(() => new MatrixHomeserver("hs", { serverName: "Example.ORG" })).toThrow(SpecError);
        expect(() => new TurnServer("turn", { realm: "turn.example.org", relayPortFrom: 70000 })).toThrow(
            /TurnServer "turn"\.relayPortFrom: must be between 1 and 65535/,
        );
        try {
            new MatrixHomeserver("hs", { serverName: "Example.ORG" });
        } catch (err) {
            expect((err as SpecError).issues[0].path).toBe('MatrixHomeserver "hs".serverName');
        }
        await drainRegistrations();
        expect(cloud.resources).toEqual([]);
    });

    it("words errors like the stack's own: a bad component name once, a missing arg as required", async () => {
        await Testing.start();
        expect(() => new MatrixHomeserver("HS_1", { serverName: "example.org" })).toThrow(
            /^MatrixHomeserver "HS_1": the component name must start with a-z/,
        );
        expect(() => new Bridge("irc", { type: "matrix-appservice-irc", homeserver: "hs" })).toThrow('Bridge "irc".ircNetworks: is required');
    });

    it("rejects credentials of another bridge type", async () => {
        await Testing.start();
        expect(() => new Bridge("wa", { type: "mautrix-whatsapp", homeserver: "hs", telegramApiHash: "x" })).toThrow(
            'Bridge "wa".telegramApiHash: only applies to mautrix-telegram bridges',
        );
    });

    it("raises cross-field errors at the seal, in the user's terms, before any cloud resource", async () => {
        const { error, customResources } = await failedSeal(() => {
            new MatrixHomeserver("hs", { serverName: "example.org", domain: "matrix.example.org" });
            new ElementWeb("element", { domain: "element.example.org", homeserver: "nope", host: "hs" });
        });
        expect(error).toBeInstanceOf(SpecError);
        expect((error as SpecError).message).toContain('ElementWeb "element".homeserver');
        expect(customResources).toBe(0);
    });

    it("names the stack setting when config is missing", async () => {
        const { error, customResources } = await failedSeal(multiHostProgram(), { "nixos-matrix:acmeEmail": "" });
        expect((error as SpecError).message).toMatch(/^config nixos-matrix:acmeEmail: /m);
        expect(customResources).toBe(0);
    });

    it("names the nixpkgs setting's field, before any cloud resource", async () => {
        const bad = JSON.stringify({ url: "http://mirror.example.org/nixexprs.tar.xz", sha256: "1kiwzvfgzxby7c63rfprh27c4mcgg3k0ccw9dvhvm2phcbp5a1vs" });
        const { error, customResources } = await failedSeal(multiHostProgram(), { "nixos-matrix:nixpkgs": bad });
        expect((error as SpecError).message).toBe("config nixos-matrix:nixpkgs.url: must be an https URL: the source is checked by hash, but fetched only over https");
        expect(customResources).toBe(0);
        const unpackaged = await failedSeal(multiHostProgram(), { "nixos-matrix:postgresqlVersion": "12" });
        expect((unpackaged.error as SpecError).message).toMatch(/^config nixos-matrix:postgresqlVersion: must be a PostgreSQL major version/);
    });

    it("refuses a DNS zone that does not hold every name", async () => {
        const { error, customResources } = await failedSeal(multiHostProgram(), { "nixos-matrix:dnsZone": "example.org" });
        expect((error as SpecError).message).toMatch(/^config nixos-matrix:dnsZone: .*matrix\.example\.com.* not in zone example\.org/);
        expect(customResources).toBe(0);
    });

    it("validates args given as Outputs once they resolve, and refuses unknown ones", async () => {
        const { error } = await failedSeal(() => {
            new MatrixHomeserver("hs", { serverName: pulumi.output("Bad.Example") });
        });
        expect((error as SpecError).message).toContain('MatrixHomeserver "hs".serverName: must be lower case');

        const unknown = new (pulumi.Output as unknown as new (...args: unknown[]) => pulumi.Output<string>)(
            new Set(),
            Promise.resolve(undefined),
            Promise.resolve(false),
            Promise.resolve(false),
            Promise.resolve(new Set()),
        );
        const second = await failedSeal(() => {
            new MatrixHomeserver("hs", { serverName: unknown });
        });
        expect((second.error as SpecError).message).toContain('MatrixHomeserver "hs".serverName: must be known when the stack is planned');
    });

    it("refuses a component declared after the stack was planned", async () => {
        await Testing.run(multiHostProgram());
        expect(() => new ElementWeb("late", { domain: "late.example.com", homeserver: "hs", host: "web" })).toThrow(
            /ElementWeb "late" was declared after the stack was planned/,
        );
    });
});

describe("defaults and outputs", () => {
    it("creates a Hetzner host named like a service that names none, as the service's child", async () => {
        const run = await Testing.run(() => {
            new MatrixHomeserver("hs", { serverName: "example.org", domain: "matrix.example.org" });
        });
        const server = run.resources.find((r) => r.type === "hcloud:index/server:Server");
        expect(server?.name).toBe("hs-server");
        const host = run.cloud.resources.find((r) => r.type === "nixos-matrix:index:HetznerNixosHost");
        expect(host?.parent).toMatch(/nixos-matrix:index:MatrixHomeserver::hs$/);
    });

    it("publishes outputs from the plan", async () => {
        let hs: MatrixHomeserver | undefined;
        let turn: TurnServer | undefined;
        let bridge: Bridge | undefined;
        await Testing.run(() => {
            multiHostProgram()();
            new HetznerNixosHost("home2", { location: "fsn1" });
            hs = new MatrixHomeserver("hs2", { host: "home2", serverName: "example.net", domain: "matrix.example.net", turn: "turn" });
            turn = new TurnServer("turn2", { host: "home2", relayPortFrom: 52000, relayPortTo: 52999, realm: "turn2.example.com", listeningPort: 3479, tlsListeningPort: 5350 });
            bridge = new Bridge("irc2", {
                type: "matrix-appservice-irc",
                host: "bridges",
                homeserver: "hs2",
                port: 29400,
                ircNetworks: [{ address: "irc.oftc.net" }],
            });
        });
        const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
        expect(await value(hs!.url)).toBe("https://matrix.example.net");
        expect(await value(hs!.registrationIds)).toEqual(["irc2"]);
        expect(await value(turn!.uris)).toContain("turns:turn2.example.com:5350?transport=tcp");
        expect(await value(bridge!.registrationUrl)).toBe("http://10.81.0.3:29400");
    });
});

describe("checks before any resource", () => {
    it("refuses a stack whose bundle cannot be rendered, naming the host", async () => {
        const { error, customResources } = await failedSeal(() => {
            multiHostProgram()();
            new MatrixHomeserver("hs2", { host: "home", serverName: "example.net", listenPort: 8010 });
        });
        expect(error).toBeInstanceOf(SpecError);
        expect((error as SpecError).message).toMatch(/^HetznerNixosHost "home": host home runs 2 homeservers/m);
        expect(customResources).toBe(0);
    });

    it("refuses a second bridge of one type on a host, naming the bridge's host arg", async () => {
        const { error, customResources } = await failedSeal(() => {
            multiHostProgram()();
            new Bridge("whatsapp2", { type: "mautrix-whatsapp", host: "bridges", homeserver: "hs", port: 29400, userPrefix: "wa2_", botLocalpart: "wa2bot" });
        });
        expect((error as SpecError).message).toBe(
            `Bridge "whatsapp2".host: host 'bridges' already runs Bridge "whatsapp", a mautrix-whatsapp bridge; NixOS runs one of each bridge type per host`,
        );
        expect(customResources).toBe(0);
    });
});

describe("sealing", () => {
    it("waits for a quiet period when declarations arrive one at a time", async () => {
        const { setSealQuietPeriod } = await import("../../sdk/components/stack-registry");
        setSealQuietPeriod(50);
        try {
            await Testing.start();
            new HetznerNixosHost("home", { location: "fsn1" });
            await new Promise((resolve) => setTimeout(resolve, 10));
            new MatrixHomeserver("hs", { host: "home", serverName: "example.com", domain: "matrix.example.com" });
            const stack = await Testing.settle();
            expect(stack.plan.hosts[0].services.homeservers.map((h) => h.name)).toEqual(["hs"]);
        } finally {
            setSealQuietPeriod(0);
        }
    });
});

describe("declaring while the stack is being planned", () => {
    it("refuses a host declared after an await, while the seal is under way", async () => {
        await Testing.start();
        new MatrixHomeserver("hs", { serverName: pulumi.output(new Promise<string>((resolve) => setTimeout(() => resolve("example.org"), 20))) });
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(() => new HetznerNixosHost("late", {})).toThrow(/HetznerNixosHost "late" was declared after the stack was planned/);
        await Testing.settle();
    });
});
