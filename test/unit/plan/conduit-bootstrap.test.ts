import { describe, expect, it } from "vitest";
import { bootstrapArgs, bootstrapCommand } from "../../../sdk/deploy/bootstrap-step";
import { hostParams } from "../../../sdk/nixos/params";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { allInOne } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

const SECRETS = "/var/lib/nixos-matrix/secrets";

/** The all-in-one stack on Conduit, with its Telegram bridge only and the given admins. */
function conduitStack(admins: string[] = [], bridges = true): StackSpecInput {
    const copy = structuredClone(allInOne()) as StackSpecInput & { homeservers: Record<string, unknown>[]; bridges: Record<string, unknown>[] };
    Object.assign(copy.homeservers[0]!, { implementation: "conduit", admins });
    return { ...copy, bridges: bridges ? copy.bridges.filter((b) => b.id === "telegram") : [] };
}

describe("the bootstrap step on Conduit", () => {
    it("registers the library's admin first, then the admins and the bridges through #admins", () => {
        const plan = planOf(conduitStack(["alice"]));
        expect(plan.bootstrap).toHaveLength(1);
        const run = plan.bootstrap[0]!;
        expect(run.implementation).toBe("conduit");
        expect(run.sharedSecretFile).toBeUndefined();
        expect(run.conduit).toEqual({
            libraryAdmin: { localpart: "nixos-matrix", userId: "@nixos-matrix:example.org", passwordFile: `${SECRETS}/admins-hs/nixos-matrix.password` },
            registrationTokenFile: `${SECRETS}/registration-token-hs`,
            adminRoom: "#admins:example.org",
            adminBot: "@conduit:example.org",
            commands: {
                register: "@conduit:example.org: register-appservice",
                unregister: "@conduit:example.org: unregister-appservice",
                list: "@conduit:example.org: list-appservices",
            },
            appservices: [{ id: "telegram", registrationFile: `${SECRETS}/registrations/telegram.yaml` }],
        });
        expect(run.admins.map((a) => a.userId)).toEqual(["@alice:example.org"]);
        expect(bootstrapCommand(bootstrapArgs(run, []))).toContain("register-appservice");
    });

    // Conduit reads every setting also from `CONDUIT_<field>` environment variables (Conduit's
    // configuration documentation), as CONDUIT_TURN_SECRET already is: `registration_token`
    // arrives as CONDUIT_REGISTRATION_TOKEN, and with it set, registering demands the token.
    it("keeps the token and passwords in root-only files and the token in Conduit's environment, never the store", () => {
        const plan = planOf(conduitStack(["alice"]));
        const files = hostOf(plan, "matrix").secretFiles;
        const rootOnly = files.filter((f) => /admins-hs|registration-token-hs|registrations\/telegram/.test(f.path));
        expect(rootOnly.map((f) => [f.path, f.owner, f.group, f.mode])).toEqual([
            [`${SECRETS}/admins-hs/alice.password`, "root", "root", "0400"],
            [`${SECRETS}/admins-hs/nixos-matrix.password`, "root", "root", "0400"],
            [`${SECRETS}/registration-token-hs`, "root", "root", "0400"],
            [`${SECRETS}/registrations/telegram.yaml`, "root", "root", "0400"],
        ]);
        const env = files.find((f) => f.path === `${SECRETS}/conduit-hs.env`)!;
        expect(env.content).toMatchObject({ kind: "env", vars: { CONDUIT_REGISTRATION_TOKEN: { $secret: "homeserver/hs/registration-token" } } });
        const params = hostParams(hostOf(plan, "matrix"), plan);
        expect(params.conduit?.allowRegistration).toBe(true);
        expect(params.conduit?.environmentFile).toBe(`${SECRETS}/conduit-hs.env`);
    });

    it("runs without admins or bridges too: the library's admin is the first user, and a last removed bridge is unregistered", () => {
        expect(planOf(conduitStack([])).bootstrap.map((r) => r.admins.length)).toEqual([0]);
        const plan = planOf(conduitStack([], false));
        expect(plan.bootstrap.map((r) => [r.homeserver, r.conduit?.appservices])).toEqual([["hs", []]]);
        expect(plan.secrets.map((s) => s.name).filter((n) => /registration-token|admin-password/.test(n))).toEqual([
            "homeserver/hs/admin-password/nixos-matrix",
            "homeserver/hs/registration-token",
        ]);
        // Registration is on, and takes the token the library alone holds.
        expect(hostParams(hostOf(plan, "matrix"), plan).conduit?.allowRegistration).toBe(true);
    });
});
