import * as path from "node:path";
import { PACKAGE_NAME } from "../../../provider/nixos-matrix-provider";
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
export async function startProviderSession(pluginDir: string, project: string, stack: string): Promise<ProviderSession> {
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
