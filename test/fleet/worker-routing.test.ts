// needs: shared, root
/**
 * The routing table on real Debian nginx: the evaluated bundle's upstreams, worker
 * locations, token maps and main-process locations rendered into one config; every path of
 * Synapse's documented endpoint list must reach a worker of the role serving it, and every
 * unlisted path the main process. nginx and the stand-in backends run in a network
 * namespace of their own, on the planned loopback ports.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { planStack } from "../../sdk/plan";
import { parseStackSpec } from "../../sdk/spec";
import { allInOne } from "../fixtures/stacks";
import { evaluateBundle } from "../nix/helpers/nix-tools";
import { TEST_DEPLOY_KEY, TEST_HOST_KEY } from "../nix/helpers/fixture-bundles";
import { DOCUMENTED_ENDPOINTS, UNLISTED } from "../unit/plan/data/synapse-worker-endpoints";

type Tree = Record<string, any>;

const LISTEN = 8080;
const DOMAIN = "matrix.example.org";

function stackWithWorkers() {
    const input = allInOne() as Tree;
    input.homeservers[0].workers = "large-rooms";
    return planStack(parseStackSpec(input));
}

/** nginx's config for the homeserver's virtual host, as the evaluated bundle has it (plain HTTP). */
function renderNginx(config: Tree, dir: string, domain: string): string {
    const nginx = config.services.nginx;
    const upstreams = Object.entries(nginx.upstreams as Record<string, Tree>).map(
        ([name, u]) => `upstream ${name} {\n${u.extraConfig}\n${Object.keys(u.servers).map((s) => `server ${s};`).join("\n")}\n}`,
    );
    const locations = Object.entries(nginx.virtualHosts[domain].locations as Record<string, Tree>)
        .filter(([, l]) => l.proxyPass)
        .sort(([a, la], [b, lb]) => (la.priority ?? 1000) - (lb.priority ?? 1000) || (a < b ? -1 : 1))
        .map(([name, l]) => `location ${name} { proxy_pass ${l.proxyPass}; }`);
    return [
        `pid ${dir}/nginx.pid;`,
        "events {}",
        "http {",
        `access_log off; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;`,
        `fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
        nginx.appendHttpConfig,
        ...upstreams,
        `server { listen 127.0.0.1:${LISTEN}; server_name ${domain};`,
        ...locations,
        "}",
        "}",
    ].join("\n");
}

describe("worker routes on Debian's nginx", () => {
    const stack = stackWithWorkers();
    const host = stack.hosts.find((h) => h.services.homeservers.length > 0)!;
    const workers = stack.workers[0];
    const roleByPort = new Map<number | string, string>(workers.instances.map((w) => [w.port, w.type]));
    roleByPort.set(8008, "main");
    let dir: string;
    let answers: Record<string, number | string>;

    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), "worker-routing-"));
        const config = evaluateBundle(renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, hostPublicKey: TEST_HOST_KEY })).config as Tree;
        const probe = {
            dir,
            nginxConfig: renderNginx(config, dir, DOMAIN),
            listen: LISTEN,
            backends: [...roleByPort.keys()],
            host: DOMAIN,
            paths: [...DOCUMENTED_ENDPOINTS.map(([p]) => p), ...UNLISTED.filter((p) => p.startsWith("/_matrix") || p.startsWith("/_synapse/client"))],
        };
        const out = execFileSync("unshare", ["-n", "python3", path.join(__dirname, "real", "routing-probe.py"), JSON.stringify(probe)], { encoding: "utf8" });
        answers = JSON.parse(out);
    }, 120_000);

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("runs every routed role of the large-rooms preset", () => {
        expect(DOMAIN).toBe(host.services.homeservers[0].domain);
        const running = new Set(workers.instances.map((w) => w.type));
        for (const [, role] of DOCUMENTED_ENDPOINTS) expect(running.has(role), role).toBe(true);
    });

    it.each(DOCUMENTED_ENDPOINTS.map(([p, role]) => [p, role] as const))("%s reaches %s", (p, role) => {
        expect(roleByPort.get(answers[p])).toBe(role);
    });

    it.each(UNLISTED.filter((p) => p.startsWith("/_matrix") || p.startsWith("/_synapse/client")).map((p) => [p]))("%s reaches the main process", (p) => {
        expect(roleByPort.get(answers[p])).toBe("main");
    });
});
