/**
 * Conventions every component follows (DEVELOPERS.md), checked over the source so that a
 * new component cannot quietly skip them.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

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

function argsFieldsWithoutDefault(source: ts.SourceFile): string[] {
    const missing: string[] = [];
    source.forEachChild((node) => {
        if (!ts.isInterfaceDeclaration(node) || !/(Args|Entry)$/.test(node.name.text)) return;
        for (const member of node.members) {
            const tags = ts.getJSDocTags(member).map((t) => t.tagName.text);
            const docs = (member as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
            const hasText = docs.some((d) => (ts.getTextOfJSDocComment(d.comment) ?? "").trim().length > 0);
            if (!tags.includes("default") || !hasText) missing.push(`${node.name.text}.${member.name?.getText(source)}`);
        }
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

    it.each(files.map((f) => [f.file, f] as const))("%s: every Args field has TSDoc with @default", (_name, f) => {
        expect(argsFieldsWithoutDefault(f.source)).toEqual([]);
    });

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
