/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    // Transpile only (sucrase, the same transpiler `npm run plan` uses): `npm run typecheck`
    // type-checks once. Sucrase is plain JavaScript with no native binaries, so `npm ci`
    // works on any platform the registry serves.
    transform: { "^.+\\.ts$": "@sucrase/jest-plugin" },
    // @pulumi/pulumi eagerly loads the TypeScript compiler and npm's Arborist (over 400
    // modules, for closure serialization no test uses); load them on first use instead.
    moduleNameMapper: {
        "^\\.\\./\\.\\./typescript-shim$": "<rootDir>/tests/helpers/lazy-typescript.js",
        "^@npmcli/arborist$": "<rootDir>/tests/helpers/lazy-arborist.js",
    },
    // Pulumi's runtime keeps global state; one worker per file keeps suites isolated
    // while two workers use both cores of the CI machine.
    maxWorkers: 2,
};
