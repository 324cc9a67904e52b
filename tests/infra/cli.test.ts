import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli } from "../helpers/cli";
import { database, plan, serviceAccount } from "./diff/fixtures";

const ROOT = path.resolve(__dirname, "../..");

function tmpProject(stackYaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-cli-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), stackYaml);
    return dir;
}

const tmp = (name: string) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-json-")), name);

// Each test plans whole stacks (two to five): about 2.5 s on an idle machine, over jest's
// default 5 s when other builds share the two cores.
jest.setTimeout(30_000);

/** The default stack's plan, written with --json: planned once, read by the tests below. */
const stagingJson = tmp("staging.json");
let stagingRun: Promise<{ code: number; out: string; err: string }> | undefined;
const planStaging = () => (stagingRun ??= cli("plan", "--cwd", ROOT, "--json", stagingJson));

describe("prodstack plan", () => {
    it("plans staging by default: header, tree with summaries, totals, outputs", async () => {
        const { code, out, err } = await planStaging();
        expect(code).toBe(0);
        expect(err).toBe("");
        expect(out).toMatch(/^prodstack plan · project prodstack · stack staging · cloud gcp\n/);
        expect(out).toContain("No cloud API was contacted");
        expect(out).toContain("are placeholders");
        expect(out).toMatch(/\+ prodstack:gcp:Network {2}network\n {4}custom VPC · subnet 10\.20\.0\.0\/20 \(europe-west1\) with flow logs/);
        expect(out).toMatch(/\nResources: \d+ to create \(\d+ cloud resources, \d+ components, 2 providers\)\n/);
        expect(out).toContain("\nOutputs:\n");
        expect(out).toMatch(new RegExp(`\nWrote ${stagingJson.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n$`));
    });

    it("writes a plan document with every documented field", async () => {
        expect((await planStaging()).code).toBe(0);
        const doc = JSON.parse(fs.readFileSync(stagingJson, "utf8"));
        expect(doc).toMatchObject({ formatVersion: 1, project: "prodstack", stack: "staging", cloud: "gcp" });
        expect(doc.note).toContain("placeholders");
        expect(doc.outputs.project).toBe("acme-web-staging");
        for (const r of doc.resources) {
            expect(Object.keys(r).slice(0, 13)).toEqual([
                "urn", "type", "name", "custom", "parent", "provider", "inputs", "protect",
                "retainOnDelete", "dependsOn", "aliases", "ignoreChanges", "deleteBeforeReplace",
            ]);
        }
        const provider = doc.resources.find((r: any) => r.urn === "urn:pulumi:staging::prodstack::pulumi:providers:gcp::gcp");
        // Budget API calls with user credentials need a quota project: the environment's own.
        expect(provider.inputs).toMatchObject({ project: "acme-web-staging", region: "europe-west1", userProjectOverride: "true", billingProject: "acme-web-staging" });
        // Providers receive nested config JSON-encoded, as the engine sends it.
        expect(JSON.parse(provider.inputs.defaultLabels)).toMatchObject({ "managed-by": "prodstack", environment: "staging", tier: "non-prod" });
        // Depending on the ProjectServices component means depending on each enabled API.
        expect(provider.dependsOn).toContain(
            "urn:pulumi:staging::prodstack::prodstack:gcp:ProjectServices$gcp:projects/service:Service::apis-compute",
        );
        const vpc = doc.resources.find((r: any) => r.type === "gcp:compute/network:Network");
        expect(vpc.provider).toBe(provider.urn);
        expect(vpc.parent).toBe("urn:pulumi:staging::prodstack::prodstack:gcp:Network::network");
    });

    it("plans every valid stack with --all, reports each invalid one with all its problems, writes what it planned, exits 2", async () => {
        // Two broken stacks next to a valid one: the valid one is planned and written.
        const dir = tmpProject("config:\n  prodstack:cloud: gcp\n  prodstack:tier: production\n  prodstack:regoin: x\n");
        fs.copyFileSync(path.join(ROOT, "Pulumi.staging.yaml"), path.join(dir, "Pulumi.staging.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.qa.yaml"), "config:\n  prodstack:cloud: gcp\n  prodstack:tier: prod\n");
        const file = tmp("all.json");
        const { code, out, err } = await cli("plan", "--all", "--cwd", dir, "--json", file, "--quiet");
        expect(code).toBe(2);
        // --quiet names the stack of each block.
        expect(out.split("\n")[0]).toBe("prodstack plan · stack staging");
        expect(out.match(/^Resources: /gm)).toHaveLength(1);
        expect(err).toContain("prodstack: Invalid config in Pulumi.broken.yaml:\n");
        expect(err).toContain('  - prodstack:tier: expected one of "prod", "non-prod", got "production"\n');
        expect(err).toContain('  - prodstack:regoin: unknown key "regoin" (did you mean "region"?)');
        expect(err).toContain("prodstack: Invalid config in Pulumi.qa.yaml:\n");
        expect(err).toContain("prodstack: 2 of 3 stacks invalid (broken, qa); planned the others.\n");
        const set = JSON.parse(fs.readFileSync(file, "utf8"));
        expect(set.formatVersion).toBe(1);
        expect(set.plans.map((p: any) => p.stack)).toEqual(["staging"]);
        // The same stack planned again (another run, another directory) gives the same document,
        // key order included: plans can be diffed byte for byte.
        expect((await planStaging()).code).toBe(0);
        expect(JSON.stringify(set.plans[0], null, 2)).toBe(fs.readFileSync(stagingJson, "utf8").trimEnd());
    });

    it("prints the package version", async () => {
        const { code, out } = await cli("--version");
        expect(code).toBe(0);
        expect(out).toBe(`prodstack ${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`);
        expect(out).toBe("prodstack 0.1.0\n");
    });

    it("gives one clear error and exit code 2 for an unknown stack", async () => {
        const { code, out, err } = await cli("plan", "qa", "--cwd", ROOT);
        expect(code).toBe(2);
        expect(out).toBe("");
        expect(err).toBe('prodstack: Unknown stack "qa": Pulumi.qa.yaml does not exist. Known stacks: aws-prod, aws-staging, prod, staging.\n');
    });

    it("gives every config problem, exit code 2 and no stack trace for invalid config", async () => {
        const dir = tmpProject("config:\n  prodstack:cloud: gcp\n  prodstack:tier: production\n  prodstack:regoin: x\n");
        const { code, out, err } = await cli("plan", "broken", "--cwd", dir);
        expect(code).toBe(2);
        expect(out).toBe("");
        expect(err).toContain("prodstack: Invalid config in Pulumi.broken.yaml:\n");
        expect(err).toContain('  - prodstack:tier: expected one of "prod", "non-prod", got "production"\n');
        expect(err).toContain('  - prodstack:regoin: unknown key "regoin" (did you mean "region"?)');
        expect(err).toContain("  - prodstack:services: expected a list, got nothing (the key is missing)\n");
        expect(err).not.toMatch(/\n\s+at /);
    });

    it("plans a stack holding secure values without any passphrase, keeping them secret", async () => {
        const staging = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8").replace(
            "  prodstack:alerts:\n    emails:\n",
            "  prodstack:alerts:\n    pagerdutyServiceKey:\n      secure: v1:c2VjcmV0LWtleQ==\n    emails:\n",
        );
        expect(staging).toContain("secure:");
        const dir = tmpProject(staging);
        const file = tmp("secure.json");
        const { code, err } = await cli("plan", "broken", "--cwd", dir, "--json", file, "--quiet");
        expect(err).toBe("");
        expect(code).toBe(0);
        expect(fs.readFileSync(file, "utf8")).not.toContain("c2VjcmV0LWtleQ");
    });

    it("fails with exit code 1 on a mandatory policy violation, still writing the plan, and says so with --quiet", async () => {
        const staging = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8").replace(
            "  prodstack:edge:\n",
            "  prodstack:edge:\n    waf:\n      mode: preview\n",
        );
        expect(staging).toContain("mode: preview");
        const file = tmp("violation.json");
        const { code, out, err } = await cli("plan", "broken", "--cwd", tmpProject(staging), "--json", file, "--quiet");
        expect(code).toBe(1);
        // The edge's policy and each route policy (which inherit the WAF mode) fail.
        expect(err).toBe("prodstack: stack broken has 4 mandatory policy violations (see the hardening report).\n");
        const lines = out.split("\n");
        expect(lines[0]).toBe("prodstack plan · stack broken");
        expect(lines[1]).toMatch(/^Resources: \d+ to create/);
        expect(lines[2]).toMatch(/^Hardening report · tier non-prod · .* violations: 4 mandatory, \d+ advisory$/);
        expect(out).toMatch(/^MANDATORY {2}waf-on-public-backends: Cloud Armor policy "edge-waf-policy" on backend service "edge-api-backend" has no enforced preconfigured WAF rule/m);
        expect(lines[3]).toMatch(/^MANDATORY {2}waf-on-public-backends: /);
        expect(out).not.toMatch(/^advisory/m);
        expect(JSON.parse(fs.readFileSync(file, "utf8")).policy.summary.mandatory).toBe(4);
    });

    it("gives exit code 2 and one message, before planning, when the --json file cannot be written", async () => {
        const missingDir = path.join(os.tmpdir(), "prodstack-no-such-dir", "plan.json");
        expect(await cli("plan", "prod", "--cwd", ROOT, "--json", missingDir, "--quiet")).toEqual({
            code: 2, out: "", err: `prodstack: Cannot write ${missingDir}: ENOENT.\n`,
        });
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-json-dir-"));
        expect(await cli("plan", "--all", "--cwd", ROOT, "--json", directory, "--quiet")).toEqual({
            code: 2, out: "", err: `prodstack: Cannot write ${directory}: EISDIR.\n`,
        });
    });

    it("reports a component's invalid args with exit code 2 and no crash (a real process: no unhandled rejection)", () => {
        // Valid for the spec (a major version), rejected by the Database component.
        const staging = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8").replace(
            "    engine: postgres\n",
            '    engine: postgres\n    version: "99"\n',
        );
        expect(staging).toContain('version: "99"');
        const run = spawnSync(process.execPath, ["-r", "sucrase/register", path.join(ROOT, "infra/cli.ts"), "plan", "broken", "--cwd", tmpProject(staging)], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, PRODSTACK_DEBUG: "" },
        });
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/^prodstack: stack broken: prodstack:gcp:Database "database" has invalid args:\n {2}- version: expected one of .*, got "99"\n$/);
        expect(run.status).toBe(2);
    });

    it("rejects bad usage with exit code 2", async () => {
        expect((await cli("plan", "--bogus")).code).toBe(2);
        expect((await cli("plan", "--json")).err).toContain("--json needs a value");
        expect((await cli("deploy")).err).toContain('unknown command "deploy"');
        expect((await cli("plan", "prod", "--all", "--cwd", ROOT)).err).toContain("either stack names or --all");
        expect((await cli("--help")).code).toBe(0);
    });
});

function write(dir: string, file: string, doc: unknown): string {
    const p = path.join(dir, file);
    fs.writeFileSync(p, typeof doc === "string" ? doc : JSON.stringify(doc));
    return p;
}

describe("prodstack diff (CLI)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-diff-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 0 with no changes, 3 with changes, 1 when blocking, and prints JSON with a formatVersion", async () => {
        const a = write(dir, "a.json", plan([database()]));
        const b = write(dir, "b.json", plan([database(), serviceAccount()]));
        const c = write(dir, "c.json", plan([]));
        expect((await cli("diff", a, a)).code).toBe(0);
        const changed = await cli("diff", a, b, "--format", "json");
        expect(changed.code).toBe(3);
        const json = JSON.parse(changed.out);
        expect(json.formatVersion).toBe(1);
        expect(json.stacks[0].counts).toEqual({ create: 1, update: 0, replace: 0, delete: 0 });
        expect((await cli("diff", a, c)).code).toBe(1);
        expect((await cli("diff", a, c, "--allow-stateful")).code).toBe(3);
        expect((await cli("diff", a, b, "--format", "markdown")).out).toMatch(/^### prodstack diff: 1 to create in 1 of 1 stack\n/);
    });

    it("exits 2 on bad input with a clear message", async () => {
        const a = write(dir, "a.json", plan([]));
        const newer = write(dir, "newer.json", { ...plan([]), formatVersion: 99 });
        const notJson = write(dir, "bad.json", "{");
        expect(await cli("diff", a, newer)).toMatchObject({ code: 2, err: expect.stringContaining("formatVersion 99 is newer than this prodstack reads (1)") });
        expect(await cli("diff", a, notJson)).toMatchObject({ code: 2, err: expect.stringContaining("bad.json is not JSON") });
        expect(await cli("diff", a, path.join(dir, "missing.json"))).toMatchObject({ code: 2, err: expect.stringContaining("no such file") });
        expect(await cli("diff", a)).toMatchObject({ code: 2, err: expect.stringContaining("diff needs two plan files: BASE.json HEAD.json") });
        expect(await cli("diff", a, a, "--format", "html")).toMatchObject({ code: 2, err: expect.stringContaining('--format: expected text, markdown or json, got "html"') });
        expect(await cli("check", a, "--format", "json")).toMatchObject({ code: 2, err: expect.stringContaining("--format and --allow-stateful apply to diff only") });
    });
});

describe("prodstack plan --program (any Pulumi program)", () => {
    const CONSUMER = path.join(ROOT, "examples/consumer");

    /** A throwaway project whose program resolves @pulumi/pulumi through the repository's node_modules. */
    function tmpProgram(files: Record<string, string>): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-program-"));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        return dir;
    }

    it("plans the example consumer with its own project name, config and secrets: same document, report and exit code", async () => {
        const file = tmp("consumer.json");
        const { code, out, err } = await cli("plan", "--program", CONSUMER, "--stack", "dev", "--json", file);
        expect(err).toBe("");
        expect(code).toBe(0);
        expect(out).toMatch(/^prodstack plan · project acme-api · stack dev · cloud gcp\n/);
        expect(out).toContain("Resources: 13 to create (11 cloud resources, 2 components, 0 providers)");
        expect(out).toMatch(/\nHardening report · tier prod .* violations: 0 mandatory/);
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        expect(Object.keys(doc).sort()).toEqual(["cloud", "formatVersion", "note", "outputs", "policy", "project", "resources", "stack"]);
        expect(doc).toMatchObject({ formatVersion: 1, project: "acme-api", stack: "dev", cloud: "gcp" });
        // Outputs: a placeholder, and the `secure:` config value as a secret.
        expect(doc.outputs).toEqual({ apiUrl: "https://acme-dev-api-placeholder.a.run.app", networkId: "main-vpc-id", webhookToken: "[secret]" });
        expect(doc.resources.filter((r: { custom: boolean }) => !r.custom).map((r: { type: string }) => r.type).sort()).toEqual(["prodstack:gcp:CloudRunService", "prodstack:gcp:Network"]);
        const vpc = doc.resources.find((r: { name: string }) => r.name === "main-vpc");
        expect(vpc.urn).toBe("urn:pulumi:dev::acme-api::prodstack:gcp:Network$gcp:compute/network:Network::main-vpc");
        // Namespaced config (gcp:project, acme-api:namePrefix) and the Pulumi.yaml default (region) reached the program.
        expect(vpc.inputs).toMatchObject({ name: "acme-dev-vpc" });
        const service = doc.resources.find((r: { type: string }) => r.type === "gcp:cloudrunv2/service:Service");
        expect(service.inputs).toMatchObject({ location: "europe-west4", name: "acme-dev-api", project: "acme-api-dev" });
        expect(doc.policy.summary).toMatchObject({ mandatory: 0, advisory: 4 });
        // The document is diff and check input like any plan.
        const diffed = await cli("diff", file, file);
        expect(diffed.code).toBe(0);
        expect((await cli("check", file, "--quiet")).code).toBe(0);
    });

    it("exits 2 with a clear message: no Pulumi.yaml, unknown stack, no --stack, a program that throws", async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-program-"));
        expect(await cli("plan", "--program", empty, "--stack", "dev")).toEqual({
            code: 2, out: "", err: `prodstack: stack dev: No Pulumi.yaml in ${empty}: --program takes the directory of a Pulumi project.\n`,
        });
        const unknown = await cli("plan", "--program", CONSUMER, "--stack", "prod");
        expect(unknown.code).toBe(2);
        expect(unknown.err).toContain('Unknown stack "prod": Pulumi.prod.yaml does not exist. Known stacks: dev.');
        const usage = await cli("plan", "--program", CONSUMER);
        expect(usage.code).toBe(2);
        expect(usage.err).toMatch(/^prodstack: --program needs --stack NAME \(or --all\)\n/);
        const throwing = tmpProgram({
            "Pulumi.yaml": "name: broken\nruntime: nodejs\nmain: main.js\n",
            "Pulumi.dev.yaml": "config: {}\n",
            "main.js": 'throw new Error("the program found no config");\n',
        });
        // A real process: the SDK leaves the program's error as unhandled rejections too (see engine.ts).
        const thrown = spawnSync(process.execPath, ["-r", "sucrase/register", path.join(ROOT, "infra/cli.ts"), "plan", "--program", throwing, "--stack", "dev"], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, PRODSTACK_DEBUG: "" },
        });
        expect(thrown.stdout).toBe("");
        expect(thrown.stderr).toMatch(/^prodstack: stack dev: The program .*main\.js failed \(stack dev\): the program found no config\n$/);
        expect(thrown.status).toBe(2);
        const notPlan = await cli("check", "x.json", "--program", CONSUMER);
        expect(notPlan.code).toBe(2);
        expect(notPlan.err).toMatch(/^prodstack: --program applies to plan only\n/);
    });
});

describe("prodstack deploy-site (CLI)", () => {
    it("prints the commands (exit 0) and exits 2 with one message on bad input", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-site-"));
        fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html>");
        const outputs = tmp("outputs.json");
        fs.writeFileSync(outputs, JSON.stringify({ siteDeploys: { web: { bucket: "b-web", pathPrefix: "/", project: "p", urlMap: "m" } } }));
        const ok = await cli("deploy-site", "--site", "web", "--dir", dir, "--outputs", outputs);
        expect(ok).toEqual({
            code: 0,
            err: "",
            out: "# prodstack deploy-site: site web → gs://b-web/ (0 hashed, 0 other, 1 HTML)\n" +
                `gcloud storage rsync ${dir} gs://b-web/ --recursive --cache-control=no-cache '--exclude=^(?!(?:index\\.html)$)'\n` +
                "gcloud compute url-maps invalidate-cdn-cache m '--path=/*' --global --project=p --async\n",
        });
        expect(await cli("deploy-site", "--site", "api", "--dir", dir, "--outputs", outputs)).toEqual({
            code: 2, out: "", err: `prodstack: ${outputs}: no site "api" in siteDeploys (sites: web).\n`,
        });
        expect((await cli("deploy-site", "--site", "web", "--dir", dir, "--outputs")).err).toContain("--outputs needs a value");
    });
});
