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

/** A component's deferred outputs; on a failed seal all of them are abandoned together. */
export class OutputSlots {
    private readonly all: Deferred<unknown>[] = [];

    slot<T>(): Deferred<T> {
        const deferred = new Deferred<T>();
        this.all.push(deferred as Deferred<unknown>);
        return deferred;
    }

    abandon(): void {
        for (const deferred of this.all) deferred.abandon();
    }
}
