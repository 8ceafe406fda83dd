// needs: shared
import { describe, expect, it } from "vitest";
import { loadPinnedOptions } from "./helpers/option-checker";
import { fitsType } from "./helpers/option-types";

describe("fitsType reads NixOS type descriptions", () => {
    it("understands every type options.json and the project's 26.05 declarations record for real declarations", () => {
        const types = new Set(loadPinnedOptions().filter((o) => o.source === "nixpkgs").map((o) => o.type));
        expect(types.size).toBeGreaterThan(100);
        for (const type of types) {
            for (const value of [null, "x", "/a", 1, true, [], ["x"], {}, { a: "x" }]) {
                expect(() => fitsType(value, type), type).not.toThrow();
            }
        }
    });

    it("refuses a description it does not know rather than accept anything", () => {
        expect(() => fitsType(1, "quantum integer")).toThrow("option type not understood by the checker: quantum integer");
    });

    it.each([
        [8448, "16 bit unsigned integer; between 0 and 65535 (both inclusive)", true],
        [70000, "16 bit unsigned integer; between 0 and 65535 (both inclusive)", false],
        [301, "integer between 300 and 399 (both inclusive)", true],
        [null, "null or (list of string)", true],
        [["a", 1], "null or (list of string)", false],
        ["loose", 'boolean or one of "strict", "loose"', true],
        ["lax", 'boolean or one of "strict", "loose"', false],
        [[{ from: 1, to: 2 }], "list of attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)", true],
        [[{ from: "1" }], "list of attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)", false],
        ["matrix-1", "string matching the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$", true],
        ["-bad", "string matching the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$", false],
        ["0640", "null or string matching the pattern ^[0,2-7]{3,4}$", true],
        ["relative/path", "null or absolute path", false],
        ["ssh-ed25519 AAAA\n", "(optionally newline-terminated) single-line string", true],
        ["a\nb", "(optionally newline-terminated) single-line string", false],
        ["root:x", "string, not containing newlines or colons", false],
        [0, "positive integer, meaning >0", false],
        [{ a: true, b: 1 }, "attribute set of (atom (null, bool, int, float or string))", true],
    ])("%j fits %s: %s", (value, type, expected) => {
        expect(fitsType(value, type)).toBe(expected);
    });
});
