/**
 * Runs hosts' remote steps over the fleet's ssh the way the components chain them: per host
 * wait -> secrets -> upload -> pin -> switch, hosts in parallel, `order` edges (one host's
 * secrets before another's switch) and rollout levels (a host's pin and switch after every
 * switch of a lower level in this run; skipped when one failed) honoured. A failure names its
 * host and step.
 */
import type { RemoteStep } from "../../../sdk/deploy/host-steps";
import type { Fleet } from "./fleet";
import type { SshResult } from "./ssh";

export interface HostDeploy {
    readonly host: string;
    readonly steps: readonly RemoteStep[];
    /** Rollout level (plan.rollout); @default 0 */
    readonly level?: number;
}

class Skipped extends Error {}

export interface StepRun {
    readonly step: string;
    readonly result: SshResult;
}

export class StepFailed extends Error {
    constructor(
        readonly host: string,
        readonly step: string,
        readonly result: SshResult,
    ) {
        super(`host ${host}: step ${step} failed (exit ${result.code ?? "killed"}): ${result.stderr.trim()}`);
    }
}

export interface FleetRun {
    readonly runs: ReadonlyMap<string, readonly StepRun[]>;
    readonly errors: ReadonlyMap<string, StepFailed>;
    /** Hosts whose pin and switch did not run because a host of an earlier rollout level failed. */
    readonly skipped: ReadonlySet<string>;
}

/** What a host's switch step printed (`unchanged` or `switched`), or undefined when it did not run. */
export function switchOutput(run: FleetRun, host: string): string | undefined {
    return run.runs.get(host)?.find((r) => r.step === "switch")?.result.stdout;
}

export async function deployFleet(
    fleet: Fleet,
    deploys: readonly HostDeploy[],
    order: readonly { readonly before: string; readonly after: string }[] = [],
): Promise<FleetRun> {
    const runs = new Map<string, StepRun[]>();
    const errors = new Map<string, StepFailed>();
    const skipped = new Set<string>();
    const secretsDone = new Map<string, { promise: Promise<void>; resolve: () => void }>();
    const switched = new Map<string, { promise: Promise<boolean>; resolve: (ok: boolean) => void }>();
    for (const d of deploys) {
        let resolve = () => undefined as void;
        const promise = new Promise<void>((r) => (resolve = r));
        secretsDone.set(d.host, { promise, resolve });
        let settle = (_ok: boolean) => undefined as void;
        const done = new Promise<boolean>((r) => (settle = r));
        switched.set(d.host, { promise: done, resolve: settle });
    }
    const earlierSwitches = (d: HostDeploy) =>
        Promise.all(deploys.filter((o) => (o.level ?? 0) < (d.level ?? 0)).map((o) => switched.get(o.host)!.promise));
    await Promise.all(
        deploys.map(async (d) => {
            const done: StepRun[] = [];
            runs.set(d.host, done);
            try {
                for (const s of d.steps) {
                    if (s.step === "pin" && !(await earlierSwitches(d)).every(Boolean)) throw new Skipped();
                    if (s.step === "switch") {
                        await Promise.all(order.filter((o) => o.after === d.host).map((o) => secretsDone.get(o.before)?.promise));
                    }
                    const result = await fleet.ssh(d.host, s.command, s.stdin === undefined ? {} : { stdin: s.stdin });
                    done.push({ step: s.step, result });
                    if (result.code !== 0) throw new StepFailed(d.host, s.step, result);
                    if (s.step === "secrets") secretsDone.get(d.host)!.resolve();
                    if (s.step === "switch") switched.get(d.host)!.resolve(true);
                }
            } catch (err) {
                if (err instanceof Skipped) skipped.add(d.host);
                else if (err instanceof StepFailed) errors.set(d.host, err);
                else throw err;
            } finally {
                secretsDone.get(d.host)!.resolve();
                switched.get(d.host)!.resolve(!errors.has(d.host) && !skipped.has(d.host));
            }
        }),
    );
    return { runs, errors, skipped };
}
