import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import * as resourceproto from "@pulumi/pulumi/proto/resource_pb";
import { fakeInvoke, fakeResource } from "./fake-cloud";
import { plainValue, secretPaths } from "./property-values";
import { Registration, resourceUrn } from "./registration";

/**
 * The message ResourceMonitor.Invoke answers with: `ResourceInvokeResponse` in newer
 * @pulumi/pulumi releases, the provider's `InvokeResponse` in older ones (3.248).
 */
type InvokeResponseMessage = { setReturn(value: structproto.Struct): void };
const INVOKE_RESPONSE: new () => InvokeResponseMessage =
    (resourceproto as unknown as { ResourceInvokeResponse?: new () => InvokeResponseMessage }).ResourceInvokeResponse ?? providerproto.InvokeResponse;

/** Features the test monitor claims, as the engine of the pinned CLI line does. */
const SUPPORTED_FEATURES = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"]);

export interface LogEntry {
    readonly severity: number;
    readonly message: string;
}

type Handler<Req, Res> = (call: { request: Req }, callback: (err: Error | null, res?: Res) => void) => void;

function handle<Req, Res>(fn: (req: Req) => Res | Promise<Res>): Handler<Req, Res> {
    return (call, callback) => {
        Promise.resolve()
            .then(() => fn(call.request))
            .then(
                (res) => callback(null, res),
                (err: Error) => callback(err),
            );
    };
}

/**
 * The engine side a component provider talks to during Construct: the ResourceMonitor
 * (records every registration, answers from the fake cloud) and the Engine (collects logs).
 */
export class TestMonitor {
    readonly registrations: Registration[] = [];
    readonly outputs = new Map<string, unknown>();
    readonly logs: LogEntry[] = [];
    /** Tokens of the provider functions invoked, in order. */
    readonly invokes: string[] = [];

    constructor(
        private readonly project: string,
        private readonly stack: string,
    ) {}

    register(req: resourceproto.RegisterResourceRequest): resourceproto.RegisterResourceResponse {
        const wire = req.getObject()?.toJavaScript() ?? {};
        const inputs = plainValue(wire) as Record<string, unknown>;
        const urn = resourceUrn(this.stack, this.project, req.getParent(), req.getType(), req.getName());
        this.registrations.push({ urn, custom: req.getCustom(), inputs, secretInputs: secretPaths(wire) });
        const res = new resourceproto.RegisterResourceResponse();
        res.setUrn(urn);
        if (req.getCustom()) {
            const fake = fakeResource(req.getType(), req.getName(), inputs);
            res.setId(fake.id);
            res.setObject(structproto.Struct.fromJavaScript(fake.state as Record<string, never>));
        }
        return res;
    }

    /** Handlers for `ResourceMonitorService`. */
    monitorService(): grpc.UntypedServiceImplementation {
        return {
            supportsFeature: handle((req: resourceproto.SupportsFeatureRequest) => {
                const res = new resourceproto.SupportsFeatureResponse();
                res.setHassupport(SUPPORTED_FEATURES.has(req.getId()));
                return res;
            }),
            registerResource: handle((req: resourceproto.RegisterResourceRequest) => this.register(req)),
            registerResourceOutputs: handle((req: resourceproto.RegisterResourceOutputsRequest) => {
                this.outputs.set(req.getUrn(), plainValue(req.getOutputs()?.toJavaScript() ?? {}));
                return new emptyproto.Empty();
            }),
            invoke: handle((req: resourceproto.ResourceInvokeRequest) => {
                const args = plainValue(req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
                this.invokes.push(req.getTok());
                const res = new INVOKE_RESPONSE();
                res.setReturn(structproto.Struct.fromJavaScript(fakeInvoke(req.getTok(), args) as Record<string, never>));
                return res;
            }),
            registerPackage: handle(() => {
                const res = new resourceproto.RegisterPackageResponse();
                res.setRef("test-package-ref");
                return res;
            }),
            signalAndWaitForShutdown: handle(() => new emptyproto.Empty()),
        };
    }

    /** Handlers for `EngineService`. */
    engineService(): grpc.UntypedServiceImplementation {
        return {
            log: handle((req: engineproto.LogRequest) => {
                this.logs.push({ severity: req.getSeverity(), message: req.getMessage() });
                return new emptyproto.Empty();
            }),
            getRootResource: handle(() => new engineproto.GetRootResourceResponse()),
            setRootResource: handle(() => new engineproto.SetRootResourceResponse()),
        };
    }

    /** Log messages at error severity (engine LogSeverity.ERROR = 3). */
    errors(): string[] {
        return this.logs.filter((l) => l.severity === 3).map((l) => l.message);
    }
}
