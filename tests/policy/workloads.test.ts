import { r, urn, validateResource, validateStack } from "./harness";

const JOB = "gcp:cloudrunv2/job:Job";
const POOL = "gcp:cloudrunv2/workerPool:WorkerPool";
const SA_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const BUCKET = "gcp:storage/bucket:Bucket";
const BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const IMAGE = "europe-docker.pkg.dev/acme-web-shared/apps/api:1.4.2";
const CHANNELS = ["projects/p/notificationChannels/1"];

const job = (name = "job-migrate-job", serviceAccount = "acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com") =>
    r(JOB, name, { name: "acme-prod-migrate", location: "europe-west1", template: { template: { serviceAccount, containers: [{ image: IMAGE }] } } });
const pool = (props: Record<string, unknown> = {}) =>
    r(POOL, "worker-pool", {
        name: "acme-prod-worker",
        location: "europe-west1",
        template: { serviceAccount: "acme-prod-worker-wrk@acme-web-prod.iam.gserviceaccount.com", containers: [{ image: IMAGE, envs: [] }] },
        ...props,
    });
const alertOn = (name: string, resourceType: string, cloudName: string, channels = CHANNELS) =>
    r(ALERT, name, {
        displayName: name,
        conditions: [{ displayName: "x", conditionThreshold: { filter: `resource.type = "${resourceType}" AND resource.labels.job_name = "${cloudName}"` } }],
        notificationChannels: channels,
    });

describe("jobs-and-workers-alerted", () => {
    it("passes a job and a worker pool each watched by an alert that notifies someone", async () => {
        const out = await validateStack("jobs-and-workers-alerted", [
            job(), pool(),
            alertOn("job-failed", "cloud_run_job", "acme-prod-migrate"),
            alertOn("worker-crashing", "cloud_run_worker_pool", "acme-prod-worker"),
        ]);
        expect(out.messages).toEqual([]);
    });

    it("fails a job and a worker pool nobody is alerted about, and an alert on another resource type", async () => {
        const j = job();
        const p = pool();
        // Mentions the pool's name but watches a service of the same name: it never sees the pool fail.
        const elsewhere = alertOn("service-errors", "cloud_run_revision", "acme-prod-worker");
        const out = await validateStack("jobs-and-workers-alerted", [j, p, elsewhere]);
        expect(out.messages).toEqual([
            'Cloud Run job "job-migrate-job" has no alert policy on cloud_run_job that notifies anyone, so a failed execution (a failed migration or nightly run) would go unnoticed.',
            'Cloud Run worker pool "worker-pool" has no alert policy on cloud_run_worker_pool that notifies anyone, so a crash loop (a queue nobody works off) would go unnoticed.',
        ]);
        expect(out.urns).toEqual([urn(j), urn(p)]);
    });

    it("is not applicable without jobs or worker pools", async () => {
        expect((await validateStack("jobs-and-workers-alerted", [alertOn("a", "cloud_run_job", "x")])).notApplicable).toBe("no Cloud Run job or worker pool in this stack; no AWS resources in this stack");
    });
});

describe("worker pools follow the workload rules", () => {
    it("passes a pinned worker image and fails an unpinned one", async () => {
        expect((await validateResource("images-pinned", POOL, pool().props, { name: "worker-pool" })).messages).toEqual([]);
        const latest = pool({ template: { serviceAccount: "w@acme-web-prod.iam.gserviceaccount.com", containers: [{ image: "europe-docker.pkg.dev/a/b/worker:latest" }] } });
        expect((await validateResource("images-pinned", POOL, latest.props, { name: "worker-pool" })).messages).toEqual([
            'Cloud Run worker pool "worker-pool" runs the unpinned image europe-docker.pkg.dev/a/b/worker:latest; deploy by digest or by an immutable version tag.',
        ]);
    });

    it("fails a secret in a worker's plain env", async () => {
        const leaky = pool({ template: { serviceAccount: "w@acme-web-prod.iam.gserviceaccount.com", containers: [{ image: IMAGE, envs: [{ name: "BROKER_PASSWORD", value: "hunter2" }] }] } });
        expect((await validateResource("secrets-not-in-plain-env", POOL, leaky.props, { name: "worker-pool" })).messages).toEqual([
            'Cloud Run worker pool "worker-pool" passes BROKER_PASSWORD as a plain environment variable although its name says it holds a secret; mount it from Secret Manager (valueSource.secretKeyRef) instead.',
        ]);
    });

    it("fails a worker pool on the default compute identity and a job sharing another workload's identity", async () => {
        const shared = "shared@acme-web-prod.iam.gserviceaccount.com";
        const p = pool({ template: { serviceAccount: "123-compute@developer.gserviceaccount.com", containers: [{ image: IMAGE }] } });
        const a = job("job-a", shared);
        const b = job("job-b", shared);
        const out = await validateStack("dedicated-service-identities", [p, a, b]);
        expect(out.messages).toEqual([
            'Cloud Run worker pool "worker-pool" runs as the default service account 123-compute@developer.gserviceaccount.com; give it a dedicated service account.',
            `Cloud Run job "job-a" shares its identity (${shared}) with Cloud Run job "job-b"; give each workload its own service account so one compromise does not grant the other's access.`,
            `Cloud Run job "job-b" shares its identity (${shared}) with Cloud Run job "job-a"; give each workload its own service account so one compromise does not grant the other's access.`,
        ]);
    });
});

describe("iam-no-broad-roles: signing as oneself only", () => {
    const account = "projects/acme-web-prod/serviceAccounts/acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com";
    const grant = (member: string) => ({ serviceAccountId: account, role: "roles/iam.serviceAccountTokenCreator", member });

    it("passes an identity allowed to create tokens for itself (signed URLs without a key file)", async () => {
        const out = await validateResource("iam-no-broad-roles", SA_MEMBER, grant("serviceAccount:acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com"), { name: "api-sign-self" });
        expect(out.messages).toEqual([]);
    });

    it("fails token creation granted to another identity or a person", async () => {
        for (const member of ["serviceAccount:acme-prod-worker-wrk@acme-web-prod.iam.gserviceaccount.com", "user:dev@example.com"]) {
            const out = await validateResource("iam-no-broad-roles", SA_MEMBER, grant(member), { name: "api-sign" });
            expect(out.messages).toEqual([
                `Service account IAM grant "api-sign" lets ${member} create tokens as acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com, i.e. act as it; grant roles/iam.serviceAccountTokenCreator to an account on itself only.`,
            ]);
        }
    });
});

describe("buckets-private-uniform: application buckets", () => {
    const uploads = (props: Record<string, unknown> = {}) =>
        r(BUCKET, "bucket-uploads-bucket", { name: "acme-web-prod-uploads", location: "europe-west1", uniformBucketLevelAccess: true, publicAccessPrevention: "enforced", ...props });

    it("passes a private uploads bucket granted to one identity", async () => {
        const b = uploads();
        const writer = r(BUCKET_MEMBER, "bucket-uploads-api-readwrite", { bucket: "acme-web-prod-uploads", role: "roles/storage.objectUser", member: "serviceAccount:acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com" }, [b]);
        expect((await validateStack("buckets-private-uniform", [b, writer])).messages).toEqual([]);
    });

    it("fails an uploads bucket made public: no CDN backend serves it, so the site exception does not apply", async () => {
        const b = uploads({ publicAccessPrevention: "inherited" });
        const everyone = r(BUCKET_MEMBER, "bucket-uploads-public", { bucket: "acme-web-prod-uploads", role: "roles/storage.objectViewer", member: "allUsers" }, [b]);
        expect((await validateStack("buckets-private-uniform", [b, everyone])).messages).toEqual([
            'Storage bucket "bucket-uploads-bucket" is not locked down: set publicAccessPrevention: "enforced" (only a CDN site origin may serve public objects).',
            'Bucket IAM grant "bucket-uploads-public" gives roles/storage.objectViewer to allUsers, making a bucket that no CDN backend serves public; keep it private.',
        ]);
    });
});
