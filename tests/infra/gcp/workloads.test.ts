import { ConfigError } from "../../../infra/config";
import { workloadApis } from "../../../infra/gcp/compute";
import { DATA, deploy } from "../../helpers/compute";
import { memo } from "../../helpers/inventory";
import { spec } from "../../helpers/spec";

const IMAGE = "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0";
const JOB = "gcp:cloudrunv2/job:Job";
const POOL = "gcp:cloudrunv2/workerPool:WorkerPool";
const RUN = "gcp:cloudrunv2/service:Service";
const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const SIGN = "gcp:serviceaccount/iAMMember:IAMMember";

/** The fixture with a migrate job the API waits for, a scheduled job, a worker and a media bucket. */
const workloads = (tier: "prod" | "non-prod", edit?: (raw: Record<string, any>) => void) => spec(tier, (raw) => {
    raw.services[0].after = ["migrate"];
    raw.services.push({ name: "worker", kind: "worker", image: IMAGE, command: ["celery"], args: ["-A", "app", "worker"], usesDatabase: true, usesCache: true });
    raw.jobs = [
        { name: "migrate", image: IMAGE, args: ["manage.py", "migrate", "--noinput"], usesDatabase: true, runOnDeploy: true },
        { name: "cleanup", image: IMAGE, args: ["manage.py", "clearsessions"], usesDatabase: true, schedule: { cron: "0 3 * * *", timeZone: "Europe/Berlin" } },
    ];
    raw.buckets = [{ name: "media", access: { api: "readWrite", worker: "read" }, signedUrls: true, corsOrigins: ["https://app.example.com"] }];
    edit?.(raw);
});

describe("GCP workloads: jobs, workers, application buckets", () => {
    const stagingPlan = memo(() => deploy(workloads("non-prod")));
    const prodPlan = memo(() => deploy(workloads("prod"), DATA, "prod"));

    it("runs the migration during the deploy, with the database wiring, before the API rolls out", async () => {
        const { inv } = await stagingPlan();
        const migrate = inv.named("job-migrate-job", JOB);
        const template = (migrate.inputs as any).template.template;
        expect(migrate.inputs.runExecutionToken).toMatch(/^[0-9a-f]+$/);
        expect(template.containers[0].args).toEqual(["manage.py", "migrate", "--noinput"]);
        expect(template.vpcAccess.egress).toBe("PRIVATE_RANGES_ONLY");
        expect(template.containers[0].envs.map((e: { name: string }) => e.name)).toEqual(["DATABASE_HOST", "DATABASE_NAME", "DATABASE_PASSWORD"]);
        expect(inv.named("job-migrate-cloudsql-client").inputs.role).toBe("roles/cloudsql.client");
        expect(inv.named("api-service", RUN).dependsOn).toContain(migrate.urn);
        // Only the API asked to wait; the worker and the scheduled job do not.
        expect(inv.named("worker-pool", POOL).dependsOn).not.toContain(migrate.urn);
        expect(inv.named("job-cleanup-job", JOB).inputs.runExecutionToken).toBeUndefined();
        expect(inv.one("gcp:cloudscheduler/job:Job").inputs).toMatchObject({ schedule: "0 3 * * *", timeZone: "Europe/Berlin" });
    });

    it("mounts the stores' CA files into jobs and workers that use them, as into services, with a grant each", async () => {
        const { inv } = await stagingPlan();
        const job = (inv.named("job-migrate-job", JOB).inputs as any).template.template;
        expect(job.volumes.map((v: any) => v.secret.secret)).toEqual(["projects/acme-web-staging/secrets/acme-stg-db-ca"]);
        expect(job.containers[0].volumeMounts).toEqual([{ name: "secret-etc-prodstack-database", mountPath: "/etc/prodstack/database" }]);
        const pool = (inv.named("worker-pool", POOL).inputs as any).template;
        expect(pool.volumes.map((v: any) => v.secret.secret)).toEqual([
            "projects/acme-web-staging/secrets/acme-stg-db-ca",
            "projects/acme-web-staging/secrets/acme-stg-redis-ca",
        ]);
        expect(pool.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(["/etc/prodstack/database", "/etc/prodstack/redis"]);
        expect(inv.named("job-migrate-secret-db-ca").inputs.secretId).toBe("projects/acme-web-staging/secrets/acme-stg-db-ca");
        expect(inv.named("worker-secret-redis-ca").inputs.secretId).toBe("projects/acme-web-staging/secrets/acme-stg-redis-ca");
    });

    it("runs workers as worker pools with the service wiring, outside the edge and the request-based results", async () => {
        const { inv, result } = await stagingPlan();
        const pool = inv.one(POOL).inputs as any;
        expect(pool.name).toBe("acme-stg-worker");
        expect(pool.template.containers[0]).toMatchObject({ commands: ["celery"], args: ["-A", "app", "worker"] });
        expect(pool.template.containers[0].envs.map((e: { name: string }) => e.name)).toEqual(
            ["DATABASE_HOST", "DATABASE_NAME", "DATABASE_PASSWORD", "MEDIA_BUCKET", "REDIS_AUTH", "REDIS_HOST"],
        );
        expect(inv.ofType(RUN).map((r) => r.name)).toEqual(["api-service"]);
        expect(result!.services.map((s) => s.name)).toEqual(["api"]);
        expect(result!.workers.map((w) => w.name)).toEqual(["worker"]);
        expect(result!.jobs.map((j) => j.name)).toEqual(["migrate", "cleanup"]);
    });

    it("gives the media bucket one grant per identity, the bucket name in env, and URL signing on oneself", async () => {
        const { inv } = await stagingPlan();
        expect(inv.one("gcp:storage/bucket:Bucket").inputs).toMatchObject({
            name: "acme-web-staging-media",
            publicAccessPrevention: "enforced",
            uniformBucketLevelAccess: true,
            cors: [{ origins: ["https://app.example.com"] }],
        });
        expect(inv.ofType(BUCKET_MEMBER).map((m) => [m.inputs.role, m.inputs.member])).toEqual([
            ["roles/storage.objectUser", "serviceAccount:acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com"],
            ["roles/storage.objectViewer", "serviceAccount:acme-stg-worker-wrk@acme-web-staging.iam.gserviceaccount.com"],
        ]);
        const api = inv.named("api-service", RUN).inputs as any;
        expect(api.template.containers[0].envs).toContainEqual({ name: "MEDIA_BUCKET", value: "acme-web-staging-media" });
        expect(inv.ofType(SIGN).map((s) => [s.name, s.inputs.serviceAccountId, s.inputs.member])).toEqual([
            ["api-sign-self", "projects/acme-web-staging/serviceAccounts/acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com", "serviceAccount:acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com"],
            ["worker-sign-self", "projects/acme-web-staging/serviceAccounts/acme-stg-worker-wrk@acme-web-staging.iam.gserviceaccount.com", "serviceAccount:acme-stg-worker-wrk@acme-web-staging.iam.gserviceaccount.com"],
        ]);
        // The jobs have no bucket access: no variable, no signing.
        const migrate = (inv.named("job-migrate-job", JOB).inputs as any).template.template.containers[0];
        expect(migrate.envs.some((e: { name: string }) => e.name === "MEDIA_BUCKET")).toBe(false);
    });

    it("exports the jobs, worker pools, buckets and every identity", async () => {
        const staging = await stagingPlan();
        expect(staging.inv.outputs).toMatchObject({
            jobNames: { migrate: "acme-stg-migrate", cleanup: "acme-stg-cleanup" },
            workerPools: { worker: "acme-stg-worker" },
            appBuckets: { media: "acme-web-staging-media" },
            serviceIdentities: {
                api: "acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com",
                worker: "acme-stg-worker-wrk@acme-web-staging.iam.gserviceaccount.com",
                migrate: "acme-stg-migrate-job@acme-web-staging.iam.gserviceaccount.com",
                cleanup: "acme-stg-cleanup-job@acme-web-staging.iam.gserviceaccount.com",
            },
        });
    });

    it("prod: two worker instances, deletion protection on jobs and workers, a protected bucket", async () => {
        const staging = await stagingPlan();
        const prod = await prodPlan();
        expect(staging.inv.one(POOL).inputs).toMatchObject({ deletionProtection: false, scaling: { manualInstanceCount: 1 } });
        expect(prod.inv.one(POOL).inputs).toMatchObject({ deletionProtection: true, scaling: { manualInstanceCount: 2 } });
        expect(staging.inv.named("job-migrate-job", JOB).inputs.deletionProtection).toBe(false);
        expect(prod.inv.named("job-migrate-job", JOB).inputs.deletionProtection).toBe(true);
        expect(staging.inv.one("prodstack:gcp:AppBucket").protect).toBe(false);
        expect(prod.inv.one("prodstack:gcp:AppBucket").protect).toBe(true);
        expect(prod.inv.one("gcp:storage/bucket:Bucket").protect).toBe(true);
    });

    it("enables Cloud Scheduler only for schedules and the IAM credentials API only for signed URLs", () => {
        expect(workloadApis(workloads("non-prod"))).toEqual(["cloudscheduler.googleapis.com", "iamcredentials.googleapis.com"]);
        expect(workloadApis(workloads("non-prod", (raw) => {
            raw.jobs = raw.jobs.slice(0, 1);
            raw.buckets[0].signedUrls = false;
            raw.buckets[0].corsOrigins = [];
        }))).toEqual([]);
    });

    it("runs the worker's minInstances when set", async () => {
        const { inv } = await deploy(workloads("prod", (raw) => (raw.services[1].minInstances = 5)), DATA, "prod");
        expect(inv.one(POOL).inputs.scaling).toEqual({ scalingMode: "MANUAL", manualInstanceCount: 5 });
    });

    it("rejects, naming the spec key, sizes Cloud Run jobs and worker pools cannot run (CPU always allocated)", async () => {
        const { error, inv } = await deploy(workloads("non-prod", (raw) => {
            raw.jobs[0].cpu = 0.5;
            raw.services[1].cpu = 2;
            raw.services[1].memoryMiB = 16384;
        }));
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems).toEqual([
            "prodstack:services[1].memoryMiB: expected 512 to 8192 with 2 vCPU on gcp, got 16384",
            "prodstack:jobs[0].cpu: expected 1, 2, 4, 6 or 8 on gcp (Cloud Run jobs and worker pools always allocate CPU, which fractional vCPU does not allow), got 0.5",
        ]);
        expect(inv.resources.filter((r) => r.type.startsWith("gcp:cloudrunv2"))).toHaveLength(0);
    });
});
