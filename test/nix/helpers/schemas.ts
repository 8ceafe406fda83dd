/**
 * Upstream config schemas from ../shared/schemas, compiled with ajv. Read in place,
 * never copied into the project.
 */
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { SHARED_DIR } from "../../support/needs";

export const SCHEMAS_DIR = path.join(SHARED_DIR, "schemas");

export function readSchema(relative: string): Record<string, unknown> {
    return parse(readFileSync(path.join(SCHEMAS_DIR, relative), "utf8")) as Record<string, unknown>;
}

/** Synapse's homeserver.yaml schema (draft 2020-12 plus `io.element.*` annotations). */
export function synapseConfigValidator(): { validate: ValidateFunction; topLevelKeys: Set<string> } {
    const schema = readSchema("synapse/synapse-config.schema.yaml");
    const meta = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, "synapse/meta.schema.json"), "utf8")) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    // The meta-schema is draft 2020-12 plus two `io.element.*` annotation keywords, which
    // `strict: false` lets through (ajv refuses dotted keyword names in addKeyword).
    ajv.addMetaSchema(meta);
    const validate = ajv.compile(schema);
    return { validate, topLevelKeys: new Set(Object.keys(schema.properties as object)) };
}

/** Draft-04 `exclusiveMinimum: true` (a flag on `minimum`) in the draft-07 form ajv reads. */
function fromDraft04(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(fromDraft04);
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
        if (key === "$schema") continue;
        out[key] = fromDraft04(value);
    }
    for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
        if (typeof out[flag] === "boolean") {
            if (out[flag]) out[flag] = out[bound];
            else delete out[flag];
            delete out[bound];
        }
    }
    return out;
}

/** A draft-04 bridge config schema (matrix-appservice-irc, matrix-appservice-discord). */
export function draft04Validator(relative: string): ValidateFunction {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    return ajv.compile(fromDraft04(readSchema(relative)) as object);
}

export function errorsOf(validate: ValidateFunction): string[] {
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim());
}

/**
 * The shared bridgev2 example config (mautrix/go `bridgev2/matrix/mxmain/example-config.yaml`),
 * its `$<<...>>` template actions replaced by a placeholder so it parses as YAML.
 */
export function bridgev2BaseConfig(): Record<string, unknown> {
    const text = readFileSync(path.join(SCHEMAS_DIR, "mautrix-whatsapp/bridgev2-base-example-config.yaml"), "utf8");
    return parse(text.replace(/\$<<.*?>>/g, "x")) as Record<string, unknown>;
}

/**
 * Key paths of `settings` the example config lacks. Below a key whose example value is a map
 * the user fills (`bridge.permissions`) any key goes; `network` is the connector's own section.
 */
export function keysMissingFrom(example: Record<string, unknown>, settings: Record<string, unknown>, freeMaps: readonly string[], at: string[] = []): string[] {
    return Object.entries(settings).flatMap(([key, value]) => {
        const here = [...at, key];
        if (at.length === 0 && key === "network") return [];
        if (!(key in example)) return [here.join(".")];
        const next = example[key];
        if (freeMaps.includes(here.join("."))) return [];
        if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof next === "object" && next !== null) {
            return keysMissingFrom(next as Record<string, unknown>, value as Record<string, unknown>, freeMaps, here);
        }
        return [];
    });
}
