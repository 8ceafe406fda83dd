/**
 * Entry of the nixos-matrix component provider plugin (package.json "main").
 *
 * Pulumi's nodejs plugin host requires this directory with the engine's address as the
 * only argument; this serves the components over gRPC and prints the port on stdout.
 */
import { main } from "@pulumi/pulumi/provider";
import { setSealQuietPeriod } from "../sdk/components";
import { COMPONENTS } from "./components";
import { NixosMatrixProvider } from "./nixos-matrix-provider";

/**
 * Rule: plan the stack once no Construct has arrived for this long.
 * Why: the components of one program reach the provider one Construct call at a time, and
 * the whole stack must be declared before it is planned.
 */
const SEAL_QUIET_PERIOD_MS = 2_000;

async function serve(): Promise<void> {
    setSealQuietPeriod(SEAL_QUIET_PERIOD_MS);
    const provider = new NixosMatrixProvider(COMPONENTS);
    // Infer the schema before listening: seconds of synchronous compiler work that would
    // otherwise stall the event loop between a program's Construct calls.
    await provider.getSchema();
    await main(provider, process.argv.slice(2));
}

void serve();
