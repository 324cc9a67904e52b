/**
 * Plans any Pulumi TypeScript/JavaScript program offline (`prodstack plan --program DIR`):
 * its project's config (Pulumi.yaml `name` and `main`, Pulumi.<stack>.yaml, `secure:` values
 * as secrets), the same mocks and capture as the stack program's plan, the same document.
 */
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { PLAN_FORMAT_VERSION, OFFLINE_NOTE, type PlanDocument } from "./document";
import { runUnderMocks, type PlannedResource } from "./engine";
import { loadStack, PlanInputError, readProject } from "./stack-files";

/** Resolves `request` as the program in `root` would (its own node_modules first), or undefined. */
function resolveFrom(root: string, request: string): string | undefined {
    try {
        return require.resolve(request, { paths: [root] });
    } catch {
        return undefined;
    }
}

/** Lets Node load `.ts` files (transpile only, as `npm run plan` does) unless something already does. */
function registerTypeScript(root: string, entry: string): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's own loader table
    const extensions = (require("module") as { _extensions: Record<string, unknown> })._extensions;
    if (extensions[".ts"]) return;
    const register = resolveFrom(root, "sucrase/dist/register") ?? resolveFrom(__dirname, "sucrase/dist/register");
    if (!register) {
        throw new PlanInputError(`${entry} is TypeScript: install sucrase (npm install --save-dev sucrase) so that prodstack can load it.`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- found at run time
    (require(register) as { registerTS(): void }).registerTS();
}

/** The program's entry module: Pulumi.yaml `main` (a file, or a directory with index.ts/index.js or a package.json `main`). */
function entryOf(root: string, main: string | undefined): string {
    const target = path.resolve(root, main ?? ".");
    if (!fs.existsSync(target)) throw new PlanInputError(`${path.join(root, "Pulumi.yaml")}: main "${main}" does not exist.`);
    const candidates = fs.statSync(target).isDirectory()
        ? [path.join(target, "index.ts"), path.join(target, "index.js")]
        : [target];
    const file = candidates.find((f) => fs.existsSync(f));
    if (file) return file;
    const resolved = resolveFrom(target, target);
    if (!resolved) throw new PlanInputError(`No program in ${target}: expected index.ts, index.js or a package.json "main".`);
    return resolved;
}

/** The cloud(s) whose provider packages the resources use: "gcp", "aws", "aws+gcp", or "none". */
export function cloudsOf(resources: PlannedResource[]): string {
    const clouds = new Set(resources.filter((r) => r.custom).map((r) => r.type.split(":")[0]).filter((p) => p === "gcp" || p === "aws"));
    return [...clouds].sort().join("+") || "none";
}

/**
 * Produces the plan document of `stackName` of the Pulumi program in `dir`. Throws
 * `PlanInputError` (the CLI exits 2) when there is no Pulumi.yaml, no such stack, no
 * `@pulumi/pulumi` the program can load, or when the program throws.
 */
export async function planProgram(dir: string, stackName: string): Promise<PlanDocument> {
    const root = path.resolve(dir);
    if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) {
        throw new PlanInputError(`No Pulumi.yaml in ${root}: --program takes the directory of a Pulumi project.`);
    }
    const project = readProject(root);
    const stack = loadStack(root, stackName);
    const entry = entryOf(root, project.main);
    const sdkPath = resolveFrom(root, "@pulumi/pulumi");
    if (!sdkPath) throw new PlanInputError(`The program in ${root} cannot load @pulumi/pulumi: run npm install there.`);
    if (/\.[cm]?tsx?$/.test(entry)) registerTypeScript(root, path.relative(root, entry));
    // The SDK instance the program will load (its own copy when it has one), so that the mocks
    // apply to the resources it registers.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program's own SDK
    const sdk = require(sdkPath) as typeof pulumi;
    // A second stack of the same program must run it again, not reuse the loaded module.
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[file];
    }
    let run;
    try {
        run = await runUnderMocks(
            { project: stack.project, stack: stack.stack, config: stack.config, secretKeys: stack.secretKeys },
            () => {
                // As Pulumi's Node.js runtime does: the module's exports are the stack outputs, and an
                // exported function is called (its result, awaited, is the outputs).
                // eslint-disable-next-line @typescript-eslint/no-require-imports -- the user's program
                const exported = require(entry) as unknown;
                return typeof exported === "function" ? (exported as () => unknown)() : exported;
            },
            sdk,
        );
    } catch (err) {
        if (err instanceof PlanInputError) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new PlanInputError(`The program ${path.relative(process.cwd(), entry) || entry} failed (stack ${stackName}): ${message}`);
    }
    return {
        formatVersion: PLAN_FORMAT_VERSION,
        note: OFFLINE_NOTE,
        project: stack.project,
        stack: stack.stack,
        cloud: cloudsOf(run.resources),
        outputs: run.outputs,
        resources: run.resources,
    };
}
