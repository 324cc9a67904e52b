import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../../..");

/** Runs `script` in a fresh node (jest's module registry ignores Module._load hooks). */
function node(script: string): string {
    const run = spawnSync(process.execPath, ["-r", "sucrase/register", "-e", script], { cwd: ROOT, encoding: "utf8" });
    // stderr carries the SDK's own deprecation warnings when it serializes a function
    expect(run.status).toBe(0);
    return run.stdout.trim();
}

const LOADED = `Object.keys(require.cache).filter((k) => /node_modules\\/(typescript\\/lib|@npmcli\\/arborist)\\//.test(k)).length`;

describe("defer-closure-deps", () => {
    it("keeps the TypeScript compiler and Arborist out of a process that loads @pulumi/pulumi, until used", () => {
        const out = node(`
            require("./infra/plan/defer-closure-deps");
            const pulumi = require("@pulumi/pulumi");
            const before = ${LOADED};
            // Closure serialization still works: it parses the function with the compiler.
            pulumi.runtime.serializeFunction(function f() { return 41 + 1; }).then((fn) => {
                console.log(JSON.stringify({ before, after: ${LOADED}, serialized: fn.text.includes("41 + 1") }));
            });
        `);
        expect(JSON.parse(out)).toEqual({ before: 0, after: 1, serialized: true });
    });
});
