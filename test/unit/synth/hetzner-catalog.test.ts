// needs: shared
/**
 * The offline cloud's Hetzner catalog is shaped like the real API's answers: every server
 * type, location and image validates against the schemas of the Hetzner Cloud OpenAPI
 * document in ../shared/schemas/hcloud/.
 */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CX_LOCATIONS, SERVER_TYPE_DEFAULTS } from "../../../sdk/spec/resolved-defaults";
import { HETZNER_CATALOG } from "../../../sdk/synth/hetzner-catalog";
import { errorsOf } from "../../nix/helpers/schemas";

const OPENAPI = path.resolve(__dirname, "../../../../shared/schemas/hcloud/hcloud.openapi.json");

/** OpenAPI 3.0's `nullable: true` in the JSON Schema form ajv reads: `anyOf: [schema, null]`. */
function fromOpenApi(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(fromOpenApi);
    if (typeof node !== "object" || node === null) return node;
    const { nullable, ...rest } = node as Record<string, unknown>;
    const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, fromOpenApi(v)]));
    return nullable === true ? { anyOf: [converted, { type: "null" }] } : converted;
}

function validatorOf(schemaName: string) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(fromOpenApi(JSON.parse(readFileSync(OPENAPI, "utf8"))) as object, "hcloud");
    return ajv.compile({ $ref: `hcloud#/components/schemas/${schemaName}` });
}

describe("the offline Hetzner catalog", () => {
    it.each([
        ["server_type", HETZNER_CATALOG.server_types],
        ["location", HETZNER_CATALOG.locations],
        ["image", HETZNER_CATALOG.images],
    ] as const)("validates against the API's %s schema", (schemaName, entries) => {
        const validate = validatorOf(schemaName);
        for (const entry of entries) {
            expect(validate(entry) ? [] : errorsOf(validate), `${schemaName} ${entry.name}`).toEqual([]);
        }
    });

    it("can fail: a server type without its locations is refused", () => {
        const validate = validatorOf("server_type");
        const { locations: _dropped, ...broken } = HETZNER_CATALOG.server_types[0];
        expect(validate(broken)).toBe(false);
    });

    it("sells every default server type in the locations its defaults are for, and no removed type", () => {
        const soldIn = (type: string) => HETZNER_CATALOG.server_types.find((t) => t.name === type)?.locations.map((l) => l.name);
        for (const type of Object.values(SERVER_TYPE_DEFAULTS.eu)) expect(soldIn(type)).toEqual(expect.arrayContaining([...CX_LOCATIONS]));
        const everywhere = HETZNER_CATALOG.locations.map((l) => l.name);
        for (const type of Object.values(SERVER_TYPE_DEFAULTS.elsewhere)) expect(soldIn(type)).toEqual(everywhere);
        const names = HETZNER_CATALOG.server_types.map((t) => t.name);
        for (const removed of ["cx22", "cx32", "cx42", "cx52", "cpx11", "cpx21", "cpx31", "cpx41", "cpx51"]) expect(names).not.toContain(removed);
    });
});
