/**
 * Conventions every component follows (DEVELOPERS.md), checked over the source so that a
 * new component cannot quietly skip them.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { componentExamples } from "../helpers/examples";

const COMPONENTS = path.resolve(__dirname, "../../components");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return sourceFiles(p);
        return e.name.endsWith(".ts") && e.name !== "index.ts" ? [p] : [];
    });
}

const files = sourceFiles(COMPONENTS).map((file) => ({
    file: path.relative(COMPONENTS, file),
    cloud: path.relative(COMPONENTS, file).split(path.sep)[0],
    source: ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true),
}));

/** `Owner.field` of every property without TSDoc text and `@default`, nested type literals included. */
function fieldsWithoutDefault(source: ts.SourceFile, owner: string, members: readonly ts.TypeElement[]): string[] {
    const missing: string[] = [];
    for (const member of members) {
        if (!ts.isPropertySignature(member)) continue;
        const field = `${owner}.${member.name.getText(source)}`;
        const tags = ts.getJSDocTags(member).map((t) => t.tagName.text);
        const docs = (member as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
        const hasText = docs.some((d) => (ts.getTextOfJSDocComment(d.comment) ?? "").trim().length > 0);
        if (!tags.includes("default") || !hasText) missing.push(field);
        if (member.type) missing.push(...nestedFieldsWithoutDefault(source, field, member.type));
    }
    return missing;
}

function nestedFieldsWithoutDefault(source: ts.SourceFile, owner: string, type: ts.TypeNode): string[] {
    if (ts.isTypeLiteralNode(type)) return fieldsWithoutDefault(source, owner, type.members);
    if (ts.isArrayTypeNode(type)) return nestedFieldsWithoutDefault(source, `${owner}[]`, type.elementType);
    if (ts.isUnionTypeNode(type)) return type.types.flatMap((t) => nestedFieldsWithoutDefault(source, owner, t));
    if (ts.isTypeReferenceNode(type)) return (type.typeArguments ?? []).flatMap((t) => nestedFieldsWithoutDefault(source, owner, t));
    return [];
}

const isExported = (node: ts.Node) => ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export;

/** Fields of exported interfaces and type aliases (args, the types they use, output shapes) without TSDoc + @default. */
function exportedFieldsWithoutDefault(source: ts.SourceFile): string[] {
    const missing: string[] = [];
    source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node) && isExported(node)) missing.push(...fieldsWithoutDefault(source, node.name.text, node.members));
        if (ts.isTypeAliasDeclaration(node) && isExported(node)) missing.push(...nestedFieldsWithoutDefault(source, node.name.text, node.type));
    });
    return missing;
}

function componentClasses(source: ts.SourceFile): ts.ClassDeclaration[] {
    const out: ts.ClassDeclaration[] = [];
    source.forEachChild((node) => {
        if (ts.isClassDeclaration(node) && node.heritageClauses?.some((h) => h.getText(source).includes("ComponentResource"))) out.push(node);
    });
    return out;
}

describe("component conventions", () => {
    it("finds the component sources", () => {
        expect(files.length).toBeGreaterThanOrEqual(3);
    });

    it.each(files.map((f) => [f.file, f] as const))("%s: every field of an exported type (nested too) has TSDoc with @default", (_name, f) => {
        expect(exportedFieldsWithoutDefault(f.source)).toEqual([]);
    });

    it("checks nested fields: an inline object type without @default is reported", () => {
        const source = ts.createSourceFile(
            "x.ts",
            "export interface XArgs {\n /** Outer.\n * @default {} */\n outer?: { /** No default. */ inner?: string };\n}",
            ts.ScriptTarget.ES2022,
            true,
        );
        expect(exportedFieldsWithoutDefault(source)).toEqual(["XArgs.outer.inner"]);
    });

    // The examples are type-checked as a user's program by `npm run typecheck` (scripts/typecheck.ts),
    // in the same compiler run as the project: a separate compile here would cost ~10 s of test time.
    it.each(componentExamples().map((c) => [c.component, c] as const))(
        "%s: has one @example that imports the package and constructs the component",
        (name, c) => {
            expect(c.examples).toHaveLength(1);
            const code = c.examples[0];
            const imports = [...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
            expect(imports.filter((i) => i.startsWith("."))).toEqual([]);
            expect(imports).toContain(`prodstack/${c.file.split("/")[0]}`);
            expect(code).toMatch(new RegExp(`new (gcp\\.|aws\\.)?${name}\\(`));
        },
    );

    it.each(files.filter((f) => f.cloud !== "core").map((f) => [f.file, f] as const))(
        "%s: components have a prodstack:<cloud>:<Name> type token and register their outputs",
        (_name, f) => {
            for (const cls of componentClasses(f.source)) {
                const text = cls.getText(f.source);
                const token = /static readonly TYPE = "([^"]+)"/.exec(text)?.[1];
                expect(token).toBe(`prodstack:${f.cloud}:${cls.name?.text}`);
                expect(text).toContain("this.registerOutputs(");
                expect(text).toMatch(/super\([A-Za-z]+\.TYPE, name/);
            }
        },
    );
});
