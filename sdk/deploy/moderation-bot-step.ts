/**
 * A moderation bot's own step: after its homeserver's bootstrap, one command on the bot's host
 * logs the bot in for its token (made there, never in Pulumi state), joins its rooms and starts
 * it (scripts/moderation-bot.sh). Pure, like bootstrap-step.ts.
 */
import type { ModerationBotRun } from "../plan/moderation-bots";
import { matrixStepScript } from "./bootstrap-step";
import { contentHash } from "./content-hash";
import { lastJsonArray, shellQuote } from "./script-command";

/** moderation-bot.sh's one argument: the run without its secret's name, and what the hosts switched to. */
export type ModerationBotArgs = Omit<ModerationBotRun, "passwordSecret" | "bot" | "homeserver"> & { readonly deployHash: string };

/** What the step did. */
export interface ModerationBotResult {
    readonly user: string;
    readonly tokenCreated: boolean;
    /** The management room's ID. */
    readonly managementRoom: string;
    readonly joined: readonly string[];
}

export function moderationBotArgs(run: ModerationBotRun, switched: readonly string[]): ModerationBotArgs {
    const { passwordSecret: _secret, bot: _bot, homeserver: _homeserver, ...args } = run;
    return { ...args, deployHash: contentHash([...switched].sort()) };
}

/** `bash -c '<script>' nixos-matrix-moderation-bot '<json>'`. */
export function moderationBotCommand(args: ModerationBotArgs): string {
    return `bash -c ${shellQuote(matrixStepScript("moderation-bot.sh"))} nixos-matrix-moderation-bot ${shellQuote(JSON.stringify(args))}`;
}

export function parseModerationBot(stdout: string): ModerationBotResult {
    const [r] = lastJsonArray(`[${stdout.trim().split("\n").pop() ?? ""}]`, "moderation-bot");
    if (!r) throw new Error("moderation-bot printed no result");
    return { user: String(r.user), tokenCreated: r.tokenCreated === true, managementRoom: String(r.managementRoom), joined: (r.joined as string[]) ?? [] };
}
