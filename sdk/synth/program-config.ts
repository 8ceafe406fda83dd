/**
 * The config a program sees offline: the `config:` block of its Pulumi.yaml (plain values
 * and defaults), a placeholder for each declared key without one (`<config telegramApiHash>`,
 * secret when the key is declared secret), and the caller's overrides.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { configPlaceholder } from "../spec/placeholder";

export interface ProgramProject {
    readonly name: string;
    /** Entry file, resolved from `main` (a directory or a file). */
    readonly entry: string;
    /** Full config keys (`project:key`, `nixos-matrix:acmeEmail`) to values. */
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

interface DeclaredKey {
    readonly value?: unknown;
    readonly default?: unknown;
    readonly secret?: boolean;
}

function fullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function text(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

export function readProgramProject(programDir: string, overrides: Readonly<Record<string, string>> = {}): ProgramProject {
    const file = path.join(programDir, "Pulumi.yaml");
    if (!existsSync(file)) throw new Error(`${programDir}: no Pulumi.yaml here; give the directory of a Pulumi program`);
    const doc = parse(readFileSync(file, "utf8")) as { name?: string; main?: string; runtime?: unknown; config?: Record<string, unknown> };
    if (!doc?.name) throw new Error(`${file}: has no project name`);
    const mainPath = path.resolve(programDir, doc.main ?? ".");
    const entry = path.extname(mainPath) ? mainPath : path.join(mainPath, "index.ts");
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, declared] of Object.entries(doc.config ?? {})) {
        const full = fullKey(doc.name, key);
        if (declared === null || typeof declared !== "object" || Array.isArray(declared)) {
            config[full] = text(declared);
            continue;
        }
        const d = declared as DeclaredKey;
        const value = d.value ?? d.default;
        config[full] = value === undefined ? configPlaceholder(key) : text(value);
        if (d.secret) secretKeys.push(full);
    }
    for (const [key, value] of Object.entries(overrides)) config[fullKey(doc.name, key)] = value;
    return { name: doc.name, entry, config, secretKeys: secretKeys.sort() };
}
