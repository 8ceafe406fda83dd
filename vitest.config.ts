import { configDefaults, defineConfig } from "vitest/config";
import { ciRefusal, filesNotRunHere } from "./test/support/not-run";
import { NotRunReporter } from "./test/support/not-run-reporter";

// Test files whose needs (reference data in ../shared/, root) this machine lacks are left out
// and named at the end; under CI=true a lack fails the run instead (test/support/needs.ts).
const notRun = filesNotRunHere();
const refusal = process.env.CI === "true" ? ciRefusal(notRun) : undefined;
if (refusal !== undefined) throw new Error(refusal);

export default defineConfig({
  test: {
    pool: "forks",
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...notRun.map((f) => f.file)],
    reporters: ["default", new NotRunReporter(notRun)],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
