import type * as pulumi from "@pulumi/pulumi";

/** The value of an Output that is known offline (under mocks every value is). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => {
        output.apply((value) => {
            resolve(value);
            return value;
        });
    });
}
