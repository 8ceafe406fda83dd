// needs: shared
import { describe, expect, it } from "vitest";
import { at, evaluatedHost } from "./helpers/evaluated-fixtures";

/** The JSON an nginx location answers with `return 200 '<json>'`, and its headers. */
function servedJson(location: { extraConfig: string }): { body: unknown; headers: string[] } {
    const match = /return 200 '(.*)';/.exec(location.extraConfig);
    if (!match) throw new Error(`no JSON body in ${location.extraConfig}`);
    const headers = [...location.extraConfig.matchAll(/add_header (.*);/g)].map((m) => m[1]);
    return { body: JSON.parse(match[1]), headers };
}

describe.each([
    { label: "all-in-one/matrix", serverName: "example.org", domain: "matrix.example.org" },
    { label: "multi-host/home", serverName: "example.com", domain: "matrix.example.com" },
])("well-known delegation on $label", ({ label, serverName, domain }) => {
    const config = () => evaluatedHost(label).evaluated.config;
    const vhost = () => at(config(), "services", "nginx", "virtualHosts", serverName) as Record<string, any>;

    it("is served on the server name, with TLS from ACME and on plain HTTP for the switch step's health check", () => {
        expect(vhost()).toMatchObject({ enableACME: true, addSSL: true, forceSSL: false });
        const checks = evaluatedHost(label).rendered.host.healthChecks.http.filter((c) => c.hostHeader === serverName);
        expect(checks.map((c) => c.url)).toEqual(expect.arrayContaining(["http://127.0.0.1/.well-known/matrix/server"]));
    });

    it("/.well-known/matrix/server delegates federation to <domain>:443, readable from any origin", () => {
        const served = servedJson(vhost().locations["= /.well-known/matrix/server"]);
        expect(served.body).toEqual({ "m.server": `${domain}:443` });
        expect(served.headers).toContain("Access-Control-Allow-Origin *");
        expect(vhost().locations["= /.well-known/matrix/server"].extraConfig).toContain("default_type application/json;");
    });

    it("/.well-known/matrix/client points clients at https://<domain>, readable from any origin", () => {
        const served = servedJson(vhost().locations["= /.well-known/matrix/client"]);
        expect(served.body).toEqual({ "m.homeserver": { base_url: `https://${domain}` } });
        expect(served.headers).toContain("Access-Control-Allow-Origin *");
    });
});

describe.each([
    { label: "all-in-one/matrix", elementDomain: "element.example.org", baseUrl: "https://matrix.example.org", serverName: "example.org" },
    { label: "multi-host/web", elementDomain: "chat.example.com", baseUrl: "https://matrix.example.com", serverName: "example.com" },
    { label: "conduit/conduit", elementDomain: "element.example.net", baseUrl: "https://conduit.example.net", serverName: "conduit.example.net" },
])("Element Web on $label", ({ label, elementDomain, baseUrl, serverName }) => {
    const evaluated = () => evaluatedHost(label).evaluated;

    it("is the element-web package, overridden with a config.json pointing at the homeserver", () => {
        const vhost = at(evaluated().config, "services", "nginx", "virtualHosts", elementDomain) as Record<string, any>;
        expect(vhost).toMatchObject({ enableACME: true, forceSSL: true });
        expect(vhost.root).toMatch(/^\/nix\/store\/[0-9a-z]{32}-element-web/);
        const element = evaluated().packages.find((p) => p.path.join("/") === `services/nginx/virtualHosts/${elementDomain}/root`);
        expect(element).toBeDefined();
        expect(element!.args.conf).toMatchObject({
            default_server_config: { "m.homeserver": { base_url: baseUrl, server_name: serverName } },
        });
    });

    it("nginx runs with the recommended settings", () => {
        expect(at(evaluated().config, "services", "nginx")).toMatchObject({
            enable: true,
            recommendedTlsSettings: true,
            recommendedProxySettings: true,
        });
    });
});
