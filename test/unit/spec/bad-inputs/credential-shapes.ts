import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

const TELEGRAM_HASH = "0123456789abcdef0123456789abcdef";

/** Bridge credentials given as plain values, each checked for its shape; no message quotes the value. */
export const CREDENTIAL_SHAPE_CASES: readonly BadInput[] = [
    {
        name: "Telegram apiHash given in apiId (id and hash swapped)",
        input: variant((s) => (s.bridges[0].credentials.apiId = TELEGRAM_HASH)),
        message: "bridges[0].credentials.apiId: must be Telegram's numeric api_id: digits only",
    },
    {
        name: "Telegram apiId given in apiHash (id and hash swapped)",
        input: variant((s) => (s.bridges[0].credentials.apiHash = "1234567")),
        message: "bridges[0].credentials.apiHash: must be Telegram's api_hash: 32 hexadecimal characters (0-9, a-f)",
    },
    {
        name: "Telegram apiHash of the wrong length",
        input: variant((s) => (s.bridges[0].credentials.apiHash = TELEGRAM_HASH.slice(0, 31))),
        message: "bridges[0].credentials.apiHash: must be Telegram's api_hash: 32 hexadecimal characters (0-9, a-f)",
    },
    {
        name: "Telegram apiHash in upper case",
        input: variant((s) => (s.bridges[0].credentials.apiHash = TELEGRAM_HASH.toUpperCase())),
        message: "bridges[0].credentials.apiHash: must be Telegram's api_hash: 32 hexadecimal characters (0-9, a-f)",
    },
    {
        name: "Telegram apiId with a trailing newline",
        input: variant((s) => (s.bridges[0].credentials.apiId = "1234567\n")),
        message: "bridges[0].credentials.apiId: must be Telegram's numeric api_id: digits only",
    },
    {
        name: "Telegram botToken without its bot id",
        input: variant((s) => (s.bridges[0].credentials.botToken = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")),
        message: "bridges[0].credentials.botToken: must be a Telegram bot token from @BotFather, '<digits>:<token>'",
    },
    {
        name: "Discord bot token in clientId",
        input: variant((s) => (s.bridges[3].credentials.clientId = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB")),
        message: "bridges[3].credentials.clientId: must be the Discord application's numeric client id: digits only",
    },
    {
        name: "Discord clientId in botToken",
        input: variant((s) => (s.bridges[3].credentials.botToken = "112233445566778899")),
        message: "bridges[3].credentials.botToken: must be a Discord bot token: three parts joined by dots, from the Bot page of the Developer Portal",
    },
    {
        name: "Discord client secret in botToken",
        input: variant((s) => (s.bridges[3].credentials.botToken = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6")),
        message: "bridges[3].credentials.botToken: must be a Discord bot token: three parts joined by dots, from the Bot page of the Developer Portal",
    },
];
