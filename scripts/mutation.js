#!/usr/bin/env node
/**
 * `npm run mutation -- <files…> [stryker options…]`: mutation-tests the given source files
 * with StrykerJS (stryker.config.js). Files come first; everything from the first option on
 * is passed to `stryker run` (e.g. `--concurrency 1`, `--incremental false`).
 * `npm run mutation -- --all` mutates every file with a target (hours of CPU).
 * On a shared machine prefix it with `nice -n 10`. Scores and targets: docs/testing.md.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const USAGE = "Usage: npm run mutation -- <file.ts…> [stryker options…]   (or --all for every target file)";

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith("-"));
const files = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);
const all = options.includes("--all");

const problems = files.flatMap((file) => {
    const rel = path.relative(ROOT, path.resolve(file));
    if (!/^(components|infra|policy)\//.test(rel) || !rel.endsWith(".ts")) return [`${file}: expected a .ts file under components/, infra/ or policy/`];
    return fs.existsSync(path.join(ROOT, rel)) ? [] : [`${file}: no such file`];
});
if (problems.length > 0 || (files.length === 0) === !all) {
    process.stderr.write([...problems, files.length > 0 && all ? "give files or --all, not both" : "", USAGE].filter(Boolean).join("\n") + "\n");
    process.exit(2);
}

const mutate = files.map((file) => path.relative(ROOT, path.resolve(file)));
const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json")), "bin", "stryker.js");
const run = spawnSync(
    process.execPath,
    [stryker, "run", "stryker.config.js", ...(all ? [] : ["--mutate", mutate.join(",")]), ...options.filter((o) => o !== "--all")],
    { cwd: ROOT, stdio: "inherit" },
);
process.exit(run.status ?? 1);
