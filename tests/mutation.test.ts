/**
 * The mutation-testing set-up (stryker.config.js, docs/testing.md) stays true to its two
 * premises: jest can follow imports from any test into every source directory, and the
 * whole-program tests (seconds each, related to every source file) are the ones left out.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
/* eslint-disable @typescript-eslint/no-require-imports -- the configs are CommonJS files */
const jestConfig = require("../jest.config.js");
const strykerConfig = require("../stryker.config.js");
/* eslint-enable @typescript-eslint/no-require-imports */

/** Modules that run a whole stack program (every component) when a test uses them. */
const WHOLE_PROGRAM = ["tests/helpers/cli", "infra/cli", "infra/plan/plan", "infra/program", "infra/index"];
/** A call of the GCP program itself (importing a constant from infra/gcp/index is fine). */
const RUNS_PROGRAM = /\bdeployGcp\(/;

function files(dir: string, suffix: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.posix.join(dir, e.name);
        if (e.isDirectory()) return files(rel, suffix);
        return e.name.endsWith(suffix) ? [rel] : [];
    });
}

/** Repo-relative module paths (no extension, `dir` → `dir/index`) a test file imports. */
function importsOf(file: string): string[] {
    const source = fs.readFileSync(path.join(ROOT, file), "utf8");
    return [...source.matchAll(/from "(\.[^"]+)"/g)].map(([, spec]) => {
        const rel = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        return fs.existsSync(path.join(ROOT, rel)) && fs.statSync(path.join(ROOT, rel)).isDirectory() ? `${rel}/index` : rel;
    });
}

const tests = files("tests", ".test.ts");
const ignored = (strykerConfig.jest.config.testPathIgnorePatterns as string[])
    .filter((p) => p.startsWith("<rootDir>"))
    .map((p) => new RegExp(p.replace("<rootDir>", ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))));
const isIgnored = (file: string) => ignored.some((re) => re.test(path.join(ROOT, file)));

describe("mutation testing set-up", () => {
    it("lets jest follow imports into every source directory, and finds tests only under tests/", () => {
        // scripts/ holds developer tools (the consumer check, the mutation wrapper), examples/ a
        // user's program (tests/infra/cli.test.ts plans it), not the library.
        const sourceDirs = fs.readdirSync(ROOT, { withFileTypes: true })
            .filter((e) => e.isDirectory() && !["node_modules", "dist", "tests", "reports", "coverage", "scripts", "examples"].includes(e.name) && !e.name.startsWith("."))
            .filter((e) => files(e.name, ".ts").length > 0)
            .map((e) => `<rootDir>/${e.name}`);
        expect(sourceDirs.sort()).toEqual(["<rootDir>/components", "<rootDir>/infra", "<rootDir>/policy"]);
        expect([...jestConfig.roots].sort()).toEqual([...sourceDirs, "<rootDir>/tests"].sort());
        expect(jestConfig.testMatch).toEqual(["<rootDir>/tests/**/*.test.ts"]);
    });

    it("leaves out exactly the whole-program tests and the policy pack's process test", () => {
        const wholeProgram = tests.filter((t) =>
            importsOf(t).some((m) => WHOLE_PROGRAM.includes(m)) || RUNS_PROGRAM.test(fs.readFileSync(path.join(ROOT, t), "utf8")));
        // Split so that this file does not match itself.
        const spawnsPack = tests.filter((t) => fs.readFileSync(path.join(ROOT, t), "utf8").includes("cmd/run-" + "policy-pack"));
        expect(wholeProgram.length).toBeGreaterThan(0);
        expect(tests.filter(isIgnored).sort()).toEqual([...new Set([...wholeProgram, ...spawnsPack])].sort());
    });

    it("runs the project's jest config (so the sucrase transform) with per-test coverage", () => {
        expect(strykerConfig).toMatchObject({
            testRunner: "jest",
            coverageAnalysis: "perTest",
            jest: { projectType: "custom", configFile: "jest.config.js", enableFindRelatedTests: true },
        });
        expect(jestConfig.transform).toEqual({ "^.+\\.ts$": "@sucrase/jest-plugin" });
    });
});
