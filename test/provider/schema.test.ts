import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderSchema, SCHEMA_FILE } from "../../provider/generate-schema";
import { PROVIDER_DIR } from "../../provider/nixos-matrix-provider";
import { SESSION_TIMEOUT_MS, useProviderSession } from "./harness/provider-session";

const ROOT = path.resolve(__dirname, "../..");
const checkedIn = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));

/** Args that carry credentials; each must be `secret` in the schema (tagged `@secret` in its args interface). */
const SECRET_INPUTS: Record<string, string[]> = {
    Bridge: ["telegramApiHash", "telegramBotToken", "discordBotToken"],
    HetznerNixosHost: ["deployPrivateKey"],
    ExistingNixosHost: ["privateKey"],
};

const SERVICE_COMPONENTS = ["MatrixHomeserver", "TurnServer", "ElementWeb", "Bridge"];

describe("provider schema", () => {
    const session = useProviderSession("schema", "test");

    it("GetSchema over gRPC returns the checked-in provider/schema.json", async () => {
        expect(JSON.parse(await session().client.getSchema())).toEqual(checkedIn);
    });

    it("provider/schema.json is what npm run provider:schema generates now (no drift)", async () => {
        const fresh = await renderSchema();
        expect(fresh, "provider/schema.json is stale: run npm run provider:schema").toBe(readFileSync(SCHEMA_FILE, "utf8"));
    }, SESSION_TIMEOUT_MS);

    it("names the package and version of the project", () => {
        const root = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const plugin = JSON.parse(readFileSync(path.join(PROVIDER_DIR, "package.json"), "utf8"));
        expect({ name: plugin.name, version: plugin.version, description: plugin.description }).toEqual({
            name: root.name,
            version: root.version,
            description: root.description,
        });
        expect(checkedIn.name).toBe("nixos-matrix");
        expect(checkedIn.version).toBe(root.version);
    });

    it("serves every service component as a component resource", () => {
        for (const name of SERVICE_COMPONENTS) {
            expect(checkedIn.resources[`nixos-matrix:index:${name}`]?.isComponent, name).toBe(true);
        }
    });

    it("describes every component, arg, output, object type and property of a type", () => {
        const undescribed: string[] = [];
        for (const [token, resource] of Object.entries<any>(checkedIn.resources)) {
            if (!resource.description?.trim()) undescribed.push(token);
            for (const [arg, spec] of Object.entries<any>(resource.inputProperties ?? {})) {
                if (!spec.description?.trim()) undescribed.push(`${token} input ${arg}`);
            }
            for (const [out, spec] of Object.entries<any>(resource.properties ?? {})) {
                if (!spec.description?.trim()) undescribed.push(`${token} output ${out}`);
            }
        }
        for (const [token, type] of Object.entries<any>(checkedIn.types)) {
            if (!type.description?.trim()) undescribed.push(token);
            for (const [prop, spec] of Object.entries<any>(type.properties ?? {})) {
                if (!spec.description?.trim()) undescribed.push(`${token} property ${prop}`);
            }
        }
        expect(undescribed, "these lack a JSDoc description").toEqual([]);
    });

    it("marks every credential arg secret", () => {
        const unmarked: string[] = [];
        for (const [component, args] of Object.entries(SECRET_INPUTS)) {
            const inputs = checkedIn.resources[`nixos-matrix:index:${component}`]?.inputProperties ?? {};
            for (const arg of args) if (inputs[arg]?.secret !== true) unmarked.push(`${component}.${arg}`);
        }
        expect(unmarked, "tag these @secret in their args interface, then npm run provider:schema").toEqual([]);
    });
});
