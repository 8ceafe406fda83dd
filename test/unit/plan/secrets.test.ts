import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { conduitEnvPath, synapseSecretConfigPath, turnSecretPath, bridgeEnvPath } from "../../../sdk/plan/paths";
import { renderSecretFile } from "../../../sdk/plan/render-secret-file";
import { secretsOf } from "../../../sdk/plan/secret-refs";
import type { StackPlan } from "../../../sdk/plan/types";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { allInOne, conduit, generated, multiHost } from "../../fixtures/stacks";
import { fakeSecretValues, fileAt, hostOf, planOf } from "./helpers";

const FIXTURES: [string, () => StackSpecInput][] = [
    ["allInOne", allInOne],
    ["multiHost", multiHost],
    ["conduit", conduit],
    ["generated", () => generated(3)],
];

function usedSecrets(plan: StackPlan): Set<string> {
    return new Set(plan.hosts.flatMap((h) => h.secretFiles.flatMap((f) => f.secrets)));
}

/** Follows a `bridges[0].credentials.apiHash` style path into the input. */
function atField(input: unknown, field: string): unknown {
    return field
        .split(/\.|(?=\[)/)
        .reduce<unknown>((node, part) => {
            const index = /^\[(\d+)\]$/.exec(part);
            return (node as Record<string, unknown> | undefined)?.[index ? Number(index[1]) : part];
        }, input);
}

describe("secrets", () => {
    it.each(FIXTURES)("%s: every secret a file uses is declared, and every declared secret is used", (_n, build) => {
        const plan = planOf(build());
        const declared = new Set(plan.secrets.map((s) => s.name));
        const used = usedSecrets(plan);
        for (const name of used) expect(declared, name).toContain(name);
        for (const name of declared) expect(used, name).toContain(name);
    });

    it.each(FIXTURES)("%s: names are unique and sorted; files list exactly the secrets their content uses", (_n, build) => {
        const plan = planOf(build());
        const names = plan.secrets.map((s) => s.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names).toEqual([...names].sort());
        for (const host of plan.hosts) {
            for (const file of host.secretFiles) expect(file.secrets).toEqual(secretsOf(file.content));
            const paths = host.secretFiles.map((f) => f.path);
            expect(paths).toEqual([...paths].sort());
            expect(new Set(paths).size).toBe(paths.length);
        }
    });

    it("names the spec field each user secret comes from", () => {
        const input = allInOne();
        const plan = planOf(input);
        const user = plan.secrets.filter((s) => s.source.kind === "user");
        expect(user.map((s) => s.name)).toEqual([
            "bridge/discord/bot-token",
            "bridge/discord/client-id",
            "bridge/telegram/api-hash",
            "bridge/telegram/api-id",
        ]);
        for (const secret of user) {
            if (secret.source.kind !== "user") continue;
            expect(secret.source.field).toMatch(/^bridges\[\d+\]\.credentials\.\w+$/);
            expect(atField(input, secret.source.field), secret.source.field).toBeDefined();
        }
    });

    it("generates Synapse's secrets, one TURN secret per server and two tokens per bridge", () => {
        const plan = planOf(allInOne());
        const random = plan.secrets.filter((s) => s.source.kind === "random").map((s) => s.name);
        expect(random).toEqual([
            "bridge/discord/as-token",
            "bridge/discord/hs-token",
            "bridge/irc/as-token",
            "bridge/irc/hs-token",
            "bridge/telegram/as-token",
            "bridge/telegram/hs-token",
            "bridge/whatsapp/as-token",
            "bridge/whatsapp/hs-token",
            "homeserver/hs/macaroon-secret-key",
            "homeserver/hs/registration-shared-secret",
            "turn/turn/static-auth-secret",
        ]);
        for (const s of plan.secrets) if (s.source.kind === "random") expect(s.source.length).toBeGreaterThanOrEqual(32);
    });
});

describe("secret files", () => {
    it("gives Synapse its secrets and the TURN secret in an extra config file it can read", () => {
        const plan = planOf(multiHost());
        const values = fakeSecretValues(plan);
        const file = fileAt(hostOf(plan, "home"), synapseSecretConfigPath("hs"));
        expect(file).toMatchObject({ owner: "root", group: "matrix-synapse", mode: "0440" });
        expect(file.secrets).toEqual([
            "homeserver/hs/macaroon-secret-key",
            "homeserver/hs/registration-shared-secret",
            "turn/turn/static-auth-secret",
        ]);
        expect(parse(renderSecretFile(file, values))).toEqual({
            registration_shared_secret: values["homeserver/hs/registration-shared-secret"],
            macaroon_secret_key: values["homeserver/hs/macaroon-secret-key"],
            turn_shared_secret: values["turn/turn/static-auth-secret"],
        });
    });

    it("leaves turn_shared_secret out when the homeserver has no TURN server", () => {
        const input = allInOne();
        input.homeservers = [{ ...input.homeservers![0], turn: undefined }];
        input.turnServers = [];
        const plan = planOf(input);
        const file = fileAt(hostOf(plan, "matrix"), synapseSecretConfigPath("hs"));
        expect(file.secrets).toEqual(["homeserver/hs/macaroon-secret-key", "homeserver/hs/registration-shared-secret"]);
        expect(Object.keys(file.content.kind === "yaml" ? (file.content.doc as object) : {})).not.toContain("turn_shared_secret");
        expect(plan.secrets.map((s) => s.name)).not.toContain("turn/turn/static-auth-secret");
    });

    it("gives coturn its secret verbatim, readable by group turnserver", () => {
        const plan = planOf(multiHost());
        const file = fileAt(hostOf(plan, "turn"), turnSecretPath("turn"));
        expect(file).toMatchObject({ owner: "root", group: "turnserver", mode: "0440", content: { kind: "raw" } });
        expect(renderSecretFile(file, { "turn/turn/static-auth-secret": "s3cret" })).toBe("s3cret");
    });

    it("gives Conduit its TURN secret and registration token in a root-only environment file", () => {
        const plan = planOf(conduit());
        const file = fileAt(hostOf(plan, "conduit"), conduitEnvPath("hs"));
        expect(file).toMatchObject({ owner: "root", group: "root", mode: "0400" });
        expect(renderSecretFile(file, { "turn/turn/static-auth-secret": "abc", "homeserver/hs/registration-token": "tok" })).toBe(
            "CONDUIT_REGISTRATION_TOKEN=tok\nCONDUIT_TURN_SECRET=abc\n",
        );
        expect(plan.secrets.map((s) => s.name).filter((n) => n.startsWith("homeserver/") || n.startsWith("turn/"))).toEqual([
            "homeserver/hs/admin-password/admin",
            "homeserver/hs/admin-password/nixos-matrix",
            "homeserver/hs/registration-token",
            "turn/turn/static-auth-secret",
        ]);
    });

    it("gives the Telegram and Discord bridges their tokens and credentials in root-only environment files", () => {
        const plan = planOf(multiHost());
        const bridges = hostOf(plan, "bridges");
        const telegram = fileAt(bridges, bridgeEnvPath("telegram"));
        expect(telegram).toMatchObject({ owner: "root", group: "root", mode: "0400", content: { kind: "env" } });
        expect(telegram.secrets).toEqual([
            "bridge/telegram/api-hash",
            "bridge/telegram/api-id",
            "bridge/telegram/as-token",
            "bridge/telegram/hs-token",
        ]);
        const discord = fileAt(bridges, bridgeEnvPath("discord"));
        const text = renderSecretFile(discord, { "bridge/discord/client-id": "998877665544332211", "bridge/discord/bot-token": "tok" });
        expect(text).toBe("APPSERVICE_DISCORD_AUTH_BOT_TOKEN=tok\nAPPSERVICE_DISCORD_AUTH_CLIENT_I_D=998877665544332211\n");
        expect(bridges.secretFiles.map((f) => f.path)).not.toContain(bridgeEnvPath("whatsapp"));
        expect(bridges.secretFiles.map((f) => f.path)).not.toContain(bridgeEnvPath("irc"));
    });

    it("puts files only on the hosts that run their service", () => {
        const plan = planOf(multiHost());
        expect(hostOf(plan, "web").secretFiles).toEqual([]);
        expect(hostOf(plan, "turn").secretFiles.map((f) => f.path)).toEqual([turnSecretPath("turn")]);
    });

    it("renders every file of every host once all values are given", () => {
        const plan = planOf(allInOne());
        const values = fakeSecretValues(plan);
        for (const host of plan.hosts) for (const file of host.secretFiles) expect(() => renderSecretFile(file, values)).not.toThrow();
    });
});
