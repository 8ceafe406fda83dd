/**
 * A valid stack that exercises every rule, and `variant`, which returns a deep copy of
 * it with one small change. Each bad input is the base plus one edit, so each proves
 * exactly one rule.
 *
 * - host `main` (Hetzner): Synapse `hs` (serverName `example.org`, domain
 *   `matrix.example.org`), Element `web` (`chat.example.org`), bridges `telegram` and `discord`;
 * - host `edge` (existing, 203.0.113.10 / 10.80.0.10): coturn `turn` (`turn.example.org`),
 *   bridges `whatsapp` and `irc`.
 */
import type { StackSpecInput } from "../../../sdk/spec/stack";

export function baseStack(): StackSpecInput {
    return {
        acme: { email: "admin@example.org" },
        hosts: [
            { name: "main", provider: "hetzner" },
            {
                name: "edge",
                provider: "existing",
                address: "203.0.113.10",
                privateAddress: "10.80.0.10",
                hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB31n3wqKJPJfA3cThxE5VAkKUfIPggptqY4C9EbfyCZ",
            },
        ],
        homeservers: [
            {
                name: "hs",
                host: "main",
                serverName: "example.org",
                domain: "matrix.example.org",
                turn: "turn",
                adminContact: "admin@example.org",
            },
        ],
        turnServers: [{ name: "turn", host: "edge", realm: "turn.example.org" }],
        elements: [{ name: "web", host: "main", domain: "chat.example.org", homeserver: "hs" }],
        bridges: [
            {
                id: "telegram",
                type: "mautrix-telegram",
                host: "main",
                homeserver: "hs",
                credentials: { apiId: "1234567", apiHash: "0123456789abcdef0123456789abcdef" },
            },
            { id: "whatsapp", type: "mautrix-whatsapp", host: "edge", homeserver: "hs" },
            {
                id: "irc",
                type: "matrix-appservice-irc",
                host: "edge",
                homeserver: "hs",
                networks: [
                    { address: "irc.libera.chat", name: "Libera", channels: ["#nixos", "#matrix"] },
                    { address: "irc.oftc.net", channels: ["#debian"] },
                ],
            },
            {
                id: "discord",
                type: "matrix-appservice-discord",
                host: "main",
                homeserver: "hs",
                credentials: { clientId: "112233445566778899", botToken: "discord.bot.token" },
            },
        ],
    };
}

/**
 * The base stack as loose JSON, so an edit may put any value anywhere: bad inputs are
 * exactly what the types forbid.
 */
export type Draft = any;

/** A deep copy of the base stack with `edit` applied. */
export function variant(edit: (stack: Draft) => void): unknown {
    const stack: Draft = structuredClone(baseStack());
    edit(stack);
    return stack;
}
