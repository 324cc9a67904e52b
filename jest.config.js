/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    // Transpile only: `npm run typecheck` type-checks once; per-file type checks would
    // make the suite several times slower. ts-jest needs no native binaries, so
    // `npm ci` works on any platform the registry serves.
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
    // Pulumi's runtime keeps global state; one worker per file keeps suites isolated
    // while two workers use both cores of the CI machine.
    maxWorkers: 2,
};
