// needs: shared
import { describe, expect, it } from "vitest";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";
import { draft04Validator, errorsOf } from "./helpers/schemas";

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
