import { describe, expect, it } from "vitest";
import { planStack } from "../../../sdk/plan/plan-stack";
import { parseStackSpec, type StackSpecInput } from "../../../sdk/spec/stack";
import { allInOne, conduit, generated, multiHost } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

const FIXTURES: [string, () => StackSpecInput][] = [
    ["allInOne", allInOne],
    ["multiHost", multiHost],
    ["conduit", conduit],
    ["generated", () => generated()],
];

describe("planStack", () => {
    it.each(FIXTURES)("%s: planning twice gives equal plans with identical JSON (key order included)", (_n, build) => {
        const first = planStack(parseStackSpec(build()));
        const second = planStack(parseStackSpec(build()));
        expect(second).toEqual(first);
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });

    it.each(FIXTURES)("%s: does not depend on the order services are declared in", (_n, build) => {
        const input = build();
        const reversed: StackSpecInput = {
            ...input,
            homeservers: [...(input.homeservers ?? [])].reverse(),
            turnServers: [...(input.turnServers ?? [])].reverse(),
            elements: [...(input.elements ?? [])].reverse(),
            bridges: [...(input.bridges ?? [])].reverse(),
        };
        const a = planOf(input);
        const b = planOf(reversed);
        expect(JSON.stringify(b.secrets.map((s) => s.name))).toBe(JSON.stringify(a.secrets.map((s) => s.name)));
        expect(b.registrations.map((r) => r.id)).toEqual(a.registrations.map((r) => r.id));
        expect(b.dns).toEqual(a.dns);
        for (const host of a.hosts) {
            const other = hostOf(b, host.name);
            expect(other.ports).toEqual(host.ports);
            expect(other.secretFiles).toEqual(host.secretFiles);
            expect(other.healthChecks).toEqual(host.healthChecks);
        }
    });

    it("plans one HostPlan per host, in declaration order, with resolved services", () => {
        const plan = planOf(multiHost());
        expect(plan.name).toBe("multi");
        expect(plan.privateNetwork).toBe("10.90.0.0/16");
        expect(plan.order).toEqual([]);
        expect(plan.hosts.map((h) => h.name)).toEqual(["home", "turn", "bridges", "web"]);
        const home = hostOf(plan, "home");
        expect(home.services.homeservers).toEqual([
            expect.objectContaining({ name: "hs", domain: "matrix.example.com", listenPort: 8008, wellKnownDelegation: true }),
        ]);
        expect(hostOf(plan, "bridges").services.bridges.map((b) => [b.id, b.port, b.userPrefix, b.botLocalpart])).toEqual([
            ["telegram", 29317, "telegram_", "telegrambot"],
            ["whatsapp", 29318, "whatsapp_", "whatsappbot"],
            ["irc", 8009, "irc_", "ircbot"],
            ["discord", 9005, "_discord_", "discordbot"],
        ]);
        const turn = hostOf(plan, "turn").services.turnServers[0];
        expect(turn.deniedPeerRanges).toContain("10.90.0.0-10.90.255.255");
        expect(turn.deniedPeerRanges).toContain("192.168.0.0-192.168.255.255");
        expect(home.acme).toEqual({ email: "admin@example.org", staging: true });
    });

    it("keeps a user's explicit deniedPeerRanges and wellKnownDelegation", () => {
        const input = multiHost();
        input.turnServers = [{ ...input.turnServers![0], deniedPeerRanges: ["10.0.0.0/8"] }];
        input.homeservers = [{ ...input.homeservers![0], wellKnownDelegation: false }];
        const plan = planOf(input);
        expect(hostOf(plan, "turn").services.turnServers[0].deniedPeerRanges).toEqual(["10.0.0.0/8"]);
        expect(plan.dns.map((r) => r.fqdn)).not.toContain("example.com");
        expect(hostOf(plan, "home").healthChecks.http.map((c) => c.expectJsonKey)).toEqual(["versions"]);
    });

    it("plans a 10-homeserver, 50-host stack with every bridge wired across hosts", () => {
        const plan = planOf(generated());
        expect(plan.hosts).toHaveLength(50);
        expect(plan.registrations).toHaveLength(30);
        for (const reg of plan.registrations) {
            expect(reg.bridgeHost).not.toBe(reg.homeserverHost);
            expect(reg.url).toBe(`http://${hostOf(plan, reg.bridgeHost).privateAddress}:${reg.url.split(":").pop()}`);
            expect(hostOf(plan, reg.homeserverHost).registrations.asHomeserver).toContain(reg.id);
        }
        expect(plan.dns).toHaveLength(10 * 4 * 2);
    });
});
