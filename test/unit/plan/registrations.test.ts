// needs: shared
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { BRIDGE_REGISTRATION_PATHS, homeserverRegistrationPath } from "../../../sdk/plan/paths";
import { renderSecretFile } from "../../../sdk/plan/render-secret-file";
import { isSecretRef } from "../../../sdk/plan/secret-refs";
import type { RegistrationPlan, StackPlan } from "../../../sdk/plan/types";
import { allInOne, generated, moreBridges, multiHost } from "../../fixtures/stacks";
import { fakeSecretValues, fileAt, hostOf, planOf } from "./helpers";
import { SHARED_DIR } from "../../support/needs";

const SPEC_DIR = path.join(SHARED_DIR, "schemas/matrix-spec/application-service/definitions");

/** The Matrix spec's registration schema, with its `$ref` to namespace_list.yaml resolved by file URL. */
function registrationValidator() {
    const load = (file: string) => ({
        ...(parse(readFileSync(path.join(SPEC_DIR, file), "utf8")) as object),
        $id: pathToFileURL(path.join(SPEC_DIR, file)).href,
    });
    const ajv = new Ajv2020({ allErrors: true });
    ajv.addVocabulary(["x-addedInMatrixVersion"]);
    ajv.addSchema(load("namespace_list.yaml"));
    return ajv.compile(load("registration.yaml"));
}

function registration(plan: StackPlan, id: string): RegistrationPlan {
    const reg = plan.registrations.find((r) => r.id === id);
    if (!reg) throw new Error(`no registration ${id}`);
    return reg;
}

describe("registrations", () => {
    const validate = registrationValidator();

    it("uses a schema that rejects a registration without hs_token or with a bad namespace", () => {
        const good = { id: "x", url: null, as_token: "a", hs_token: "h", sender_localpart: "bot", namespaces: {} };
        expect(validate(good)).toBe(true);
        const { hs_token: _dropped, ...missing } = good;
        expect(validate(missing)).toBe(false);
        expect(validate({ ...good, namespaces: { users: [{ regex: "@a.*" }] } })).toBe(false);
    });

    it.each([
        ["allInOne", allInOne, 4],
        ["multiHost", multiHost, 4],
        ["moreBridges", moreBridges, 6],
    ] as const)("%s: every document, rendered and parsed back, validates against the Matrix spec schema", (_n, build, count) => {
        const plan = planOf(build());
        const values = fakeSecretValues(plan);
        expect(plan.registrations).toHaveLength(count);
        for (const reg of plan.registrations) {
            const file = fileAt(hostOf(plan, reg.homeserverHost), reg.homeserverPath);
            const parsed = parse(renderSecretFile(file, values));
            expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
            expect(parsed.as_token).toBe(values[reg.asTokenSecret]);
            expect(parsed.hs_token).toBe(values[reg.hsTokenSecret]);
        }
    });

    it("the newer bridges: namespaces, ephemeral events and each bridge's copy where its module reads it", () => {
        const plan = planOf(moreBridges());
        const doc = (id: string) => registration(plan, id).document as Record<string, any>;
        expect(doc("signal").namespaces.users).toEqual([
            { exclusive: true, regex: "@signal_.*:example\\.net" },
            { exclusive: true, regex: "@signalbot:example\\.net" },
        ]);
        expect(doc("messenger")).toMatchObject({ url: "http://10.81.0.2:29319", sender_localpart: "messengerbot", receive_ephemeral: true });
        expect(doc("instagram")).toMatchObject({ url: "http://127.0.0.1:29320", sender_localpart: "instagrambot" });
        expect(doc("mdiscord")).toMatchObject({ url: "http://127.0.0.1:29334", sender_localpart: "discordbot", receive_ephemeral: true });
        expect(doc("hooks")).toMatchObject({ url: "http://127.0.0.1:9993", sender_localpart: "hookshot" });
        expect(doc("hooks").receive_ephemeral).toBeUndefined();
        expect(doc("hooks-remote").namespaces.users[0].regex).toBe("@_remote_webhooks_.*:example\\.net");
        expect(registration(plan, "signal").bridgePath).toBe(BRIDGE_REGISTRATION_PATHS["mautrix-signal"]);
        expect(registration(plan, "messenger").bridgePath).toBe(BRIDGE_REGISTRATION_PATHS["mautrix-meta-messenger"]);
        expect(registration(plan, "mdiscord").bridgePath).toBe(BRIDGE_REGISTRATION_PATHS["mautrix-discord"]);
        expect(registration(plan, "hooks").bridgePath).toBe("/var/lib/nixos-matrix/secrets/bridge-hooks-registration.yaml");
    });

    it("makes the tokens SecretRefs to distinct random secrets", () => {
        const plan = planOf(multiHost());
        const names = new Set<string>();
        for (const reg of plan.registrations) {
            const doc = reg.document as Record<string, unknown>;
            expect(isSecretRef(doc.as_token)).toBe(true);
            expect(isSecretRef(doc.hs_token)).toBe(true);
            expect(doc.as_token).toEqual({ $secret: reg.asTokenSecret });
            expect(doc.hs_token).toEqual({ $secret: reg.hsTokenSecret });
            for (const name of [reg.asTokenSecret, reg.hsTokenSecret]) {
                expect(plan.secrets.find((s) => s.name === name)?.source.kind).toBe("random");
                names.add(name);
            }
        }
        expect(names.size).toBe(2 * plan.registrations.length);
    });

    it("renders byte-identical files on the bridge host and on the homeserver host", () => {
        for (const plan of [planOf(allInOne()), planOf(multiHost()), planOf(generated(2))]) {
            const values = fakeSecretValues(plan);
            for (const reg of plan.registrations) {
                const atHomeserver = fileAt(hostOf(plan, reg.homeserverHost), reg.homeserverPath);
                const atBridge = fileAt(hostOf(plan, reg.bridgeHost), reg.bridgePath);
                expect(atHomeserver.path).toBe(homeserverRegistrationPath(reg.id));
                expect(atBridge.path).not.toBe(atHomeserver.path);
                expect(renderSecretFile(atBridge, values)).toBe(renderSecretFile(atHomeserver, values));
            }
        }
    });

    it("points the homeserver at loopback on the same host and at the bridge's private address across hosts, and the bridge at Synapse's private address", () => {
        const single = planOf(allInOne());
        expect(registration(single, "telegram").url).toBe("http://127.0.0.1:29317");
        expect(registration(single, "telegram").homeserverUrl).toBe("http://127.0.0.1:8008");
        const multi = planOf(multiHost());
        const bridges = hostOf(multi, "bridges");
        expect(registration(multi, "irc").url).toBe(`http://${bridges.privateAddress}:8009`);
        expect(registration(multi, "irc").homeserverUrl).toBe(`http://${hostOf(multi, "home").privateAddress}:8008`);
        expect(hostOf(multi, "home").ports.find((p) => p.from === 8008)?.exposure).toBe("private");
        expect((registration(multi, "irc").document as { url: string }).url).toBe(registration(multi, "irc").url);
    });

    it("claims the puppets, the bot and (for IRC and Discord) the alias prefix, exclusively, on the server name only", () => {
        const plan = planOf(allInOne());
        const tg = registration(plan, "telegram");
        const regexes = (tg.document as { namespaces: { users: { regex: string; exclusive: boolean }[] } }).namespaces.users;
        expect(regexes.every((n) => n.exclusive)).toBe(true);
        const matches = (id: string) => regexes.some((n) => new RegExp(`^${n.regex}$`).test(id));
        expect(matches("@telegram_12345:example.org")).toBe(true);
        expect(matches("@telegrambot:example.org")).toBe(true);
        expect(matches("@telegram_12345:exampleXorg")).toBe(false);
        expect(matches("@alice:example.org")).toBe(false);
        expect(tg.senderLocalpart).toBe("telegrambot");

        const irc = registration(plan, "irc").document as Record<string, any>;
        expect(irc.namespaces.aliases).toEqual([{ exclusive: true, regex: "#irc_.*:example\\.org" }]);
        expect(irc.protocols).toEqual(["irc"]);
        expect(irc.rate_limited).toBe(false);
        expect((registration(plan, "discord").document as Record<string, any>).protocols).toEqual(["discord"]);
        expect((registration(plan, "whatsapp").document as Record<string, any>).namespaces.aliases).toEqual([]);
    });

    it("keeps a stable key order in the document", () => {
        const doc = registration(planOf(allInOne()), "irc").document as object;
        expect(Object.keys(doc)).toEqual(["id", "url", "as_token", "hs_token", "sender_localpart", "namespaces", "rate_limited", "protocols"]);
        expect(Object.keys((doc as { namespaces: object }).namespaces)).toEqual(["users", "aliases", "rooms"]);
    });

    it("writes the bridge's copy where its module adopts it, owned by its user, or via LoadCredential under DynamicUser", () => {
        const plan = planOf(multiHost());
        const bridges = hostOf(plan, "bridges");
        const telegram = fileAt(bridges, registration(plan, "telegram").bridgePath);
        expect(telegram).toMatchObject({
            path: BRIDGE_REGISTRATION_PATHS["mautrix-telegram"],
            owner: "mautrix-telegram",
            group: "mautrix-telegram",
            mode: "0640",
        });
        const discord = fileAt(bridges, registration(plan, "discord").bridgePath);
        expect(discord).toMatchObject({
            owner: "root",
            group: "root",
            mode: "0400",
            loadCredential: {
                unit: "matrix-appservice-discord.service",
                name: "registration",
                installAt: BRIDGE_REGISTRATION_PATHS["matrix-appservice-discord"],
            },
        });
        expect(discord.path.startsWith("/var/lib/nixos-matrix/")).toBe(true);
        expect(fileAt(hostOf(plan, "home"), homeserverRegistrationPath("discord"))).toMatchObject({
            owner: "root",
            group: "matrix-synapse",
            mode: "0440",
        });
        expect(bridges.registrations).toEqual({ asBridge: ["discord", "irc", "telegram", "whatsapp"], asHomeserver: [] });
        expect(hostOf(plan, "home").registrations).toEqual({ asBridge: [], asHomeserver: ["discord", "irc", "telegram", "whatsapp"] });
    });

    it("keeps both files on one host when bridge and homeserver share it", () => {
        const plan = planOf(allInOne());
        const host = hostOf(plan, "matrix");
        for (const reg of plan.registrations) {
            expect(host.secretFiles.map((f) => f.path)).toEqual(expect.arrayContaining([reg.homeserverPath, reg.bridgePath]));
        }
    });
});
