import { describe, expect, it } from "vitest";
import { hostServiceBuilds, SERVICE_BUILDS, servicesWithoutBuild, type ServiceBuild, type ServiceBuildName } from "../../../sdk/plan/architectures";
import { BRIDGE_TYPES } from "../../../sdk/spec/bridge";
import { allInOne, conduit } from "../../fixtures/stacks";
import { hostOf, planOf } from "./helpers";

describe("which services may run on an ARM host", () => {
    it("names every service of a host by its build, once", () => {
        expect(hostServiceBuilds(hostOf(planOf(allInOne()), "matrix"))).toEqual([
            "coturn",
            "element-web",
            "matrix-appservice-discord",
            "matrix-appservice-irc",
            "mautrix-telegram",
            "mautrix-whatsapp",
            "synapse",
        ]);
        expect(hostServiceBuilds(hostOf(planOf(conduit()), "conduit"))).toContain("conduit");
    });

    it("has a row for every homeserver implementation and bridge type", () => {
        for (const name of ["synapse", "conduit", "coturn", "element-web", ...BRIDGE_TYPES]) expect(SERVICE_BUILDS).toHaveProperty([name]);
    });

    it("lets every service this library deploys run on arm, as nixpkgs builds them all for aarch64-linux", () => {
        expect(servicesWithoutBuild(hostOf(planOf(allInOne()), "matrix"), "arm")).toEqual([]);
    });

    it("names the services of a host that have no build for the architecture", () => {
        const x86Only: Record<ServiceBuildName, ServiceBuild> = { ...SERVICE_BUILDS, "matrix-appservice-irc": { packages: ["matrix-appservice-irc"], architectures: ["x86"] } };
        const host = hostOf(planOf(allInOne()), "matrix");
        expect(servicesWithoutBuild(host, "arm", x86Only)).toEqual(["matrix-appservice-irc"]);
        expect(servicesWithoutBuild(host, "x86", x86Only)).toEqual([]);
    });
});
