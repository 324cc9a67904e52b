#!/usr/bin/env node
/**
 * `prodstack` command line.
 *   prodstack plan [STACK] [--all] [--json FILE] [--quiet]
 *   prodstack plan --program DIR --stack NAME [--json FILE] [--quiet]
 *   prodstack check PLAN.json [--tier prod|non-prod] [--quiet]
 *   prodstack diff BASE.json HEAD.json [--format text|markdown|json] [--allow-stateful]
 *   prodstack deploy-site --site NAME --dir BUILD_DIR [--outputs FILE|-] [--stack NAME] [--immutable DIR] [--execute]
 *   prodstack --version
 * Exit codes: 0 ok, 1 a mandatory policy violation (plan and check alike, as a real
 * `pulumi preview --policy-pack policy` fails) or an unexpected failure, 2 bad input
 * (unknown stack, invalid config, bad usage, unreadable or invalid plan file, unwritable
 * --json file). `diff` exits 0 (no changes), 3 (changes), 1 (a new mandatory violation, or a
 * stateful resource replaced or deleted without --allow-stateful) or 2. `plan` plans every valid stack it is given even when another is invalid,
 * and exits 2 if any was.
 */
// First: the SDK's closure-serialization dependencies must not load eagerly (see the module).
import "./plan/defer-closure-deps";
import * as fs from "fs";
import * as path from "path";
import { InvalidArgsError } from "../components/core/errors";
import { ConfigError } from "./config";
import { toJson, PLAN_FORMAT_VERSION, type PlanDocument } from "./plan/document";
import { CACHE_HTML, CACHE_IMMUTABLE, CACHE_OTHER, deploySite, DeploySiteError } from "./deploy-site";
import { planStack } from "./plan/plan";
import { renderPlan } from "./plan/render";
import { findProjectRoot, listStacks, PlanInputError } from "./plan/stack-files";
import { PlanFileError } from "../policy/errors";

const USAGE = `Usage:
  prodstack plan [STACK] [--all] [--json FILE] [--quiet] [--cwd DIR]
  prodstack plan --program DIR --stack NAME [--all] [--json FILE] [--quiet]
  prodstack check PLAN.json [--tier prod|non-prod] [--quiet]
  prodstack diff BASE.json HEAD.json [--format text|markdown|json] [--allow-stateful]
  prodstack deploy-site --site NAME --dir BUILD_DIR [--outputs FILE|-] [--stack NAME] [--immutable DIR]… [--execute]
  prodstack --version

  plan          Run the stack program offline under Pulumi mocks and show what would be created.
                STACK defaults to "staging". --all plans every Pulumi.<stack>.yaml. Ends with the
                hardening report: each roadmap item (docs/roadmap.md) pass, fail or not applicable.
                An invalid stack is reported with all its problems and the others are still
                planned (and written to --json). Exits 2 if any stack was invalid, else 1 on any
                mandatory violation.
                With --program, plans any Pulumi TypeScript/JavaScript program (the project in
                DIR: its Pulumi.yaml and Pulumi.<stack>.yaml config) the same way: same mocks,
                plan document, report and exit codes (2 also when the program throws).
  check         Run the hardening policy pack against a plan file (a plan document or a plan set),
                or against the output of \`pulumi preview --json\` (the real engine's plan).
                Exits 1 on any mandatory violation, 2 when the file is unreadable or not a plan.
  diff          Compare two plan files (plan --json, one stack or --all): per stack, resources to
                create, update (changed inputs; secrets never shown), replace (an input the
                provider documents as forcing it, or a changed URN) and delete, by component, and
                what reviewers must not miss. Exits 0 no changes, 3 changes, 1 a new mandatory
                violation or a stateful resource (database, cache, bucket, secret, key, registry)
                replaced or deleted, 2 bad input.
  deploy-site   Upload a built frontend to its site bucket with cache headers (hashed files
                "${CACHE_IMMUTABLE}", HTML "${CACHE_HTML}", others "${CACHE_OTHER}"),
                then invalidate the CDN (gcloud or aws commands). Reads the stack's siteDeploys
                output from --outputs (\`pulumi stack output --json\`; - for stdin), else runs
                \`pulumi stack output --json --stack NAME\`. Prints the commands; --execute runs
                them. Files under an --immutable DIR count as hashed. Exits 0, 1 when a
                command failed, 2 bad input (missing output, unknown site, empty build).
  --format FMT  diff: text (default), markdown (a pull-request comment) or json (docs/diff-format.md).
  --allow-stateful
                diff: exit 3, not 1, for stateful replacements and deletions (still flagged).
  --tier TIER   check: enforce "prod" or "non-prod" (default: the plan's tier label, else prod).
  --json FILE   Also write the machine-readable plan (docs/plan-format.md). With --all, FILE
                holds {"formatVersion", "plans": [...]}, one plan per stack.
  --quiet       Print only errors and, per stack (named on its first line), the totals and
                hardening lines and mandatory violations.
  --version     Print the version of prodstack.
  --cwd DIR     Project directory (default: the nearest parent holding Pulumi.yaml).
  --program DIR plan: the Pulumi project (Pulumi.yaml, Pulumi.<stack>.yaml) of any program to plan.
  --stack NAME  plan: the stack to plan (the same as giving STACK).
`;

class UsageError extends Error {}

interface Options {
    command: string;
    stacks: string[];
    all: boolean;
    json?: string;
    quiet: boolean;
    cwd: string;
    program?: string;
    tier?: string;
    format?: string;
    allowStateful: boolean;
    site?: string;
    dir?: string;
    outputs?: string;
    immutable: string[];
    execute: boolean;
}

function parseArgs(argv: string[]): Options {
    const opts: Options = { command: "", stacks: [], all: false, quiet: false, cwd: process.cwd(), allowStateful: false, immutable: [], execute: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
            return v;
        };
        if (arg === "--all") opts.all = true;
        else if (arg === "--json") opts.json = value();
        else if (arg === "--quiet") opts.quiet = true;
        else if (arg === "--cwd") opts.cwd = value();
        else if (arg === "--program") opts.program = value();
        else if (arg === "--stack") opts.stacks.push(value());
        else if (arg === "--tier") opts.tier = value();
        else if (arg === "--format") opts.format = value();
        else if (arg === "--allow-stateful") opts.allowStateful = true;
        else if (arg === "--site") opts.site = value();
        else if (arg === "--dir") opts.dir = value();
        else if (arg === "--outputs") opts.outputs = argv[i + 1] === "-" ? argv[++i] : value();
        else if (arg === "--immutable") opts.immutable.push(value());
        else if (arg === "--execute") opts.execute = true;
        else if (arg === "--help" || arg === "-h") opts.command = "help";
        else if (arg === "--version" || arg === "-v") opts.command = "version";
        else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        else if (!opts.command) opts.command = arg;
        else opts.stacks.push(arg);
    }
    return opts;
}

async function plan(opts: Options): Promise<number> {
    if (opts.program !== undefined && !opts.all && !opts.stacks.length) throw new UsageError("--program needs --stack NAME (or --all)");
    const root = opts.program !== undefined ? path.resolve(opts.program) : findProjectRoot(opts.cwd);
    const stacks = opts.all ? listStacks(root) : opts.stacks.length ? opts.stacks : ["staging"];
    if (opts.all && opts.stacks.length) throw new UsageError("give either stack names or --all, not both");
    // A plan takes seconds per stack: find out that its file cannot be written before, not after.
    if (opts.json) checkWritable(opts.json);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for --program
    const planner = opts.program !== undefined ? (require("./plan/program-plan") as typeof import("./plan/program-plan")).planProgram : planStack;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when planning
    const { evaluatePlan, renderHardeningReport, renderViolations } = require("../policy/run") as typeof import("../policy/run");
    const docs: PlanDocument[] = [];
    const invalid: string[] = [];
    for (const [i, stack] of stacks.entries()) {
        const last = i === stacks.length - 1;
        let doc: PlanDocument;
        try {
            doc = await planner(root, stack);
        } catch (err) {
            // Bad input in one stack must not hide the plans of the others.
            if (!isInputError(err)) throw err;
            invalid.push(stack);
            const message = (err as Error).message;
            process.stderr.write(`prodstack: ${message.includes(`Pulumi.${stack}.yaml`) ? "" : `stack ${stack}: `}${message}\n`);
            continue;
        }
        const run = await evaluatePlan(doc);
        doc.policy = run;
        docs.push(doc);
        const report = renderHardeningReport(run);
        const text = opts.quiet
            ? [
                  `prodstack plan · stack ${doc.stack}`,
                  renderPlan(doc).split("\n").find((l) => l.startsWith("Resources:")),
                  report.split("\n")[0],
                  renderViolations({ ...run, violations: run.violations.filter((v) => v.enforcementLevel === "mandatory") }),
              ].filter(Boolean).join("\n")
            : `${renderPlan(doc)}\n\n${report}`;
        process.stdout.write(`${text}\n${last ? "" : "\n"}`);
    }
    if (opts.json && (opts.all || docs.length > 0)) {
        const payload = opts.all ? { formatVersion: PLAN_FORMAT_VERSION, plans: docs } : docs[0];
        try {
            fs.writeFileSync(opts.json, toJson(payload));
        } catch (err) {
            throw new PlanInputError(`Cannot write ${opts.json}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
        }
        if (!opts.quiet) process.stdout.write(`\nWrote ${opts.json}\n`);
    }
    // Like a real `pulumi preview --policy-pack policy`, a mandatory violation fails the plan.
    const failing = docs.filter((d) => d.policy!.summary.mandatory > 0);
    if (failing.length) {
        const counts = failing.map((d) => `stack ${d.stack} has ${d.policy!.summary.mandatory} mandatory policy violation${d.policy!.summary.mandatory === 1 ? "" : "s"}`);
        process.stderr.write(`prodstack: ${counts.join("; ")} (see the hardening report).\n`);
    }
    if (invalid.length) {
        if (stacks.length > 1) process.stderr.write(`prodstack: ${invalid.length} of ${stacks.length} stacks invalid (${invalid.join(", ")}); planned the others.\n`);
        return 2;
    }
    return failing.length ? 1 : 0;
}

/** Refuses a --json path whose directory is missing or read-only, or that is a directory. */
function checkWritable(file: string): void {
    const fail = (code: string) => new PlanInputError(`Cannot write ${file}: ${code}.`);
    try {
        fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    } catch (err) {
        throw fail((err as NodeJS.ErrnoException).code ?? "not writable");
    }
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw fail("EISDIR");
}

/** Problems the user can fix in their input; the CLI reports them and exits 2. */
function isInputError(err: unknown): err is Error {
    return err instanceof DeploySiteError || err instanceof ConfigError || err instanceof PlanInputError || err instanceof InvalidArgsError || err instanceof PlanFileError;
}

/** The version in prodstack's own package.json (found from here in the sources and in dist/). */
function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "prodstack" && pkg.version) return pkg.version;
        }
        if (path.dirname(dir) === dir) return "unknown";
    }
}

async function check(opts: Options): Promise<number> {
    if (opts.stacks.length !== 1) throw new UsageError("check needs exactly one plan file");
    if (opts.tier !== undefined && opts.tier !== "prod" && opts.tier !== "non-prod") {
        throw new UsageError(`--tier: expected "prod" or "non-prod", got "${opts.tier}"`);
    }
    const file = opts.stacks[0];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when checking
    const { checkPlans, readPlanFile } = require("../policy/check") as typeof import("../policy/check");
    const result = await checkPlans(readPlanFile(file), file, opts.tier);
    // --quiet keeps each stack's header line, so the verdicts of a plan set can be told apart.
    const text = opts.quiet ? result.text.split("\n").filter((l) => /^(prodstack check |Failed|Passed)/.test(l)).join("\n") : result.text;
    process.stdout.write(`${text}\n`);
    return result.code;
}

async function diff(opts: Options): Promise<number> {
    if (opts.stacks.length !== 2) throw new UsageError("diff needs two plan files: BASE.json HEAD.json");
    const format = opts.format ?? "text";
    if (!["text", "markdown", "json"].includes(format)) throw new UsageError(`--format: expected text, markdown or json, got "${format}"`);
    const [baseFile, headFile] = opts.stacks;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when diffing
    const { readPlanFile } = require("../policy/check") as typeof import("../policy/check");
    const base = readPlanFile(baseFile);
    const head = readPlanFile(headFile);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when diffing
    const { diffPlans } = require("./diff/diff") as typeof import("./diff/diff");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when diffing
    const { renderMarkdown, renderText } = require("./diff/render") as typeof import("./diff/render");
    const doc = await diffPlans(base, head, { base: baseFile, head: headFile }, { allowStateful: opts.allowStateful });
    const text = format === "json" ? JSON.stringify(doc, null, 2) : format === "markdown" ? renderMarkdown(doc) : renderText(doc);
    process.stdout.write(`${text}\n`);
    return doc.exitCode;
}

export async function runCli(argv: string[]): Promise<number> {
    try {
        const opts = parseArgs(argv);
        switch (opts.command) {
            case "plan":
            case "check":
                if (opts.format !== undefined || opts.allowStateful) throw new UsageError("--format and --allow-stateful apply to diff only");
                if (opts.command === "check" && opts.program !== undefined) throw new UsageError("--program applies to plan only");
                if (opts.command === "check") return await check(opts);
                if (opts.tier !== undefined) throw new UsageError("--tier applies to check only");
                return await plan(opts);
            case "diff":
                if (opts.tier !== undefined) throw new UsageError("--tier applies to check only");
                if (opts.program !== undefined) throw new UsageError("--program applies to plan only");
                return await diff(opts);
            case "deploy-site":
                if (opts.stacks.length > 1) throw new UsageError("deploy-site takes one --stack");
                return deploySite({ ...opts, stack: opts.stacks[0] }, (t) => process.stdout.write(t));
            case "version":
                process.stdout.write(`prodstack ${packageVersion()}\n`);
                return 0;
            case "help":
            case "":
                process.stdout.write(USAGE);
                return opts.command === "help" ? 0 : 2;
            default:
                throw new UsageError(`unknown command "${opts.command}"`);
        }
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`prodstack: ${err.message}\n\n${USAGE}`);
            return 2;
        }
        if (isInputError(err)) {
            process.stderr.write(`prodstack: ${err.message}\n`);
            return 2;
        }
        const e = err as Error;
        process.stderr.write(`prodstack: unexpected failure: ${e.message}\n`);
        if (process.env.PRODSTACK_DEBUG) process.stderr.write(`${e.stack}\n`);
        else process.stderr.write("(set PRODSTACK_DEBUG=1 for the stack trace)\n");
        return 1;
    }
}

if (require.main === module) {
    runCli(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
