// needs: shared
import { describe, expect, it } from "vitest";
import { renderBundle } from "../../sdk/nixos";
import { planStack } from "../../sdk/plan";
import { NIXOS_RELEASE } from "../../sdk/plan/release";
import { parseStackSpec } from "../../sdk/spec";
import { variant } from "../unit/spec/base-stack";
import { at } from "./helpers/evaluated-fixtures";
import { TEST_DEPLOY_KEY } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";

/** system.stateVersion as the evaluated bundle of each host sets it. */
function stateVersions(input: unknown): Record<string, unknown> {
    const stack = planStack(parseStackSpec(input));
    return Object.fromEntries(
        stack.hosts.map((host) => {
            const { config } = evaluateBundle(renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY }));
            return [host.name, at(config, "system", "stateVersion")];
        }),
    );
}

describe("system.stateVersion", () => {
    it("an existing host keeps the release it was installed with; a Hetzner host starts on the pinned one", () => {
        const input = variant((s) => (s.hosts[1].stateVersion = "23.11"));
        expect(stateVersions(input)).toEqual({ main: NIXOS_RELEASE, edge: "23.11" });
    });

    it("an existing host that names none keeps 25.11, whatever the pin", () => {
        expect(stateVersions(variant(() => undefined))).toEqual({ main: NIXOS_RELEASE, edge: "25.11" });
    });
});
