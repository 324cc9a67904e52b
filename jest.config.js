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
    // Jest loads every module afresh for each test file; the Pulumi SDKs (with their protobuf
    // and gRPC code) were most of a small test file's CPU. This runtime loads them once per
    // worker and shares them between test files; our own code still loads per file. See
    // tests/helpers/shared-sdk-runtime.js.
    runtime: "<rootDir>/tests/helpers/shared-sdk-runtime.js",
    // Two workers use both cores of the CI machine. The SDK they share keeps global state:
    // the plan engine sets it afresh for every plan (infra/plan/engine.ts).
    maxWorkers: 2,
};
