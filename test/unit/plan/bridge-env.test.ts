import { describe, expect, it } from "vitest";
import { bridgeEnvVariables } from "../../../sdk/plan/bridge-env";
import { bridgeEnvPath } from "../../../sdk/plan/paths";
import { renderSecretFile } from "../../../sdk/plan/render-secret-file";
import { allInOne } from "../../fixtures/stacks";
import { fileAt, hostOf, planOf } from "./helpers";

describe("bridge environment variables", () => {
    it("follow the pinned release's Python mautrix-telegram module", () => {
        expect(bridgeEnvVariables("mautrix-telegram")).toEqual({
            "as-token": "MAUTRIX_TELEGRAM_APPSERVICE_AS_TOKEN",
            "hs-token": "MAUTRIX_TELEGRAM_APPSERVICE_HS_TOKEN",
            "api-id": "MAUTRIX_TELEGRAM_TELEGRAM_API_ID",
            "api-hash": "MAUTRIX_TELEGRAM_TELEGRAM_API_HASH",
            "bot-token": "MAUTRIX_TELEGRAM_TELEGRAM_BOT_TOKEN",
        });
    });

    it("know the bridgev2 module's names, one `__` per nesting level", () => {
        expect(bridgeEnvVariables("mautrix-telegram", "bridgev2")).toEqual({
            "as-token": "MAUTRIX_TELEGRAM_APPSERVICE__AS_TOKEN",
            "hs-token": "MAUTRIX_TELEGRAM_APPSERVICE__HS_TOKEN",
            "api-id": "MAUTRIX_TELEGRAM_NETWORK__API_ID",
            "api-hash": "MAUTRIX_TELEGRAM_NETWORK__API_HASH",
        });
    });

    it("carry an optional Telegram bot token only when the user gives one", () => {
        const input = allInOne();
        const telegram = input.bridges![0];
        if (telegram.type !== "mautrix-telegram") throw new Error("fixture changed");
        telegram.credentials = { ...telegram.credentials, botToken: "123:abc" };
        const plan = planOf(input);
        expect(plan.secrets.find((s) => s.name === "bridge/telegram/bot-token")?.source).toEqual({
            kind: "user",
            field: "bridges[0].credentials.botToken",
        });
        const file = fileAt(hostOf(plan, "matrix"), bridgeEnvPath("telegram"));
        const values = Object.fromEntries(file.secrets.map((name) => [name, name.split("/").pop()!]));
        expect(renderSecretFile(file, values)).toBe(
            [
                "MAUTRIX_TELEGRAM_APPSERVICE_AS_TOKEN=as-token",
                "MAUTRIX_TELEGRAM_APPSERVICE_HS_TOKEN=hs-token",
                "MAUTRIX_TELEGRAM_TELEGRAM_API_HASH=api-hash",
                "MAUTRIX_TELEGRAM_TELEGRAM_API_ID=api-id",
                "MAUTRIX_TELEGRAM_TELEGRAM_BOT_TOKEN=bot-token",
                "",
            ].join("\n"),
        );
        expect(planOf(allInOne()).secrets.map((s) => s.name)).not.toContain("bridge/telegram/bot-token");
    });
});
