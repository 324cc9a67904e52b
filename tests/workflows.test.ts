/** The GitHub Actions workflows: pinned actions, least privilege, fork safety. */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const DIR = path.join(__dirname, "..", ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const read = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { uses?: string; steps?: Step[]; permissions?: Record<string, string>; if?: string };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };
const workflow = (f: string) => parse(read(f)) as Workflow;

/** Every `uses:` of a file, steps and reusable-workflow calls. */
function uses(f: string): string[] {
    return Object.values(workflow(f).jobs).flatMap((j) => [j.uses, ...(j.steps ?? []).map((s) => s.uses)]).filter((u): u is string => !!u);
}

describe("GitHub workflows", () => {
    it("are the pull-request, comment, deploy and pulumi-up workflows", () => {
        expect(files.sort()).toEqual(["deploy.yml", "pull-request-comment.yml", "pull-request.yml", "pulumi-up.yml"]);
    });

    it.each(files)("%s pins every action to a full commit SHA with its version in a comment", (f) => {
        const external = uses(f).filter((u) => !u.startsWith("./"));
        for (const u of external) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        for (const line of read(f).split("\n").filter((l) => /uses: [^.]/.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    });

    it("the pin check fails a tag, a branch and a short SHA", () => {
        for (const u of ["actions/checkout@v7", "actions/checkout@main", "actions/checkout@3d3c42e"]) expect(u).not.toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    });

    it.each(files)("%s declares its token permissions, read-only at the top", (f) => {
        const w = workflow(f);
        expect(w.permissions).toBeDefined();
        expect(Object.entries(w.permissions!).filter(([k, v]) => v === "write" && !["pull-requests", "id-token"].includes(k))).toEqual([]);
    });

    it("runs untrusted pull-request code only with a read-only token and no pull_request_target", () => {
        const pr = workflow("pull-request.yml");
        expect(Object.keys(pr.on)).toEqual(["pull_request"]);
        expect(pr.permissions).toEqual({ contents: "read" });
        expect(pr.jobs.plan.permissions).toBeUndefined();
        for (const f of files) expect(Object.keys(workflow(f).on)).not.toContain("pull_request_target");
        // The credentialed preview never runs for a fork.
        expect(pr.jobs.preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    });

    it("posts the comment from workflow_run without checking out or running pull-request code", () => {
        const c = workflow("pull-request-comment.yml");
        expect(c.on).toEqual({ workflow_run: { workflows: ["pull request"], types: ["completed"] } });
        expect(c.permissions).toEqual({ actions: "read", "pull-requests": "write" });
        const steps = c.jobs.comment.steps!;
        expect(steps.filter((s) => s.uses?.startsWith("actions/checkout") || s.run)).toEqual([]);
        expect(read("pull-request-comment.yml")).toContain("pr.head.sha !== process.env.HEAD_SHA");
    });

    it("gates the pull request on the offline plan, the diff and check", () => {
        const runs = workflow("pull-request.yml").jobs.plan.steps!.map((s) => s.run ?? "").join("\n");
        expect(runs).toContain("plan -- --all --quiet --json");
        expect(runs).toContain("infra/cli.ts diff");
        expect(runs).toContain("--format markdown");
        expect(runs).toContain("infra/cli.ts check");
    });

    it("deploys staging then prod, each in its GitHub environment, with OIDC and no stored cloud keys", () => {
        const d = workflow("deploy.yml");
        expect(d.on).toEqual({ push: { branches: ["main"] } });
        expect(d.jobs.prod).toMatchObject({ needs: "staging", uses: "./.github/workflows/pulumi-up.yml", with: { environment: "prod" } });
        expect(d.jobs.staging).toMatchObject({ with: { environment: "staging" } });
        const up = workflow("pulumi-up.yml");
        expect(up.permissions).toEqual({ contents: "read", "id-token": "write" });
        expect((up.jobs.up as Job & { environment?: string }).environment).toBe("${{ inputs.environment }}");
        for (const f of files) expect(read(f)).not.toMatch(/aws-access-key-id|aws-secret-access-key|credentials_json/);
    });

    it("deploys the static sites after pulumi up, only when SITE_DEPLOYS names them", () => {
        const steps = workflow("pulumi-up.yml").jobs.up.steps! as Array<Step & { name?: string; if?: string }>;
        const up = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up");
        const build = steps.findIndex((s) => s.name === "build the frontends");
        const deploy = steps.findIndex((s) => s.run?.includes("deploy-site"));
        expect(up).toBeGreaterThan(0);
        expect([build, deploy]).toEqual([up + 1, up + 2]);
        expect(steps[build].if).toBe("steps.cfg.outputs.enabled == 'true' && vars.SITE_DEPLOYS != '' && vars.SITE_BUILD_COMMAND != ''");
        expect(steps[deploy].if).toBe("steps.cfg.outputs.enabled == 'true' && vars.SITE_DEPLOYS != ''");
        expect(steps[deploy].run).toContain('pulumi stack output --json --stack "$STACK" > "$RUNNER_TEMP/stack-outputs.json"');
        expect(steps[deploy].run).toContain('--outputs "$RUNNER_TEMP/stack-outputs.json" --execute');
    });
});
