// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { planStack } from "../../sdk/plan";
import { SECRETS_DIR } from "../../sdk/plan/paths";
import { parseStackSpec } from "../../sdk/spec";
import { multiHost } from "../fixtures/stacks";
import { TEST_DEPLOY_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";
import { at, evaluatedHost } from "./helpers/evaluated-fixtures";

describe.each([
    { label: "all-in-one/matrix", realm: "turn.example.org", relay: { from: 49000, to: 50000 }, privateNet: "10.80.0.0-10.80.255.255", challenge: "webroot" },
    { label: "multi-host/turn", realm: "turn.example.com", relay: { from: 50000, to: 50999 }, privateNet: "10.90.0.0-10.90.255.255", challenge: "standalone" },
])("coturn on $label, as the seed but with the secret in a file", ({ label, realm, relay, privateNet, challenge }) => {
    const config = () => evaluatedHost(label).evaluated.config;
    const coturn = () => at(config(), "services", "coturn") as Record<string, unknown>;

    it("authenticates with the shared secret from static-auth-secret-file, never static-auth-secret", () => {
        expect(coturn()["use-auth-secret"]).toBe(true);
        expect(coturn()["static-auth-secret-file"]).toMatch(new RegExp(`^${SECRETS_DIR}/turn-[a-z0-9-]+\\.secret$`));
        expect(coturn()).not.toHaveProperty("static-auth-secret");
    });

    it("keeps the seed's realm, ports, relay range, no-cli and no-tcp-relay", () => {
        expect(coturn()).toMatchObject({
            enable: true,
            realm,
            "listening-port": 3478,
            "tls-listening-port": 5349,
            "min-port": relay.from,
            "max-port": relay.to,
            "no-cli": true,
            "no-tcp-relay": true,
        });
    });

    it("denies private peers (the seed's ranges and the stack's private network) in extraConfig", () => {
        const lines = String(coturn().extraConfig).split("\n");
        expect(lines).toContain("no-multicast-peers");
        expect(lines).toContain("denied-peer-ip=10.0.0.0-10.255.255.255");
        expect(lines).toContain("denied-peer-ip=192.168.0.0-192.168.255.255");
        expect(lines).toContain("denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        expect(lines).toContain(`denied-peer-ip=${privateNet}`);
        expect(lines.filter((l) => l.startsWith("allowed-peer-ip="))).toEqual([]);
    });

    it("uses the realm's ACME certificate, readable by turnserver, reloading coturn on renewal", () => {
        expect(coturn().cert).toBe(`/var/lib/acme/${realm}/full.pem`);
        expect(coturn().pkey).toBe(`/var/lib/acme/${realm}/key.pem`);
        const cert = at(config(), "security", "acme", "certs", realm) as Record<string, unknown>;
        expect(cert.group).toBe("turnserver");
        expect(cert.reloadServices).toEqual(["coturn.service"]);
        if (challenge === "standalone") {
            expect(cert.listenHTTP).toBe(":80");
            expect(cert).not.toHaveProperty("webroot");
        } else {
            // nginx owns port 80 here: lego answers through nginx's challenge root.
            expect(cert.webroot).toBe("/var/lib/acme/acme-challenge");
            expect(at(config(), "services", "nginx", "virtualHosts", realm, "locations", "/.well-known/acme-challenge", "root")).toBe(
                "/var/lib/acme/acme-challenge",
            );
            expect(cert).not.toHaveProperty("listenHTTP");
        }
    });

    it("opens the relay range as one UDP range and the listeners on TCP and UDP, publicly", () => {
        const firewall = at(config(), "networking", "firewall") as Record<string, any>;
        expect(firewall.allowedUDPPortRanges).toEqual([relay]);
        expect(firewall.allowedTCPPorts).toEqual(expect.arrayContaining([80, 3478, 5349]));
        expect(firewall.allowedUDPPorts).toEqual(expect.arrayContaining([3478, 5349]));
        expect(firewall.allowedUDPPorts.filter((p: number) => p >= relay.from && p <= relay.to)).toEqual([]);
    });
});

describe("custom peer ranges", () => {
    it("reach extraConfig as the address ranges coturn reads, CIDR blocks included", () => {
        const input = multiHost();
        input.turnServers![0] = {
            ...input.turnServers![0],
            deniedPeerRanges: ["10.0.0.0/8", "fd00::/8", "203.0.113.5"],
            allowedPeerRanges: ["10.0.0.7"],
        };
        const stack = planStack(parseStackSpec(input));
        const host = stack.hosts.find((h) => h.name === "turn")!;
        const config = evaluateBundle(renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY })).config;
        const lines = String(at(config, "services", "coturn", "extraConfig")).split("\n").filter((l) => l.includes("peer-ip"));
        expect(lines).toEqual([
            "denied-peer-ip=10.0.0.0-10.255.255.255",
            "denied-peer-ip=fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "denied-peer-ip=203.0.113.5",
            "allowed-peer-ip=10.0.0.7",
        ]);
    });
});
