/**
 * Times renderBundle: one all-in-one host, and every host of the generated 50-host stack
 * (10 homeservers, each with TURN, Element and 3 bridges). Planning is done once, outside
 * the timing. Prints per-host times and their ratio; asserts nothing.
 *
 *   npm run bench:render
 */
import { performance } from "node:perf_hooks";
import { renderBundle } from "../sdk/nixos";
import { planStack } from "../sdk/plan";
import type { StackPlan } from "../sdk/plan/types";
import { parseStackSpec } from "../sdk/spec";
import { allInOne, generated } from "../test/fixtures/stacks";

const OPTIONS = { deployPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkDeployKey bench" };

/** Median milliseconds per host over `rounds` renders of every host in the stack. */
function msPerHost(stack: StackPlan, rounds: number): number {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
        const start = performance.now();
        for (const host of stack.hosts) renderBundle(host, stack, OPTIONS);
        samples.push((performance.now() - start) / stack.hosts.length);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
}

const single = planStack(parseStackSpec(allInOne()));
const fleet = planStack(parseStackSpec(generated(10)));

// Warm up the JIT before measuring.
msPerHost(single, 200);
msPerHost(fleet, 5);

const singleMs = msPerHost(single, 2000);
const fleetMs = msPerHost(fleet, 50);

console.log(`all-in-one: 1 host,   ${(singleMs * 1000).toFixed(1)} µs per host`);
console.log(`generated:  ${fleet.hosts.length} hosts, ${(fleetMs * 1000).toFixed(1)} µs per host, ${(fleetMs * fleet.hosts.length).toFixed(2)} ms for the stack`);
console.log(`ratio (generated per host / all-in-one per host): ${(fleetMs / singleMs).toFixed(2)}`);
