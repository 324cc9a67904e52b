/**
 * The `@example` of every component class, extracted from the source and type-checked as a
 * user's program would be: strict, `moduleResolution: node16`, importing `prodstack` and
 * `prodstack/<cloud>` (mapped to the sources, so no build is needed).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const COMPONENTS = path.join(ROOT, "components");

export interface ComponentExample {
    /** `gcp/network.ts` */
    file: string;
    /** The component class. */
    component: string;
    /** The code of each `@example` of the class (fences removed). */
    examples: string[];
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return sourceFiles(p);
        return e.name.endsWith(".ts") && e.name !== "index.ts" ? [p] : [];
    });
}

/** Every component class (extends ComponentResource) with the code of its `@example` tags. */
export function componentExamples(): ComponentExample[] {
    const out: ComponentExample[] = [];
    for (const file of sourceFiles(COMPONENTS)) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        source.forEachChild((node) => {
            if (!ts.isClassDeclaration(node) || !node.name) return;
            if (!node.heritageClauses?.some((h) => h.getText(source).includes("ComponentResource"))) return;
            const examples = ts
                .getJSDocTags(node)
                .filter((t) => t.tagName.text === "example")
                .map((t) => (ts.getTextOfJSDocComment(t.comment) ?? "").replace(/^\s*```(ts|typescript)?\s*\n/, "").replace(/\n\s*```\s*$/, ""));
            out.push({ file: path.relative(COMPONENTS, file), component: node.name.text, examples });
        });
    }
    return out;
}

/** Where the examples live as virtual modules: inside the repository, so `@pulumi/*` resolve from its node_modules. */
export const EXAMPLES_DIR = path.join(ROOT, ".examples");

/**
 * A compiler program over `rootNames` plus `examples` (one virtual module each), with
 * `prodstack` and `prodstack/<cloud>` mapped to the sources. The examples are checked with
 * `options` (strict, node16 resolution in this repository), as a user's program would be.
 */
export function examplesProgram(examples: { component: string; code: string }[], rootNames: string[], options: ts.CompilerOptions): ts.Program {
    const files = new Map(examples.map((e) => [path.join(EXAMPLES_DIR, `${e.component}.ts`), e.code]));
    const withPaths: ts.CompilerOptions = {
        ...options,
        noEmit: true,
        paths: {
            ...options.paths,
            prodstack: [path.join(ROOT, "index.ts")],
            "prodstack/*": [path.join(COMPONENTS, "*", "index.ts")],
        },
    };
    const host = ts.createCompilerHost(withPaths);
    const { fileExists, readFile, getSourceFile } = host;
    host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
    host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
    host.getSourceFile = (f, lang, ...rest) => {
        const code = files.get(f);
        return code !== undefined ? ts.createSourceFile(f, code, lang) : getSourceFile.call(host, f, lang, ...rest);
    };
    return ts.createProgram([...rootNames, ...files.keys()], withPaths, host);
}
