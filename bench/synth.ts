/**
 * bench:synth: how long synth takes for all-in-one, multi-host and a generated 50-host
 * stack, and how many remote steps each host runs on a first deploy and on a no-op
 * re-run (a step runs again only when its Command inputs changed between the two runs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../sdk/components";
import type { StackSpecInput } from "../sdk/spec/stack";
import { Testing, type TestRun } from "../sdk/synth/testing";
import { generated } from "../test/fixtures/stacks";
import { commandInputs } from "../test/mocks/harness";

const ROOT = path.resolve(__dirname, "..");
const CREDENTIALS = { telegramApiId: "1234567", telegramApiHash: "0123456789abcdef0123456789abcdef", discordClientId: "112233", discordBotToken: "discord.bot.token" };

/** Constructs the components of a StackSpecInput (the fixture's generated fleet). */
function programOf(spec: StackSpecInput): () => void {
    return () => {
        for (const h of spec.hosts ?? []) {
            if (h.provider === "hetzner") new HetznerNixosHost(h.name, { location: h.location, serverType: h.serverType, volumeSizeGb: h.volumeSizeGb });
        }
        for (const hs of spec.homeservers ?? []) new MatrixHomeserver(hs.name, { host: hs.host, serverName: hs.serverName, domain: hs.domain, turn: hs.turn });
        for (const t of spec.turnServers ?? []) new TurnServer(t.name, { host: t.host, realm: t.realm });
        for (const e of spec.elements ?? []) new ElementWeb(e.name, { host: e.host, domain: e.domain, homeserver: e.homeserver });
        for (const b of spec.bridges ?? []) {
            const credentials = (b.credentials ?? {}) as Record<string, string>;
            new Bridge(b.id, {
                type: b.type,
                host: b.host,
                homeserver: b.homeserver,
                telegramApiId: credentials.apiId === undefined ? undefined : pulumi.secret(credentials.apiId),
                telegramApiHash: credentials.apiHash === undefined ? undefined : pulumi.secret(credentials.apiHash),
                ircNetworks: b.type === "matrix-appservice-irc" ? b.networks : undefined,
            });
        }
    };
}

function writeFiles(files: Readonly<Record<string, string>>, outDir: string): void {
    for (const [file, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
        writeFileSync(path.join(outDir, file), content);
    }
}

interface Row {
    readonly program: string;
    readonly hosts: number;
    readonly resources: number;
    readonly synthMs: number;
    readonly firstDeploy: string;
    readonly noOpRerun: string;
}

/** min-max of per-host step counts, e.g. `4` or `0-2`. */
function spread(counts: number[]): string {
    const lo = Math.min(...counts);
    const hi = Math.max(...counts);
    return lo === hi ? String(lo) : `${lo}-${hi}`;
}

async function measure(program: string, run: () => Promise<TestRun>): Promise<Row> {
    const outDir = mkdtempSync(path.join(tmpdir(), "bench-synth-"));
    const started = process.hrtime.bigint();
    const first = await run();
    writeFiles(first.files, outDir);
    const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
    const second = await run();
    rmSync(outDir, { recursive: true, force: true });

    const before = commandInputs(first);
    const after = commandInputs(second);
    const hosts = first.stack.plan.hosts.map((h) => h.name);
    const stepsOf = (host: string) => [...after.keys()].filter((name) => name.startsWith(`${host}-`));
    return {
        program,
        hosts: hosts.length,
        resources: first.resources.length,
        synthMs: Math.round(synthMs),
        firstDeploy: spread(hosts.map((h) => stepsOf(h).length)),
        noOpRerun: spread(hosts.map((h) => stepsOf(h).filter((name) => before.get(name) !== after.get(name)).length)),
    };
}

function table(rows: readonly Row[]): string {
    const header = ["program", "hosts", "resources", "synth ms", "steps/host first deploy", "steps/host no-op re-run"];
    const lines = rows.map((r) => [r.program, String(r.hosts), String(r.resources), String(r.synthMs), r.firstDeploy, r.noOpRerun]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [format(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(format)].join("\n");
}

async function main(): Promise<void> {
    const rows: Row[] = [];
    for (const example of ["all-in-one", "multi-host"]) {
        rows.push(await measure(example, () => Testing.synth(path.join(ROOT, "examples", example), { config: CREDENTIALS })));
    }
    rows.push(await measure("generated (50 hosts)", () => Testing.run(programOf(generated(10)))));
    process.stdout.write(`${table(rows)}\n`);
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
