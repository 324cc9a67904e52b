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

// One process for both checks (a process costs about a second of the test budget).
let results: { deps: unknown; codePaths: unknown; grpc: unknown; automation: unknown; sdk: unknown };
beforeAll(() => {
    results = JSON.parse(node(`
        require("./infra/plan/defer-closure-deps");
        const index = () => Object.keys(require.cache).filter((k) => /node_modules\\/@pulumi\\/(aws|gcp)\\/index\\.js$/.test(k)).length;
        const namespaces = () => Object.keys(require.cache).filter((k) => /node_modules\\/@pulumi\\/aws\\/[a-z0-9]+\\/index\\.js$/.test(k)).length;
        const aws = require("@pulumi/aws");
        const beforeNamespaces = namespaces();
        const vpc = aws.ec2.Vpc.name;
        const sdk = { same: aws === require("@pulumi/aws"), vpc, index: index(), before: beforeNamespaces, after: namespaces(),
            provider: typeof aws.Provider, output: typeof aws.getCallerIdentityOutput, keys: Object.keys(aws).includes("rds"), loaded: index() };
        const pulumi = require("@pulumi/pulumi");
        const codePathsLoaded = () => Object.keys(require.cache).some((k) => /node_modules\\/normalize-package-data\\//.test(k));
        const codePaths = { before: codePathsLoaded(), type: typeof pulumi.runtime.computeCodePaths };
        const grpcLoaded = () => Object.keys(require.cache).some((k) => /node_modules\\/@grpc\\/grpc-js\\//.test(k));
        const grpcBefore = grpcLoaded();
        // An error's gRPC status is still read (UNAVAILABLE is 14), loading gRPC then.
        const grpc = { before: grpcBefore, unavailable: require("@pulumi/pulumi/errors").isGrpcError({ code: 14 }), after: grpcLoaded() };
        const before = ${LOADED};
        const automation = () => Object.keys(require.cache).filter((k) => /node_modules\\/(@pulumi\\/pulumi\\/automation|execa)\\//.test(k)).length > 0;
        const beforeAutomation = automation();
        const workspace = typeof pulumi.automation.LocalWorkspace;
        // Closure serialization still works: it parses the function with the compiler.
        pulumi.runtime.serializeFunction(function f() { return 41 + 1; }).then((fn) => {
            // The real finder runs (and fails on its first option, before walking node_modules).
            pulumi.runtime.computeCodePaths({ get extraIncludePackages() { throw new Error("reached"); } }).catch((err) => {
                codePaths.called = err.message;
                codePaths.after = codePathsLoaded();
            console.log(JSON.stringify({ deps: { before, after: ${LOADED}, serialized: fn.text.includes("41 + 1") }, codePaths, grpc,
                automation: { before: beforeAutomation, workspace, after: automation() }, sdk }));
            });
        });
    `));
});

describe("defer-closure-deps", () => {
    it("keeps the TypeScript compiler and Arborist out of a process that loads @pulumi/pulumi, until used", () => {
        expect(results.deps).toEqual({ before: 0, after: 1, serialized: true });
    });

    it("keeps the SDK's code-path finder (package.json normalization, SPDX data) out until called", () => {
        expect(results.codePaths).toEqual({ before: false, type: "function", called: "reached", after: true });
    });

    it("keeps gRPC and the SDK's service clients out until used (nothing connects under mocks)", () => {
        expect(results.grpc).toEqual({ before: false, unavailable: true, after: true });
    });

    it("keeps the SDK's Automation API out until used", () => {
        expect(results.automation).toEqual({ before: false, workspace: "function", after: true });
    });

    it("loads a cloud SDK's namespaces on first use, one object for every importer", () => {
        expect(results.sdk).toEqual({ same: true, vpc: "Vpc", index: 0, before: 0, after: 1, provider: "function", output: "function", keys: true, loaded: 1 });
    });
});
