import { describe, expect, it } from "vitest";
import { planStack } from "../../../sdk/plan/plan-stack";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { allInOne, conduit, generated, moreBridges, multiHost } from "../../fixtures/stacks";
import { planOf } from "./helpers";

describe("DNS records", () => {
    it("point every public name of a multi-host stack at the host serving it, A and AAAA", () => {
        const plan = planOf(multiHost());
        expect(plan.dns.map((r) => `${r.fqdn} ${r.type} ${r.host}`)).toEqual([
            "chat.example.com A web",
            "chat.example.com AAAA web",
            "example.com A home",
            "example.com AAAA home",
            "matrix.example.com A home",
            "matrix.example.com AAAA home",
            "turn.example.com A turn",
            "turn.example.com AAAA turn",
        ]);
        for (const record of plan.dns) expect(record.why).not.toBe("");
    });

    it("point a hookshot bridge's own webhook domain at the homeserver's host, whose nginx serves it", () => {
        const plan = planOf(moreBridges());
        expect(plan.dns.filter((r) => r.fqdn === "hooks.example.net").map((r) => `${r.type} ${r.host} ${r.why}`)).toEqual([
            "A home hookshot bridge hooks webhooks",
            "AAAA home hookshot bridge hooks webhooks",
        ]);
        const checks = plan.verify.flatMap((v) => v.checks).map((c) => `${c.check} @${c.host} ${c.service}`);
        expect(checks).toContain("certificate hooks.example.net:443 @home bridge/hooks");
    });

    it("cover every public name the services declare", () => {
        for (const input of [allInOne(), multiHost(), conduit(), generated(3)]) {
            const plan = planOf(input);
            const names = new Set(plan.dns.map((r) => r.fqdn));
            for (const hs of input.homeservers ?? []) {
                expect(names).toContain(hs.domain ?? hs.serverName);
                if ((hs.domain ?? hs.serverName) !== hs.serverName) expect(names).toContain(hs.serverName);
            }
            for (const turn of input.turnServers ?? []) expect(names).toContain(turn.realm);
            for (const element of input.elements ?? []) expect(names).toContain(element.domain);
            const keys = plan.dns.map((r) => `${r.fqdn} ${r.type}`);
            expect(new Set(keys).size).toBe(keys.length);
            expect(keys).toEqual([...keys].sort());
        }
    });

    it("give the server name no record when it is the domain itself", () => {
        const plan = planOf(conduit());
        expect(plan.dns.filter((r) => r.fqdn === "conduit.example.net").map((r) => r.why)).toEqual([
            "homeserver hs domain",
            "homeserver hs domain",
        ]);
    });

    // The spec refuses a domain claimed twice; the plan still does not emit conflicting records.
    it("merge two services of one host under one name and refuse one name on two hosts", () => {
        const spec = parseStackSpec(allInOne());
        const sameHost = { ...spec, elements: [{ ...spec.elements[0], domain: "matrix.example.org" }] };
        const records = planStack(sameHost).dns.filter((r) => r.fqdn === "matrix.example.org");
        expect(records).toHaveLength(2);
        expect(records[0].why).toBe("homeserver hs domain; Element element domain");

        const multi = parseStackSpec(multiHost());
        const otherHost = { ...multi, elements: [{ ...multi.elements[0], domain: "matrix.example.com" }] };
        expect(() => planStack(otherHost)).toThrow("matrix.example.com would point at both host home");
    });

    it("give an existing host only the record type of its address", () => {
        const input = allInOne();
        input.hosts = [
            { name: "matrix", provider: "existing", address: "2001:db8::10", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ" },
        ];
        expect(new Set(planOf(input).dns.map((r) => r.type))).toEqual(new Set(["AAAA"]));
    });
});
