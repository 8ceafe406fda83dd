// needs: shared
import { describe, expect, it } from "vitest";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";
import { bridgev2BaseConfig, draft04Validator, errorsOf, keysMissingFrom } from "./helpers/schemas";

const irc = draft04Validator("appservice-irc/config.schema.yml");
const discord = draft04Validator("appservice-discord/config.schema.yaml");

function settingsOf(service: string): { label: string; settings: Record<string, unknown> }[] {
    return evaluatedFixtureHosts()
        .map((h) => ({ label: h.label, settings: at(h.evaluated.config, "services", service, "settings") }))
        .filter((h): h is { label: string; settings: Record<string, unknown> } => h.settings !== undefined);
}

describe("matrix-appservice-irc settings validate against the bridge's config schema", () => {
    const hosts = settingsOf("matrix-appservice-irc");
    it("there are IRC bridges to check", () => expect(hosts.length).toBeGreaterThanOrEqual(3));
    it.each(hosts.map((h) => h.label))("%s", (label) => {
        const { settings } = hosts.find((h) => h.label === label)!;
        expect(irc(settings), errorsOf(irc).join("\n")).toBe(true);
    });
    it("a server mapping without room IDs is rejected", () => {
        const settings = structuredClone(hosts[0].settings) as Record<string, any>;
        const server = Object.values(settings.ircService.servers)[0] as Record<string, unknown>;
        server.mappings = { "#nixos": { roomIds: [] } };
        expect(irc(settings)).toBe(false);
    });
});

describe("matrix-appservice-discord settings validate against the bridge's config schema", () => {
    const hosts = settingsOf("matrix-appservice-discord");
    it("there are Discord bridges to check", () => expect(hosts.length).toBeGreaterThanOrEqual(2));
    it.each(hosts.map((h) => h.label))("%s", (label) => {
        const { settings } = hosts.find((h) => h.label === label)!;
        expect(discord(settings), errorsOf(discord).join("\n")).toBe(true);
    });
    it("settings without bridge.homeserverUrl are rejected", () => {
        const settings = structuredClone(hosts[0].settings) as Record<string, any>;
        delete settings.bridge.homeserverUrl;
        expect(discord(settings)).toBe(false);
    });
});

describe("mautrix-signal and mautrix-meta settings use only keys of the bridgev2 example config", () => {
    const example = bridgev2BaseConfig();
    const FREE_MAPS = ["bridge.permissions"];
    const generated = evaluatedFixtureHosts().flatMap((h) => [
        ...[at(h.evaluated.config, "services", "mautrix-signal", "settings")].filter((s) => s !== undefined).map((settings) => ({ label: `${h.label} signal`, settings })),
        ...Object.entries((at(h.evaluated.config, "services", "mautrix-meta", "instances") ?? {}) as Record<string, { settings: unknown }>).map(
            ([network, instance]) => ({ label: `${h.label} meta ${network}`, settings: instance.settings }),
        ),
    ]) as { label: string; settings: Record<string, unknown> }[];

    it("there are bridgev2 bridges to check", () => expect(generated.length).toBeGreaterThanOrEqual(3));
    it.each(generated.map((g) => g.label))("%s", (label) => {
        const { settings } = generated.find((g) => g.label === label)!;
        expect(keysMissingFrom(example, settings, FREE_MAPS)).toEqual([]);
    });
    it("a misplaced key is found (appservice.bot_username is the legacy Python layout)", () => {
        const settings = structuredClone(generated[0].settings) as Record<string, any>;
        settings.appservice.bot_username = "signalbot";
        expect(keysMissingFrom(example, settings, FREE_MAPS)).toEqual(["appservice.bot_username"]);
    });
});
