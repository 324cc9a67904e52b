/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
    // Pulumi's runtime keeps global state; one worker per file keeps suites isolated
    // while two workers use both cores of the CI machine.
    maxWorkers: 2,
};
