import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { TestMonitor } from "./test-monitor";

/** A TestMonitor served on a loopback port, as both the engine and the resource monitor. */
export interface LoopbackEngine {
    readonly address: string;
    readonly monitor: TestMonitor;
    close(): Promise<void>;
}

export async function startLoopbackEngine(project: string, stack: string): Promise<LoopbackEngine> {
    const monitor = new TestMonitor(project, stack);
    const server = new grpc.Server();
    server.addService(ResourceMonitorService, monitor.monitorService());
    server.addService(EngineService, monitor.engineService());
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        monitor,
        close: () =>
            new Promise<void>((resolve) => {
                server.tryShutdown(() => resolve());
                setTimeout(() => server.forceShutdown(), 2_000).unref();
            }),
    };
}
