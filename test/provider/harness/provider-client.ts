import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
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

/** What the CLI sends in its Handshake. */
export interface HandshakeCall {
    readonly engineAddress: string;
    readonly rootDirectory: string;
    readonly programDirectory: string;
    readonly configureWithUrn: boolean;
}

/** The provider's answer; `unimplemented` when it has no Handshake (the CLI goes on without one). */
export type HandshakeResult =
    | { readonly acceptSecrets: boolean; readonly acceptResources: boolean; readonly acceptOutputs: boolean }
    | "unimplemented";

/** A gRPC client of the ResourceProvider service, promise-shaped, over loopback only. */
export class ProviderClient {
    private readonly client: ResourceProviderClient;

    constructor(address: string) {
        if (!address.startsWith("127.0.0.1:")) throw new Error(`refusing non-loopback provider address ${address}`);
        this.client = new ResourceProviderClient(address, grpc.credentials.createInsecure());
    }

    handshake(call: HandshakeCall): Promise<HandshakeResult> {
        const req = new providerproto.ProviderHandshakeRequest();
        req.setEngineAddress(call.engineAddress);
        req.setRootDirectory(call.rootDirectory);
        req.setProgramDirectory(call.programDirectory);
        req.setConfigureWithUrn(call.configureWithUrn);
        return new Promise((resolve, reject) =>
            this.client.handshake(req, (err, res) => {
                if (err?.code === grpc.status.UNIMPLEMENTED) resolve("unimplemented");
                else if (err) reject(err);
                else resolve({ acceptSecrets: res!.getAcceptSecrets(), acceptResources: res!.getAcceptResources(), acceptOutputs: res!.getAcceptOutputs() });
            }),
        );
    }

    getPluginInfo(): Promise<string> {
        return new Promise((resolve, reject) =>
            this.client.getPluginInfo(new emptyproto.Empty(), (err, res) => (err ? reject(err) : resolve(res!.getVersion()))),
        );
    }

    /** Configure as the engine sends it before the first Construct: no provider config, every feature accepted. */
    configure(): Promise<{ acceptSecrets: boolean; acceptResources: boolean; acceptOutputs: boolean }> {
        const req = new providerproto.ConfigureRequest();
        req.setArgs(structproto.Struct.fromJavaScript({}));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        return new Promise((resolve, reject) =>
            this.client.configure(req, (err, res) =>
                err ? reject(err) : resolve({ acceptSecrets: res!.getAcceptsecrets(), acceptResources: res!.getAcceptresources(), acceptOutputs: res!.getAcceptoutputs() }),
            ),
        );
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
