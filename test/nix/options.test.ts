// needs: shared
import { describe, expect, it } from "vitest";
import { evaluatedFixtureHosts, evaluatedHost } from "./helpers/evaluated-fixtures";
import { renderFixture } from "./helpers/fixture-bundles";
import { evaluateBundle } from "./helpers/nix-tools";
import { OptionChecker, loadPinnedOptions, type AllowedPath } from "./helpers/option-checker";

/**
 * Paths a bundle may set that options.json does not list. Each was reviewed against the
 * pinned release's modules; keep the reason current. Systemd unit settings fall under
 * `systemd.services.<name>.serviceConfig`, which options.json names.
 */
const ALLOWED_UNLISTED_PATHS: readonly AllowedPath[] = [
    { path: "services.restic.backups.<name>.repository", reason: "nullOr str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.initialize", reason: "bool; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.passwordFile", reason: "str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.environmentFile", reason: "nullOr str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.extraOptions", reason: "listOf str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.paths", reason: "listOf str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.timerConfig", reason: "nullOr (attrsOf unitOption); declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.pruneOpts", reason: "listOf str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
    { path: "services.restic.backups.<name>.backupPrepareCommand", reason: "nullOr str; declared by nixpkgs nixos/modules/services/backup/restic.nix (26.05), which options.json's extract lacks" },
];

const options = loadPinnedOptions();
const checker = new OptionChecker(options, ALLOWED_UNLISTED_PATHS);

function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

describe("every option a bundle sets exists in options.json, is writable and fits its type", () => {
    const hosts = evaluatedFixtureHosts();

    it.each(hosts.map((h) => h.label))("%s", (label) => {
        const report = checker.check(evaluatedHost(label).evaluated.config);
        expect(report.problems).toEqual([]);
        expect(report.typedLeaves).toBeGreaterThan(10);
    });

    it("covers the concepts of all modules across the fixtures, and every allow-list entry is needed", () => {
        const checked = new Set<string>();
        const allowUsed = new Set<string>();
        for (const host of hosts) {
            const report = checker.check(host.evaluated.config);
            report.optionsChecked.forEach((o) => checked.add(o));
            report.allowListUsed.forEach((o) => allowUsed.add(o));
        }
        for (const option of [
            "services.openssh.enable",
            "users.users.<name>.openssh.authorizedKeys.keys",
            "system.stateVersion",
            "nix.nixPath",
            "nix.registry.<name>.to",
            "services.postgresql.package",
            "system.activationScripts",
            "networking.firewall.interfaces.<name>.allowedTCPPorts",
            "networking.firewall.allowedUDPPortRanges",
            "security.acme.defaults.server",
            "security.acme.certs.<name>.reloadServices",
            "services.matrix-synapse.settings.listeners.*.bind_addresses",
            "services.matrix-synapse.extraConfigFiles",
            "services.postgresql.ensureUsers.*.ensureDBOwnership",
            "services.postgresql.dataDir",
            "services.matrix-synapse.dataDir",
            "fileSystems.<name>.device",
            "fileSystems.<name>.options",
            "systemd.tmpfiles.settings",
            "systemd.services.<name>.unitConfig",
            "services.matrix-conduit.settings.global.database_backend",
            "services.matrix-continuwuity.settings.global.port",
            "services.matrix-tuwunel.settings.global.address",
            "services.coturn.static-auth-secret-file",
            "services.nginx.virtualHosts.<name>.locations.<name>.proxyPass",
            "services.nginx.virtualHosts.<name>.listen.*.port",
            "services.mautrix-telegram.registerToSynapse",
            "services.mautrix-whatsapp.registerToSynapse",
            "services.matrix-appservice-irc.registrationUrl",
            "services.matrix-appservice-discord.url",
            "services.mautrix-signal.registerToSynapse",
            "services.mautrix-signal.settings",
            "services.mautrix-meta.instances",
            "services.mautrix-meta.instances.<name>.registerToSynapse",
            "services.mautrix-meta.instances.<name>.settings",
            "services.mautrix-discord.registerToSynapse",
            "services.mautrix-discord.settings",
            "services.matrix-hookshot.registrationFile",
            "services.matrix-hookshot.settings",
        ]) {
            expect(checked, option).toContain(option);
        }
        expect([...allowUsed].sort()).toEqual(ALLOWED_UNLISTED_PATHS.map((a) => a.path).sort());
        // For the report: how much of options.json the fixtures exercise.
        console.log(`option check: ${checked.size} declarations checked, allow-list ${ALLOWED_UNLISTED_PATHS.length}`);
    });
});

describe("the checker catches what it must", () => {
    const tree = () => clone(evaluatedHost("all-in-one/matrix").evaluated.config) as Record<string, any>;

    it("a misspelled option", () => {
        const config = tree();
        config.services.openssh.enabled = true;
        config.services.coturn["use-auth-secrets"] = true;
        expect(checker.check(config).problems.sort()).toEqual([
            "services.coturn.use-auth-secrets: no such option in options.json",
            "services.openssh.enabled: no such option in options.json",
        ]);
    });

    it("a wrong type, an out-of-range port, a bad enum and a read-only option", () => {
        const config = tree();
        config.services.coturn["min-port"] = "49000";
        config.services["matrix-synapse"].settings.listeners[0].port = 70000;
        config.services["matrix-synapse"].settings.listeners[0].type = "https";
        config.services["matrix-synapse"].configFile = "/etc/synapse.yaml";
        config.networking.firewall.allowedTCPPorts = [22, "80"];
        const problems = checker.check(config).problems;
        expect(problems).toHaveLength(5);
        expect(problems.join("\n")).toMatch(/services\.coturn\.min-port: "49000" does not fit .*signed integer/);
        expect(problems.join("\n")).toMatch(/listeners\.0\.port: 70000 does not fit/);
        expect(problems.join("\n")).toMatch(/listeners\.0\.type: "https" does not fit/);
        expect(problems.join("\n")).toMatch(/services\.matrix-synapse\.configFile: .* is read-only/);
        expect(problems.join("\n")).toMatch(/allowedTCPPorts: \[22,"80"\] does not fit/);
    });

    it("a misspelled option in a module, end to end through nix-instantiate", () => {
        const host = renderFixture("all-in-one")[0];
        const files = { ...host.bundle.files };
        files["nixos-matrix/coturn.nix"] = files["nixos-matrix/coturn.nix"].replace("no-tcp-relay =", "no-tcp-relays =");
        files["nixos-matrix/synapse-common.nix"] = files["nixos-matrix/synapse-common.nix"].replace(
            "extraConfigFiles = [ common.secretConfigFile ];",
            "extraConfigFiles = common.secretConfigFile;",
        );
        const evaluated = evaluateBundle({ ...host.bundle, files });
        const problems = checker.check(evaluated.config).problems;
        expect(problems).toContain("services.coturn.no-tcp-relays: no such option in options.json");
        expect(problems.join("\n")).toMatch(/services\.matrix-synapse\.extraConfigFiles: ".*" does not fit/);
    });

    it("a name above option level read from an absent section, which breaks NixOS before any mkIf", () => {
        const host = renderFixture("multi-host").find((h) => h.host.name === "turn")!;
        const breaking = "{ lib, ... }: { config = lib.mkIf false { services.nginx.${(null).domain} = { }; }; }\n";
        const harmless = "{ lib, ... }: { config = lib.mkIf false { services.nginx.virtualHosts.${(null).domain} = { }; }; }\n";
        const withExtra = (text: string) => ({ ...host.bundle, files: { ...host.bundle.files, "nixos-matrix/extra.nix": text } });
        expect(() => evaluateBundle(withExtra(breaking))).toThrow(/value is null while a set was expected/);
        expect(() => evaluateBundle(withExtra(harmless))).not.toThrow();
    });

    it("an unlisted path is accepted only through the allow-list, which records its use", () => {
        const config = tree();
        config.programs = { ssh: { knownHosts: { self: { publicKey: "ssh-ed25519 AAAA" } } } };
        config.services.nginx.unknownThing = true;
        const strict = checker.check(config).problems;
        expect(strict).toEqual(["services.nginx.unknownThing: no such option in options.json"]);
        const lenient = new OptionChecker(options, [{ path: "services.nginx.unknownThing", reason: "test" }]).check(config);
        expect(lenient.problems).toEqual([]);
        expect([...lenient.allowListUsed]).toEqual(["services.nginx.unknownThing"]);
    });
});
