// needs: shared
/**
 * The config.json keys ElementWeb accepts are the keys Element Web's own docs/config.md
 * (../shared/schemas/element-web) documents, and no other.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ELEMENT_CONFIG_KEYS, GENERATED_SERVER_KEYS } from "../../sdk/spec/element-config";
import { SCHEMAS_DIR } from "./helpers/schemas";

const DOC = readFileSync(path.join(SCHEMAS_DIR, "element-web/config.md"), "utf8");
const SAMPLE = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, "element-web/config.sample.json"), "utf8")) as Record<string, unknown>;

/** Keys the doc names at the top level of a JSON example: `{` then `"key":` four spaces in. */
function exampleTopLevelKeys(doc: string): Set<string> {
    const keys = new Set<string>();
    for (const block of doc.matchAll(/```json\n\{\n([\s\S]*?)\n\}\n/g)) {
        for (const m of block[1].matchAll(/^ {4}"([a-z_0-9]+)":/gm)) keys.add(m[1]);
    }
    return keys;
}

/** Keys of numbered items not indented (top-level options), e.g. "3. `brand`: ...". */
function numberedKeys(doc: string): Set<string> {
    return new Set([...doc.matchAll(/^\d+\. (?:<del>)?`([a-z_0-9]+)`/gm)].map((m) => m[1]));
}

describe("Element config keys", () => {
    const known = new Set([...Object.keys(ELEMENT_CONFIG_KEYS), ...Object.keys(GENERATED_SERVER_KEYS)]);

    it("lists every key of Element's sample config and of the top-level JSON examples in its docs", () => {
        const documented = new Set([...Object.keys(SAMPLE), ...exampleTopLevelKeys(DOC)]);
        expect([...documented].filter((k) => !known.has(k))).toEqual([]);
    });

    it("lists only keys the docs name", () => {
        expect(Object.keys(ELEMENT_CONFIG_KEYS).filter((k) => !DOC.includes(`"${k}"`) && !DOC.includes(`\`${k}\``))).toEqual([]);
    });

    it("names each numbered top-level option the docs describe, except the nested ones", () => {
        // Numbered items of sub-lists (desktop_builds.url, sentry.dsn, ...) are not top-level keys.
        const nested = new Set(["available", "logo", "url", "url_macos", "url_win64", "url_win64arm", "url_win32", "url_linux", "ios", "android", "fdroid",
            "welcome_background_url", "auth_header_logo_url", "auth_footer_links", "welcome_url", "home_url", "login_for_welcome", "client_uri", "logo_uri",
            "tos_uri", "policy_uri", "contacts", "dsn", "environment", "api_host", "project_api_key", "title", "description", "show_once"]);
        expect([...numberedKeys(DOC)].filter((k) => !known.has(k) && !nested.has(k))).toEqual([]);
    });
});
