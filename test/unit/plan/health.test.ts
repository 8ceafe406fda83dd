import { describe, expect, it } from "vitest";
import { allInOne, conduit, multiHost } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

describe("health checks", () => {
    it("check every unit and the homeserver's APIs on an all-in-one host", () => {
        const checks = hostOf(planOf(allInOne()), "matrix").healthChecks;
        expect(checks.units).toEqual([
            "coturn.service",
            "matrix-appservice-discord.service",
            "matrix-appservice-irc.service",
            "matrix-synapse.service",
            "mautrix-telegram.service",
            "mautrix-whatsapp.service",
            "nginx.service",
            "postgresql.service",
        ]);
        expect(checks.http).toEqual([
            { url: "http://127.0.0.1/.well-known/matrix/client", hostHeader: "example.org", expectJsonKey: "m.homeserver" },
            { url: "http://127.0.0.1/.well-known/matrix/server", hostHeader: "example.org", expectJsonKey: "m.server" },
            { url: "http://127.0.0.1:8008/_matrix/client/versions", expectJsonKey: "versions" },
        ]);
    });

    it("check only what each host of a multi-host stack runs", () => {
        const plan = planOf(multiHost());
        expect(hostOf(plan, "turn").healthChecks).toEqual({ units: ["coturn.service"], http: [], secretReaders: ["coturn.service"] });
        expect(hostOf(plan, "web").healthChecks).toEqual({ units: ["nginx.service"], http: [], secretReaders: [] });
        expect(hostOf(plan, "bridges").healthChecks.units).toEqual([
            "matrix-appservice-discord.service",
            "matrix-appservice-irc.service",
            "mautrix-telegram.service",
            "mautrix-whatsapp.service",
        ]);
        expect(hostOf(plan, "home").healthChecks.units).toEqual(["matrix-synapse.service", "nginx.service", "postgresql.service"]);
    });

    it("restart on a secrets change only the units that read secrets, never PostgreSQL under a running Synapse", () => {
        const plan = planOf(multiHost());
        expect(hostOf(plan, "home").healthChecks.secretReaders).toEqual(["matrix-synapse.service"]);
        expect(hostOf(plan, "bridges").healthChecks.secretReaders).toEqual(hostOf(plan, "bridges").healthChecks.units);
        expect(hostOf(planOf(conduit()), "conduit").healthChecks.secretReaders).toEqual(["conduit.service", "coturn.service", "mautrix-telegram.service"]);
    });

    it("check Conduit at its own loopback listener, with no well-known checks without delegation", () => {
        const checks = hostOf(planOf(conduit()), "conduit").healthChecks;
        expect(checks.units).toEqual(["conduit.service", "coturn.service", "mautrix-telegram.service", "nginx.service"]);
        expect(checks.http).toEqual([{ url: "http://[::1]:6167/_matrix/client/versions", expectJsonKey: "versions" }]);
    });

    it("ask for m.server only where federation is on: without it no m.server document is served", () => {
        const input = allInOne();
        input.homeservers![0].federation = { enabled: false };
        const checks = hostOf(planOf(input), "matrix").healthChecks;
        expect(checks.http.map((c) => c.expectJsonKey)).not.toContain("m.server");
        expect(checks.http).toContainEqual({
            url: "http://127.0.0.1/.well-known/matrix/client",
            hostHeader: "example.org",
            expectJsonKey: "m.homeserver",
        });
    });

    it("ask the server name's virtual host for the well-known documents also when it is the homeserver's domain", () => {
        const input = allInOne();
        delete input.homeservers![0].domain;
        input.homeservers![0].wellKnownDelegation = true;
        const checks = hostOf(planOf(input), "matrix").healthChecks;
        expect(checks.http.filter((c) => c.hostHeader !== undefined)).toEqual([
            { url: "http://127.0.0.1/.well-known/matrix/client", hostHeader: "example.org", expectJsonKey: "m.homeserver" },
            { url: "http://127.0.0.1/.well-known/matrix/server", hostHeader: "example.org", expectJsonKey: "m.server" },
        ]);
    });
});
