import { describe, expect, it } from "vitest";
import { hostParams } from "../../../sdk/nixos";
import { cloudFirewallRules } from "../../../sdk/plan/firewall";
import { MESH_INTERFACE, MESH_PRIVATE_KEY_FILE } from "../../../sdk/plan/mesh";
import type { HostPlan } from "../../../sdk/plan/types";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { allInOne, generated, multiHost } from "../../fixtures/stacks";
import { baseStack, variant } from "../spec/base-stack";
import { hostOf, planOf } from "./helpers";

const withMesh = (edit: (s: any) => void) => variant(edit) as StackSpecInput;

describe("the mesh", () => {
    it("is on for a stack of several hosts and off for one host", () => {
        expect(planOf(baseStack()).hosts.every((h) => h.mesh !== null)).toBe(true);
        expect(planOf(allInOne()).hosts.map((h) => h.mesh)).toEqual([null]);
        expect(planOf(allInOne()).meshNetwork).toBeNull();
        expect(planOf(withMesh((s) => (s.mesh = false))).hosts.every((h) => h.mesh === null)).toBe(true);
    });

    it("makes each host's privateAddress its mesh address, keeping its network address apart", () => {
        const plan = planOf(baseStack());
        expect(plan.hosts.map((h) => [h.name, h.privateAddress, h.networkAddress])).toEqual([
            ["main", "10.81.0.1", "10.80.0.2"],
            ["edge", "10.81.0.2", "10.80.0.10"],
        ]);
        expect(hostOf(plan, "main").mesh).toMatchObject({ interface: MESH_INTERFACE, address: "10.81.0.1", prefixLength: 24, listenPort: 51820, privateKeyFile: MESH_PRIVATE_KEY_FILE });
    });

    it("points registration URLs at mesh addresses", () => {
        const plan = planOf(baseStack());
        const remote = plan.registrations.filter((r) => r.bridgeHost === "edge");
        expect(remote.map((r) => r.url).sort()).toEqual(["http://10.81.0.2:29318", "http://10.81.0.2:8009"]);
    });

    it("peers every host with every other, at its public address, or its private one on a shared LAN", () => {
        const plan = planOf(baseStack());
        expect(hostOf(plan, "main").mesh?.peers).toEqual([{ host: "edge", address: "10.81.0.2", endpoint: "203.0.113.10", port: 51820 }]);
        // A Hetzner host's public address is the cloud's to assign: filled in at deploy time.
        expect(hostOf(plan, "edge").mesh?.peers).toEqual([{ host: "main", address: "10.81.0.1", endpoint: null, port: 51820 }]);
        const lan = planOf(withMesh((s) => (s.meshEndpoints = "private")));
        expect(hostOf(lan, "main").mesh?.peers.map((p) => p.endpoint)).toEqual(["10.80.0.10"]);
        expect(hostOf(lan, "edge").mesh?.peers.map((p) => p.endpoint)).toEqual(["10.80.0.2"]);
    });

    it("changes only peer lists when a host is added", () => {
        const before = planOf(baseStack());
        const after = planOf(
            withMesh((s) => s.hosts.push({ ...s.hosts[1], name: "extra", address: "198.51.100.20", privateAddress: "10.80.0.20" })),
        );
        const withoutPeers = (h: HostPlan) => ({ ...h, mesh: { ...h.mesh, peers: [] }, healthChecks: { ...h.healthChecks, mesh: undefined } });
        for (const host of before.hosts) {
            const grown = hostOf(after, host.name);
            expect(withoutPeers(grown)).toEqual(withoutPeers(host));
            expect(grown.mesh?.peers.map((p) => p.host)).toEqual([...(host.mesh?.peers.map((p) => p.host) ?? []), "extra"]);
        }
    });

    it("opens every private port on the mesh interface only, and nothing private on a public interface", () => {
        for (const input of [baseStack(), multiHost(), generated()]) {
            const plan = planOf(input);
            for (const host of plan.hosts) {
                const params = hostParams(host, plan);
                expect(params.host.privateInterface).toBe(MESH_INTERFACE);
                const privatePorts = host.ports.filter((p) => p.exposure === "private").map((p) => p.from);
                expect(params.firewall.private.tcp).toEqual([...new Set(privatePorts)].sort((a, b) => a - b));
                for (const port of privatePorts) {
                    expect(params.firewall.public.tcp).not.toContain(port);
                    expect(cloudFirewallRules(host, plan.sshSourceRanges).map((r) => r.port)).not.toContain(String(port));
                }
            }
        }
    });

    it("adds its WireGuard port as the only public UDP row it brings", () => {
        const plan = planOf(baseStack());
        const rows = hostOf(plan, "main").ports.filter((p) => p.service === "mesh");
        expect(rows).toEqual([expect.objectContaining({ protocol: "udp", from: 51820, to: 51820, exposure: "public" })]);
        expect(cloudFirewallRules(hostOf(plan, "main"), plan.sshSourceRanges).filter((r) => r.port === "51820")).toHaveLength(1);
    });

    it("is in the TURN server's default denied peers", () => {
        const plan = planOf(baseStack());
        const coturn = hostParams(hostOf(plan, "edge"), plan).coturn;
        expect(coturn?.deniedPeerIps).toContain("10.81.0.0-10.81.0.255");
        expect(coturn?.deniedPeerIps).toContain("10.80.0.0-10.80.255.255");
        const noMesh = planOf(withMesh((s) => (s.mesh = false)));
        expect(hostParams(hostOf(noMesh, "edge"), noMesh).coturn?.deniedPeerIps).not.toContain("10.81.0.0-10.81.0.255");
    });

    it("has each host check a handshake with every peer that switched before it, naming it", () => {
        const plan = planOf(multiHost());
        expect(plan.rollout).toEqual([["turn", "bridges", "web"], ["home"]]);
        expect(hostOf(plan, "home").healthChecks.mesh).toEqual({
            interface: MESH_INTERFACE,
            peers: ["turn", "bridges", "web"].map((h) => ({ host: h, address: hostOf(plan, h).privateAddress })),
            maxHandshakeAgeSeconds: 180,
        });
        // Same-level peers may still be switching: they are checked by the hosts after them.
        for (const host of ["turn", "bridges", "web"]) expect(hostOf(plan, host).healthChecks.mesh).toBeUndefined();
        expect(hostOf(planOf(allInOne()), "matrix").healthChecks.mesh).toBeUndefined();
    });
});
