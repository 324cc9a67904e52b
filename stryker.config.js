/**
 * Mutation testing (StrykerJS), run by `npm run mutation -- <files…>` (scripts/mutation.js).
 * Not part of CI: it re-runs the related tests once per mutant, which takes minutes per file.
 * How to read and reproduce the scores: docs/testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
module.exports = {
    packageManager: "npm",
    testRunner: "jest",
    jest: {
        projectType: "custom",
        // The project's own jest config, so the instrumented .ts files go through the same
        // sucrase transform as in `npm test`.
        configFile: "jest.config.js",
        // Each mutant runs only the test files that import the mutated file (jest's `roots`
        // cover the source directories for that), then only the tests that covered it.
        enableFindRelatedTests: true,
        config: {
            // jest's 5 s per test is too short for a test planning a few components on a loaded
            // machine at `nice -n 19`: a test timed out while its plan ran on, which then loaded
            // an SDK module after the environment was torn down and crashed the runner.
            // Stryker's own timeoutMS (below) still bounds a mutant.
            testTimeout: 60000,
            // Whole-program tests (every stack planned through the CLI or planStack) relate to
            // every source file and cost seconds each; a mutant must be caught by the unit
            // tests of its file. The gRPC test starts the policy pack as a separate process.
            testPathIgnorePatterns: [
                "/node_modules/",
                "<rootDir>/tests/infra/cli\\.test\\.ts$",
                "<rootDir>/tests/infra/aws/program\\.test\\.ts$",
                "<rootDir>/tests/policy/check\\.test\\.ts$",
                "<rootDir>/tests/policy/real-pack\\.test\\.ts$",
                "<rootDir>/tests/products/",
            ],
        },
    },
    coverageAnalysis: "perTest",
    // Two cores; `npm run mutation -- <files…> --concurrency 1` on a busy machine.
    concurrency: 2,
    // Re-test only mutants whose code or covering tests changed since the last run. The file is
    // a per-machine cache (git-ignored): a clean checkout must measure, not replay.
    incremental: true,
    incrementalFile: "reports/mutation/incremental.json",
    // The default set: the files with a target (docs/testing.md). Hours of CPU: pass files.
    mutate: ["components/**/*.ts", "policy/rules/**/*.ts", "infra/config.ts", "!**/index.ts"],
    // Sandboxes of other runs in this checkout (`--tempDirName .stryker-tmp-b` for a second run).
    ignorePatterns: ["dist", "coverage", "reports", ".stryker-tmp*"],
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    thresholds: { high: 85, low: 80, break: null },
    // A static mutant (module-level code) reloads every related test file, Pulumi's SDKs with
    // them; on a loaded machine that overhead, not counted in the dry run's test times, took
    // longer than a 10 s allowance, and Stryker counts a timeout as detected. A slow run is not
    // a killed mutant: allow a minute (a mutant that really loops, `i++` → `i--`, costs that).
    timeoutMS: 60000,
    tempDirName: ".stryker-tmp",
    cleanTempDir: true,
};

// `MUTATION_TESTS=<test file>,… npm run mutation -- <files…>` tests each mutant with those
// test files only (a file's own unit tests) instead of every related test: minutes instead of
// hours for a file many tests reach (security groups, KMS keys), and a lower bound of the
// score of a full run. Its results go to their own incremental file. docs/testing.md.
const only = process.env.MUTATION_TESTS;
if (only) {
    module.exports.jest = {
        ...module.exports.jest,
        enableFindRelatedTests: false,
        config: { ...module.exports.jest.config, testMatch: only.split(",").map((t) => `<rootDir>/${t.trim()}`) },
    };
    module.exports.incrementalFile = "reports/mutation/incremental-unit.json";
}
