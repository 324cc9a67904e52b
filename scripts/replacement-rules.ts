/**
 * Generates infra/diff/replacement-rules.generated.ts: for every cloud resource type the
 * components and the stack program construct (`new <sdk>.<module>.<Class>(` in components/ and
 * infra/), the input paths whose change the provider documents as forcing a new resource.
 *
 * Source: the provider SDKs installed in node_modules (their `<Class>Args` interfaces and the
 * nested `inputs.*` types of `types/input.d.ts`): a property whose TSDoc says "Changing this
 * forces a new resource", "Forces new resource", "Immutable", "cannot be changed after…",
 * "will trigger recreation" is a rule, quoted with its file. The bridged SDKs carry no
 * machine-readable ForceNew flag (no schema.json, no `replaceOnChanges` in their JS), so this
 * prose is the provider's own knowledge we have offline; a type whose docs say nothing is still
 * listed (with no rules) and `prodstack diff` says "may replace" for its updates.
 *
 *   node -r sucrase/register scripts/replacement-rules.ts          # regenerate
 *   node -r sucrase/register scripts/replacement-rules.ts --check  # exit 1 when stale
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import type { TypeRules } from "../infra/diff/replacement";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "infra/diff/replacement-rules.generated.ts");
const SDKS: Record<string, string> = { gcp: "@pulumi/gcp", aws: "@pulumi/aws", random: "@pulumi/random", docker: "@pulumi/docker" };
/** Doc text by which a provider says a change of the property replaces the resource. */
export const FORCES =
    /(forces a new (resource|[a-z ]{1,30} to be created)|\bForces new\b|forces? replacement|\b[Ii]mmutable\b|cannot be (changed|modified|updated) after|trigger recreation|does not support in-place updates|is force new)/;
const MAX_DEPTH = 5;


function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".generated.ts") ? [p] : [];
    });
}

/** `gcp.sql.DatabaseInstance` style constructions in the project's sources. */
export function constructedClasses(): Array<{ sdk: string; module: string; cls: string }> {
    const found = new Map<string, { sdk: string; module: string; cls: string }>();
    for (const file of [...sourceFiles(path.join(ROOT, "components")), ...sourceFiles(path.join(ROOT, "infra"))]) {
        const text = fs.readFileSync(file, "utf8");
        for (const m of text.matchAll(/new (gcp|aws|random|docker)\.(?:([a-z][A-Za-z0-9]*)\.)?([A-Z][A-Za-z0-9]*)\(/g)) {
            const entry = { sdk: m[1], module: m[2] ?? "", cls: m[3] };
            found.set(`${entry.sdk}.${entry.module}.${entry.cls}`, entry);
        }
    }
    return [...found.values()].sort((a, b) => `${a.sdk}.${a.module}.${a.cls}`.localeCompare(`${b.sdk}.${b.module}.${b.cls}`));
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
    let sf = parsed.get(file);
    if (!sf) {
        sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        parsed.set(file, sf);
    }
    return sf;
}

/** Interfaces by name, in a file or in one `export declare namespace` of it. */
function findInterface(sf: ts.SourceFile, name: string, namespace?: string): ts.InterfaceDeclaration | undefined {
    let found: ts.InterfaceDeclaration | undefined;
    const visit = (node: ts.Node, ns: string[]) => {
        if (found) return;
        if (ts.isInterfaceDeclaration(node) && node.name.text === name && (namespace === undefined || ns.join(".") === namespace)) found = node;
        else if (ts.isModuleDeclaration(node) && node.body) {
            const inner = [...ns, node.name.getText(sf)];
            if (ts.isModuleBlock(node.body)) node.body.statements.forEach((s) => visit(s, inner));
        } else if (ts.isSourceFile(node)) node.statements.forEach((s) => visit(s, ns));
    };
    visit(sf, []);
    return found;
}

function docOf(member: ts.Node, sf: ts.SourceFile): string {
    const ranges = ts.getLeadingCommentRanges(sf.text, member.getFullStart()) ?? [];
    return ranges.map((r) => sf.text.slice(r.pos, r.end)).join("\n").replace(/^\s*\/?\*+\/?/gm, "").replace(/\s+/g, " ").trim();
}

/** The sentence of `doc` that says so, shortened. */
function sentence(doc: string): string {
    const hit = doc.split(/(?<=\.)\s+/).find((s) => FORCES.test(s)) ?? doc;
    return hit.length > 160 ? `${hit.slice(0, 157)}…` : hit;
}

function rulesOf(iface: ts.InterfaceDeclaration, sf: ts.SourceFile, inputFile: string, prefix: string, depth: number, out: Record<string, string>) {
    for (const member of iface.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const key = `${prefix}${member.name.getText(sf)}`;
        const doc = docOf(member, sf);
        if (FORCES.test(doc)) out[key] = sentence(doc);
        const nested = member.type?.getText(sf).match(/inputs\.([A-Za-z0-9]+)\.([A-Za-z0-9]+)/);
        if (nested && depth < MAX_DEPTH) {
            const isf = parse(inputFile);
            const inner = findInterface(isf, nested[2], nested[1]);
            if (inner) rulesOf(inner, isf, inputFile, `${key}.`, depth + 1, out);
        }
    }
}

/** The resource type token of `<sdk>.<module>.<Class>` and its file (without extension), or undefined for a non-resource. */
export function resourceToken(sdk: string, module: string, cls: string): { token: string; base: string; pkg: string; dir: string } | undefined {
    const pkg = SDKS[sdk];
    const dir = path.join(ROOT, "node_modules", pkg);
    // Files are the camel-cased class (`databaseInstance.js`), or lower-cased for acronyms (`iammember.js`).
    const moduleDir = path.join(dir, module);
    const file = fs.readdirSync(moduleDir).find((f) => f.toLowerCase() === `${cls.toLowerCase()}.js`);
    if (!file) return undefined;
    const base = path.join(moduleDir, file.slice(0, -3));
    const declared = fs.readFileSync(`${base}.js`, "utf8").match(/__pulumiType = '([^']+)'/)?.[1];
    if (!declared) return undefined;
    // Providers declare their package name; the engine's type token is `pulumi:providers:<pkg>`.
    return { token: cls === "Provider" ? `pulumi:providers:${declared}` : declared, base, pkg, dir };
}

export function generate(): Record<string, TypeRules> {
    const table: Record<string, TypeRules> = {};
    for (const { sdk, module, cls } of constructedClasses()) {
        const found = resourceToken(sdk, module, cls);
        if (!found) continue;
        const { token, base, pkg, dir } = found;
        const version = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
        const sf = parse(`${base}.d.ts`);
        const args = findInterface(sf, `${cls}Args`);
        const forcesReplacement: Record<string, string> = {};
        if (args) rulesOf(args, sf, path.join(dir, "types/input.d.ts"), "", 0, forcesReplacement);
        table[token] = { source: `${pkg}@${version} ${path.relative(dir, base)}.d.ts`, forcesReplacement };
    }
    return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

export function render(table: Record<string, TypeRules>): string {
    return [
        "// Generated by scripts/replacement-rules.ts from the provider SDKs' docs. Do not edit:",
        "// run `node -r sucrase/register scripts/replacement-rules.ts`.",
        'import type { TypeRules } from "./replacement";',
        "",
        `export const REPLACEMENT_RULES: Record<string, TypeRules> = ${JSON.stringify(table, null, 4)};`,
        "",
    ].join("\n");
}

if (require.main === module) {
    const text = render(generate());
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
        if (current !== text) {
            process.stderr.write(`${path.relative(ROOT, OUT)} is stale: run node -r sucrase/register scripts/replacement-rules.ts\n`);
            process.exitCode = 1;
        }
    } else {
        fs.writeFileSync(OUT, text);
        process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
    }
}
