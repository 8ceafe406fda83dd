/** A vitest reporter that ends the run with the one line naming the test files not run here. */
import type { Reporter } from "vitest/reporters";
import { notRunLine, type NotRun } from "./not-run";

export class NotRunReporter implements Reporter {
    constructor(private readonly notRun: readonly NotRun[]) {}

    onTestRunEnd(): void {
        if (this.notRun.length > 0) process.stdout.write(`\n${notRunLine(this.notRun)}\n`);
    }
}
