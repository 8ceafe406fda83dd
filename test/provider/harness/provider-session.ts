import { LoopbackEngine, startLoopbackEngine } from "./loopback-engine";
import { ProviderClient } from "./provider-client";
import { ProviderProcess, startProviderProcess } from "./provider-process";

/** How long starting a session may take: compiling and analysing the sdk takes seconds, more on a loaded machine. */
export const SESSION_TIMEOUT_MS = 300_000;

/** A provider plugin process, the loopback engine it reports to, and a client of it. */
export interface ProviderSession {
    readonly engine: LoopbackEngine;
    readonly provider: ProviderProcess;
    readonly client: ProviderClient;
    stop(): Promise<void>;
}

export async function startProviderSession(pluginDir: string, project: string, stack: string): Promise<ProviderSession> {
    const engine = await startLoopbackEngine(project, stack);
    let provider: ProviderProcess;
    try {
        provider = await startProviderProcess(pluginDir, engine.address);
    } catch (err) {
        await engine.close();
        throw err;
    }
    const client = new ProviderClient(provider.address);
    return {
        engine,
        provider,
        client,
        stop: async () => {
            client.close();
            await provider.stop();
            await engine.close();
        },
    };
}
