// needs: shared
/**
 * homeserver-private-proxy.nix on conduit-forks/tw: Tuwunel binds loopback only, and its Signal
 * bridge runs on host cw, so a socket on tw's mesh address forwards to the loopback listener.
 * Facts kept from systemd: `ListenStream=` takes `address:port` (IPv6 in brackets),
 * `FreeBind=` binds an address the host does not have yet (systemd.socket(5)), and
 * systemd-socket-proxyd forwards each connection of the socket it was handed to `host:port`
 * (systemd-socket-proxyd(8)), installed under `lib/systemd/` of the systemd package; it splits
 * that at the last colon and resolves the rest (src/socket-proxy/socket-proxyd.c,
 * `resolve_remote`), so an IPv6 host goes without brackets: `[::1]` fails to resolve.
 * test/nix/options.test.ts checks these options, as every fixture host's, against options.json.
 */
import { describe, expect, it } from "vitest";
import { MESH_INTERFACE } from "../../sdk/plan/mesh";
import { HOMESERVER_PRIVATE_PROXY_UNIT } from "../../sdk/plan/paths";
import { at, evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";

const UNIT = HOMESERVER_PRIVATE_PROXY_UNIT;
const tw = evaluatedHost("conduit-forks/tw");
const config = tw.evaluated.config;
const twAddress = tw.rendered.host.privateAddress;

describe("homeserver-private-proxy.nix", () => {
    it("listens on the mesh address at the homeserver's port, bound before the address exists", () => {
        expect(twAddress).toMatch(/^10\.81\.0\.\d+$/);
        expect(at(config, "systemd", "sockets", UNIT)).toEqual({
            description: expect.any(String),
            wantedBy: ["sockets.target"],
            listenStreams: [`${twAddress}:6167`],
            socketConfig: { FreeBind: true },
        });
    });

    it("forwards each connection to Tuwunel's loopback listener, as nginx does", () => {
        const service = at(config, "systemd", "services", UNIT) as Record<string, any>;
        expect(service.serviceConfig.ExecStart).toBe("/nix/store/00000000000000000000000000000000-systemd/lib/systemd/systemd-socket-proxyd ::1:6167");
        expect(service.serviceConfig.DynamicUser).toBe(true);
        const locations = at(config, "services", "nginx", "virtualHosts", "tw.example.net", "locations") as Record<string, any>;
        expect(locations["/_matrix"].proxyPass).toBe("http://[::1]:6167");
    });

    it("opens the port on the mesh only, and waits for nothing", () => {
        const opened = at(config, "networking", "firewall", "interfaces", MESH_INTERFACE, "allowedTCPPorts") as number[];
        expect(opened).toContain(6167);
        expect(at(config, "networking", "firewall", "allowedTCPPorts") as number[]).not.toContain(6167);
        const services = at(config, "systemd", "services") as Record<string, any>;
        expect(services.tuwunel.after).toContain("wireguard-wg-matrix.service");
        expect(services[UNIT].after ?? []).not.toContain("wireguard-wg-matrix.service");
        expect(Object.keys(services)).not.toContain(`${UNIT}.socket`);
    });

    it("exists only where a Conduit-family homeserver serves a bridge on another host", () => {
        const withSocket = evaluatedFixtureHosts()
            .filter((h) => at(h.evaluated.config, "systemd", "sockets", UNIT) !== undefined)
            .map((h) => h.label);
        expect(withSocket).toEqual(["conduit-forks/tw"]);
    });
});
