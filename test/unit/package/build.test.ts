import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../..");
const dist = path.join(root, "dist", "sdk");

// What users get from `npm run build`: compiled JS that runs without our sources beside it.
describe("npm run build", () => {
    beforeAll(() => {
        execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "pipe" });
    }, 180_000);

    it("ships every remote step script next to the compiled step builders", () => {
        for (const step of ["wait", "secrets", "upload", "pin", "switch"]) {
            const shipped = path.join(dist, "deploy", "scripts", `${step}.sh`);
            expect(existsSync(shipped), shipped).toBe(true);
            expect(readFileSync(shipped, "utf8")).toBe(readFileSync(path.join(root, "sdk", "deploy", "scripts", `${step}.sh`), "utf8"));
        }
    });

    it("builds step commands from the compiled package alone", () => {
        const out = execFileSync(
            process.execPath,
            ["-e", `const s = require(${JSON.stringify(path.join(dist, "deploy", "script-command.js"))}); process.stdout.write(s.stepCommand("wait", { host: "h", markers: ["/etc/NIXOS"], timeoutSeconds: 5 }));`],
            { cwd: "/", encoding: "utf8" },
        );
        expect(out).toMatch(/^bash -c '#!\/usr\/bin\/env bash/);
        expect(out).toContain(`nixos-matrix-wait '{"host":"h"`);
    });

    it("exports the components and the spec error from the package entry", () => {
        const out = execFileSync(
            process.execPath,
            ["-e", `const m = require(${JSON.stringify(path.join(dist, "index.js"))}); process.stdout.write(["MatrixHomeserver","TurnServer","ElementWeb","Bridge","HetznerNixosHost","ExistingNixosHost","SpecError"].filter((k) => typeof m[k] !== "function").join(","));`],
            { cwd: root, encoding: "utf8" },
        );
        expect(out).toBe("");
    });
});
