/**
 * Turns a SecretFile into the bytes written on the host, given the secret values. Pure and
 * deterministic: a registration rendered for its bridge and for its homeserver is
 * byte-identical.
 *
 * - raw: exactly the value, no newline added (coturn and `*_FILE` readers take the file
 *   verbatim, and a stray newline would become part of the secret);
 * - env: `KEY=value` lines sorted by key, each ending in `\n`, in systemd EnvironmentFile
 *   syntax (see quoteEnvValue);
 * - yaml: the `yaml` library's output, key order as built, no line folding;
 * - json: `JSON.stringify(doc, null, 2)` plus `\n`.
 */
import { stringify } from "yaml";
import { substituteSecretRefs } from "./secret-refs";
import type { SecretFile } from "./types";

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A value as systemd's EnvironmentFile reads it back unchanged: plain when it holds only
 * safe characters; otherwise single-quoted (nothing is interpreted inside), or double-quoted
 * with `\`, `"`, `$` and backquote escaped when it contains a single quote. Line breaks and NUL
 * cannot be represented and are refused.
 */
export function quoteEnvValue(value: string, what: string): string {
    if (/[\r\n\0]/.test(value)) {
        throw new Error(`${what}: the value contains a line break or NUL, which an environment file cannot hold`);
    }
    if (ENV_PLAIN.test(value)) return value;
    if (!value.includes("'")) return `'${value}'`;
    return `"${value.replace(/[\\"$`]/g, "\\$&")}"`;
}

export function renderSecretFile(file: SecretFile, values: Readonly<Record<string, string>>): string {
    const lookup = (name: string): string => {
        const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
        if (typeof value !== "string") {
            throw new Error(`secret file ${file.path} needs secret "${name}", which has no value`);
        }
        return value;
    };
    const content = file.content;
    switch (content.kind) {
        case "raw":
            return (content.prefix ?? "") + lookup(content.secret);
        case "env":
            return Object.keys(content.vars)
                .sort()
                .map((key) => {
                    if (!ENV_KEY.test(key)) {
                        throw new Error(`secret file ${file.path}: "${key}" is not an environment variable name`);
                    }
                    const raw = content.vars[key];
                    const value = typeof raw === "string" ? raw : lookup(raw.$secret);
                    return `${key}=${quoteEnvValue(value, `secret file ${file.path}, ${key}`)}\n`;
                })
                .join("");
        case "yaml":
            return stringify(substituteSecretRefs(content.doc, lookup), { lineWidth: 0, sortMapEntries: false });
        case "json":
            return `${JSON.stringify(substituteSecretRefs(content.doc, lookup), null, 2)}\n`;
    }
}
