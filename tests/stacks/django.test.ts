import * as path from "path";
import { renderPlan } from "../../infra/plan/render";
import { planStack } from "../../infra/plan/plan";
import type { PlanDocument } from "../../infra/plan/document";
import { evaluatePlan, type PolicyRun } from "../../policy/run";

/** A Django product (web + Celery worker + migrate job + media bucket + SPA + Postgres + Redis), planned once. */
describe("a Django-shaped stack (tests/stacks/django/Pulumi.prod.yaml)", () => {
    let doc: PlanDocument;
    let run: PolicyRun;
    beforeAll(async () => {
        doc = await planStack(path.join(__dirname, "django"), "prod");
        run = await evaluatePlan(doc);
    });
    const ofType = (type: string) => doc.resources.filter((r) => r.type === type);

    it("plans with no mandatory policy violation", () => {
        expect(run.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(run.summary.mandatory).toBe(0);
        const item = (id: string) => run.report.find((i) => i.id === id)!;
        expect(item("job-worker-alerts").verdict).toBe("pass");
        expect(item("private-buckets").verdict).toBe("pass");
        expect(item("service-identities").verdict).toBe("pass");
    });

    it("has the web service, the worker pool, both jobs, the media bucket, the SPA, Postgres and Redis", () => {
        expect(ofType("gcp:cloudrunv2/service:Service").map((r) => r.inputs.name)).toEqual(["shop-prod-web"]);
        expect(ofType("gcp:cloudrunv2/workerPool:WorkerPool").map((r) => r.inputs.name)).toEqual(["shop-prod-worker"]);
        expect(ofType("gcp:cloudrunv2/job:Job").map((r) => r.inputs.name).sort()).toEqual(["shop-prod-clearsessions", "shop-prod-migrate"]);
        expect(ofType("gcp:storage/bucket:Bucket").map((r) => r.inputs.name)).toContain("shop-django-prod-media");
        expect(ofType("prodstack:gcp:SiteBucket")).toHaveLength(1);
        expect(ofType("gcp:sql/databaseInstance:DatabaseInstance").length).toBeGreaterThanOrEqual(1);
        expect(ofType("gcp:redis/instance:Instance")).toHaveLength(1);
        const apis = ofType("gcp:projects/service:Service").map((r) => r.inputs.service);
        expect(apis).toContain("cloudscheduler.googleapis.com");
    });

    it("rolls the web service and the worker out after the migration, which alerts when it fails", () => {
        const migrate = ofType("gcp:cloudrunv2/job:Job").find((r) => r.inputs.name === "shop-prod-migrate")!;
        expect(ofType("gcp:cloudrunv2/service:Service")[0].dependsOn).toContain(migrate.urn);
        expect(ofType("gcp:cloudrunv2/workerPool:WorkerPool")[0].dependsOn).toContain(migrate.urn);
        const alerts = ofType("gcp:monitoring/alertPolicy:AlertPolicy").map((a) => String(a.inputs.displayName));
        expect(alerts).toEqual(expect.arrayContaining([
            "shop-prod migrate: job execution failed",
            "shop-prod clearsessions: job execution failed",
            "shop-prod worker: worker containers exiting",
        ]));
    });

    it("says in the plan when each job runs, what the worker runs and who may use the bucket", () => {
        const text = renderPlan(doc);
        expect(text).toContain("shop-prod-migrate · 1 vCPU / 512 MiB · runs on deploy before web, worker · 1 task, 0 retries, 1800 s timeout");
        expect(text).toContain("shop-prod-clearsessions · 1 vCPU / 512 MiB · daily 03:00 Europe/Berlin · 1 task, 1 retry, 600 s timeout");
        expect(text).toContain("shop-prod-worker · worker pool, 2 instances always on · 1 vCPU / 1 GiB · no ingress · VPC egress");
        expect(text).toContain("versioned (old versions 14 d) · CORS for https://shop.example.org · shop-prod-web-run: objectUser, shop-prod-worker-wrk: objectViewer");
    });
});
