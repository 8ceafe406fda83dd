/**
 * An Output whose value is decided later: components declare their outputs at
 * construction, and the stack registry fills them in when it seals and plans the stack.
 */
import * as pulumi from "@pulumi/pulumi";

export class Deferred<T> {
    readonly output: pulumi.Output<T>;
    private settle!: { resolve: (value: pulumi.Input<T>) => void };

    constructor() {
        const promise = new Promise<pulumi.Input<T>>((resolve) => {
            this.settle = { resolve };
        });
        this.output = pulumi.output(promise).apply((value) => value) as pulumi.Output<T>;
    }

    resolve(value: pulumi.Input<T>): void {
        this.settle.resolve(value);
    }

    /**
     * The stack failed to plan: settle without a value so the program can end. The registry
     * reports the error itself, once; rejecting every output would report it once per output.
     */
    abandon(): void {
        this.settle.resolve(undefined as unknown as T);
    }
}

/**
 * A component's deferred outputs, each created by `output()` and filled in by `resolve`
 * once the stack is planned; on a failed seal all of them are abandoned together.
 */
export class OutputSlots {
    private readonly all = new Map<pulumi.Output<unknown>, Deferred<unknown>>();

    output<T>(): pulumi.Output<T> {
        const deferred = new Deferred<T>();
        this.all.set(deferred.output, deferred as Deferred<unknown>);
        return deferred.output;
    }

    resolve<T>(output: pulumi.Output<T>, value: pulumi.Input<T>): void {
        const deferred = this.all.get(output);
        if (!deferred) throw new Error("internal: resolving an output these slots did not create");
        deferred.resolve(value);
    }

    abandon(): void {
        for (const deferred of this.all.values()) deferred.abandon();
    }
}
