import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { PACKAGE_NAME, PROVIDER_DIR } from "../../../provider/nixos-matrix-provider";
import { LoopbackEngine, startLoopbackEngine } from "./loopback-engine";
import { ProviderClient, type HandshakeResult } from "./provider-client";
import { ProviderProcess, startProviderProcess } from "./provider-process";

/** How long starting a session may take: compiling and analysing the sdk takes seconds, more on a loaded machine. */
export const SESSION_TIMEOUT_MS = 300_000;

/** A provider plugin process, the loopback engine it reports to, and a client of it. */
export interface ProviderSession {
    readonly engine: LoopbackEngine;
    readonly provider: ProviderProcess;
    readonly client: ProviderClient;
    /** What the provider answered the CLI's Handshake. */
    readonly handshake: HandshakeResult;
    stop(): Promise<void>;
}

/**
 * Starts the plugin as the CLI does and shakes hands as it does: engine address, the plugin
 * directory as root and program directory, `configureWithUrn`. A provider without Handshake
 * answers UNIMPLEMENTED, which the CLI accepts (it then uses the older protocol).
 */
async function startProviderSession(pluginDir: string, project: string, stack: string): Promise<ProviderSession> {
    const engine = await startLoopbackEngine(project, stack);
    let provider: ProviderProcess;
    try {
        provider = await startProviderProcess(pluginDir, PACKAGE_NAME, engine.address);
    } catch (err) {
        await engine.close();
        throw err;
    }
    const client = new ProviderClient(provider.address);
    const dir = path.resolve(pluginDir);
    const handshake = await client.handshake({ engineAddress: engine.address, rootDirectory: dir, programDirectory: dir, configureWithUrn: true });
    return {
        engine,
        provider,
        client,
        handshake,
        stop: async () => {
            client.close();
            await provider.stop();
            await engine.close();
        },
    };
}

/**
 * A session of the plugin in PROVIDER_DIR for the enclosing describe block: started in its
 * beforeAll, stopped in its afterAll. Returns the session's getter, for use inside its tests.
 */
export function useProviderSession(project: string, stack: string): () => ProviderSession {
    let session: ProviderSession | undefined;
    beforeAll(async () => {
        session = await startProviderSession(PROVIDER_DIR, project, stack);
    }, SESSION_TIMEOUT_MS);
    afterAll(async () => {
        await session?.stop();
    });
    return () => {
        if (session === undefined) throw new Error(`provider session of ${project}/${stack} not started: its beforeAll failed or has not run`);
        return session;
    };
}
