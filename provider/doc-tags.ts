/**
 * Which component args and outputs are secrets, read from the `@secret` JSDoc tag on the
 * property in the TypeScript source: a property whose doc comment ends in `@secret`.
 *
 * Rule: the tag is the only place that says a property is secret.
 * Why: Pulumi's schema inference keeps a property's JSDoc text but drops its tags and has no
 * notion of secrets, while generated SDKs (Python, YAML) wrap an input in a secret only when
 * the schema says `secret: true`.
 *
 * The reading is syntactic (no type checker): it follows relative imports from the provider
 * entry, and names interfaces and classes by their bare name, as the inference names types.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** Secret property names per interface or class name, inherited ones included. */
export type SecretTags = ReadonlyMap<string, ReadonlySet<string>>;

interface Declared {
    readonly secrets: Set<string>;
    readonly bases: string[];
}

function hasSecretTag(node: ts.Node): boolean {
    return ts.getJSDocTags(node).some((tag) => tag.tagName.text === "secret");
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    return [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
}

function collect(file: string, declared: Map<string, Declared>, argsOfClass: Map<string, string>, seen: Set<string>): void {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
            const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
            const target = specifier.startsWith(".") ? resolveRelative(file, specifier) : undefined;
            if (target) collect(target, declared, argsOfClass, seen);
        }
        if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
            const secrets = new Set<string>();
            for (const member of node.members) {
                if (member.name && ts.isIdentifier(member.name) && hasSecretTag(member)) secrets.add(member.name.text);
            }
            const bases = ts.isInterfaceDeclaration(node)
                ? (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => t.expression.getText(source)))
                : [];
            declared.set(node.name.text, { secrets, bases });
        }
        if (ts.isClassDeclaration(node) && node.name) {
            const ctor = node.members.find(ts.isConstructorDeclaration);
            const args = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "args");
            if (args?.type && ts.isTypeReferenceNode(args.type)) argsOfClass.set(node.name.text, args.type.typeName.getText(source));
        }
    });
}

function secretsOf(name: string, declared: Map<string, Declared>, visiting = new Set<string>()): Set<string> {
    const own = declared.get(name);
    if (!own || visiting.has(name)) return new Set();
    visiting.add(name);
    const all = new Set(own.secrets);
    for (const base of own.bases) for (const s of secretsOf(base, declared, visiting)) all.add(s);
    return all;
}

/** Secret tags of every interface and class reachable from `entryFile`, plus each class's args interface name. */
export function readSecretTags(entryFile: string): { readonly tags: SecretTags; readonly argsOfClass: ReadonlyMap<string, string> } {
    const declared = new Map<string, Declared>();
    const argsOfClass = new Map<string, string>();
    collect(path.resolve(entryFile), declared, argsOfClass, new Set());
    const tags = new Map<string, Set<string>>();
    for (const name of declared.keys()) tags.set(name, secretsOf(name, declared));
    return { tags, argsOfClass };
}
