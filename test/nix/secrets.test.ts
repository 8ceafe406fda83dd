// needs: shared
import { describe, expect, it } from "vitest";
import { BACKUP_STAGING_DIR, BACKUP_STAMP_FILE } from "../../sdk/plan/backup";
import { renderBundle } from "../../sdk/nixos";
import { SECRETS_DIR, STATE_DIR, synapseOldSigningKeysDir } from "../../sdk/plan/paths";
import { MESH_PRIVATE_KEY_FILE } from "../../sdk/plan/mesh";
import { renderSecretFile } from "../../sdk/plan/render-secret-file";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";
import { FIXTURE_STACKS, planFixture, TEST_DEPLOY_KEY, TEST_HOST_KEY, type FixtureName } from "./helpers/fixture-bundles";

/** Every string leaf of a value. */
function strings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
    return [];
}

describe.each(Object.keys(FIXTURE_STACKS) as FixtureName[])("secrets stay out of the bundles of %s", (name) => {
    const stack = planFixture(name);
    const sentinels = Object.fromEntries(stack.secrets.map((s, i) => [s.name, `SENTINEL${i}x${s.name.replace(/[^a-z0-9]/gi, "")}`]));
    const bundles = stack.hosts.map((host) => renderBundle(host, stack, { deployPublicKey: TEST_DEPLOY_KEY, hostPublicKey: TEST_HOST_KEY }));

    it("the plan's secret files carry the sentinel values (so the scan below looks for the real thing)", () => {
        let rendered = 0;
        for (const host of stack.hosts) {
            for (const file of host.secretFiles) {
                const text = renderSecretFile(file, sentinels);
                expect(file.secrets.some((s) => text.includes(sentinels[s])), file.path).toBe(true);
                rendered++;
            }
        }
        expect(rendered).toBeGreaterThan(0);
    });

    it("no sentinel and no user credential appears in any bundle file", () => {
        const input = FIXTURE_STACKS[name]();
        const { knownHosts: _public, ...backupCredentials } = input.backup?.credentials ?? {};
        const credentials = [
            ...(input.bridges ?? []).flatMap((b) => strings("credentials" in b ? b.credentials : {})),
            ...strings(backupCredentials),
        ];
        const needles = [...Object.values(sentinels), ...credentials];
        for (const bundle of bundles) {
            for (const [file, text] of Object.entries(bundle.files)) {
                for (const needle of needles) expect(text.includes(needle), `${bundle.host}:${file} holds ${needle}`).toBe(false);
            }
        }
    });

    it("params.json names secret files only by path, under the secrets directory, and only files the host gets", () => {
        for (const [index, bundle] of bundles.entries()) {
            // The pinned nixpkgs source, the backup's staging directory and its success stamp, and
            // the mesh key (made on the host, never delivered) are kept under the state directory
            // too, but are no secret files.
            const { nixpkgs: _pin, ...params } = JSON.parse(bundle.files["nixos-matrix/params.json"]);
            const paths = strings(params).filter(
                (s) => s.startsWith("/var/lib/nixos-matrix") && s !== BACKUP_STAGING_DIR && s !== BACKUP_STAMP_FILE && s !== MESH_PRIVATE_KEY_FILE,
            );
            const hostFiles = new Set(stack.hosts[index].secretFiles.map((f) => f.path));
            // A moderation bot's token is made on its host by the bot's own step, never sent.
            const madeOnHost = new Set(stack.moderationBots.filter((b) => b.host === stack.hosts[index].name).map((b) => b.tokenFile));
            for (const p of paths.filter((path) => madeOnHost.has(path))) expect(p.startsWith(`${STATE_DIR}/moderation-bot/`), p).toBe(true);
            // Public keys only, written on the host by the old signing keys step.
            const oldKeys = new Set(stack.workers.filter((w) => w.crossHost && w.mainHost === stack.hosts[index].name).map((w) => synapseOldSigningKeysDir(w.homeserver)));
            for (const p of paths.filter((path) => !madeOnHost.has(path) && !oldKeys.has(path))) {
                expect(p.startsWith(`${SECRETS_DIR}/`), p).toBe(true);
                expect(hostFiles.has(p), `${bundle.host} names ${p}, which it does not get`).toBe(true);
            }
            expect(strings(params).filter((s) => s.includes("/nix/store"))).toEqual([]);
        }
    });
});

describe("the evaluated options deliver secrets by file outside the store", () => {
    const SECRET_FILE_OPTIONS = [
        ["services", "coturn", "static-auth-secret-file"],
        ["services", "matrix-synapse", "extraConfigFiles"],
        ["services", "mautrix-telegram", "environmentFile"],
        ["services", "mautrix-whatsapp", "environmentFile"],
        ["services", "matrix-appservice-discord", "environmentFile"],
        ["systemd", "services", "conduit", "serviceConfig", "EnvironmentFile"],
    ];
    it.each(evaluatedFixtureHosts().map((h) => h.label))("%s", (label) => {
        const { config } = evaluatedFixtureHosts().find((h) => h.label === label)!.evaluated;
        for (const option of SECRET_FILE_OPTIONS) {
            for (const value of strings(at(config, ...option))) {
                // Synapse's old signing keys: public keys only, outside the store too.
                if (value === synapseOldSigningKeysDir("hs")) continue;
                expect(value.startsWith(`${SECRETS_DIR}/`), `${option.join(".")} = ${value}`).toBe(true);
            }
        }
        // Draupnir's token: made on the host by the bot's step, loaded with LoadCredential.
        for (const value of strings(at(config, "services", "draupnir", "secrets", "accessToken"))) {
            expect(value.startsWith(`${STATE_DIR}/moderation-bot/`), value).toBe(true);
        }
        expect(at(config, "services", "draupnir", "settings", "accessToken")).toBeUndefined();
        expect(at(config, "services", "coturn", "static-auth-secret")).toBeUndefined();
        const synapse = at(config, "services", "matrix-synapse", "settings") ?? {};
        for (const key of ["registration_shared_secret", "macaroon_secret_key", "turn_shared_secret", "form_secret"]) {
            expect(synapse).not.toHaveProperty(key);
        }
        expect(at(config, "services", "matrix-conduit", "settings", "global", "turn_secret")).toBeUndefined();
    });
});
