/**
 * The remote steps on a 6-host fleet (see test/fleet/harness): SSH sessions, bytes sent and
 * wall time per host for the first deploy, a re-run with nothing changed (every step runs
 * again, as after a forced `pulumi up`) and one bridge's settings changed. Next to a bare
 * baseline measured in the same run on six fresh hosts: the same bundle copied with one `scp`
 * and switched with one `ssh nixos-rebuild switch` against the same pinned nixpkgs. Fails if
 * the re-run switched any host.
 *
 * Then a pin change (an upgrade): its wall time on all six hosts, rolled out level by level
 * (bridges, TURN and web in parallel, then the homeservers in parallel), against the wall time
 * of the same kind of pin change on one host alone. Two levels: the goal is at most 2.5x.
 *
 *   npm run bench:fleet
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Bundle } from "../sdk/nixos/types";
import type { StackSpecInput } from "../sdk/spec/stack";
import { multiHost } from "../test/fixtures/stacks";
import { deployFleet, type FleetRun } from "../test/fleet/harness/deploy";
import { Fleet } from "../test/fleet/harness/fleet";
import { fleetNixpkgs, stackDeploys } from "../test/fleet/stack";
import type { NixpkgsPin } from "../sdk/plan/release";

const HOSTS = ["home", "turn", "br-a", "br-b", "web", "conduit"];

/** multiHost() spread over six hosts: bridges on two, and a Conduit homeserver of its own. */
function sixHosts(telegramDisplayname?: string): StackSpecInput {
    const spec = multiHost();
    spec.hosts = [
        ...spec.hosts!.filter((h) => h.name !== "bridges"),
        { name: "br-a", provider: "hetzner", location: "fsn1", serverType: "cx23" },
        { name: "br-b", provider: "hetzner", location: "fsn1", serverType: "cx23" },
        { name: "conduit", provider: "hetzner", location: "fsn1", serverType: "cx23" },
    ];
    spec.bridges = spec.bridges!.map((b) => ({
        ...b,
        host: b.id === "telegram" || b.id === "whatsapp" ? "br-a" : "br-b",
        ...(b.id === "telegram" && telegramDisplayname ? { settings: { bridge: { displayname_template: telegramDisplayname } } } : {}),
    }));
    spec.homeservers = [
        ...spec.homeservers!,
        { name: "hs2", host: "conduit", serverName: "conduit.example.net", implementation: "conduit" },
    ];
    return spec;
}

interface Cell {
    sessions: number;
    bytes: number;
    seconds: number;
}

function fromRun(fleet: Fleet, run: FleetRun): Map<string, Cell> {
    if (run.errors.size > 0) throw new Error([...run.errors.values()].map((e) => e.message).join("\n"));
    return new Map(
        HOSTS.map((h) => [
            h,
            {
                sessions: fleet.traffic.get(h)!.sessions,
                bytes: fleet.traffic.get(h)!.bytesSent,
                seconds: run.runs.get(h)!.reduce((sum, s) => sum + s.result.seconds, 0),
            },
        ]),
    );
}

async function phase(fleet: Fleet, spec: StackSpecInput, nixpkgs?: NixpkgsPin): Promise<{ cells: Map<string, Cell>; switched: string[] }> {
    fleet.resetTraffic();
    const run = await deployFleet(fleet, stackDeploys(fleet, spec, nixpkgs ? { nixpkgs } : {}).deploys);
    const switched = HOSTS.filter((h) => /switched to/.test(run.runs.get(h)!.at(-1)!.result.stdout));
    return { cells: fromRun(fleet, run), switched };
}

/** Wall time of deploying `hosts` of the six-host stack onto `nixpkgs`; fails unless each switched. */
async function pinChange(fleet: Fleet, nixpkgs: NixpkgsPin, hosts: readonly string[]): Promise<number> {
    const deploys = stackDeploys(fleet, sixHosts(), { nixpkgs }).deploys.filter((d) => hosts.includes(d.host));
    const started = process.hrtime.bigint();
    const run = await deployFleet(fleet, deploys);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    fromRun(fleet, { ...run, runs: new Map(HOSTS.map((h) => [h, run.runs.get(h) ?? []])) });
    const stale = hosts.filter((h) => !/switched to/.test(run.runs.get(h)!.at(-1)!.result.stdout));
    if (stale.length > 0) throw new Error(`the pin change did not switch ${stale.join(", ")}`);
    return seconds;
}

/** One scp of the bundle into /etc/nixos, one ssh fetching the pinned nixpkgs and running nixos-rebuild switch with it. */
async function baseline(fleet: Fleet, host: string, bundle: Bundle, pin: NixpkgsPin, scratch: string): Promise<Cell> {
    const local = path.join(scratch, host);
    for (const [rel, content] of Object.entries(bundle.files)) {
        mkdirSync(path.dirname(path.join(local, rel)), { recursive: true });
        writeFileSync(path.join(local, rel), content);
    }
    const started = process.hrtime.bigint();
    const scp = spawnSync(
        "ip",
        fleet.inControl(["scp", "-r", ...fleet.sshOptions(), "-o", "LogLevel=VERBOSE", `${local}/configuration.nix`, `${local}/nixos-matrix`, `root@${fleet.host(host).address}:/etc/nixos/`]).slice(1),
        { encoding: "utf8" },
    );
    if (scp.status !== 0) throw new Error(`baseline scp to ${host} failed: ${scp.stderr}`);
    const scpSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const scpBytes = Number(/Transferred: sent (\d+)/.exec(scp.stderr)?.[1] ?? 0);
    const sw = await fleet.ssh(
        host,
        `p=$(nix-prefetch-url --unpack --print-path --name source ${pin.url} ${pin.sha256} | tail -n 1) && NIX_PATH=nixpkgs=$p nixos-rebuild switch -I nixpkgs=$p`,
    );
    if (sw.code !== 0) throw new Error(`baseline switch on ${host} failed: ${sw.stderr}`);
    return { sessions: 2, bytes: scpBytes + sw.bytesSent, seconds: scpSeconds + sw.seconds };
}

function kb(n: number): string {
    return (n / 1024).toFixed(1);
}

function table(base: Map<string, Cell>, phases: [string, Map<string, Cell>][]): string {
    const head = ["host", "baseline s/KB/s", ...phases.map(([name]) => `${name}: sessions/KB/s (x bytes, x time)`)];
    const rows = HOSTS.map((h) => {
        const b = base.get(h)!;
        return [
            h,
            `${b.sessions} / ${kb(b.bytes)} / ${b.seconds.toFixed(2)}`,
            ...phases.map(([, cells]) => {
                const c = cells.get(h)!;
                return `${c.sessions} / ${kb(c.bytes)} / ${c.seconds.toFixed(2)} (${(c.bytes / b.bytes).toFixed(2)}x, ${(c.seconds / b.seconds).toFixed(2)}x)`;
            }),
        ];
    });
    const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
    return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
    const fleet = Fleet.start([...HOSTS, ...HOSTS.map((h) => `bare-${h}`)]);
    const scratch = mkdtempSync(path.join(tmpdir(), "nixos-matrix-bench."));
    try {
        const bundles = stackDeploys(fleet, sixHosts()).bundles;
        const pin = fleetNixpkgs(fleet);
        const base = new Map<string, Cell>();
        await Promise.all(
            HOSTS.map(async (h) => base.set(h, await baseline(fleet, `bare-${h}`, { ...bundles.get(h)!, host: `bare-${h}` }, pin, scratch))),
        );
        const first = await phase(fleet, sixHosts());
        const noop = await phase(fleet, sixHosts());
        const change = await phase(fleet, sixHosts("{displayname} (Telegram)"));
        console.log(table(base, [["first deploy", first.cells], ["no-op re-run", noop.cells], ["one bridge changed", change.cells]]));
        console.log(`switched: first deploy ${first.switched.join(", ")}; no-op re-run ${noop.switched.join(", ") || "none"}; one bridge changed ${change.switched.join(", ") || "none"}`);
        if (noop.switched.length > 0) throw new Error(`the no-op re-run switched ${noop.switched.join(", ")}`);
        // One host alone first (level 1 waits for nobody here), then the whole fleet onto another pin.
        const oneHost = await pinChange(fleet, fleetNixpkgs(fleet, "26.05", "26.05-one"), ["home"]);
        const sixHostsSeconds = await pinChange(fleet, fleetNixpkgs(fleet, "26.05", "26.05-all"), HOSTS);
        console.log(
            `pin change: ${HOSTS.length} hosts in ${sixHostsSeconds.toFixed(2)}s, one host in ${oneHost.toFixed(2)}s: ${(sixHostsSeconds / oneHost).toFixed(2)}x (goal <= 2.5x; two rollout levels)`,
        );
    } finally {
        rmSync(scratch, { recursive: true, force: true });
        fleet.stopSync();
    }
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
