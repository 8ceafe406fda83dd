import { describe, expect, it } from "vitest";
import { bridgeNaming, homeserverDelegates, homeserverDomain, homeserverListenPort } from "../../../sdk/spec/resolved-defaults";
import { planStack } from "../../../sdk/plan";
import { parseStackSpec } from "../../../sdk/spec/stack";
import { variant } from "./base-stack";

const minimal = () => ({
    acme: { email: "admin@example.org" },
    hosts: [
        { name: "main", provider: "hetzner" },
        { name: "old", provider: "existing", address: "2001:db8::1", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ" },
    ],
    homeservers: [{ name: "hs", host: "main", serverName: "example.org" }],
    turnServers: [{ name: "turn", host: "old", realm: "turn.example.org" }],
    elements: [{ name: "web", host: "main", domain: "chat.example.org", homeserver: "hs" }],
    bridges: [
        { id: "wa", type: "mautrix-whatsapp", host: "main", homeserver: "hs" },
        { id: "irc", type: "matrix-appservice-irc", host: "main", homeserver: "hs", networks: [{ address: "irc.libera.chat" }] },
    ],
});

describe("defaults of a minimal stack", () => {
    const spec = parseStackSpec(minimal());

    it("fills the stack-wide defaults", () => {
        expect(spec.name).toBe("matrix");
        expect(spec.privateNetwork).toBe("10.80.0.0/16");
        expect(spec.sshSourceRanges).toEqual(["0.0.0.0/0", "::/0"]);
        expect(spec.acme.staging).toBe(false);
    });

    it("fills host defaults", () => {
        expect(spec.hosts[0]).toEqual({ name: "main", provider: "hetzner", location: "nbg1", volumeSizeGb: 20 });
        expect(spec.hosts[1]).toMatchObject({ user: "root", port: 22 });
    });

    it("gives a Hetzner host a server type Hetzner sells there, by its role: cx33 with a homeserver, cx23 without; cpx outside the EU", () => {
        const twoHosts = parseStackSpec({
            ...minimal(),
            hosts: [
                ...minimal().hosts,
                { name: "relay", provider: "hetzner" },
                { name: "big", provider: "hetzner", serverType: "cpx42" },
                { name: "us", provider: "hetzner", location: "ash" },
            ],
            turnServers: [{ name: "turn", host: "relay", realm: "turn.example.org" }],
            elements: [{ name: "web", host: "us", domain: "chat.example.org", homeserver: "hs" }],
        });
        const serverTypes = Object.fromEntries(
            planStack(twoHosts).hosts.map((h) => [h.name, h.spec.provider === "hetzner" ? h.spec.serverType : h.spec.provider]),
        );
        expect(serverTypes).toEqual({ main: "cx33", old: "existing", relay: "cx23", big: "cpx42", us: "cpx22" });
    });

    it("makes a closed, federating Synapse homeserver on its serverName", () => {
        const hs = spec.homeservers[0];
        expect(hs).toMatchObject({
            implementation: "synapse",
            registrationEnabled: false,
            federation: { enabled: true, port8448: false },
            maxUploadSize: "50M",
            allowDataLoss: false,
        });
        expect(homeserverDomain(hs)).toBe("example.org");
        expect(homeserverDelegates(hs)).toBe(false);
        expect(homeserverListenPort(hs)).toBe(8008);
    });

    it("gives coturn the seed's ports and a 49000-50000 UDP relay range", () => {
        expect(spec.turnServers[0]).toMatchObject({
            relayRange: { from: 49000, to: 50000 },
            listeningPort: 3478,
            tlsListeningPort: 5349,
            noTcpRelay: true,
            allowedPeerRanges: [],
        });
        expect(spec.turnServers[0].deniedPeerRanges).toBeUndefined();
    });

    it("gives Element an empty config overlay and bridges their per-type naming", () => {
        expect(spec.elements[0].config).toEqual({});
        expect(bridgeNaming(spec.bridges[0])).toEqual({ port: 29318, userPrefix: "whatsapp_", botLocalpart: "whatsappbot" });
        expect(spec.bridges[0]).toMatchObject({ credentials: {}, settings: {} });
        const irc = spec.bridges[1];
        if (irc.type !== "matrix-appservice-irc") throw new Error("expected the IRC bridge");
        expect(irc.networks[0]).toEqual({ address: "irc.libera.chat", port: 6697, tls: true, channels: [] });
    });

    it("delegates when the domain differs, and a Conduit listens on 6167", () => {
        const delegated = parseStackSpec(variant(() => {})).homeservers[0];
        expect(homeserverDomain(delegated)).toBe("matrix.example.org");
        expect(homeserverDelegates(delegated)).toBe(true);
        const conduit = parseStackSpec({ ...minimal(), bridges: [], homeservers: [{ name: "hs", host: "main", serverName: "example.org", implementation: "conduit" }] });
        expect(homeserverListenPort(conduit.homeservers[0])).toBe(6167);
    });
});
