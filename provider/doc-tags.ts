/**
 * The JSDoc tags of component args and outputs that Pulumi's schema inference drops: it
 * keeps a property's doc text, not its tags.
 *
 * - `@secret`: the property is a secret. This tag is the only place that says so; generated
 *   SDKs (Python, YAML) wrap an input in a secret only when the schema says `secret: true`.
 * - `@default <text>`: what an omitted property means; appended to the description so users
 *   of the generated SDKs see it too.
 *
 * It also keeps the doc text of each interface, which the inference reads but leaves out of
 * the object types it writes.
 *
 * The reading is syntactic (no type checker): it follows relative imports from the provider
 * entry, and names interfaces and classes by their bare name, as the inference names types.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export interface PropertyTags {
    readonly secret: boolean;
    /** Text of `@default`, if any. */
    readonly default?: string;
}

/** Tagged properties per interface or class name, inherited ones included. */
export type DocTags = ReadonlyMap<string, ReadonlyMap<string, PropertyTags>>;

export interface SourceDocTags {
    readonly tags: DocTags;
    /** Doc text of each interface that has one. */
    readonly interfaceDocs: ReadonlyMap<string, string>;
    /** Name of each class's constructor `args` type. */
    readonly argsOfClass: ReadonlyMap<string, string>;
}

interface Declared {
    readonly properties: Map<string, PropertyTags>;
    readonly bases: string[];
}

function tagsOf(node: ts.Node): PropertyTags | undefined {
    const tags = ts.getJSDocTags(node);
    const secret = tags.some((tag) => tag.tagName.text === "secret");
    const defaultTag = tags.find((tag) => tag.tagName.text === "default");
    const text = defaultTag ? ts.getTextOfJSDocComment(defaultTag.comment)?.trim() : undefined;
    if (!secret && !text) return undefined;
    return text ? { secret, default: text } : { secret };
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    return [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
}

interface Collected {
    readonly declared: Map<string, Declared>;
    readonly argsOfClass: Map<string, string>;
    readonly interfaceDocs: Map<string, string>;
}

function docText(node: ts.Node): string | undefined {
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    const text = docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "").join("\n").trim();
    return text || undefined;
}

function collect(file: string, into: Collected, seen: Set<string>): void {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
            const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
            const target = specifier.startsWith(".") ? resolveRelative(file, specifier) : undefined;
            if (target) collect(target, into, seen);
        }
        if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
            const properties = new Map<string, PropertyTags>();
            for (const member of node.members) {
                const tags = member.name && ts.isIdentifier(member.name) ? tagsOf(member) : undefined;
                if (tags) properties.set((member.name as ts.Identifier).text, tags);
            }
            const bases = ts.isInterfaceDeclaration(node)
                ? (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => t.expression.getText(source)))
                : [];
            into.declared.set(node.name.text, { properties, bases });
            const doc = ts.isInterfaceDeclaration(node) ? docText(node) : undefined;
            if (doc) into.interfaceDocs.set(node.name.text, doc);
        }
        if (ts.isClassDeclaration(node) && node.name) {
            const ctor = node.members.find(ts.isConstructorDeclaration);
            const args = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "args");
            if (args?.type && ts.isTypeReferenceNode(args.type)) into.argsOfClass.set(node.name.text, args.type.typeName.getText(source));
        }
    });
}

function flatten(name: string, declared: Map<string, Declared>, visiting = new Set<string>()): Map<string, PropertyTags> {
    const own = declared.get(name);
    if (!own || visiting.has(name)) return new Map();
    visiting.add(name);
    const all = new Map<string, PropertyTags>();
    for (const base of own.bases) for (const [k, v] of flatten(base, declared, visiting)) all.set(k, v);
    for (const [k, v] of own.properties) all.set(k, v);
    return all;
}

/** Tags and interface docs of every declaration reachable from `entryFile`, plus each class's args type name. */
export function readDocTags(entryFile: string): SourceDocTags {
    const into: Collected = { declared: new Map(), argsOfClass: new Map(), interfaceDocs: new Map() };
    collect(path.resolve(entryFile), into, new Set());
    const tags = new Map<string, Map<string, PropertyTags>>();
    for (const name of into.declared.keys()) tags.set(name, flatten(name, into.declared));
    return { tags, argsOfClass: into.argsOfClass, interfaceDocs: into.interfaceDocs };
}
