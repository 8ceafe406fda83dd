/**
 * Where the old signing keys step runs and what it reads: only the main host of workers
 * across hosts gets it, between its secrets and its upload, reading Synapse's own key where
 * the bundle puts Synapse's data; the same directory is one more config path there only.
 */
import { describe, expect, it } from "vitest";
import { hostSteps } from "../../../sdk/deploy/host-steps";
import { oldSigningKeysArgs, oldSigningKeysHomeserver } from "../../../sdk/deploy/old-signing-keys-step";
import { pinArgs } from "../../../sdk/deploy/pin-args";
import { hostParams } from "../../../sdk/nixos/params";
import { renderBundle } from "../../../sdk/nixos/render-bundle";
import { synapseOldSigningKeysDir } from "../../../sdk/plan/paths";
import { renderSecretFile } from "../../../sdk/plan/render-secret-file";
import { workers } from "../../fixtures/stacks";
import { fakeSecretValues, hostOf, planOf } from "../plan/helpers";

const crossHost = planOf(workers());
const oneHost = planOf({
    ...workers(),
    homeservers: workers().homeservers!.map((hs) => ({ ...hs, workers: [{ type: "sync" }, { type: "event-persister" }] })),
});

describe("the old signing keys step", () => {
    it("runs on the main host of workers across hosts only", () => {
        expect(crossHost.hosts.map((h) => [h.name, oldSigningKeysHomeserver(h)])).toEqual([["home", "hs"], ["workers", null]]);
        expect(oneHost.hosts.map((h) => oldSigningKeysHomeserver(h))).toEqual([null, null]);
        expect(oldSigningKeysArgs(hostOf(oneHost, "home"), renderBundle(hostOf(oneHost, "home"), oneHost))).toBeNull();
    });

    it("reads Synapse's own key in the data directory the bundle gives Synapse: on the state Volume when it mounts one", () => {
        const home = hostOf(crossHost, "home");
        expect(oldSigningKeysArgs(home, renderBundle(home, crossHost, { stateVolumeId: 42 }))).toEqual({
            host: "home",
            ownKeyFile: "/srv/state/matrix-synapse/homeserver.signing.key",
            sharedKeyId: "a_workers",
            configDir: synapseOldSigningKeysDir("hs"),
            group: "matrix-synapse",
        });
        expect(oldSigningKeysArgs(home, renderBundle(home, crossHost))?.ownKeyFile).toBe("/var/lib/matrix-synapse/homeserver.signing.key");
    });

    it("comes after the secrets step and before the upload, on that host only", () => {
        const values = fakeSecretValues(crossHost);
        const order = (name: string) => {
            const host = hostOf(crossHost, name);
            const bundle = renderBundle(host, crossHost);
            const secretContents = Object.fromEntries(host.secretFiles.map((f) => [f.path, renderSecretFile(f, values)]));
            const steps = hostSteps({ bundle, secretFiles: host.secretFiles, secretContents, healthChecks: host.healthChecks, pin: pinArgs(host, crossHost), oldSigningKeys: oldSigningKeysArgs(host, bundle) });
            return steps.map((s) => s.step);
        };
        expect(order("home")).toEqual(["wait", "secrets", "old-signing-keys", "upload", "pin", "switch"]);
        expect(order("workers")).toEqual(["wait", "secrets", "upload", "pin", "switch"]);
    });

    it("the main host's processes read the directory as one more config path; worker hosts' and one host's do not", () => {
        expect(hostParams(hostOf(crossHost, "home"), crossHost).synapseWorkers?.oldSigningKeysDir).toBe(synapseOldSigningKeysDir("hs"));
        expect(hostParams(hostOf(crossHost, "workers"), crossHost).synapseWorkers?.oldSigningKeysDir).toBeNull();
        expect(hostParams(hostOf(oneHost, "home"), oneHost).synapseWorkers?.oldSigningKeysDir).toBeNull();
    });
});
