/**
 * `npm run bench`: times `prodstack plan --all` as a whole process against the floor of
 * merely loading Pulumi's SDKs, over several interleaved runs, and prints the medians.
 * Target: plan --all ≤ 2 × floor.   Usage: node dist/infra/bench.js [runs]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const RUNS = Math.max(3, Number(process.argv[2] ?? 7));
const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(__dirname, "cli.js");
const JSON_OUT = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-bench-")), "plan.json");

const FLOOR = ["-e", "require('@pulumi/pulumi'); require('@pulumi/gcp'); require('@pulumi/aws')"];
const PLAN = [CLI, "plan", "--all", "--quiet", "--json", JSON_OUT];

function time(args: string[]): number {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
    return ms;
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
    time(FLOOR); // warm the file system cache for both
    time(PLAN);
    const floor: number[] = [];
    const plan: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        floor.push(time(FLOOR));
        plan.push(time(PLAN));
    }
    const set = JSON.parse(fs.readFileSync(JSON_OUT, "utf8")) as { plans: Array<{ stack: string; resources: unknown[] }> };
    const resources = set.plans.reduce((n, p) => n + p.resources.length, 0);
    const f = median(floor);
    const p = median(plan);
    const ratio = p / f;
    const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(`runs:               ${RUNS} each, interleaved (machine: ${os.cpus().length} cores, node ${process.version})`);
    console.log(`floor (load SDKs):  median ${fmt(f)}   [${floor.map((x) => x.toFixed(0)).join(", ")}]`);
    console.log(`plan --all:         median ${fmt(p)}   [${plan.map((x) => x.toFixed(0)).join(", ")}]`);
    console.log(`ratio:              ${ratio.toFixed(2)}× floor (target ≤ 2.00×: ${ratio <= 2 ? "met" : "NOT met"})`);
    console.log(`stacks planned:     ${set.plans.map((x) => `${x.stack} (${x.resources.length})`).join(", ")}`);
    console.log(`resources planned:  ${resources}`);
    console.log(`per resource:       ${(p / resources).toFixed(2)} ms in all, ${(Math.max(0, p - f) / resources).toFixed(2)} ms above the floor`);
}

main();
