import { describe, expect, it } from "vitest";
import { BRIDGE_DEFAULTS, HOOKSHOT_WEBHOOK_PORT_DEFAULT } from "../../../sdk/spec/bridge";
import { mergePortRules } from "../../../sdk/plan/ports";
import type { PortRule } from "../../../sdk/plan/types";
import { allInOne, conduit, moreBridges, multiHost } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

/** The default ports of the bridges of allInOne and multiHost. */
const BRIDGE_PORTS = (["mautrix-telegram", "mautrix-whatsapp", "matrix-appservice-irc", "matrix-appservice-discord"] as const).map(
    (module) => BRIDGE_DEFAULTS[module].port,
);
const NEVER_PUBLIC = [...Object.values(BRIDGE_DEFAULTS).map((d) => d.port), HOOKSHOT_WEBHOOK_PORT_DEFAULT, 9010, 5432, 6379, 8008, 6167];

function covering(ports: readonly PortRule[], protocol: PortRule["protocol"], port: number): PortRule[] {
    return ports.filter((r) => r.protocol === protocol && r.from <= port && port <= r.to);
}

describe("port table", () => {
    it.each([
        ["allInOne", allInOne],
        ["multiHost", multiHost],
        ["conduit", conduit],
        ["moreBridges", moreBridges],
    ])("%s: no appservice, database, Redis or listener port is public", (_n, build) => {
        for (const host of planOf(build()).hosts) {
            for (const port of NEVER_PUBLIC) {
                const open = covering(host.ports, "tcp", port).filter((r) => r.exposure === "public");
                expect(open, `${host.name} tcp/${port}`).toEqual([]);
            }
        }
    });

    it("keeps bridge ports on loopback beside the homeserver", () => {
        const host = hostOf(planOf(allInOne()), "matrix");
        for (const port of BRIDGE_PORTS) {
            const rules = covering(host.ports, "tcp", port);
            expect(rules).toHaveLength(1);
            expect(rules[0].exposure).toBe("loopback");
            expect(rules[0].service).toMatch(/^bridge\//);
        }
    });

    it("opens bridge ports to the private network only on a separate bridge host", () => {
        const plan = planOf(multiHost());
        const bridges = hostOf(plan, "bridges");
        for (const port of BRIDGE_PORTS) {
            expect(covering(bridges.ports, "tcp", port).map((r) => r.exposure)).toEqual(["private"]);
        }
        for (const name of ["home", "turn", "web"]) {
            for (const port of BRIDGE_PORTS) expect(covering(hostOf(plan, name).ports, "tcp", port)).toEqual([]);
        }
    });

    it("keeps hookshot's webhook listener on loopback beside nginx, private across hosts, like the newer bridges' ports", () => {
        const plan = planOf(moreBridges());
        const home = hostOf(plan, "home");
        for (const port of [29328, 29320, 29334, 9993, HOOKSHOT_WEBHOOK_PORT_DEFAULT]) {
            expect(covering(home.ports, "tcp", port).map((r) => r.exposure), `home tcp/${port}`).toEqual(["loopback"]);
        }
        const bridges = hostOf(plan, "bridges");
        for (const port of [29319, 9993, 9010]) {
            expect(covering(bridges.ports, "tcp", port).map((r) => r.exposure), `bridges tcp/${port}`).toEqual(["private"]);
        }
        expect(covering(bridges.ports, "tcp", 9010)[0].why).toBe("webhook listener, from nginx on homeserver host home");
    });

    it("opens the TURN relay range as one udp rule and the listeners on tcp and udp", () => {
        const turn = hostOf(planOf(multiHost()), "turn");
        const relay = turn.ports.filter((r) => r.from !== r.to);
        expect(relay).toEqual([expect.objectContaining({ protocol: "udp", from: 50000, to: 50999, exposure: "public" })]);
        for (const port of [3478, 5349]) {
            for (const protocol of ["tcp", "udp"] as const) {
                expect(covering(turn.ports, protocol, port).map((r) => r.exposure)).toEqual(["public"]);
            }
        }
        expect(covering(turn.ports, "tcp", 80).map((r) => r.exposure)).toEqual(["public"]);
    });

    it("opens 8448 only when federation.port8448 is set", () => {
        expect(covering(hostOf(planOf(multiHost()), "home").ports, "tcp", 8448).map((r) => r.exposure)).toEqual(["public"]);
        expect(covering(hostOf(planOf(allInOne()), "matrix").ports, "tcp", 8448)).toEqual([]);
    });

    it("merges the homeserver's, Element's and coturn's 80/443 on one host into one row each, naming every service", () => {
        const host = hostOf(planOf(allInOne()), "matrix");
        const http = covering(host.ports, "tcp", 80);
        const https = covering(host.ports, "tcp", 443);
        expect(http).toHaveLength(1);
        expect(https).toHaveLength(1);
        expect(http[0].service.split(", ").sort()).toEqual(["element/element", "homeserver/hs", "turn/turn"]);
        expect(https[0].service.split(", ").sort()).toEqual(["element/element", "homeserver/hs"]);
        const keys = host.ports.map((r) => `${r.protocol}/${r.from}-${r.to}`);
        expect(new Set(keys).size).toBe(keys.length);
    });

    it("puts Synapse's PostgreSQL and listener on loopback, and Conduit's listener at its own port", () => {
        const synapse = hostOf(planOf(allInOne()), "matrix");
        expect(covering(synapse.ports, "tcp", 5432).map((r) => r.exposure)).toEqual(["loopback"]);
        expect(covering(synapse.ports, "tcp", 8008).map((r) => r.exposure)).toEqual(["loopback"]);
        const conduitHost = hostOf(planOf(conduit()), "conduit");
        expect(covering(conduitHost.ports, "tcp", 6167).map((r) => r.exposure)).toEqual(["loopback"]);
        expect(covering(conduitHost.ports, "tcp", 5432)).toEqual([]);
    });

    it("opens SSH on an existing host's own port", () => {
        const input = allInOne();
        input.hosts = [
            { name: "matrix", provider: "existing", address: "198.51.100.7", port: 2222, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ" },
        ];
        const host = hostOf(planOf(input), "matrix");
        expect(host.ports.filter((r) => r.service === "ssh")).toEqual([
            expect.objectContaining({ protocol: "tcp", from: 2222, to: 2222, exposure: "public" }),
        ]);
    });

    it("lists every row sorted by port, then protocol", () => {
        for (const host of planOf(multiHost()).hosts) {
            const sorted = [...host.ports].sort((a, b) => a.from - b.from || a.to - b.to || a.protocol.localeCompare(b.protocol));
            expect(host.ports).toEqual(sorted);
        }
    });
});

describe("mergePortRules", () => {
    const row = (exposure: PortRule["exposure"], service: string): PortRule => ({
        protocol: "tcp",
        from: 9000,
        to: 9000,
        exposure,
        service,
        why: `${service} needs it`,
    });

    it("merges rows of one exposure, naming each service and reason once", () => {
        expect(mergePortRules([row("public", "a"), row("public", "b"), row("public", "a")])).toEqual([
            { ...row("public", "a"), service: "a, b", why: "a needs it; b needs it" },
        ]);
    });

    it("refuses to widen a loopback port to public", () => {
        expect(() => mergePortRules([row("loopback", "bridge/x"), row("public", "element/y")])).toThrow(
            "port tcp/9000-9000 is loopback for bridge/x but public for element/y",
        );
    });
});
