/**
 * One bad program: the base program with one change, driven through the components (and
 * through the provider), and the error line it must produce. Nothing may be registered.
 */
import type { ComponentCall, ComponentProgram } from "../../provider/harness/component-program";
import { ed25519KeyPair } from "../../fixtures/ssh-keys";

/** The class of finding a case belongs to (issue classes; `arg` for the per-arg list). */
export type BadClass = "refusal" | "key-material" | "secret-credential" | "element-config" | "plan-clash" | "setting" | "workers" | "arg";

export interface BadComponentCase {
    readonly name: string;
    readonly class: BadClass;
    /** The arg the case gets wrong: `Class.arg`, or `config nixos-matrix:key`. */
    readonly arg: string;
    readonly program: ComponentProgram;
    /** The exact error line, or a pattern it must match. */
    readonly message: string | RegExp;
    /** How many error lines the change causes. @default 1 */
    readonly lines?: number;
    /** Values the error must never quote (keys, credentials). */
    readonly secrets?: readonly string[];
}

export const DEPLOY_KEY = ed25519KeyPair("deploy@example");
export const HOST_KEY = ed25519KeyPair("edge");

export const CONFIG: Readonly<Record<string, string>> = { "nixos-matrix:acmeEmail": "admin@example.org" };

/**
 * Every component class: a Hetzner host `main` with Synapse (admin `admin`), Element and the
 * Telegram and Discord bridges (credentials as secrets); an existing host `edge` with coturn,
 * the WhatsApp and IRC bridges and the moderation bot `mod`.
 */
export function baseProgram(): ComponentProgram {
    return {
        config: { ...CONFIG },
        components: [
            { className: "HetznerNixosHost", name: "main", args: { location: "fsn1" } },
            {
                className: "ExistingNixosHost",
                name: "edge",
                args: { address: "203.0.113.10", privateAddress: "10.80.0.10", privateInterface: "eth1", hostKey: HOST_KEY.publicKey, privateKey: DEPLOY_KEY.privateKey, publicKey: DEPLOY_KEY.publicKey },
                secretArgs: ["privateKey"],
            },
            { className: "MatrixHomeserver", name: "hs", args: { host: "main", serverName: "example.org", domain: "matrix.example.org", turn: "turn", admins: ["admin"] } },
            { className: "TurnServer", name: "turn", args: { host: "edge", realm: "turn.example.org" } },
            { className: "ElementWeb", name: "web", args: { host: "main", domain: "chat.example.org", homeserver: "hs" } },
            {
                className: "Bridge",
                name: "telegram",
                args: { type: "mautrix-telegram", host: "main", homeserver: "hs", telegramApiId: "1234567", telegramApiHash: "0123456789abcdef0123456789abcdef" },
                secretArgs: ["telegramApiId", "telegramApiHash"],
            },
            {
                className: "Bridge",
                name: "discord",
                args: { type: "matrix-appservice-discord", host: "main", homeserver: "hs", discordClientId: "112233445566778899", discordBotToken: "MTEy.GaBcDe.discordbottoken" },
                secretArgs: ["discordClientId", "discordBotToken"],
            },
            { className: "Bridge", name: "whatsapp", args: { type: "mautrix-whatsapp", host: "edge", homeserver: "hs" } },
            { className: "Bridge", name: "irc", args: { type: "matrix-appservice-irc", host: "edge", homeserver: "hs", ircNetworks: [{ address: "irc.libera.chat" }] } },
            { className: "ModerationBot", name: "mod", args: { host: "edge", homeserver: "hs", protectedRooms: ["#community:example.org"] } },
        ],
    };
}

/** The base program with `args` merged into component `name`'s (undefined removes an arg). */
export function withArgs(name: string, args: Record<string, unknown>, secretArgs?: readonly string[]): ComponentProgram {
    const base = baseProgram();
    return {
        ...base,
        components: base.components.map((c): ComponentCall => {
            if (c.name !== name) return c;
            const merged: Record<string, unknown> = { ...c.args, ...args };
            for (const [k, v] of Object.entries(args)) if (v === undefined) delete merged[k];
            return { ...c, args: merged, secretArgs: secretArgs ?? c.secretArgs };
        }),
    };
}

/** The base program with one more component. */
export function withComponent(call: ComponentCall): ComponentProgram {
    const base = baseProgram();
    return { ...base, components: [...base.components, call] };
}

/** The base program with stack settings set. */
export function withConfig(config: Record<string, string>): ComponentProgram {
    const base = baseProgram();
    return { ...base, config: { ...base.config, ...config } };
}
