/**
 * The Hetzner preflight under Pulumi's mocks: the invokes are answered from catalogs in the
 * API's own shape (sdk/synth/hetzner-catalog.ts, checked against the OpenAPI document in
 * test/unit/synth/hetzner-catalog.test.ts), as the hcloud provider answers them.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ExistingNixosHost, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk/components";
import { SpecError } from "../../sdk/spec/errors";
import { HETZNER_CATALOG, type ApiServerType, type HetznerCatalog } from "../../sdk/synth/hetzner-catalog";
import { HCLOUD_INVOKES } from "../../sdk/synth/hetzner-invokes";
import { drainRegistrations } from "../../sdk/synth/run-program";
import { Testing } from "../../sdk/synth/testing";
import { ed25519KeyPair } from "../fixtures/ssh-keys";

const OLD_HOST_KEY = ed25519KeyPair("root@old");
const DEPLOY_KEY = ed25519KeyPair("deploy@example");

/** The catalog plus `cpx11`, deprecated in every location it was sold in, unavailable after `until`. */
function withDeprecatedCpx11(until: string): HetznerCatalog {
    const cpx12 = HETZNER_CATALOG.server_types.find((t) => t.name === "cpx12")!;
    const deprecation = { announced: "2025-10-16T09:00:00Z", unavailable_after: until };
    const cpx11: ApiServerType = {
        ...cpx12,
        id: 22,
        name: "cpx11",
        description: "CPX 11",
        deprecated: true,
        deprecation,
        locations: cpx12.locations.map((l) => ({ ...l, deprecation, recommended: false })),
    };
    return { ...HETZNER_CATALOG, server_types: [cpx11, ...HETZNER_CATALOG.server_types] };
}

interface Outcome {
    readonly error: unknown;
    readonly customResources: number;
    readonly invokes: readonly string[];
}

/** Runs `program` against `catalog`; returns how the seal ended, what was registered and which invokes were made. */
async function preflightOf(program: () => void, catalog: HetznerCatalog = HETZNER_CATALOG): Promise<Outcome> {
    const cloud = await Testing.start({ hetznerCatalog: catalog });
    const invokes: string[] = [];
    const call = cloud.call.bind(cloud);
    cloud.call = (args) => {
        invokes.push(`${args.token} ${JSON.stringify(args.inputs)}`);
        return call(args);
    };
    program();
    const error = await Testing.settle().then(
        () => undefined,
        (err: unknown) => err,
    );
    await drainRegistrations();
    return { error, customResources: cloud.resources.filter((r) => r.custom).length, invokes };
}

function issuesOf(error: unknown): { path: string; message: string }[] {
    expect(error).toBeInstanceOf(SpecError);
    return [...(error as SpecError).issues];
}

const homeserverOn = (host: string) => new MatrixHomeserver("hs", { host, serverName: "example.org" });

describe("the Hetzner preflight", () => {
    afterEach(() => vi.restoreAllMocks());

    it("passes a stack whose types, locations and images exist, asking the API once per distinct value", async () => {
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { location: "nbg1" });
            new HetznerNixosHost("relay", { location: "nbg1", serverType: "cx23" });
            homeserverOn("home");
            new TurnServer("turn", { host: "relay", realm: "turn.example.org" });
        });
        expect(outcome.error).toBeUndefined();
        expect(outcome.customResources).toBeGreaterThan(0);
        expect(outcome.invokes).toEqual([
            `${HCLOUD_INVOKES.location} {"name":"nbg1"}`,
            `${HCLOUD_INVOKES.serverType} {"name":"cx33"}`,
            `${HCLOUD_INVOKES.serverType} {"name":"cx23"}`,
            `${HCLOUD_INVOKES.image} {"name":"debian-12","withArchitecture":"x86"}`,
        ]);
    });

    it("passes an ARM host, every service of which builds for aarch64, and asks for the arm image", async () => {
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { location: "fsn1", serverType: "cax21" });
            homeserverOn("home");
            new TurnServer("turn", { host: "home", realm: "turn.example.org" });
        });
        expect(outcome.error).toBeUndefined();
        expect(outcome.invokes).toContain(`${HCLOUD_INVOKES.image} {"name":"debian-12","withArchitecture":"arm"}`);
    });

    it("refuses a type deprecated in the location, with its dates and the current types, before any resource", async () => {
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { location: "nbg1", serverType: "cpx11" });
            homeserverOn("home");
        }, withDeprecatedCpx11("2026-01-01T00:00:00Z"));
        expect(issuesOf(outcome.error)).toEqual([
            {
                path: 'HetznerNixosHost "home".serverType',
                message: expect.stringMatching(
                    /^"cpx11" is deprecated in nbg1 since 2025-10-16, unavailable after 2026-01-01; sold in nbg1: cx23, cx33, .*cpx12, cpx22/,
                ),
            },
        ]);
        expect((outcome.error as SpecError).issues[0].message).not.toMatch(/sold in nbg1: .*cpx11/);
        expect(outcome.customResources).toBe(0);
    });

    it("warns of a deprecation still to come and goes on", async () => {
        const warn = vi.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { location: "fsn1", serverType: "cpx11" });
            homeserverOn("home");
        }, withDeprecatedCpx11("2099-01-01T00:00:00Z"));
        expect(outcome.error).toBeUndefined();
        expect(outcome.customResources).toBeGreaterThan(0);
        expect(warn).toHaveBeenCalledWith(
            expect.stringMatching(/^HetznerNixosHost "home"\.serverType: "cpx11" is deprecated in fsn1 since 2025-10-16, unavailable after 2099-01-01; move/),
        );
    });

    it("refuses a type not sold in the location, naming where it is sold and what is sold there", async () => {
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { location: "ash", serverType: "cx33" });
            homeserverOn("home");
        });
        expect(issuesOf(outcome.error)).toEqual([
            {
                path: 'HetznerNixosHost "home".serverType',
                message: '"cx33" is not sold in ash (only in fsn1, nbg1, hel1); sold in ash: cpx12, cpx22, cpx32, cpx42, cpx52, cpx62, ccx13, ccx23, ccx33, ccx43, ccx53, ccx63',
            },
        ]);
        expect(outcome.customResources).toBe(0);
    });

    it("refuses a type the API no longer lists, one issue per host", async () => {
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { serverType: "cx32" });
            new HetznerNixosHost("relay", { serverType: "cx22" });
            homeserverOn("home");
            new TurnServer("turn", { host: "relay", realm: "turn.example.org" });
        });
        const issues = issuesOf(outcome.error);
        expect(issues.map((i) => i.path)).toEqual(['HetznerNixosHost "home".serverType', 'HetznerNixosHost "relay".serverType']);
        expect(issues[1].message).toMatch(/^"cx22" is not a server type Hetzner sells \(any more\); sold in nbg1: cx23, cx33, cx43, cx53, cax11/);
        expect(outcome.customResources).toBe(0);
    });

    it("refuses an image the API has not for the type's architecture", async () => {
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { serverType: "cax21", image: "debian-99" });
            homeserverOn("home");
        });
        expect(issuesOf(outcome.error)).toEqual([
            { path: 'HetznerNixosHost "home".image', message: '"debian-99" is not a Hetzner image for arm (the architecture of cax21); the default is "debian-12"' },
        ]);
        expect(outcome.invokes).toContain(`${HCLOUD_INVOKES.image} {"name":"debian-99","withArchitecture":"arm"}`);
        expect(outcome.customResources).toBe(0);
    });

    it("refuses a location the API does not list (here: a catalog without sin)", async () => {
        const catalog: HetznerCatalog = { ...HETZNER_CATALOG, locations: HETZNER_CATALOG.locations.filter((l) => l.name !== "sin") };
        const outcome = await preflightOf(() => {
            new HetznerNixosHost("home", { location: "sin" });
            homeserverOn("home");
        }, catalog);
        expect(issuesOf(outcome.error)).toEqual([
            { path: 'HetznerNixosHost "home".location', message: '"sin" is not a Hetzner location; the API lists fsn1, nbg1, hel1, ash, hil' },
        ]);
        expect(outcome.customResources).toBe(0);
    });

    it("refuses a type out of stock in the location", async () => {
        const catalog: HetznerCatalog = {
            ...HETZNER_CATALOG,
            server_types: HETZNER_CATALOG.server_types.map((t) =>
                t.name === "cx33" ? { ...t, locations: t.locations.map((l) => (l.name === "nbg1" ? { ...l, available: false } : l)) } : t,
            ),
        };
        const direct = await preflightOf(() => {
            new HetznerNixosHost("home", {});
            homeserverOn("home");
        }, catalog);
        expect(issuesOf(direct.error)).toEqual([
            { path: 'HetznerNixosHost "home".serverType', message: expect.stringMatching(/^"cx33" is out of stock in nbg1 for now; sold in nbg1: cx23, cx43/) },
        ]);
        expect(direct.customResources).toBe(0);
    });

    it("asks nothing when the stack has no Hetzner host", async () => {
        const outcome = await preflightOf(() => {
            new ExistingNixosHost("old", {
                address: "203.0.113.7",
                hostKey: OLD_HOST_KEY.publicKey,
                privateKey: DEPLOY_KEY.privateKey,
                publicKey: DEPLOY_KEY.publicKey,
            });
            homeserverOn("old");
        });
        expect(outcome.error).toBeUndefined();
        expect(outcome.invokes).toEqual([]);
    });
});
