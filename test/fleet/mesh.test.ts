// needs: root
/**
 * The WireGuard mesh on a fleet of real SSH hosts: the library's own mesh key step makes each
 * host's key over SSH, the public keys go into the bundles, and the stand-in activation brings
 * the rendered mesh up with Debian's userspace wireguard-go (standin-mesh.sh). Mesh addresses
 * exist only on wg-matrix: no other route reaches them. The homeserver host's switch checks a
 * handshake with every peer; a peer still on its old key fails it, naming the peer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { MeshPeerFacts } from "../../sdk/nixos/params-mesh";
import type { StackPlan } from "../../sdk/plan/types";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { multiHost } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { runMeshKeySteps } from "./harness/mesh-keys";
import { stackDeploys } from "./stack";

const HOSTS = ["home", "turn", "bridges", "web"];
const input: StackSpecInput = { ...multiHost(), mesh: true };
let fleet: Fleet;
let plan: StackPlan;
let keys: Record<string, MeshPeerFacts> = {};

beforeAll(() => {
    fleet = Fleet.start(HOSTS);
});

stopFleetAfterAll(() => fleet);

/** Runs each host's key step (`fresh`: its create, as on a first deploy or a replace) and keeps the public keys. */
async function runKeySteps(fresh: readonly string[]): Promise<void> {
    plan = stackDeploys(fleet, input).plan;
    keys = await runMeshKeySteps(fleet, plan, fresh);
}

/**
 * Listens once on the bridges host at `address:port` (gone after one connection, or by
 * itself within 10 s) and tells whether home reaches it.
 */
async function oneConnection(address: string, port: string): Promise<boolean> {
    const listen = `import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("${address}", ${port})); s.listen(); c, _ = s.accept(); c.send(b"ok")`;
    await fleet.sh("bridges", `setsid timeout 10 python3 -c '${listen}' </dev/null >/dev/null 2>&1 & sleep 0.5`);
    const reply = await fleet.ssh("home", `timeout 4 bash -c 'exec 3<>/dev/tcp/${address}/${port}; head -c 2 <&3'`);
    return reply.code === 0 && reply.stdout === "ok";
}

const meshAddress = (host: string) => plan.hosts.find((h) => h.name === host)!.privateAddress;

describe("fleet: the WireGuard mesh", () => {
    it("makes each key on its host, prints only the public key, and keeps it on a re-run", async () => {
        await runKeySteps(HOSTS);
        const first = { ...keys };
        await runKeySteps([]);
        expect(keys).toEqual(first);
        for (const host of HOSTS) {
            expect(await fleet.sh(host, "stat -c '%a %U' /var/lib/nixos-matrix/mesh/private.key")).toBe("400 root\n");
            expect(await fleet.sh(host, "wg pubkey </var/lib/nixos-matrix/mesh/private.key")).toBe(`${keys[host].publicKey}\n`);
        }
    });

    it("comes up through the deploy: the homeserver's switch sees a handshake with every peer", async () => {
        const stack = stackDeploys(fleet, input, { meshPeers: keys, healthTimeoutSeconds: 30 });
        const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
        expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
        const handshakes = await fleet.sh("home", "wg show wg-matrix latest-handshakes");
        for (const peer of ["turn", "bridges", "web"]) expect(handshakes).toMatch(new RegExp(`^${keys[peer].publicKey.replace(/[+/]/g, "\\$&")}\\t[1-9]`, "m"));
    });

    it("is the only way to the bridges' appservice port: with the bridges' side down, it is unreachable", async () => {
        const address = meshAddress("bridges");
        const port = plan.registrations.find((r) => r.id === "telegram")!.url.split(":").at(-1)!;
        expect(await fleet.sh("home", `ip route get ${address}`)).toContain("dev wg-matrix");
        expect(await oneConnection(address, port)).toBe(true);
        await fleet.sh("bridges", "ip link set down dev wg-matrix");
        // Another port: this listener is never reached, and leaves by itself.
        expect(await oneConnection(address, String(Number(port) + 100))).toBe(false);
        await fleet.sh("bridges", "ip link set up dev wg-matrix");
        expect(await oneConnection(address, port)).toBe(true);
    });

    it("fails the homeserver's switch, naming the peer, while a rotated peer still runs its old key", async () => {
        await runKeySteps(["bridges"]);
        const stack = stackDeploys(fleet, input, { meshPeers: keys, healthTimeoutSeconds: 8 });
        const run = await deployFleet(fleet, stack.deploys.filter((d) => d.host === "home"), stack.plan.order);
        const error = run.errors.get("home");
        expect(error?.step).toBe("switch");
        expect(error?.message).toContain(`no WireGuard handshake with peer bridges (${meshAddress("bridges")})`);
    });

    it("re-establishes the handshake once every host took the rotated key", async () => {
        const stack = stackDeploys(fleet, input, { meshPeers: keys, healthTimeoutSeconds: 30 });
        const run = await deployFleet(fleet, stack.deploys, stack.plan.order);
        expect([...run.errors.values()].map((e) => e.message)).toEqual([]);
        expect(await fleet.sh("home", "wg show wg-matrix latest-handshakes")).toMatch(new RegExp(`^${keys.bridges.publicKey.replace(/[+/]/g, "\\$&")}\\t[1-9]`, "m"));
    });
});
