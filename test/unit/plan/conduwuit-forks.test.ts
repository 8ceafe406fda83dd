import { describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand } from "../../../sdk/deploy/bootstrap-step";
import { pinArgs } from "../../../sdk/deploy/pin-args";
import { hostParams } from "../../../sdk/nixos/params";
import { conduitForks } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

const SECRETS = "/var/lib/nixos-matrix/secrets";

/**
 * continuwuity and Tuwunel, as conduwuit's forks document themselves: commands to
 * `@conduit:<server>` in `#admins` start with `!admin appservices`; each reads settings from
 * its own prefix (continuwuity's src/core/config/mod.rs merges `CONTINUWUITY_`, Tuwunel's
 * loader `TUWUNEL_`); continuwuity's first user needs the one-time token it logs.
 */
describe("continuwuity and Tuwunel (fixture conduit-forks)", () => {
    const plan = planOf(conduitForks());
    const run = (hs: string) => plan.bootstrap.find((r) => r.homeserver === hs)!;

    it("bootstraps each through its admin room with its own commands", () => {
        expect(plan.bootstrap.map((r) => [r.homeserver, r.implementation, r.homeserverUrl])).toEqual([
            ["cw", "continuwuity", "http://[::1]:6167"],
            ["tw", "tuwunel", "http://[::1]:6167"],
        ]);
        for (const hs of ["cw", "tw"]) {
            expect(run(hs).conduit!.commands).toEqual({ register: "!admin appservices register", unregister: "!admin appservices unregister", list: "!admin appservices list" });
            expect(run(hs).conduit!.adminBot).toBe(`@conduit:${hs}.example.net`);
        }
        expect(run("cw").conduit!.firstRunToken).toEqual({ unit: "continuwuity.service", line: "using the registration token" });
        expect(run("tw").conduit!.firstRunToken).toBeUndefined();
        // Signal runs on cw's host but belongs to tw: registered on tw, from tw's copy.
        expect(run("tw").conduit!.appservices).toEqual([{ id: "signal", registrationFile: `${SECRETS}/registrations/signal.yaml` }]);
        expect(bootstrapCommand(bootstrapArgs(run("cw"), []))).toContain("first_run_token");
        // A bridge on another host comes over the private network, to tw's private socket.
        const twAddress = hostOf(plan, "tw").privateAddress;
        expect(plan.registrations.find((r) => r.id === "signal")!.homeserverUrl).toBe(`http://${twAddress}:6167`);
        expect(plan.registrations.find((r) => r.id === "telegram")!.homeserverUrl).toBe("http://[::1]:6167");
    });

    it("opens tw's listener on the private address through a socket, for Signal on the other host", () => {
        const twAddress = hostOf(plan, "tw").privateAddress;
        expect(hostOf(plan, "tw").ports.find((p) => p.from === 6167)?.exposure).toBe("private");
        expect(hostOf(plan, "cw").ports.find((p) => p.from === 6167)?.exposure).toBe("loopback");
        expect(hostParams(hostOf(plan, "tw"), plan).homeserverPrivateProxy).toEqual({
            unit: "nixos-matrix-homeserver-private",
            listen: `${twAddress}:6167`,
            upstream: "::1:6167",
        });
        expect(hostParams(hostOf(plan, "cw"), plan).homeserverPrivateProxy).toBeNull();
        const tw = hostOf(plan, "tw").healthChecks;
        expect(tw.units).toContain("nixos-matrix-homeserver-private.socket");
        expect(tw.secretReaders).not.toContain("nixos-matrix-homeserver-private.socket");
        expect(hostOf(plan, "cw").healthChecks.units).not.toContain("nixos-matrix-homeserver-private.socket");
    });

    it("gives each its own module, unit, environment prefix and health unit", () => {
        const cw = hostParams(hostOf(plan, "cw"), plan);
        const tw = hostParams(hostOf(plan, "tw"), plan);
        expect([cw.conduit, tw.conduit]).toEqual([null, null]);
        expect(cw.conduwuit).toMatchObject({ service: "matrix-continuwuity", unit: "continuwuity", port: 6167, allowRegistration: true, extraSettings: {} });
        expect(tw.conduwuit).toMatchObject({ service: "matrix-tuwunel", unit: "tuwunel", extraSettings: { grant_admin_to_first_user: true } });
        const env = (host: string, hs: string) => hostOf(plan, host).secretFiles.find((f) => f.path === `${SECRETS}/conduit-${hs}.env`)!.content;
        expect(env("cw", "cw")).toEqual({
            kind: "env",
            vars: {
                CONTINUWUITY_REGISTRATION_TOKEN: { $secret: "homeserver/cw/registration-token" },
                CONTINUWUITY_TURN_SECRET: { $secret: "turn/turn/static-auth-secret" },
            },
        });
        expect(env("tw", "tw")).toEqual({ kind: "env", vars: { TUWUNEL_REGISTRATION_TOKEN: { $secret: "homeserver/tw/registration-token" } } });
        expect(hostOf(plan, "cw").healthChecks.units).toContain("continuwuity.service");
        expect(hostOf(plan, "tw").healthChecks.units).toContain("tuwunel.service");
    });

    it("backs up and pins each server's own state directory", () => {
        expect(hostOf(plan, "cw").backup!.coldCopies).toContainEqual({ name: "continuwuity", unit: "continuwuity.service", dir: "/var/lib/continuwuity" });
        expect(hostOf(plan, "tw").backup!.coldCopies).toEqual([{ name: "tuwunel", unit: "tuwunel.service", dir: "/var/lib/tuwunel" }]);
        expect(pinArgs(hostOf(plan, "tw"), plan).homeserver).toEqual({
            implementation: "conduit",
            unit: "tuwunel.service",
            dataDirs: ["/var/lib/private/tuwunel", "/var/lib/tuwunel"],
            allowDowngrade: false,
        });
    });
});
