/**
 * One registry per program. Components validate their own args at construction and
 * declare themselves here; the registry seals on `setImmediate` after the last
 * declaration, then plans the WHOLE stack and creates every cloud resource. So a
 * cross-field error (two services on one port, a bridge naming a missing homeserver) is
 * raised before any resource exists.
 *
 * All or nothing: a component that refuses its args, a failed Construct or an error the
 * program leaves uncaught before the seal poisons the stack; it is then not planned and
 * no resource is created, whatever was declared before or after.
 *
 * Rule: construct every component synchronously in the program's top level.
 * Why: the registry cannot know a declaration is coming after an `await`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecError, type SpecIssue } from "../spec/errors";
import type { Declaration, HostDeclaration, PlannedStack, ServiceDeclaration } from "./declarations";
import { cloudPreflight } from "./cloud-preflight";
import { buildStack, checkPlan, type BuildInputs } from "./stack-build";
import { readStackSettings, type StackSettings } from "./stack-settings";

type State = "open" | "sealing" | "sealed";

/** Creates the Hetzner host of a service that named none; set by hetzner-nixos-host.ts. */
export type ImplicitHostFactory = (service: ServiceDeclaration) => void;

export class StackRegistry {
    private state: State = "open";
    private readonly declarations: Declaration[] = [];
    /** Errors that poison the stack: refused components, failed Constructs, the program's uncaught errors. */
    private readonly refusals: Error[] = [];
    private readonly onUncaught = (err: unknown) => this.refuse(err);
    private listening = false;
    private sealScheduled = false;
    private observed = false;
    /** True only while the registry itself creates the default host of a service. */
    private creatingDefaultHost = false;
    private quietTimer: NodeJS.Timeout | undefined;
    private readonly sealed: Promise<PlannedStack>;
    private finish!: { resolve: (stack: PlannedStack) => void; reject: (error: Error) => void };

    constructor(private readonly options: { settings?: () => StackSettings; implicitHost?: ImplicitHostFactory } = {}) {
        this.sealed = new Promise((resolve, reject) => {
            this.finish = { resolve, reject };
        });
        this.sealed.catch(() => undefined);
    }

    /** Adds a component; throws when the stack was already planned. */
    declare(declaration: Declaration): void {
        if (this.state !== "open" && !this.creatingDefaultHost) {
            throw new Error(
                `${declaration.className} "${declaration.name}" was declared after the stack was planned. ` +
                    "Construct every nixos-matrix component synchronously at the top level of the program " +
                    "(not after an await or inside an apply).",
            );
        }
        this.declarations.push(declaration);
        // Keep the spec promise from being "unhandled" before the seal reads it.
        declaration.spec.catch(() => undefined);
        this.scheduleSeal();
    }

    /**
     * A component refused its args, a Construct failed or the program threw: the stack
     * will fail with this error and create nothing. Too late once the stack is planned.
     */
    refuse(error: unknown): void {
        if (this.state === "sealed") return;
        const refusal = error instanceof Error ? error : new Error(String(error));
        if (this.refusals.includes(refusal)) return;
        // Pulumi prints a RunError's message without a stack trace; a SpecError says all there is.
        if (refusal instanceof SpecError) Object.defineProperty(refusal, "__pulumiRunError", { value: true });
        this.refusals.push(refusal);
        this.scheduleSeal();
    }

    private scheduleSeal(): void {
        this.listenForUncaughtErrors(true);
        const quietMs = sealQuietPeriod();
        if (quietMs > 0) {
            // Declarations arrive one RPC at a time (component provider): seal once they stop.
            if (this.quietTimer) clearTimeout(this.quietTimer);
            this.quietTimer = setTimeout(() => void this.seal(), quietMs);
        } else if (!this.sealScheduled) {
            this.sealScheduled = true;
            setImmediate(() => void this.seal());
        }
    }

    /** Resolves once the stack is planned and every resource is created; rejects with the SpecError. */
    settled(): Promise<PlannedStack> {
        this.observed = true;
        return this.sealed;
    }

    /** Whether any component was declared (synth checks a program declared something). */
    get size(): number {
        return this.declarations.length;
    }

    private async seal(): Promise<void> {
        this.state = "sealing";
        try {
            const stack = await this.plan();
            this.state = "sealed";
            for (const d of this.declarations) d.publish(stack);
            this.finish.resolve(stack);
        } catch (err) {
            this.state = "sealed";
            const error = err instanceof Error ? err : new Error(String(err));
            for (const d of this.declarations) d.fail();
            this.finish.reject(error);
            // Nobody awaits the seal in a real program: fail the run once, with the message
            // and without a stack trace (Pulumi prints a RunError's message only). A refusal
            // the program already threw is the same object, which Pulumi reports once.
            if (!this.observed) void Promise.reject(this.refusals.includes(error) ? error : new pulumi.RunError(error.message));
        } finally {
            this.listenForUncaughtErrors(false);
        }
    }

    /** While the stack is open, an error the program leaves uncaught is a refusal. */
    private listenForUncaughtErrors(on: boolean): void {
        if (on === this.listening || (on && this.state === "sealed")) return;
        this.listening = on;
        for (const event of ["uncaughtException", "unhandledRejection"] as const) {
            if (on) process.on(event, this.onUncaught);
            else process.off(event, this.onUncaught);
        }
    }

    /** The error the stack fails with: the refusals, merged with an error met while planning. */
    private failure(planning?: unknown): unknown {
        const errors = planning === undefined ? this.refusals : [...this.refusals, planning];
        if (errors.length === 1) return errors[0];
        const foreign = errors.find((e) => !(e instanceof SpecError));
        if (foreign) return foreign;
        return new SpecError(errors.flatMap((e) => (e as SpecError).issues));
    }

    private throwIfRefused(): void {
        if (this.refusals.length > 0) throw this.failure();
    }

    private async plan(): Promise<PlannedStack> {
        const specs = await collectSpecs(this.declarations).catch((err: unknown) => {
            throw this.failure(err);
        });
        this.throwIfRefused();
        const services = this.declarations.filter((d): d is ServiceDeclaration => d.kind !== "host");
        const hostNames = new Set(this.declarations.filter((d) => d.kind === "host").map((d) => d.name));
        for (const service of services) {
            if (service.host !== undefined || hostNames.has(service.name)) continue;
            if (!this.options.implicitHost) throw new Error("internal: no factory for default hosts");
            this.creatingDefaultHost = true;
            try {
                this.options.implicitHost(service);
            } finally {
                this.creatingDefaultHost = false;
            }
            const host = this.declarations.find((d): d is HostDeclaration => d.kind === "host" && d.name === service.name);
            if (!host) throw new Error(`internal: no default host was declared for ${service.className} "${service.name}"`);
            hostNames.add(host.name);
            specs.set(host, await host.spec);
        }
        this.throwIfRefused();
        const inputs: BuildInputs = {
            declarations: this.declarations,
            specs,
            settings: (this.options.settings ?? readStackSettings)(),
        };
        const checked = checkPlan(inputs);
        await cloudPreflight(checked);
        // The last point before any resource exists: a refusal that arrived while planning still counts.
        this.throwIfRefused();
        return buildStack(checked);
    }
}

/** Awaits every declaration's spec, merging all their SpecErrors into one. */
async function collectSpecs(declarations: readonly Declaration[]): Promise<Map<Declaration, Record<string, unknown>>> {
    const results = await Promise.allSettled(declarations.map((d) => d.spec));
    const issues: SpecIssue[] = [];
    const specs = new Map<Declaration, Record<string, unknown>>();
    results.forEach((result, i) => {
        if (result.status === "fulfilled") specs.set(declarations[i], result.value);
        else if (result.reason instanceof SpecError) issues.push(...result.reason.issues);
        else throw result.reason;
    });
    if (issues.length > 0) throw new SpecError(issues);
    return specs;
}

// Global, not module state: a program may load its own copy of this library (synth loads
// each program afresh), and every copy must share one registry.
const REGISTRY_KEY = Symbol.for("nixos-matrix.stack-registry");
const FACTORY_KEY = Symbol.for("nixos-matrix.implicit-host-factory");
const QUIET_KEY = Symbol.for("nixos-matrix.seal-quiet-period");
type Global = { [REGISTRY_KEY]?: StackRegistry; [FACTORY_KEY]?: ImplicitHostFactory; [QUIET_KEY]?: number };

/**
 * Seal `ms` after the last declaration instead of on the next `setImmediate`. For hosts
 * where components arrive one RPC at a time (the component provider); 0 restores the default.
 */
export function setSealQuietPeriod(ms: number): void {
    (globalThis as Global)[QUIET_KEY] = ms;
}

function sealQuietPeriod(): number {
    return (globalThis as Global)[QUIET_KEY] ?? 0;
}

/** Called by the Hetzner host module when it loads (keeps this file free of an import cycle). */
export function setImplicitHostFactory(factory: ImplicitHostFactory): void {
    (globalThis as Global)[FACTORY_KEY] = factory;
}

/** The registry of the running program, created on first use. */
export function currentRegistry(): StackRegistry {
    const g = globalThis as Global;
    return g[REGISTRY_KEY] ?? resetRegistry();
}

/** Starts a fresh registry (tests and synth run several programs in one process). */
export function resetRegistry(): StackRegistry {
    const g = globalThis as Global;
    // The previous program's outcome is no longer anyone's to report: a failure of its seal
    // must not surface as an uncaught error, which the fresh registry would take as its own.
    void g[REGISTRY_KEY]?.settled().catch(() => undefined);
    const registry = new StackRegistry({
        implicitHost: (service) => {
            const factory = g[FACTORY_KEY];
            if (!factory) throw new Error("internal: the Hetzner host module is not loaded");
            factory(service);
        },
    });
    g[REGISTRY_KEY] = registry;
    return registry;
}
