/**
 * Does a JSON value fit a NixOS option type, given the type's description as options.json
 * records it (`null or (list of string)`, `16 bit unsigned integer; between 0 and 65535
 * (both inclusive)`, `one of "a", "b"`, ...)? Unknown descriptions throw, so a type the
 * checker does not understand is never passed silently.
 */

/** Types whose values are free-form: anything goes at this path, sub-options may still be typed. */
export const FREE_FORM_TYPES = new Set([
    "YAML value",
    "JSON value",
    "TOML value",
    "attribute set",
    "anything",
    "unspecified value",
    "attribute set of (YAML value)",
    // types.submodule { freeformType = (pkgs.formats.yaml { }).type; } (services.draupnir.settings).
    "open submodule of (YAML 1.1 value)",
]);

/** Splits at top-level occurrences of `sep`, outside parentheses and quotes. */
function splitTopLevel(text: string, sep: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let quoted = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') quoted = !quoted;
        else if (!quoted && c === "(") depth++;
        else if (!quoted && c === ")") depth--;
        else if (!quoted && depth === 0 && text.startsWith(sep, i)) {
            parts.push(text.slice(start, i));
            start = i + sep.length;
            i += sep.length - 1;
        }
    }
    parts.push(text.slice(start));
    return parts;
}

function unwrapParens(text: string): string {
    const t = text.trim();
    if (!t.startsWith("(") || !t.endsWith(")")) return t;
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
        if (t[i] === "(") depth++;
        else if (t[i] === ")") depth--;
        if (depth === 0 && i < t.length - 1) return t;
    }
    return unwrapParens(t.slice(1, -1));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNonEmpty = (v: unknown): boolean => (typeof v === "string" || Array.isArray(v) ? v.length > 0 : true);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

const isAtom = (v: unknown): boolean => v === null || ["boolean", "number", "string"].includes(typeof v);

/** Nix's `builtins.match` patterns (POSIX classes, whole-string match) as a JS RegExp. */
function posixPattern(pattern: string): RegExp {
    const js = pattern.replaceAll("[:alnum:]", "A-Za-z0-9").replaceAll("[:digit:]", "0-9").replaceAll("[:alpha:]", "A-Za-z");
    return new RegExp(`^(?:${js})$`);
}

/** Descriptions whose words would otherwise be split at " or ". */
const EXACT_TYPES: Record<string, (value: unknown) => boolean> = {
    "string, not containing newlines or colons": (v) => typeof v === "string" && !/[\n:]/.test(v),
    "absolute path, not containing newlines or colons": (v) => typeof v === "string" && v.startsWith("/") && !/[\n:]/.test(v),
    "atom (null, bool, int, float or string)": isAtom,
    "Nix config atom (null, bool, int, float, str, path or package)": isAtom,
    "string without spaces": (v) => typeof v === "string" && !/\s/.test(v),
};

/** Whether `value` fits the described type; throws on a description it cannot read. */
export function fitsType(value: unknown, description: string): boolean {
    const type = unwrapParens(description.replace(/ convertible to it$/, ""));
    if (FREE_FORM_TYPES.has(type)) return true;
    const exact = EXACT_TYPES[type];
    if (exact) return exact(value);

    const alternatives = splitTopLevel(type, " or ");
    if (alternatives.length > 1 && !type.startsWith("one of ")) {
        return alternatives.some((alt) => fitsType(value, alt));
    }
    if (type.startsWith("list of ")) {
        return Array.isArray(value) && value.every((item) => fitsType(item, type.slice("list of ".length)));
    }
    if (type.startsWith("attribute set of ")) {
        return isObject(value) && Object.values(value).every((v) => fitsType(v, type.slice("attribute set of ".length)));
    }
    if (type.startsWith("one of ")) {
        const choices = [...type.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
        return typeof value === "string" && choices.includes(value);
    }
    const withCheck = /^(.*) \(with check: ([^)]*)\)$/.exec(type);
    if (withCheck) {
        const nonEmpty = withCheck[2].startsWith("non-empty") ? isNonEmpty(value) : true;
        const noTrailingSlash = withCheck[2].endsWith("without trailing slash") ? !String(value).endsWith("/") : true;
        return fitsType(value, withCheck[1]) && nonEmpty && noTrailingSlash;
    }
    if (type.startsWith("non-empty ")) return fitsType(value, type.slice("non-empty ".length)) && isNonEmpty(value);
    if (type.startsWith("lazy attribute set of ")) return fitsType(value, type.slice("lazy ".length));
    const singular = /^value "(.*)" \(singular enum\)$/.exec(type);
    if (singular) return value === singular[1];
    if (type.startsWith("function that evaluates to a(n) ")) return false;
    if (type === "null") return value === null;
    if (type === "boolean") return typeof value === "boolean";
    if (type === "submodule") return isObject(value);
    if (type === "package") return isObject(value) || (typeof value === "string" && value.startsWith("/nix/store/"));
    if (type === "signed integer") return isInt(value);
    if (type === "floating point number") return typeof value === "number";
    if (type === "unsigned integer, meaning >=0") return isInt(value) && value >= 0;
    if (type === "positive integer, meaning >0") return isInt(value) && value > 0;
    const between = /^(?:(\d+) bit unsigned integer; |integer )between (-?\d+) and (-?\d+) \(both inclusive\)$/.exec(type);
    if (between) return isInt(value) && value >= Number(between[2]) && value <= Number(between[3]);
    if (type === "string" || /^strings concatenated with /.test(type)) return typeof value === "string";
    if (type === "string, not containing newlines") return typeof value === "string" && !value.includes("\n");
    if (type === "(optionally newline-terminated) single-line string") {
        return typeof value === "string" && !/\n./.test(value);
    }
    const pattern = /^string matching the pattern (.*)$/.exec(type);
    if (pattern) return typeof value === "string" && posixPattern(pattern[1]).test(value);
    if (type === "absolute path") return typeof value === "string" && value.startsWith("/");
    if (type === "absolute path, not containing newlines") {
        return typeof value === "string" && value.startsWith("/") && !value.includes("\n");
    }
    throw new Error(`option type not understood by the checker: ${description}`);
}
