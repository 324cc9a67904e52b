import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli } from "../helpers/cli";

const ROOT = path.resolve(__dirname, "../..");
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-check-"));
const file = (name: string) => path.join(DIR, name);

function write(name: string, value: unknown): string {
    fs.writeFileSync(file(name), typeof value === "string" ? value : JSON.stringify(value, null, 2));
    return file(name);
}

jest.setTimeout(120_000);

let planText = "";
let planSet: { formatVersion: number; plans: any[] };

/**
 * The shipped stacks these tests read: both prod stacks (parity) and GCP staging (a non-prod
 * report). aws-staging is left out to save a second of the test budget; `.ci/run` plans every
 * shipped stack and fails on a mandatory violation.
 */
const STACKS = ["prod", "staging", "aws-prod"];

beforeAll(async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-check-project-"));
    for (const name of ["Pulumi.yaml", ...STACKS.map((s) => `Pulumi.${s}.yaml`)]) fs.copyFileSync(path.join(ROOT, name), path.join(project, name));
    const { code, out } = await cli("plan", "--all", "--cwd", project, "--json", file("all.json"));
    expect(code).toBe(0);
    planText = out;
    planSet = JSON.parse(fs.readFileSync(file("all.json"), "utf8"));
});

describe("prodstack plan", () => {
    it("ends each stack's plan with the hardening report and records the policy run in the JSON", () => {
        expect(planText).toMatch(/\nHardening report · tier non-prod · \d+ pass · \d+ fail · \d+ not applicable · \d+ not required in this tier · violations: \d+ mandatory, \d+ advisory\n/);
        expect(planText).toMatch(/\nHardening report · tier prod · /);
        expect(planText).toMatch(/\n {2}(pass|FAIL) {2}No public database IP +db-no-public-ip/);
        const prod = planSet.plans.find((p) => p.stack === "prod");
        const staging = planSet.plans.find((p) => p.stack === "staging");
        expect(Object.keys(prod)).toEqual(["formatVersion", "note", "project", "stack", "cloud", "outputs", "resources", "policy"]);
        expect(prod.policy).toMatchObject({ pack: "prodstack-hardening", tier: "prod", tierSource: "label" });
        expect(staging.policy).toMatchObject({ tier: "non-prod", tierSource: "label" });
        expect(prod.policy.report).toHaveLength(29);
    });

    it("ships a prod stack whose database keeps its backups in a second region and after deletion", () => {
        const db = planSet.plans.find((p) => p.stack === "prod").resources.find((r: any) => r.name === "database-primary");
        expect(db.inputs.settings).toMatchObject({
            backupConfiguration: { location: "europe-west4" },
            retainBackupsOnDelete: true,
            finalBackupConfig: { enabled: true, retentionDays: 30 },
        });
    });
});

describe("GCP and AWS parity", () => {
    const verdicts = (stack: string): Record<string, string> =>
        Object.fromEntries(planSet.plans.find((p) => p.stack === stack).policy.report.map((i: any) => [i.id, i.gaps ? "gap" : i.verdict]));

    it("judges every roadmap item of the shipped prod stacks alike on GCP and AWS, on every item", () => {
        const [gcp, aws] = [verdicts("prod"), verdicts("aws-prod")];
        expect(Object.keys(aws)).toEqual(Object.keys(gcp));
        const differing = Object.keys(gcp).filter((id) => gcp[id] !== aws[id]).map((id) => [id, gcp[id], aws[id]]);
        expect(differing).toEqual([]);
        // The observability items this issue brings to AWS pass there as on GCP.
        for (const id of ["uptime-alerts", "alert-runbooks", "resource-alerts", "job-worker-alerts", "log-retention", "budget", "backups-restore-tested"]) expect([id, aws[id]]).toEqual([id, "pass"]);
        expect(gcp["alert-runbooks"]).toBe("pass");
    });
});

describe("prodstack check", () => {
    it("passes the shipped staging and prod plans: no mandatory violation", async () => {
        const { code, out } = await cli("check", file("all.json"));
        const mandatory = out.split("\n").filter((l) => l.startsWith("MANDATORY"));
        expect(mandatory).toEqual([]);
        expect(code).toBe(0);
    });

    it("fails a hand-broken prod plan with one sentence per violation, naming the resource", async () => {
        const prod = JSON.parse(JSON.stringify(planSet.plans.find((p) => p.stack === "prod")));
        delete prod.policy;
        const db = prod.resources.find((r: any) => r.type === "gcp:sql/databaseInstance:DatabaseInstance" && !r.inputs.masterInstanceName);
        db.inputs.settings.ipConfiguration.ipv4Enabled = true;
        db.protect = false;
        const fw = prod.resources.find((r: any) => r.type === "gcp:compute/firewall:Firewall");
        prod.resources.push({ ...fw, urn: `${fw.urn}-ssh`, name: "allow-ssh", inputs: { network: fw.inputs.network, allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["0.0.0.0/0"] } });

        const { code, out } = await cli("check", write("broken.json", prod));
        expect(code).toBe(1);
        const lines = out.split("\n");
        expect(lines[0]).toBe(`prodstack check ${file("broken.json")} · stack prod · tier prod (from the plan's tier label) · 52 policies`);
        expect(lines).toEqual(
            expect.arrayContaining([
                `MANDATORY  db-no-public-ip: Cloud SQL instance "${db.name}" gets a public IPv4 address (settings.ipConfiguration.ipv4Enabled is not false); set it to false and connect over the private network.`,
                `           ${db.urn}`,
                `MANDATORY  stateful-deletion-protection: Cloud SQL instance "${db.name}" can be deleted by mistake: it lacks the protect resource option.`,
                'MANDATORY  firewall-no-world-open-ingress: Firewall rule "allow-ssh" allows tcp:22 from anywhere (0.0.0.0/0); restrict sourceRanges to known networks, or let traffic in only through the load balancer.',
                `           ${fw.urn}-ssh`,
            ]),
        );
        expect(lines[lines.length - 2]).toMatch(/^Failed: \d+ mandatory violations, \d+ advisory violations?\.$/);
    });

    it("checks a short hand-written plan: only urn, type and name are required per resource", async () => {
        const plan = {
            formatVersion: 1,
            stack: "handmade",
            resources: [
                {
                    urn: "urn:pulumi:handmade::shop::gcp:redis/instance:Instance::cache",
                    type: "gcp:redis/instance:Instance",
                    name: "cache",
                    inputs: { memorySizeGb: 1, tier: "STANDARD_HA", authEnabled: true },
                    protect: true,
                },
            ],
        };
        const { code, out } = await cli("check", write("handmade.json", plan), "--tier", "non-prod");
        expect(code).toBe(1);
        expect(out).toBe(
            [
                `prodstack check ${file("handmade.json")} · stack handmade · tier non-prod (given) · 52 policies`,
                'MANDATORY  redis-auth-tls: Memorystore instance "cache" accepts clients without TLS (transitEncryptionMode: SERVER_AUTHENTICATION); turn it on.',
                "           urn:pulumi:handmade::shop::gcp:redis/instance:Instance::cache",
                "advisory   stateful-resources-alerted: Memorystore instance \"cache\" has no alert policy that notifies anyone, so running out of CPU, memory, disk or connections would go unnoticed.",
                "           urn:pulumi:handmade::shop::gcp:redis/instance:Instance::cache",
                "advisory   log-retention-set: No log retention is set: add a gcp:logging/projectBucketConfig:ProjectBucketConfig for the _Default bucket with retentionDays of at least 7.",
                'advisory   labels-present: Memorystore instance "cache" lacks the labels environment, tier and managed-by; set them on the resource or in its provider\'s defaultLabels.',
                "           urn:pulumi:handmade::shop::gcp:redis/instance:Instance::cache",
                "advisory   billing-budget: No billing budget watches this environment's spend: add a gcp:billing/budget:Budget with threshold rules.",
                "Failed: 1 mandatory violation, 4 advisory violations.",
                "",
            ].join("\n"),
        );
    });

    it("passes with advisories when only prod-only rules are broken in non-prod", async () => {
        const plan = {
            formatVersion: 1,
            resources: [{ urn: "urn:pulumi:s::p::gcp:redis/instance:Instance::cache", type: "gcp:redis/instance:Instance", name: "cache", inputs: { authEnabled: true, transitEncryptionMode: "SERVER_AUTHENTICATION" } }],
        };
        const nonProd = await cli("check", write("ha.json", plan), "--tier", "non-prod", "--quiet");
        // stateful-ha and stateful-deletion-protection are advisory in non-prod, mandatory in prod.
        expect(nonProd).toEqual({
            code: 0,
            out: `prodstack check ${file("ha.json")} · unnamed stack · tier non-prod (given) · 52 policies\nPassed with 6 advisory violations.\n`,
            err: "",
        });
        const prod = await cli("check", file("ha.json"), "--quiet");
        expect(prod.code).toBe(1);
        // In prod also cache-snapshots: persistence is not set.
        expect(prod.out.split("\n").slice(1)).toEqual(["Failed: 3 mandatory violations, 4 advisory violations.", ""]);
    });

    it("exits 2 on a file it cannot read or that is not a plan, saying why", async () => {
        expect(await cli("check", file("missing.json"))).toEqual({ code: 2, out: "", err: `prodstack: cannot read ${file("missing.json")}: no such file\n` });
        expect(await cli("check", DIR)).toEqual({ code: 2, out: "", err: `prodstack: cannot read ${DIR}: it is a directory\n` });
        const notJson = await cli("check", write("text.json", "resources: []"));
        expect(notJson.code).toBe(2);
        expect(notJson.err).toMatch(new RegExp(`^prodstack: ${file("text.json").replace(/[.\\/]/g, "\\$&")} is not JSON: `));
        expect((await cli("check", write("future.json", { formatVersion: 2, resources: [] }))).err).toBe(
            `prodstack: ${file("future.json")}: formatVersion 2 is newer than this prodstack reads (1); upgrade prodstack\n`,
        );
        const bad = { formatVersion: 1, plans: [{ resources: [{ urn: "urn:x", name: "a" }, { urn: "urn:y", type: "t", name: "b", protect: "yes" }] }] };
        expect((await cli("check", write("bad.json", bad))).err).toBe(
            `prodstack: ${file("bad.json")} is not a valid plan:\n` +
                "  - plans[0].resources[0].type: expected a type token string, got nothing\n" +
                '  - plans[0].resources[1].protect: expected true or false, got "yes"\n',
        );
    });

    it("exits 2 on a plan set that holds no plan, rather than passing without checking anything", async () => {
        expect(await cli("check", write("empty-set.json", { formatVersion: 1, plans: [] }))).toEqual({
            code: 2,
            out: "",
            err: `prodstack: ${file("empty-set.json")}: plans: expected a non-empty array of plan documents, got []\n`,
        });
        expect((await cli("check", write("object-set.json", { formatVersion: 1, plans: {} }))).err).toBe(
            `prodstack: ${file("object-set.json")}: plans: expected a non-empty array of plan documents, got {}\n`,
        );
    });

    it("rejects bad usage", async () => {
        expect((await cli("check")).err).toMatch(/^prodstack: check needs exactly one plan file\n/);
        expect((await cli("check", file("all.json"), "--tier", "qa")).err).toMatch(/^prodstack: --tier: expected "prod" or "non-prod", got "qa"\n/);
        expect((await cli("plan", "--tier", "prod")).code).toBe(2);
    });
});
