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
    const homeserver = rendered.host.services.homeservers[0]?.name ?? rendered.host.workers[0]?.workers.homeserver;
    const secretFile = rendered.host.secretFiles.find((f) => f.path === synapseSecretConfigPath(homeserver));
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

    const workerConfigs = synapseHosts.flatMap((label) => {
        const workers = (at(evaluatedHost(label).evaluated.config, "services", "matrix-synapse", "workers") ?? {}) as Record<string, object>;
        return Object.entries(workers).map(([name, worker]) => [`${label} worker ${name}`, label, name, worker] as const);
    });

    it("there are worker configs to check, on the homeserver's host and on a worker host", () => {
        expect(workerConfigs.map(([, label]) => label)).toEqual(expect.arrayContaining(["workers/home", "workers/workers"]));
    });

    // As nixpkgs starts a worker: the shared config, its own file (with worker_name), the secret config.
    it.each(workerConfigs)("%s", (_title, label, name, worker) => {
        const shared = effectiveSynapseConfig(label);
        const config: Record<string, unknown> = { ...shared, ...worker, worker_name: name };
        expect(validate(config), errorsOf(validate).join("\n")).toBe(true);
        expect(Object.keys(config).filter((k) => !topLevelKeys.has(k))).toEqual([]);
        expect(config).toHaveProperty("worker_replication_secret");
        expect((config.redis as Record<string, unknown>).password).toMatch(/^placeholder-/);
    });

    it("the schema rejects a worker app given as a list, so passing means something", () => {
        const [, label, name, worker] = workerConfigs[0];
        const broken = { ...effectiveSynapseConfig(label), ...worker, worker_name: name, worker_app: ["synapse.app.generic_worker"] };
        expect(validate(broken)).toBe(false);
        expect(errorsOf(validate).join("\n")).toMatch(/worker_app/);
    });

    it("the schema rejects a wrong listener type and bind address list, so passing means something", () => {
        const config = effectiveSynapseConfig("all-in-one/matrix");
        const listeners = config.listeners as Record<string, unknown>[];
        const broken = { ...config, listeners: [{ ...listeners[0], type: "https", bind_addresses: "127.0.0.1" }] };
        expect(validate(broken)).toBe(false);
        expect(errorsOf(validate).join("\n")).toMatch(/listeners\/0\/(type|bind_addresses)/);
    });
});
