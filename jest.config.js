// Planning allocates many short-lived objects (every resource's inputs go through protobuf
// structs): a young generation of 32 MB instead of 16 MB halves the scavenges, about 5 % of
// the suite's CPU. Jest's workers (and the processes tests start) inherit NODE_OPTIONS.
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "")) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=64`.trim();
}

/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    // Every source directory is a root so that `jest --findRelatedTests <file>` (and so the
    // mutation runner, docs/testing.md) follows imports from tests into components/, infra/
    // and policy/; tests themselves live only under tests/.
    roots: ["<rootDir>/tests", "<rootDir>/components", "<rootDir>/infra", "<rootDir>/policy"],
    testMatch: ["<rootDir>/tests/**/*.test.ts"],
    // Transpile only (sucrase, the same transpiler `npm run plan` uses): `npm run typecheck`
    // type-checks once. Sucrase is plain JavaScript with no native binaries, so `npm ci`
    // works on any platform the registry serves.
    transform: { "^.+\\.ts$": "@sucrase/jest-plugin" },
    // Jest loads node_modules afresh for every test file. @pulumi/pulumi eagerly loads the
    // TypeScript compiler and npm's Arborist (over 400 modules, for closure serialization no
    // test uses) and its Automation API; each cloud SDK's index loads every service namespace
    // (160-300) while a test uses a few: load them on first use instead.
    moduleNameMapper: {
        "^\\.\\./\\.\\./typescript-shim$": "<rootDir>/tests/helpers/lazy-typescript.js",
        "^@npmcli/arborist$": "<rootDir>/tests/helpers/lazy-arborist.js",
        "^\\./automation$": "<rootDir>/tests/helpers/lazy-automation.js",
        "^@pulumi/aws$": "<rootDir>/tests/helpers/lazy-aws.js",
        "^@pulumi/gcp$": "<rootDir>/tests/helpers/lazy-gcp.js",
    },
    // Pulumi's runtime keeps global state; one worker per file keeps suites isolated
    // while two workers use both cores of the CI machine.
    maxWorkers: 2,
};
