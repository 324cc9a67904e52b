/** Reads a Pulumi provider SDK's declarations: which class a type token is, and the inputs its Args declare. */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** The `.d.ts` of the class whose `__pulumiType` is `token`, found by scanning the module's `.js` files. */
export function declarationOf(token: string): { file: string; className: string } | undefined {
    const [pkg, modulePath, className] = token.split(":");
    const dir = path.join(ROOT, "node_modules/@pulumi", pkg, modulePath.split("/")[0]);
    if (!fs.existsSync(dir)) return undefined;
    for (const js of fs.readdirSync(dir).filter((f) => f.endsWith(".js"))) {
        if (fs.readFileSync(path.join(dir, js), "utf8").includes(`__pulumiType = '${token}'`)) {
            return { file: path.join(dir, js.replace(/\.js$/, ".d.ts")), className };
        }
    }
    return undefined;
}

/** Top-level input names of `<Class>Args` in a provider `.d.ts`. */
export function inputsOf(token: string): Set<string> {
    const decl = declarationOf(token)!;
    const text = fs.readFileSync(decl.file, "utf8");
    const start = text.indexOf(`export interface ${decl.className}Args {`);
    const body = text.slice(start, text.indexOf("\n}\n", start));
    return new Set([...body.matchAll(/^ {4}(\w+)\??: /gm)].map((m) => m[1]));
}

/** Input names of `read` (token → names) that the provider's Args do not declare, as `token.name`. */
export function undeclaredInputs(read: Record<string, string[]>): string[] {
    return Object.entries(read).flatMap(([token, props]) => {
        const declared = inputsOf(token);
        return props.filter((p) => !declared.has(p)).map((p) => `${token}.${p}`);
    });
}
