// needs: shared
/**
 * The configuration reads the pin from params.json: NIX_PATH and the flake registry name the
 * source the switch step fetched and rooted, and Synapse's PostgreSQL is the stack's major.
 */
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { planStack } from "../../sdk/plan";
import { pinnedNixpkgsPath } from "../../sdk/plan/paths";
import { NIXPKGS_PIN } from "../../sdk/plan/release";
import { parseStackSpec } from "../../sdk/spec";
import { multiHost } from "../fixtures/stacks";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";
import { TEST_DEPLOY_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";

const OTHER_SHA = "0000000000000000000000000000000000000000000000000000";

function nixSettings(config: Record<string, unknown>) {
    return { nixPath: at(config, "nix", "nixPath"), registry: at(config, "nix", "registry", "nixpkgs", "to") };
}

describe("the configuration builds against the pin", () => {
    it.each(evaluatedFixtureHosts().map((h) => [h.label, h] as const))("%s: NIX_PATH and the registry name the pinned source", (_label, host) => {
        const path = pinnedNixpkgsPath(host.rendered.stack.nixpkgs.sha256);
        expect(nixSettings(host.evaluated.config)).toEqual({
            nixPath: [`nixpkgs=${path}`, "nixos-config=/etc/nixos/configuration.nix"],
            registry: { type: "path", path },
        });
    });

    it("reads them from params.json: another pin, other paths", () => {
        const plan = planStack(parseStackSpec({ ...multiHost(), nixpkgs: { url: NIXPKGS_PIN.url, sha256: OTHER_SHA } }));
        const { config } = evaluateBundle(renderBundle(plan.hosts[0]!, plan, { deployPublicKey: TEST_DEPLOY_KEY }));
        expect(nixSettings(config)).toEqual({
            nixPath: [`nixpkgs=/var/lib/nixos-matrix/nixpkgs/${OTHER_SHA}`, "nixos-config=/etc/nixos/configuration.nix"],
            registry: { type: "path", path: `/var/lib/nixos-matrix/nixpkgs/${OTHER_SHA}` },
        });
    });

    it("Synapse's PostgreSQL is the stack's major, set explicitly", () => {
        for (const [major, input] of [
            [17, multiHost()],
            [16, { ...multiHost(), postgresqlVersion: 16 }],
        ] as const) {
            const plan = planStack(parseStackSpec(input));
            const home = plan.hosts.find((h) => h.name === "home")!;
            const { config } = evaluateBundle(renderBundle(home, plan, { deployPublicKey: TEST_DEPLOY_KEY }));
            expect(at(config, "services", "postgresql", "package")).toBe(`/nix/store/00000000000000000000000000000000-postgresql-${major}`);
        }
    });
});
