import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkObject, PackageSchema, pythonName } from "./harness/schema-usage";

const ROOT = path.resolve(__dirname, "../..");
const PROVIDER_DIR = path.join(ROOT, "provider");
const schema: PackageSchema = JSON.parse(readFileSync(path.join(PROVIDER_DIR, "schema.json"), "utf8"));
const YAML_DIR = path.join(ROOT, "examples/yaml-all-in-one");
const PYTHON_DIR = path.join(ROOT, "examples/python-multi-host");
/** The module `pulumi package add` generates for package `nixos-matrix`. */
const PYTHON_MODULE = "pulumi_nixos_matrix";

function project(dir: string) {
    return parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
}

function expectPackageAddedFromProvider(dir: string): void {
    const source = project(dir).packages?.["nixos-matrix"];
    expect(source, "Pulumi.yaml packages.nixos-matrix").toBeTypeOf("string");
    expect(path.resolve(dir, source)).toBe(PROVIDER_DIR);
    expect(existsSync(path.join(PROVIDER_DIR, "PulumiPlugin.yaml"))).toBe(true);
}

describe("examples/yaml-all-in-one", () => {
    const program = project(YAML_DIR);
    const resources: Record<string, { type: string; properties?: Record<string, unknown> }> = program.resources;

    it("is a YAML program that adds the package from provider/", () => {
        expect(program.runtime).toBe("yaml");
        expectPackageAddedFromProvider(YAML_DIR);
    });

    it("uses every service component, and only types the schema has", () => {
        const types = Object.values(resources).map((r) => r.type);
        for (const name of ["MatrixHomeserver", "TurnServer", "ElementWeb", "Bridge"]) expect(types).toContain(`nixos-matrix:index:${name}`);
        expect(types.filter((t) => !schema.resources[t])).toEqual([]);
    });

    it("sets only inputs of each type, with every required input", () => {
        const problems = Object.entries(resources).flatMap(([name, r]) => {
            const spec = schema.resources[r.type];
            return checkObject(schema, spec.inputProperties, spec.requiredInputs ?? [], r.properties ?? {}, name);
        });
        expect(problems).toEqual([]);
    });

    it("reads only outputs that exist and config that is declared", () => {
        const text = readFileSync(path.join(YAML_DIR, "Pulumi.yaml"), "utf8");
        const references = [...text.matchAll(/\$\{([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_]+))?\}/g)].map((m) => ({ root: m[1], prop: m[2] }));
        expect(references.length).toBeGreaterThan(0);
        const problems = references.flatMap(({ root, prop }) => {
            if (resources[root]) {
                const outputs = schema.resources[resources[root].type].properties;
                return prop && outputs[prop] ? [] : [`\${${root}.${prop}}: not an output of ${resources[root].type}`];
            }
            return program.config?.[root] && !prop ? [] : [`\${${root}${prop ? `.${prop}` : ""}}: neither a resource nor a config key`];
        });
        expect(problems).toEqual([]);
    });
});

interface PythonUse {
    aliases: string[];
    calls: { name: string; line: number; positional: number; keywords: string[] }[];
    reads: { variable: string; className: string; attribute: string; line: number }[];
}

function pythonUse(): PythonUse {
    let out: string;
    try {
        out = execFileSync("python3", [path.join(__dirname, "harness/python_calls.py"), path.join(PYTHON_DIR, "__main__.py"), PYTHON_MODULE], {
            encoding: "utf8",
        });
    } catch (err) {
        throw new Error(`python3 is needed to parse examples/python-multi-host/__main__.py: ${(err as Error).message}`);
    }
    return JSON.parse(out);
}

describe("examples/python-multi-host", () => {
    const use = pythonUse();
    const resourceOf = (className: string) => schema.resources[`nixos-matrix:index:${className}`];
    /** Input classes the Python SDK generates for object types: `<type name>Args`. */
    const typeOf = (className: string) =>
        className.endsWith("Args") ? schema.types[`nixos-matrix:index:${className.slice(0, -"Args".length)}`] : undefined;

    it("is a Python program that adds the package from provider/ and installs its generated SDK", () => {
        const program = project(PYTHON_DIR);
        expect(program.runtime?.name ?? program.runtime).toBe("python");
        expectPackageAddedFromProvider(PYTHON_DIR);
        const requirements = readFileSync(path.join(PYTHON_DIR, "requirements.txt"), "utf8").split("\n").map((l) => l.trim());
        expect(requirements).toContain("sdks/nixos-matrix");
        expect(use.aliases.length, `__main__.py imports ${PYTHON_MODULE}`).toBe(1);
    });

    it("constructs every service component", () => {
        const names = use.calls.map((c) => c.name);
        for (const name of ["MatrixHomeserver", "TurnServer", "ElementWeb", "Bridge"]) expect(names).toContain(name);
    });

    it("calls only classes the SDK has, with only their args and every required one", () => {
        const problems = use.calls.flatMap((call) => {
            const where = `__main__.py:${call.line} ${call.name}`;
            const resource = resourceOf(call.name);
            const type = typeOf(call.name);
            const spec = resource
                ? { inputs: resource.inputProperties, required: resource.requiredInputs ?? [], extra: ["opts"] }
                : type
                  ? { inputs: type.properties, required: type.required ?? [], extra: [] }
                  : undefined;
            if (!spec) return [`${where}: no such class in the SDK`];
            const byPythonName = new Map(Object.keys(spec.inputs).map((k) => [pythonName(k), k]));
            const unknown = call.keywords.filter((k) => !byPythonName.has(k) && !spec.extra.includes(k)).map((k) => `${where}: no arg ${k}`);
            const missing = spec.required.filter((r) => !call.keywords.includes(pythonName(r))).map((r) => `${where}: missing ${pythonName(r)}`);
            const positional = resource && call.positional !== 1 ? [`${where}: takes the resource name as its only positional arg`] : [];
            return [...unknown, ...missing, ...positional];
        });
        expect(problems).toEqual([]);
    });

    it("reads only outputs the components have", () => {
        expect(use.reads.length).toBeGreaterThan(0);
        const problems = use.reads.flatMap((read) => {
            const outputs = Object.keys(resourceOf(read.className)?.properties ?? {}).map(pythonName);
            return outputs.includes(read.attribute) ? [] : [`__main__.py:${read.line} ${read.variable}.${read.attribute}: not an output of ${read.className}`];
        });
        expect(problems).toEqual([]);
    });
});
