import { beforeAll, describe, expect, it } from "vitest";
import type { TestRun } from "../../sdk/synth/testing";
import { COMMAND, named, ofType, runExample, unwrap } from "./harness";

const FIREWALL = "hcloud:index/firewall:Firewall";
const RRSET = "hcloud:index/zoneRrset:ZoneRrset";
const VOLUME = "hcloud:index/volume:Volume";
const SERVER_NETWORK = "hcloud:index/serverNetwork:ServerNetwork";

interface Rule {
    direction: string;
    protocol: string;
    port: string;
    sourceIps: string[];
}

function rules(run: TestRun, host: string): Rule[] {
    return named(run, FIREWALL, `${host}-firewall`).inputs.rules as Rule[];
}

function openPorts(run: TestRun, host: string): string[] {
    return rules(run, host).map((r) => `${r.protocol}/${r.port}`).sort();
}

describe("all-in-one", () => {
    let run: TestRun;
    beforeAll(async () => {
        run = await runExample("all-in-one");
    });

    it("opens exactly SSH, HTTP(S), TURN and the relay range (one rule) in the cloud firewall", () => {
        expect(openPorts(run, "matrix")).toEqual(
            ["tcp/22", "tcp/3478", "tcp/443", "tcp/5349", "tcp/80", "udp/3478", "udp/49000-50000", "udp/5349"].sort(),
        );
        expect(rules(run, "matrix").find((r) => r.port === "22")!.sourceIps).toEqual(["0.0.0.0/0", "::/0"]);
        for (const rule of rules(run, "matrix")) expect(rule.direction).toBe("in");
    });

    it("creates one A and one AAAA rrset per public name, relative to the zone, '@' for the apex", () => {
        const rrsets = ofType(run, RRSET).map((r) => ({
            zone: r.inputs.zone,
            name: r.inputs.name,
            type: r.inputs.type,
            ttl: r.inputs.ttl,
            records: r.inputs.records,
        }));
        const names = ["@", "element", "matrix", "turn"];
        expect(rrsets.map((r) => `${r.name} ${r.type}`).sort()).toEqual(names.flatMap((n) => [`${n} A`, `${n} AAAA`]).sort());
        for (const r of rrsets) {
            expect(r.zone).toBe("example.org");
            expect(r.ttl).toBeGreaterThanOrEqual(60);
            expect(r.name).toBe(String(r.name).toLowerCase());
            expect(r.records).toEqual([{ value: r.type === "A" ? "<ipv4 of matrix>" : "<ipv6 of matrix>" }]);
        }
    });

    it("keeps state on a 20 GB Volume and attaches the server at the plan's private address", () => {
        expect(named(run, VOLUME, "matrix-state").inputs).toMatchObject({ size: 20, deleteProtection: true, format: "ext4" });
        const attachment = named(run, SERVER_NETWORK, "matrix-network");
        expect(attachment.inputs.ip).toBe("10.80.0.2");
        expect(typeof attachment.inputs.serverId).toBe("number");
        expect(typeof attachment.inputs.networkId).toBe("number");
    });

    it("waits for the server and its network attachment before the first remote step", () => {
        const wait = named(run, COMMAND, "matrix-wait");
        expect(wait.dependencies).toContain(named(run, "hcloud:index/server:Server", "matrix-server").urn);
        expect(wait.dependencies).toContain(named(run, SERVER_NETWORK, "matrix-network").urn);
    });
});

describe("multi-host", () => {
    let run: TestRun;
    beforeAll(async () => {
        run = await runExample("multi-host");
    });

    it("opens federation 8448 only on the homeserver host, the relay range only on the TURN host, nothing but SSH and the mesh on the bridges host", () => {
        expect(openPorts(run, "home")).toEqual(["tcp/22", "tcp/443", "tcp/80", "tcp/8448", "udp/51820"].sort());
        expect(openPorts(run, "turn")).toEqual(["tcp/22", "tcp/3478", "tcp/5349", "tcp/80", "udp/3478", "udp/50000-50999", "udp/51820", "udp/5349"].sort());
        expect(openPorts(run, "bridges")).toEqual(["tcp/22", "udp/51820"]);
        expect(openPorts(run, "web")).toEqual(["tcp/22", "tcp/443", "tcp/80", "udp/51820"].sort());
    });

    it("allows SSH only from the configured ranges", () => {
        for (const host of ["home", "turn", "bridges", "web"]) {
            expect(rules(run, host).find((r) => r.port === "22")!.sourceIps).toEqual(["2001:db8::/32", "203.0.113.0/24"]);
        }
    });

    it("puts hosts at deterministic network addresses and registers bridges at their mesh URLs", () => {
        const ips = ["home", "turn", "bridges", "web"].map((h) => named(run, SERVER_NETWORK, `${h}-network`).inputs.ip);
        expect(ips).toEqual(["10.90.0.2", "10.90.0.3", "10.90.0.4", "10.90.0.5"]);
        const telegram = run.stack.plan.registrations.find((r) => r.id === "telegram")!;
        expect(telegram).toMatchObject({ url: "http://10.81.0.3:29317", bridgeHost: "bridges", homeserverHost: "home" });
    });

    it("sizes Volumes from args: 50 GB on home, none on web", () => {
        expect(named(run, VOLUME, "home-state").inputs.size).toBe(50);
        expect(ofType(run, VOLUME).map((v) => v.name)).not.toContain("web-state");
    });

    it("delivers the same registration to the bridge host and the homeserver host", () => {
        const stdin = (host: string) => JSON.parse(unwrap(named(run, COMMAND, `${host}-secrets`).inputs.stdin) as string) as Record<string, string>;
        const telegram = run.stack.plan.registrations.find((r) => r.id === "telegram")!;
        expect(stdin("home")[telegram.homeserverPath]).toBe(stdin("bridges")[telegram.bridgePath]);
    });
});

describe("existing-hosts", () => {
    let run: TestRun;
    beforeAll(async () => {
        run = await runExample("existing-hosts", { alphaAddress: "198.51.100.7" });
    });

    it("creates no cloud resource and no key, only remote steps, secrets and the data guard", () => {
        const types = new Set(run.resources.map((r) => r.type));
        expect([...types].sort()).toEqual([COMMAND, "random:index/randomId:RandomId", "random:index/randomPassword:RandomPassword"]);
    });

    it("connects to the given address with the given pinned host key", () => {
        const connection = unwrap(named(run, COMMAND, "alpha-wait").inputs.connection) as Record<string, unknown>;
        expect(connection.host).toBe("198.51.100.7");
        expect(connection.hostKey).toBe("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ");
    });

    it("lists DNS records with the real address for DNS hosted elsewhere", () => {
        const summary = JSON.parse(run.files["summary.json"]) as { dns: { name: string; type: string; value: string }[] };
        expect(summary.dns).toContainEqual({ name: "matrix.example.org", type: "A", value: "198.51.100.7" });
        expect(ofType(run, RRSET)).toEqual([]);
    });
});

describe("conduit", () => {
    let run: TestRun;
    beforeAll(async () => {
        run = await runExample("conduit");
    });

    it("runs Conduit with TURN, Element and Telegram, registered by its bootstrap step through #admins", () => {
        const [host] = run.stack.plan.hosts;
        expect(host.services.homeservers[0].implementation).toBe("conduit");
        expect(run.stack.plan.registrations.map((r) => r.id)).toEqual(["telegram"]);
        expect(openPorts(run, "conduit")).toContain("udp/49000-50000");
        const [bootstrap] = run.stack.plan.bootstrap;
        expect(bootstrap.conduit?.appservices.map((a) => a.id)).toEqual(["telegram"]);
        expect(bootstrap.admins.map((a) => a.userId)).toEqual(["@admin:conduit.example.net"]);
        expect(named(run, COMMAND, "hs-bootstrap").dependencies).toContain(named(run, COMMAND, "conduit-switch").urn);
    });
});

describe("DNS zone handling", () => {
    it("creates the zone when asked and puts every rrset in it", async () => {
        const run = await runExample("multi-host", { "nixos-matrix:createDnsZone": "true", "nixos-matrix:dnsTtl": "120" });
        const [zone] = ofType(run, "hcloud:index/zone:Zone");
        expect(zone.inputs).toMatchObject({ name: "example.com", mode: "primary", ttl: 120 });
        const rrsets = ofType(run, RRSET);
        expect(rrsets.length).toBeGreaterThan(0);
        for (const rrset of rrsets) {
            expect(rrset.inputs.zone).toBe("example.com");
            expect(rrset.inputs.ttl).toBe(120);
            expect(rrset.dependencies).toContain(zone.urn);
        }
    });

    it("uses an existing zone by name without creating one", async () => {
        const run = await runExample("multi-host");
        expect(ofType(run, "hcloud:index/zone:Zone")).toEqual([]);
        expect(new Set(ofType(run, RRSET).map((r) => r.inputs.zone))).toEqual(new Set(["example.com"]));
    });
});
