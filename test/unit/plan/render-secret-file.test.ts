import { execFileSync } from "node:child_process";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { quoteEnvValue, renderSecretFile } from "../../../sdk/plan/render-secret-file";
import type { SecretFile, SecretFileContent } from "../../../sdk/plan/types";

function fileWith(content: SecretFileContent): SecretFile {
    return { path: "/var/lib/nixos-matrix/secrets/x", owner: "root", group: "root", mode: "0400", content, secrets: [], why: "test" };
}

describe("renderSecretFile", () => {
    it("writes a raw secret verbatim, without a trailing newline", () => {
        expect(renderSecretFile(fileWith({ kind: "raw", secret: "a" }), { a: "value" })).toBe("value");
    });

    it("writes env lines sorted by key, literal strings included, quoting what needs it", () => {
        const text = renderSecretFile(
            fileWith({ kind: "env", vars: { Z_LAST: { $secret: "z" }, A_FIRST: "plain", M_MID: { $secret: "m" } } }),
            { z: "has space", m: "it's $HOME" },
        );
        expect(text).toBe(`A_FIRST=plain\nM_MID="it's \\$HOME"\nZ_LAST='has space'\n`);
    });

    it("refuses a value with a line break, naming the file and variable", () => {
        const file = fileWith({ kind: "env", vars: { TOKEN: { $secret: "t" } } });
        expect(() => renderSecretFile(file, { t: "a\nb" })).toThrow(
            "secret file /var/lib/nixos-matrix/secrets/x, TOKEN: the value contains a line break or NUL",
        );
    });

    it("names the missing secret", () => {
        const file = fileWith({ kind: "yaml", doc: { a: { $secret: "bridge/irc/as-token" } } });
        expect(() => renderSecretFile(file, {})).toThrow(
            'secret file /var/lib/nixos-matrix/secrets/x needs secret "bridge/irc/as-token", which has no value',
        );
    });

    it("renders YAML through the yaml library, keeping key order and string types", () => {
        const doc = { id: "tg", as_token: { $secret: "a" }, list: [{ n: { $secret: "n" } }], flag: false };
        const text = renderSecretFile(fileWith({ kind: "yaml", doc }), { a: "123456", n: "yes" });
        expect(parse(text)).toEqual({ id: "tg", as_token: "123456", list: [{ n: "yes" }], flag: false });
        expect(Object.keys(parse(text))).toEqual(["id", "as_token", "list", "flag"]);
    });

    it("renders JSON with two-space indentation and a final newline", () => {
        const text = renderSecretFile(fileWith({ kind: "json", doc: { k: { $secret: "a" } } }), { a: "v" });
        expect(text).toBe('{\n  "k": "v"\n}\n');
    });

    it("does not mistake an object with more keys than $secret for a reference", () => {
        const doc = { o: { $secret: "a", other: 1 } };
        expect(parse(renderSecretFile(fileWith({ kind: "yaml", doc }), {}))).toEqual(doc);
    });
});

describe("quoteEnvValue", () => {
    // systemd itself is not available here; POSIX sh reads these three forms the same way
    // systemd's EnvironmentFile parser does for the characters we produce.
    it.each(["plain-value_1.2:3/4@5+6=7,8%", "with space", "it's", 'dq " and $ and ` and \\', "", "#notacomment", " lead"])(
        "round-trips %j through a shell",
        (value) => {
            const line = `V=${quoteEnvValue(value, "test")}`;
            const out = execFileSync("sh", ["-c", `${line}\nprintf '%s' "$V"`], { encoding: "utf8" });
            expect(out).toBe(value);
        },
    );
});
