/**
 * An Output whose value is decided later: components declare their outputs at
 * construction, and the stack registry fills them in when it seals and plans the stack.
 */
import * as pulumi from "@pulumi/pulumi";

export class Deferred<T> {
    readonly output: pulumi.Output<T>;
    private settle!: { resolve: (value: pulumi.Input<T>) => void; reject: (error: Error) => void };

    constructor() {
        const promise = new Promise<pulumi.Input<T>>((resolve, reject) => {
            this.settle = { resolve, reject };
        });
        // The rejection is reported once by the registry; keep this copy from being "unhandled".
        promise.catch(() => undefined);
        this.output = pulumi.output(promise).apply((value) => value) as pulumi.Output<T>;
    }

    resolve(value: pulumi.Input<T>): void {
        this.settle.resolve(value);
    }

    reject(error: Error): void {
        this.settle.reject(error);
    }
}
