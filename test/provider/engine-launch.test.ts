/**
 * The component provider in a real engine's shoes: started as the Pulumi CLI starts the
 * plugin `nixos-matrix` from its directory, then the CLI's calls in the CLI's order:
 * Handshake, GetPluginInfo, GetSchema, Configure, Construct. Runs under whichever Node the
 * suite runs on (Node 20 in the main run, Node 24 in ci/node24/run-tests.sh): the plugin is
 * started with the `node` on PATH, as the nodejs language host does.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_NAME, PROVIDER_DIR } from "../../provider/nixos-matrix-provider";
import { SCHEMA_FILE } from "../../provider/generate-schema";
import { HCLOUD_INVOKES } from "../../sdk/synth/hetzner-invokes";
import { constructOverGrpc, PROJECT, STACK } from "./harness/component-program";
import { grpcErrorDetails } from "./harness/provider-client";
import { SESSION_TIMEOUT_MS, useProviderSession } from "./harness/provider-session";
import type { ComponentProgram } from "./harness/component-program";

const ROOT = path.resolve(__dirname, "../..");

const oneHost: ComponentProgram = {
    config: { "nixos-matrix:acmeEmail": "admin@example.org" },
    components: [
        { className: "HetznerNixosHost", name: "home", args: { location: "fsn1" } },
        { className: "MatrixHomeserver", name: "hs", args: { host: "home", serverName: "example.org" } },
    ],
};

describe(`the provider started as the Pulumi CLI starts it (node ${process.version})`, () => {
    const session = useProviderSession(PROJECT, STACK);

    it("is a PulumiPlugin.yaml directory without a pulumi-resource-nixos-matrix executable, so the nodejs language host runs it", () => {
        expect(existsSync(path.join(PROVIDER_DIR, `pulumi-resource-${PACKAGE_NAME}`))).toBe(false);
        expect(session().provider.launch.via).toBe("nodejs");
        expect(session().provider.launch.args.slice(-2)).toEqual([path.resolve(PROVIDER_DIR), session().engine.address]);
        expect(session().provider.launch.env).toEqual({ PULUMI_NODEJS_TYPESCRIPT: "true" });
    });

    it("runs on the node found on PATH, the same Node as this suite", () => {
        const version = spawnSync(session().provider.launch.command, ["--version"], { encoding: "utf8" }).stdout.trim();
        expect(version).toBe(process.version);
    });

    it("answers the CLI's Handshake, or declines it as UNIMPLEMENTED as the nodejs SDK's provider server does", () => {
        if (session().handshake !== "unimplemented") {
            expect(session().handshake).toEqual({ acceptSecrets: true, acceptResources: true, acceptOutputs: true });
        }
    });

    it("reports its version and the checked-in schema", async () => {
        const root = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        expect(await session().client.getPluginInfo()).toBe(root.version);
        expect(JSON.parse(await session().client.getSchema())).toEqual(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
    });

    it("accepts secrets, resources and outputs on Configure, then constructs a stack after the Hetzner preflight", async () => {
        expect(await session().client.configure()).toEqual({ acceptSecrets: true, acceptResources: true, acceptOutputs: true });
        const outcomes = await constructOverGrpc(session(), oneHost);
        expect(outcomes.map((o) => (o.ok ? o.urn : grpcErrorDetails(o.error)))).toEqual([
            `urn:pulumi:${STACK}::${PROJECT}::nixos-matrix:index:HetznerNixosHost::home`,
            `urn:pulumi:${STACK}::${PROJECT}::nixos-matrix:index:MatrixHomeserver::hs`,
        ]);
        expect(session().engine.monitor.errors()).toEqual([]);
        const invokes = session().engine.monitor.invokes;
        expect(invokes).toEqual(expect.arrayContaining([HCLOUD_INVOKES.location, HCLOUD_INVOKES.serverType, HCLOUD_INVOKES.image]));
        const firstServer = session().engine.monitor.registrations.findIndex((r) => r.urn.endsWith("hcloud:index/server:Server::home-server"));
        expect(firstServer).toBeGreaterThan(-1);
    }, SESSION_TIMEOUT_MS);
});
