/**
 * The shape of each credential a bridge takes, as data: the spec checks plain values with
 * it, the components check secret values with it once they are known, and nothing prints
 * the value checked.
 */
export interface CredentialShape {
    readonly pattern: RegExp;
    /** Why a value does not fit; never quotes it. */
    readonly reason: string;
}

export const CREDENTIAL_SHAPES = {
    telegramApiId: { pattern: /^[1-9][0-9]{0,11}$/, reason: "must be Telegram's numeric api_id: digits only" },
    telegramApiHash: { pattern: /^[0-9a-f]{32}$/, reason: "must be Telegram's api_hash: 32 hexadecimal characters (0-9, a-f)" },
    telegramBotToken: { pattern: /^[0-9]+:[A-Za-z0-9_-]+$/, reason: "must be a Telegram bot token from @BotFather, '<digits>:<token>'" },
    discordClientId: { pattern: /^[1-9][0-9]{0,20}$/, reason: "must be the Discord application's numeric client id: digits only" },
    discordBotToken: {
        pattern: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
        reason: "must be a Discord bot token: three parts joined by dots, from the Bot page of the Developer Portal",
    },
} as const satisfies Record<string, CredentialShape>;

export type CredentialArg = keyof typeof CREDENTIAL_SHAPES;

/** Per bridge type, the spec's credential field -> the Bridge arg it comes from. */
export const CREDENTIAL_ARGS: Readonly<Record<string, Readonly<Record<string, CredentialArg>>>> = {
    "mautrix-telegram": { apiId: "telegramApiId", apiHash: "telegramApiHash", botToken: "telegramBotToken" },
    "matrix-appservice-discord": { clientId: "discordClientId", botToken: "discordBotToken" },
};

/** The shape as a POSIX extended regular expression, for the check on the host (the patterns use only ERE syntax). */
export function hostPattern(arg: CredentialArg): string {
    return CREDENTIAL_SHAPES[arg].pattern.source;
}

/** Why `value` is not a `arg`, or undefined when it fits. Numbers count as their digits. */
export function credentialProblem(arg: CredentialArg, value: unknown): string | undefined {
    const shape: CredentialShape = CREDENTIAL_SHAPES[arg];
    if (typeof value === "number") return Number.isSafeInteger(value) && shape.pattern.test(String(value)) ? undefined : shape.reason;
    if (typeof value !== "string") return "must be a string";
    if (value.trim() === "") return "is required and must not be empty";
    return shape.pattern.test(value) ? undefined : shape.reason;
}
