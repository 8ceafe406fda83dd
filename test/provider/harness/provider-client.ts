import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";

/** What a Construct call needs besides the provider itself. */
export interface ConstructCall {
    readonly type: string;
    readonly name: string;
    /** Inputs in wire form (secrets already wrapped, see `wireSecret`). */
    readonly inputs: Record<string, unknown>;
    readonly monitorAddress: string;
    readonly project: string;
    readonly stack: string;
    /** Stack config, keys as `<namespace>:<key>`. */
    readonly config?: Readonly<Record<string, string>>;
}

export interface ConstructResult {
    readonly urn: string;
    readonly state: Record<string, unknown>;
}

/** A gRPC client of the ResourceProvider service, promise-shaped, over loopback only. */
export class ProviderClient {
    private readonly client: ResourceProviderClient;

    constructor(address: string) {
        if (!address.startsWith("127.0.0.1:")) throw new Error(`refusing non-loopback provider address ${address}`);
        this.client = new ResourceProviderClient(address, grpc.credentials.createInsecure());
    }

    getSchema(): Promise<string> {
        const req = new providerproto.GetSchemaRequest();
        return new Promise((resolve, reject) =>
            this.client.getSchema(req, (err, res) => (err ? reject(err) : resolve(res!.getSchema()))),
        );
    }

    construct(call: ConstructCall): Promise<ConstructResult> {
        const req = new providerproto.ConstructRequest();
        req.setProject(call.project);
        req.setStack(call.stack);
        req.setDryrun(false);
        req.setParallel(16);
        req.setMonitorendpoint(call.monitorAddress);
        req.setType(call.type);
        req.setName(call.name);
        req.setInputs(structproto.Struct.fromJavaScript(call.inputs as Record<string, never>));
        req.setAcceptsOutputValues(true);
        for (const [key, value] of Object.entries(call.config ?? {})) req.getConfigMap().set(key, value);
        return new Promise((resolve, reject) =>
            this.client.construct(req, (err, res) =>
                err
                    ? reject(err)
                    : resolve({ urn: res!.getUrn(), state: (res!.getState()?.toJavaScript() ?? {}) as Record<string, unknown> }),
            ),
        );
    }

    close(): void {
        this.client.close();
    }
}

/** The message of a gRPC error as the engine shows it to the user. */
export function grpcErrorDetails(err: unknown): string {
    const e = err as grpc.ServiceError;
    return typeof e?.details === "string" ? e.details : String(err);
}
