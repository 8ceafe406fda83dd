/**
 * Runs hosts' remote steps over the fleet's ssh the way the components chain them: per host
 * wait -> secrets -> upload -> switch, hosts in parallel, and `order` edges (one host's secrets
 * before another's switch) honoured. A failure names its host and step.
 */
import type { RemoteStep } from "../../../sdk/deploy/host-steps";
import type { Fleet } from "./fleet";
import type { SshResult } from "./ssh";

export interface HostDeploy {
    readonly host: string;
    readonly steps: readonly RemoteStep[];
}

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
    const secretsDone = new Map<string, { promise: Promise<void>; resolve: () => void }>();
    for (const d of deploys) {
        let resolve = () => undefined as void;
        const promise = new Promise<void>((r) => (resolve = r));
        secretsDone.set(d.host, { promise, resolve });
    }
    await Promise.all(
        deploys.map(async (d) => {
            const done: StepRun[] = [];
            runs.set(d.host, done);
            try {
                for (const s of d.steps) {
                    if (s.step === "switch") {
                        await Promise.all(order.filter((o) => o.after === d.host).map((o) => secretsDone.get(o.before)?.promise));
                    }
                    const result = await fleet.ssh(d.host, s.command, s.stdin === undefined ? {} : { stdin: s.stdin });
                    done.push({ step: s.step, result });
                    if (result.code !== 0) throw new StepFailed(d.host, s.step, result);
                    if (s.step === "secrets") secretsDone.get(d.host)!.resolve();
                }
            } catch (err) {
                if (!(err instanceof StepFailed)) throw err;
                errors.set(d.host, err);
            } finally {
                secretsDone.get(d.host)!.resolve();
            }
        }),
    );
    return { runs, errors };
}
