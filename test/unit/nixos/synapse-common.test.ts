/**
 * What every Synapse process of a host reads comes from one params section, the same shape on
 * the homeserver's host and on a worker host; hosts without Synapse get none.
 */
import { describe, expect, it } from "vitest";
import { synapseCommonParams } from "../../../sdk/nixos/params-synapse-common";
import { homeserverRegistrationPath, synapseSecretConfigPath } from "../../../sdk/plan/paths";
import { conduit, multiHost, workers } from "../../fixtures/stacks";
import { hostOf, planOf } from "../plan/helpers";

describe("synapseCommonParams", () => {
    const plan = planOf(workers());

    it("names the same server, secret config and registrations on the homeserver's host and on the worker host", () => {
        const home = synapseCommonParams(hostOf(plan, "home"), plan);
        const worker = synapseCommonParams(hostOf(plan, "workers"), plan);
        const registrations = [homeserverRegistrationPath("whatsapp")];
        for (const common of [home, worker]) {
            expect(common).toMatchObject({
                serverName: "example.com",
                publicBaseUrl: "https://matrix.example.com",
                secretConfigFile: synapseSecretConfigPath("hs"),
                appServiceConfigFiles: registrations,
            });
        }
        expect(home?.databaseArgs).toEqual({ user: "matrix-synapse", database: "matrix-synapse" });
        expect(worker?.databaseArgs).toEqual({ host: hostOf(plan, "home").privateAddress, port: 5432, user: "matrix-synapse", database: "matrix-synapse" });
    });

    it("is null on hosts without Synapse: Conduit, bridges, TURN, Element", () => {
        const conduitPlan = planOf(conduit());
        expect(conduitPlan.hosts.map((h) => synapseCommonParams(h, conduitPlan))).toEqual(conduitPlan.hosts.map(() => null));
        const multi = planOf(multiHost());
        expect(multi.hosts.filter((h) => synapseCommonParams(h, multi) !== null).map((h) => h.name)).toEqual(["home"]);
    });
});
