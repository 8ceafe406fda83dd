// needs: shared
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { synapseSecretConfigPath } from "../../sdk/plan/paths";
import { renderSecretFile } from "../../sdk/plan/render-secret-file";
import { at, evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";
import { errorsOf, synapseConfigValidator } from "./helpers/schemas";

const { validate, topLevelKeys } = synapseConfigValidator();

/** Synapse's settings as it reads them: the Nix settings plus the secret extra config (placeholder values). */
function effectiveSynapseConfig(label: string): Record<string, unknown> {
    const { rendered, evaluated } = evaluatedHost(label);
    const settings = at(evaluated.config, "services", "matrix-synapse", "settings") as Record<string, unknown>;
    const hs = rendered.host.services.homeservers[0];
    const secretFile = rendered.host.secretFiles.find((f) => f.path === synapseSecretConfigPath(hs.name));
    if (!secretFile) throw new Error(`${label}: no Synapse secret file`);
    const placeholders = Object.fromEntries(secretFile.secrets.map((name) => [name, `placeholder-${name}`]));
    const secrets = parse(renderSecretFile(secretFile, placeholders)) as Record<string, unknown>;
    return { ...settings, ...secrets };
}

const synapseHosts = evaluatedFixtureHosts()
    .filter((h) => at(h.evaluated.config, "services", "matrix-synapse", "enable") === true)
    .map((h) => h.label);

describe("Synapse settings validate against Synapse's config schema", () => {
    it("there are Synapse hosts to check", () => {
        expect(synapseHosts).toEqual(expect.arrayContaining(["all-in-one/matrix", "multi-host/home", "generated-2/hs-0"]));
    });

    it.each(synapseHosts)("%s", (label) => {
        const config = effectiveSynapseConfig(label);
        expect(config).toHaveProperty("registration_shared_secret");
        expect(config).toHaveProperty("macaroon_secret_key");
        expect(validate(config), errorsOf(validate).join("\n")).toBe(true);
        // The schema allows unknown keys; a misspelled top-level key would be silently ignored by Synapse.
        expect(Object.keys(config).filter((k) => !topLevelKeys.has(k))).toEqual([]);
    });

    it("the schema rejects a wrong listener type and bind address list, so passing means something", () => {
        const config = effectiveSynapseConfig("all-in-one/matrix");
        const listeners = config.listeners as Record<string, unknown>[];
        const broken = { ...config, listeners: [{ ...listeners[0], type: "https", bind_addresses: "127.0.0.1" }] };
        expect(validate(broken)).toBe(false);
        expect(errorsOf(validate).join("\n")).toMatch(/listeners\/0\/(type|bind_addresses)/);
    });
});
