import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { NIXOS_RELEASE as BUNDLE_RELEASE } from "../../../sdk/nixos/release";
import * as release from "../../../sdk/plan/release";

const SDK = path.resolve(__dirname, "../../../sdk");
const RELEASE_FILE = path.join(SDK, "plan", "release.ts");

function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) return sourceFiles(full);
        return full.endsWith(".ts") && !full.endsWith(".generated.ts") ? [full] : [];
    });
}

/** Code without comments, so a release named in prose does not count. */
function code(file: string): string {
    return readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
}

describe("the release and what depends on it are one setting in one place", () => {
    it("sdk/plan/release.ts holds the release and every module generation", () => {
        expect(release.NIXOS_RELEASE).toMatch(/^\d\d\.\d\d$/);
        expect(release.TELEGRAM_MODULE_GENERATION).toBeDefined();
        expect(release.WHATSAPP_MODULE_GENERATION).toBeDefined();
    });

    it("the bundle's release parameters are taken from there", () => {
        expect(BUNDLE_RELEASE).toMatchObject({
            version: release.NIXOS_RELEASE,
            telegramModule: release.TELEGRAM_MODULE_GENERATION,
            whatsappModule: release.WHATSAPP_MODULE_GENERATION,
        });
    });

    it("no other source file spells a release or a module generation", () => {
        const offenders = sourceFiles(SDK)
            .filter((file) => file !== RELEASE_FILE)
            .flatMap((file) => {
                const text = code(file);
                const found = [
                    ...text.matchAll(/["'`]\d\d\.(05|11)["'`]/g),
                    ...text.matchAll(/(Module|Generation)\w*\s*[:=]\s*["'](legacy|python|bridgev2)["']/g),
                ];
                return found.map((m) => `${path.relative(SDK, file)}: ${m[0]}`);
            });
        expect(offenders).toEqual([]);
    });
});
