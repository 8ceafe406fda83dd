/**
 * Checks an evaluated option tree against the NixOS option declarations in
 * ../shared/nixos/options.json: every path must exist (attribute-set elements as `<name>`,
 * list elements as `*`, free-form `settings` subtrees allowed), must not be read-only, and
 * its value must fit the declared type where the declaration is real (`source: nixpkgs`).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { FREE_FORM_TYPES, fitsType } from "./option-types";
import { SHARED_DIR } from "../../support/needs";

export const OPTIONS_JSON = path.join(SHARED_DIR, "nixos/options.json");

export interface OptionDecl {
    readonly name: string;
    readonly loc: readonly string[];
    readonly type: string;
    readonly readOnly: boolean;
    readonly source: "nixpkgs" | "name-only";
}

/** A path the bundle sets that options.json does not list, accepted after review. */
export interface AllowedPath {
    /** Dotted path; `<name>` matches any one segment. Everything below it is accepted too. */
    readonly path: string;
    readonly reason: string;
}

export interface CheckReport {
    readonly problems: string[];
    /** Names of the declarations the tree was checked against. */
    readonly optionsChecked: Set<string>;
    /** Number of leaf values checked against a recorded type. */
    typedLeaves: number;
    /** Allow-list entries that matched something. */
    readonly allowListUsed: Set<string>;
}

interface Node {
    option?: OptionDecl;
    readonly children: Map<string, Node>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isPlaceholder = (segment: string): boolean => /^<.+>$/.test(segment);

export function loadOptions(file = OPTIONS_JSON): OptionDecl[] {
    return JSON.parse(readFileSync(file, "utf8")) as OptionDecl[];
}

/** The project's own declarations for the pinned release (test/nix/data), each naming its source module. */
export const PROJECT_OPTIONS_JSON = path.resolve(__dirname, "../data/options-26.05.json");

/** options.json with the project's declarations in place of the entries of the same name. */
export function loadPinnedOptions(): OptionDecl[] {
    const project = (JSON.parse(readFileSync(PROJECT_OPTIONS_JSON, "utf8")) as { options: OptionDecl[] }).options;
    const names = new Set(project.map((o) => o.name));
    return [...loadOptions().filter((o) => !names.has(o.name)), ...project];
}

function buildTrie(options: readonly OptionDecl[]): Node {
    const root: Node = { children: new Map() };
    for (const option of options) {
        let node = root;
        for (const raw of option.loc) {
            const segment = isPlaceholder(raw) ? "<name>" : raw;
            let next = node.children.get(segment);
            if (!next) {
                next = { children: new Map() };
                node.children.set(segment, next);
            }
            node = next;
        }
        node.option = option;
    }
    return root;
}

function matchesAllowed(concrete: readonly string[], allowed: AllowedPath): boolean {
    const pattern = allowed.path.split(".");
    return pattern.length <= concrete.length && pattern.every((seg, i) => seg === "<name>" || seg === concrete[i]);
}

/** True when `concrete` is a strict prefix of the allowed pattern. */
function abovePattern(concrete: readonly string[], allowed: AllowedPath): boolean {
    const pattern = allowed.path.split(".");
    return concrete.length < pattern.length && concrete.every((seg, i) => pattern[i] === "<name>" || pattern[i] === seg);
}

export class OptionChecker {
    private readonly root: Node;

    constructor(
        options: readonly OptionDecl[],
        private readonly allowList: readonly AllowedPath[] = [],
    ) {
        this.root = buildTrie(options);
    }

    check(tree: Record<string, unknown>): CheckReport {
        const report: CheckReport = { problems: [], optionsChecked: new Set(), typedLeaves: 0, allowListUsed: new Set() };
        this.walk(tree, this.root, [], false, report);
        return report;
    }

    /** An unlisted path: allowed, or above allowed leaves (then each child is checked), or a problem. */
    private unknown(pathSegments: string[], value: unknown, report: CheckReport): void {
        const allowed = this.allowList.find((entry) => matchesAllowed(pathSegments, entry));
        if (allowed) {
            report.allowListUsed.add(allowed.path);
        } else if (isObject(value) && this.allowList.some((entry) => abovePattern(pathSegments, entry))) {
            for (const [key, child] of Object.entries(value)) this.unknown([...pathSegments, key], child, report);
        } else {
            report.problems.push(`${pathSegments.join(".")}: no such option in options.json`);
        }
    }

    private walkChildren(value: unknown, node: Node, at: string[], freeForm: boolean, report: CheckReport): void {
        if (Array.isArray(value)) {
            const element = node.children.get("*");
            if (element) value.forEach((item, i) => this.walk(item, element, [...at, String(i)], freeForm, report));
            else if (!freeForm) report.problems.push(`${at.join(".")}: a list where options.json declares no list`);
            return;
        }
        if (!isObject(value)) {
            if (!freeForm) report.problems.push(`${at.join(".")}: a value where options.json declares only sub-options`);
            return;
        }
        for (const [key, child] of Object.entries(value)) {
            const next = node.children.get(key) ?? node.children.get("<name>");
            if (next) this.walk(child, next, [...at, key], freeForm, report);
            else if (!freeForm) this.unknown([...at, key], child, report);
        }
    }

    private walk(value: unknown, node: Node, at: string[], freeForm: boolean, report: CheckReport): void {
        const option = node.option;
        if (!option) {
            this.walkChildren(value, node, at, freeForm, report);
            return;
        }
        report.optionsChecked.add(option.name);
        const where = at.join(".");
        if (option.readOnly) report.problems.push(`${where}: ${option.name} is read-only`);
        if (option.source === "name-only") {
            // Type not recorded: known sub-options are still checked, anything else is accepted.
            if (node.children.size > 0) this.walkChildren(value, node, at, false, report);
            return;
        }
        const type = option.type;
        if (FREE_FORM_TYPES.has(type)) {
            this.walkChildren(value, node, at, true, report);
            return;
        }
        if (type === "submodule") {
            if (!isObject(value)) report.problems.push(`${where}: ${JSON.stringify(value)} is not a submodule value`);
            else this.walkChildren(value, node, at, false, report);
            return;
        }
        if (/^(lazy )?attribute set of \(submodule\)$/.test(type) || type === "list of (submodule)") {
            const isList = type.startsWith("list");
            if (isList ? !Array.isArray(value) : !isObject(value)) {
                report.problems.push(`${where}: ${JSON.stringify(value)} does not fit ${type}`);
            } else {
                this.walkChildren(value, node, at, false, report);
            }
            return;
        }
        report.typedLeaves++;
        if (!fitsType(value, type)) {
            report.problems.push(`${where}: ${JSON.stringify(value)} does not fit ${option.name} (${type})`);
            return;
        }
        // A typed attribute set may still declare some keys (e.g. openssh.settings.PermitRootLogin).
        if (isObject(value) && node.children.size > 0) {
            for (const [key, child] of Object.entries(value)) {
                const next = node.children.get(key);
                if (next) this.walk(child, next, [...at, key], false, report);
            }
        }
    }
}
