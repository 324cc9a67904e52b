/**
 * Three products planned the way their DevOps engineers configure them (the stack files
 * next to this test): an API + two portals on MySQL (prod), a Django app with Postgres,
 * Redis, static files under a path of its host, a Celery worker, a migrate job run on deploy,
 * a scheduled job and a private media bucket (prod), a Node API + SPA + Postgres
 * (staging). Each is planned once, through the real program, and checked for what would
 * hurt them in production: alerts that can never resolve, uptime checks that cannot pass.
 */
import type { PlannedResource } from "../../infra/plan/engine";
import type { PlanDocument } from "../../infra/plan/document";
import { planStack } from "../../infra/plan/plan";
import { renderPlan } from "../../infra/plan/render";
import { evaluatePlan } from "../../policy/run";

const ROOT = __dirname;
const SERVICE = "gcp:cloudrunv2/service:Service";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";

const plans: Record<string, PlanDocument> = {};

// Three whole plans: about 2 s of CPU, far past jest's default 5 s hook timeout when the CI
// machine's two cores are shared.
beforeAll(async () => {
    for (const stack of ["portals", "django", "node"]) {
        const doc = await planStack(ROOT, stack);
        doc.policy = await evaluatePlan(doc);
        plans[stack] = doc;
    }
}, 60_000);

const ofType = (doc: PlanDocument, type: string) => doc.resources.filter((r) => r.type === type);
const threshold = (alert: PlannedResource) => (alert.inputs.conditions as any[])[0].conditionThreshold;
const STACKS = ["portals", "django", "node"];

describe.each(STACKS)("product stack %s", (stack) => {
    it("plans with no mandatory policy violation", () => {
        expect(plans[stack].policy!.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });

    it("has no instance alert that fires at the service's steady state (minInstances)", () => {
        const doc = plans[stack];
        for (const svc of ofType(doc, SERVICE)) {
            const { minInstanceCount: min, maxInstanceCount: max } = (svc.inputs.template as any).scaling;
            const alerts = ofType(doc, ALERT).filter((a) => {
                const filter = String(threshold(a)?.filter ?? "");
                return filter.includes("container/instance_count") && filter.includes(`service_name = "${svc.inputs.name}"`);
            });
            // The API compares strictly: it fires when the count is > thresholdValue.
            for (const a of alerts) {
                expect(threshold(a).comparison).toBe("COMPARISON_GT");
                expect(threshold(a).thresholdValue).toBeGreaterThanOrEqual(min);
                expect(threshold(a).thresholdValue).toBeLessThan(max);
            }
            expect(alerts).toHaveLength(max > min ? 1 : 0);
        }
    });

    it("has no uptime check that cannot pass: sites under a path accept a missing index, everything else probes a page", () => {
        for (const check of ofType(plans[stack], CHECK)) {
            const http = check.inputs.httpCheck as any;
            const classes = http.acceptedResponseStatusCodes.map((c: any) => c.statusClass);
            expect(classes).not.toContain("STATUS_CLASS_5XX");
            if (http.path === "/static/") expect(classes).toContain("STATUS_CLASS_4XX");
            else expect(classes).toEqual(["STATUS_CLASS_2XX"]);
        }
    });

    it("bills API calls to the environment's project, so a first `pulumi up` with user credentials works", () => {
        const provider = plans[stack].resources.find((r) => r.type === "pulumi:providers:gcp" && r.name === "gcp")!;
        expect(provider.inputs).toMatchObject({ userProjectOverride: "true", billingProject: plans[stack].outputs.project });
    });
});

describe("the three products, each as its team configured it", () => {
    it("portals: a fixed-size 2/2 API gets no instance alert, and the plan says why", () => {
        const doc = plans.portals;
        expect(ofType(doc, ALERT).filter((a) => a.name.endsWith("-instances"))).toEqual([]);
        expect(renderPlan(doc)).toContain("no instances-near-max alert: minInstances leaves no count up to maxInstances that could resolve");
    });

    it("portals: MySQL 8.4 written as a YAML number, prod backups kept on delete, in a second region, with a final backup", () => {
        const db = plans.portals.resources.find((r) => r.name === "database-primary")!;
        expect(db.inputs.databaseVersion).toBe("MYSQL_8_4");
        expect(db.inputs.settings).toMatchObject({
            retainBackupsOnDelete: true,
            finalBackupConfig: { enabled: true, retentionDays: 30 },
            backupConfiguration: { location: "europe-west4" },
        });
    });

    it("portals: the budget notifies the two email channels only, not Slack", () => {
        const budget = plans.portals.resources.find((r) => r.type === "gcp:billing/budget:Budget")!;
        const channels = plans.portals.outputs.notificationChannels as string[];
        expect(channels).toHaveLength(3);
        expect((budget.inputs.allUpdatesRule as any).monitoringNotificationChannels).toEqual(channels.slice(0, 2));
    });

    it("django: static files under /static of the app host are probed at /static/ accepting 2xx-4xx; the app at its health path", () => {
        const checks = ofType(plans.django, CHECK).map((c) => [
            (c.inputs.monitoredResource as any).labels.host,
            (c.inputs.httpCheck as any).path,
            (c.inputs.httpCheck as any).acceptedResponseStatusCodes.map((s: any) => s.statusClass),
        ]);
        expect(checks.sort()).toEqual([
            ["app.bm23.example.com", "/healthz/", ["STATUS_CLASS_2XX"]],
            ["app.bm23.example.com", "/static/", ["STATUS_CLASS_2XX", "STATUS_CLASS_3XX", "STATUS_CLASS_4XX"]],
        ]);
    });

    it("django: /admin answers the office range only, with inline styles allowed, and the secret key is generated once", () => {
        const policy = plans.django.resources.find((r) => r.name === "edge-web-app-bm23-example-com-admin-waf-policy")!;
        const rules = policy.inputs.rules as any[];
        expect(rules.find((r) => r.rateLimitOptions).match.config.srcIpRanges).toEqual(["198.51.100.0/24"]);
        expect(rules.at(-1).action).toBe("deny(403)");
        const admin = plans.django.resources.find((r) => r.name === "edge-web-app-bm23-example-com-admin-backend")!;
        expect(admin.inputs.customResponseHeaders).toContain("Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        expect(plans.django.resources.find((r) => r.name === "app-secrets-django-secret-key-random")!.inputs).toEqual({ length: 50, special: true, overrideSpecial: "-_" });
        const envs = ((ofType(plans.django, SERVICE)[0].inputs.template as any).containers[0].envs as any[]).map((e) => e.name);
        expect(envs).toEqual(expect.arrayContaining(["DATABASE_URL", "DATABASE_CA_CERT_PATH", "REDIS_CA_CERT_PATH", "DJANGO_SECRET_KEY"]));
    });

    it("portals: the API answers same-origin under /api of both portals, with a tighter limit on token refresh", () => {
        const checks = ofType(plans.portals, CHECK).map((c) => `${(c.inputs.monitoredResource as any).labels.host}${(c.inputs.httpCheck as any).path}`);
        expect(checks.sort()).toEqual([
            "admin.shop.example.com/",
            "admin.shop.example.com/api/health",
            "api.shop.example.com/health",
            "www.shop.example.com/",
            "www.shop.example.com/api/health",
        ]);
        const token = plans.portals.resources.find((r) => r.name === "edge-api-www-shop-example-com-api-auth-token-waf-policy")!;
        expect((token.inputs.rules as any[]).find((r) => r.rateLimitOptions).rateLimitOptions.rateLimitThreshold.count).toBe(20);
    });

    it("django: Postgres 16 and Redis 7.2 written as YAML numbers", () => {
        expect(plans.django.resources.find((r) => r.name === "database-primary")!.inputs.databaseVersion).toBe("POSTGRES_16");
        expect(plans.django.resources.find((r) => r.type === "gcp:redis/instance:Instance")!.inputs.redisVersion).toBe("REDIS_7_2");
    });

    it("django: web, worker pool, both jobs, the media bucket, the static site, Postgres and Redis", () => {
        const doc = plans.django;
        expect(ofType(doc, SERVICE).map((r) => r.inputs.name)).toEqual(["bm23-prod-web"]);
        expect(ofType(doc, "gcp:cloudrunv2/workerPool:WorkerPool").map((r) => r.inputs.name)).toEqual(["bm23-prod-worker"]);
        expect(ofType(doc, "gcp:cloudrunv2/job:Job").map((r) => r.inputs.name).sort()).toEqual(["bm23-prod-clearsessions", "bm23-prod-migrate"]);
        expect(ofType(doc, "gcp:storage/bucket:Bucket").map((r) => r.inputs.name)).toContain("bm23-web-prod-media");
        expect(ofType(doc, "prodstack:gcp:SiteBucket")).toHaveLength(1);
        expect(ofType(doc, "gcp:redis/instance:Instance")).toHaveLength(1);
        expect(ofType(doc, "gcp:projects/service:Service").map((r) => r.inputs.service)).toEqual(
            expect.arrayContaining(["cloudscheduler.googleapis.com", "iamcredentials.googleapis.com"]),
        );
        const item = (id: string) => doc.policy!.report.find((i) => i.id === id)!;
        expect([item("job-worker-alerts").verdict, item("private-buckets").verdict, item("service-identities").verdict]).toEqual(["pass", "pass", "pass"]);
    });

    it("django: the web service and the worker roll out after the migration; failed jobs and crash loops alert", () => {
        const doc = plans.django;
        const migrate = ofType(doc, "gcp:cloudrunv2/job:Job").find((r) => r.inputs.name === "bm23-prod-migrate")!;
        expect(ofType(doc, SERVICE)[0].dependsOn).toContain(migrate.urn);
        expect(ofType(doc, "gcp:cloudrunv2/workerPool:WorkerPool")[0].dependsOn).toContain(migrate.urn);
        expect(ofType(doc, ALERT).map((a) => String(a.inputs.displayName))).toEqual(expect.arrayContaining([
            "bm23-prod migrate: job execution failed",
            "bm23-prod clearsessions: job execution failed",
            "bm23-prod worker: worker containers exiting",
        ]));
    });

    it("django: the plan says when each job runs, what the worker runs and who may use the media bucket", () => {
        const text = renderPlan(plans.django);
        expect(text).toContain("bm23-prod-migrate · 1 vCPU / 512 MiB · runs on deploy before web, worker · 1 task, 0 retries, 1800 s timeout");
        expect(text).toContain("bm23-prod-clearsessions · 1 vCPU / 512 MiB · daily 03:00 Asia/Bangkok · 1 task, 1 retry, 600 s timeout");
        expect(text).toContain("bm23-prod-worker · worker pool, 2 instances always on · 1 vCPU / 1 GiB · no ingress · VPC egress");
        expect(text).toContain("versioned (old versions 14 d) · CORS for https://app.bm23.example.com · bm23-prod-web-run: objectUser, bm23-prod-worker-wrk: objectViewer");
    });

    it("node: staging shows restore drills, HA and deletion protection as not required, and alerts above its 0-3 instances", () => {
        const run = plans.node.policy!;
        expect(run.report.filter((i) => !i.requiredInTier).map((i) => i.id)).toEqual(["backups-restore-tested", "ha", "deletion-protection"]);
        expect(run.summary).toMatchObject({ fail: 3, notRequired: 3, mandatory: 0 });
        const alert = ofType(plans.node, ALERT).find((a) => a.name === "alerts-service-api-instances")!;
        // 80% of 3 rounds up to 3: fires above 2.
        expect(threshold(alert)).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 2 });
    });
});
