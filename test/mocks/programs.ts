/**
 * In-process programs for tests that vary one arg at a time: the multi-host layout with
 * knobs for the Telegram bridge.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bridge, ElementWeb, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk/components";

export interface MultiHostKnobs {
    readonly telegramSettings?: Record<string, unknown>;
    readonly telegramPort?: number;
    /** Hosts appended after the four, running nothing. */
    readonly extraHosts?: readonly string[];
}

export function multiHostProgram(knobs: MultiHostKnobs = {}): () => void {
    return () => {
        for (const host of ["home", "turn", "bridges", "web", ...(knobs.extraHosts ?? [])]) new HetznerNixosHost(host, { location: "fsn1" });
        new MatrixHomeserver("hs", { host: "home", serverName: "example.com", domain: "matrix.example.com", turn: "turn" });
        new TurnServer("turn", { host: "turn", realm: "turn.example.com" });
        new ElementWeb("element", { host: "web", domain: "chat.example.com", homeserver: "hs" });
        new Bridge("telegram", {
            type: "mautrix-telegram",
            host: "bridges",
            homeserver: "hs",
            port: knobs.telegramPort,
            settings: knobs.telegramSettings,
            telegramApiId: pulumi.secret("1234567"),
            telegramApiHash: pulumi.secret("0123456789abcdef0123456789abcdef"),
        });
        new Bridge("whatsapp", { type: "mautrix-whatsapp", host: "bridges", homeserver: "hs" });
    };
}
