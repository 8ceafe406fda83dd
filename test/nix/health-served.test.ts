// needs: shared
/**
 * Every HTTP health check the switch step runs asks for something the evaluated bundle
 * serves: loopback checks hit the homeserver's own listener; checks with a Host header hit
 * an nginx virtual host of that name, on plain HTTP, at a location that answers with JSON
 * carrying the expected key rather than a redirect.
 */
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { planStack } from "../../sdk/plan";
import type { HttpHealthCheck } from "../../sdk/plan/types";
import { parseStackSpec, type StackSpecInput } from "../../sdk/spec";
import { allInOne, conduit } from "../fixtures/stacks";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";
import { TEST_DEPLOY_KEY, TEST_HOST_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";

type Tree = Record<string, any>;

interface HostUnderTest {
    readonly label: string;
    readonly checks: readonly HttpHealthCheck[];
    readonly config: Tree;
}

const REDIRECT = /\breturn\s+30[1278]\b/;

/** The virtual host nginx picks for a Host header: by attribute name, serverName or alias. */
function virtualHostFor(config: Tree, host: string): Tree | undefined {
    const vhosts = (at(config, "services", "nginx", "virtualHosts") ?? {}) as Record<string, Tree>;
    const entry = Object.entries(vhosts).find(
        ([name, v]) => (v.serverName ?? name) === host || (v.serverAliases ?? []).includes(host),
    );
    return entry?.[1];
}

/** The location nginx picks for a path: an exact match, else the longest prefix (no regex locations here). */
function locationFor(vhost: Tree, path: string): { readonly name: string; readonly location: Tree } | undefined {
    const locations: Record<string, Tree> = vhost.locations ?? {};
    const exact = Object.keys(locations).find((name) => name === `= ${path}`);
    if (exact) return { name: exact, location: locations[exact] };
    const prefix = Object.keys(locations)
        .filter((name) => !name.startsWith("=") && !name.startsWith("~") && path.startsWith(name.replace(/^\^~\s*/, "")))
        .sort((a, b) => b.length - a.length)[0];
    return prefix ? { name: prefix, location: locations[prefix] } : undefined;
}

/** Why nginx would not answer this check with the expected JSON, or null when it would. */
function problemWithNginxCheck(config: Tree, check: HttpHealthCheck): string | null {
    const url = new URL(check.url);
    if (url.protocol !== "http:" || (url.port !== "" && url.port !== "80")) return `${check.url} is not plain HTTP on port 80`;
    const vhost = virtualHostFor(config, check.hostHeader!);
    if (!vhost) return `no virtual host for ${check.hostHeader}`;
    if (vhost.forceSSL || vhost.onlySSL) return `${check.hostHeader} answers plain HTTP with a redirect or not at all`;
    if (vhost.globalRedirect || REDIRECT.test(vhost.extraConfig ?? "")) return `${check.hostHeader} redirects every request`;
    if (Array.isArray(vhost.listen) && !vhost.listen.some((l: Tree) => l.port === 80 && !l.ssl)) {
        return `${check.hostHeader} does not listen on plain port 80`;
    }
    const found = locationFor(vhost, url.pathname);
    if (!found) return `${check.hostHeader} has no location for ${url.pathname}`;
    const text: string = found.location.extraConfig ?? "";
    if (REDIRECT.test(text) || found.location.return) return `${found.name} redirects`;
    const body = /return 200 '(.*)';/.exec(text);
    if (!body) return `${found.name} answers with no JSON document`;
    const document = JSON.parse(body[1]);
    if (!(check.expectJsonKey in document)) return `${found.name} answers without ${check.expectJsonKey}`;
    return null;
}

/** Why the homeserver's own listener (or a worker's) would not take this check, or null when it would. */
function problemWithLoopbackCheck(config: Tree, check: HttpHealthCheck): string | null {
    const url = new URL(check.url);
    const port = Number(url.port);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const workers = (at(config, "services", "matrix-synapse", "workers") ?? {}) as Record<string, Tree>;
    const synapse = [
        ...((at(config, "services", "matrix-synapse", "settings", "listeners") ?? []) as Tree[]),
        ...Object.values(workers).flatMap((w) => (w.worker_listeners ?? []) as Tree[]),
    ];
    const conduitSettings = at(config, "services", "matrix-conduit", "settings", "global") as Tree | undefined;
    // conduwuit's forks take lists of addresses and ports.
    const forkSettings = ["matrix-continuwuity", "matrix-tuwunel"].map((m) => at(config, "services", m, "settings", "global") as Tree | undefined);
    const listening =
        synapse.some((l) => l.port === port && (l.bind_addresses ?? []).includes(host) && l.resources.some((r: Tree) => r.names.includes("client"))) ||
        (conduitSettings !== undefined && conduitSettings.port === port && conduitSettings.address === host) ||
        forkSettings.some((f) => f !== undefined && f.port.includes(port) && f.address.includes(host));
    if (!listening) return `nothing of the homeserver listens on ${host}:${port}`;
    if (!url.pathname.startsWith("/_matrix/client/")) return `${url.pathname} is not a client API path`;
    return null;
}

function problems(host: HostUnderTest): string[] {
    return host.checks.flatMap((check) => {
        const problem = check.hostHeader === undefined ? problemWithLoopbackCheck(host.config, check) : problemWithNginxCheck(host.config, check);
        return problem ? [`${check.url} (Host ${check.hostHeader ?? "-"}): ${problem}`] : [];
    });
}

/** Every host of a stack input, planned, rendered and evaluated. */
function hostsOf(label: string, input: StackSpecInput): HostUnderTest[] {
    const stack = planStack(parseStackSpec(input));
    return stack.hosts.map((host) => ({
        label: `${label}/${host.name}`,
        checks: host.healthChecks.http,
        config: evaluateBundle(renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, hostPublicKey: TEST_HOST_KEY })).config,
    }));
}

const VARIANTS: readonly (readonly [string, (s: StackSpecInput) => void])[] = [
    ["all-in-one without federation", (s) => (s.homeservers![0].federation = { enabled: false })],
    ["all-in-one with delegation on its own domain", (s) => {
        delete s.homeservers![0].domain;
        s.homeservers![0].wellKnownDelegation = true;
    }],
    ["all-in-one with delegation on its own domain and federation on 8448", (s) => {
        delete s.homeservers![0].domain;
        s.homeservers![0].wellKnownDelegation = true;
        s.homeservers![0].federation = { port8448: true };
    }],
    ["all-in-one with delegation on its own domain, without federation", (s) => {
        delete s.homeservers![0].domain;
        s.homeservers![0].wellKnownDelegation = true;
        s.homeservers![0].federation = { enabled: false };
    }],
];

function variantHosts(): HostUnderTest[] {
    const fromAllInOne = VARIANTS.flatMap(([label, edit]) => {
        const input = allInOne();
        edit(input);
        return hostsOf(label, input);
    });
    const conduitDelegated = conduit();
    conduitDelegated.homeservers![0].wellKnownDelegation = true;
    return [...fromAllInOne, ...hostsOf("conduit with delegation on its own domain", conduitDelegated)];
}

describe("every HTTP health check asks for something the bundle serves", () => {
    const fixtures: HostUnderTest[] = evaluatedFixtureHosts().map(({ label, rendered, evaluated }) => ({
        label,
        checks: rendered.host.healthChecks.http,
        config: evaluated.config,
    }));
    const all = [...fixtures, ...variantHosts()];

    it.each(all.map((h) => [h.label, h] as const))("%s", (_label, host) => {
        expect(problems(host)).toEqual([]);
    });

    it("the well-known documents a server name serves are exactly the ones checked (client and server)", () => {
        for (const host of all) {
            const vhosts = (at(host.config, "services", "nginx", "virtualHosts") ?? {}) as Record<string, Tree>;
            const served = Object.entries(vhosts).flatMap(([name, vhost]) =>
                Object.keys(vhost.locations ?? {})
                    .filter((l) => /^= \/\.well-known\/matrix\/(client|server)$/.test(l))
                    .map((l) => `${name} ${l.slice(2)}`),
            );
            const checked = host.checks.filter((c) => c.hostHeader).map((c) => `${c.hostHeader} ${new URL(c.url).pathname}`);
            expect(checked.sort(), host.label).toEqual(served.sort());
        }
    });

    it("catches a check nothing serves, and one answered by a redirect", () => {
        const host = all.find((h) => h.label === "all-in-one/matrix")!;
        const clientCheck = host.checks.find((c) => c.expectJsonKey === "m.homeserver")!;
        expect(problems({ ...host, checks: [{ ...clientCheck, hostHeader: "nowhere.example.org" }] })).toEqual([
            "http://127.0.0.1/.well-known/matrix/client (Host nowhere.example.org): no virtual host for nowhere.example.org",
        ]);
        const config = structuredClone(host.config);
        config.services.nginx.virtualHosts["example.org"].forceSSL = true;
        expect(problems({ ...host, config, checks: [clientCheck] })).toEqual([
            "http://127.0.0.1/.well-known/matrix/client (Host example.org): example.org answers plain HTTP with a redirect or not at all",
        ]);
        expect(problems({ ...host, checks: [{ ...clientCheck, url: "http://127.0.0.1:8009/_matrix/client/versions", hostHeader: undefined }] })).toHaveLength(1);
    });
});

describe("a homeserver domain that also serves the well-known documents", () => {
    const [host] = hostsOf("shared", (() => {
        const input = allInOne();
        delete input.homeservers![0].domain;
        input.homeservers![0].wellKnownDelegation = true;
        return input;
    })());
    const vhost = () => virtualHostFor(host.config, "example.org")!;

    it("answers plain HTTP with the documents and redirects every other path to HTTPS", () => {
        expect(vhost()).toMatchObject({ enableACME: true, addSSL: true, forceSSL: false });
        const locations = vhost().locations as Record<string, Tree>;
        expect(Object.keys(locations).sort()).toEqual([
            "/",
            "/_matrix",
            "/_synapse/client",
            "= /.well-known/matrix/client",
            "= /.well-known/matrix/server",
            "= /.well-known/matrix/support",
        ]);
        for (const [name, location] of Object.entries(locations)) {
            const redirects = /if \(\$scheme = http\) \{\s*return 301 https:\/\/\$host\$request_uri;\s*\}/.test(location.extraConfig ?? "");
            expect(redirects, name).toBe(!name.startsWith("= /.well-known/"));
        }
        expect(locations["/_matrix"].proxyPass).toBe("http://127.0.0.1:8008");
    });
});
