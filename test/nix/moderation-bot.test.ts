// needs: shared
/**
 * The moderation bot's bundle against what nixpkgs' `services.draupnir` module (NixOS 26.05
 * line, nixos/modules/services/matrix/draupnir.nix) does with it:
 * - `secrets.accessToken` is a path the unit loads with `LoadCredential=access_token:<path>`
 *   (systemd reads it as root; the unit runs with DynamicUser), so a root-only 0400 file
 *   outside the store works and the token never enters `settings`;
 * - `settings` is a free-form YAML submodule with `homeserverUrl` and `managementRoom`;
 * - an assertion refuses `settings.protectedRooms` ("add these rooms via !draupnir rooms add"),
 *   so protected rooms are joined by the bot's step instead.
 */
import { describe, expect, it } from "vitest";
import { at, evaluatedFixtureHosts } from "./helpers/evaluated-fixtures";

function evaluated(label: string) {
    const found = evaluatedFixtureHosts().find((h) => h.label === label);
    if (!found) throw new Error(`no fixture host ${label}`);
    return found;
}

describe("Draupnir on the bot's host", () => {
    it.each(["community/community", "community-remote-bot/mod"])("%s: token file outside the store, started once the token exists", (label) => {
        const { rendered, evaluated: result } = evaluated(label);
        const bot = rendered.host.services.moderationBots[0]!;
        const draupnir = at(result.config, "services", "draupnir") as Record<string, any>;
        expect(draupnir.enable).toBe(true);
        expect(draupnir.secrets.accessToken).toBe("/var/lib/nixos-matrix/moderation-bot/moderation/access-token");
        expect(draupnir.settings).toEqual({ homeserverUrl: bot.homeserverUrl, managementRoom: "#moderators:example.org" });
        expect(draupnir.settings).not.toHaveProperty("protectedRooms");
        expect(draupnir.settings).not.toHaveProperty("accessToken");
        expect(at(result.config, "systemd", "services", "draupnir", "unitConfig", "ConditionPathExists")).toBe(draupnir.secrets.accessToken);
    });

    it("on the homeserver's host talks to the loopback listener, which stays on loopback", () => {
        const { rendered, evaluated: result } = evaluated("community/community");
        expect(rendered.host.services.moderationBots[0]!.homeserverUrl).toBe("http://127.0.0.1:8008");
        const [listener] = (at(result.config, "services", "matrix-synapse", "settings") as Record<string, any>).listeners;
        expect(listener.bind_addresses).toEqual(["127.0.0.1", "::1"]);
        expect(rendered.host.ports.find((p) => p.from === 8008)?.exposure).toBe("loopback");
    });

    it("on another host talks to the homeserver host's private address, where Synapse also listens, on the private network only", () => {
        const { rendered: mod } = evaluated("community-remote-bot/mod");
        const { rendered: home, evaluated: result } = evaluated("community-remote-bot/community");
        expect(mod.host.services.moderationBots[0]!.homeserverUrl).toBe(`http://${home.host.privateAddress}:8008`);
        const [listener] = (at(result.config, "services", "matrix-synapse", "settings") as Record<string, any>).listeners;
        expect(listener.bind_addresses).toEqual(["127.0.0.1", "::1", home.host.privateAddress]);
        expect(home.host.ports.find((p) => p.from === 8008)?.exposure).toBe("private");
        expect(mod.host.secretFiles.map((f) => [f.path, f.owner, f.mode])).toEqual([
            ["/var/lib/nixos-matrix/secrets/moderation-bot-moderation.password", "root", "0400"],
        ]);
        expect(home.host.secretFiles.map((f) => f.path)).toContain("/var/lib/nixos-matrix/secrets/bots-hs/draupnir.password");
        expect(at(result.config, "services", "draupnir", "enable")).toBeUndefined();
    });
});
