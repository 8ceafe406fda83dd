/**
 * bench:workers: a Synapse homeserver with 20 workers, on its own host and spread over 4
 * hosts (the homeserver's and 3 worker hosts). Prints render time and params.json size per
 * host, and synth time, for both, with each 4-host figure as a ratio of the one-host figure
 * measured in the same run. Asserts nothing.
 *
 *   npm run bench:workers
 */
import { performance } from "node:perf_hooks";
import { HetznerNixosHost, MatrixHomeserver, type WorkerGroup } from "../sdk/components";
import { renderBundle } from "../sdk/nixos";
import { planStack } from "../sdk/plan";
import type { StackPlan } from "../sdk/plan/types";
import { parseStackSpec, type StackSpecInput } from "../sdk/spec";
import { Testing } from "../sdk/synth/testing";

const OPTIONS = { deployPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkDeployKey bench" };
const WORKER_HOSTS = ["w1", "w2", "w3"];

/** 20 workers: on `home` only, or sync and client readers spread over the worker hosts. */
function groups(spread: boolean): WorkerGroup[] {
    const on = (i: number) => (spread ? WORKER_HOSTS[i % WORKER_HOSTS.length] : undefined);
    const list: WorkerGroup[] = [
        { type: "media-repository" },
        { type: "typing-writer" },
        { type: "to-device-writer" },
        { type: "federation-reader", count: 2 },
    ];
    for (let i = 0; i < 6; i++) list.push({ type: "sync", host: on(i) });
    for (let i = 0; i < 6; i++) list.push({ type: "client-reader", host: on(i) });
    list.push({ type: "event-persister", count: 2, host: on(0) }, { type: "federation-sender", host: on(1) });
    return list.map((g) => Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined)) as WorkerGroup);
}

function stackInput(spread: boolean): StackSpecInput {
    const hosts = ["home", ...(spread ? WORKER_HOSTS : [])];
    return {
        acme: { email: "admin@example.org" },
        hosts: hosts.map((name) => ({ name, provider: "hetzner" as const })),
        homeservers: [{ name: "hs", host: "home", serverName: "example.org", workers: groups(spread) }],
    };
}

function median(samples: number[]): number {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

/** Median render time per host (ms) and mean params.json bytes per host. */
function renderFigures(stack: StackPlan, rounds: number): { msPerHost: number; paramsBytes: number } {
    const samples: number[] = [];
    let bytes = 0;
    for (let round = 0; round < rounds; round++) {
        const start = performance.now();
        const bundles = stack.hosts.map((host) => renderBundle(host, stack, OPTIONS));
        samples.push((performance.now() - start) / stack.hosts.length);
        bytes = bundles.reduce((sum, b) => sum + Buffer.byteLength(b.files["nixos-matrix/params.json"] ?? ""), 0) / bundles.length;
    }
    return { msPerHost: median(samples), paramsBytes: bytes };
}

async function synthMs(spread: boolean, rounds: number): Promise<number> {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
        const start = performance.now();
        await Testing.run(() => {
            for (const name of ["home", ...(spread ? WORKER_HOSTS : [])]) new HetznerNixosHost(name, { location: "fsn1" });
            new MatrixHomeserver("hs", { host: "home", serverName: "example.org", workerList: groups(spread) });
        });
        samples.push(performance.now() - start);
    }
    return median(samples);
}

async function main(): Promise<void> {
    const one = planStack(parseStackSpec(stackInput(false)));
    const four = planStack(parseStackSpec(stackInput(true)));
    renderFigures(one, 50);
    renderFigures(four, 50);
    const oneRender = renderFigures(one, 500);
    const fourRender = renderFigures(four, 500);
    await synthMs(false, 1);
    const oneSynth = await synthMs(false, 5);
    const fourSynth = await synthMs(true, 5);
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const perHost = (ms: number, hosts: number) => (ms / hosts).toFixed(1);
    console.log(`20 workers, 1 host:  render ${(oneRender.msPerHost * 1000).toFixed(0)} µs/host, params.json ${oneRender.paramsBytes.toFixed(0)} B/host, synth ${oneSynth.toFixed(0)} ms (${perHost(oneSynth, 1)} ms/host)`);
    console.log(`20 workers, 4 hosts: render ${(fourRender.msPerHost * 1000).toFixed(0)} µs/host, params.json ${fourRender.paramsBytes.toFixed(0)} B/host, synth ${fourSynth.toFixed(0)} ms (${perHost(fourSynth, 4)} ms/host)`);
    console.log(
        `ratios (4 hosts / 1 host): render per host ${ratio(fourRender.msPerHost, oneRender.msPerHost)}, ` +
            `params.json per host ${ratio(fourRender.paramsBytes, oneRender.paramsBytes)}, synth per host ${ratio(fourSynth / 4, oneSynth)}, synth total ${ratio(fourSynth, oneSynth)}`,
    );
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
