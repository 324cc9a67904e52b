import * as pulumi from "@pulumi/pulumi";
import { WorkloadAlerts, WORKLOAD_ALERTS_DEFAULTS, validateWorkloadAlertsArgs, type WorkloadAlertsArgs } from "../../../components/gcp/workload-alerts";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-web-prod/notificationChannels/1"];
const ARGS: WorkloadAlertsArgs = {
    namePrefix: "acme-prod",
    region: "europe-west1",
    jobs: { migrate: "acme-prod-migrate" },
    workerPools: { worker: "acme-prod-worker" },
    notificationChannels: CHANNELS,
};
const basics = (displayName: string) => ({
    displayName,
    combiner: "OR",
    severity: "ERROR",
    notificationChannels: CHANNELS,
    userLabels: { managed_by: "prodstack", concern: "workload" },
});

describe("gcp WorkloadAlerts", () => {
    it("alerts on each job's failed executions and each worker pool's exiting containers, in name order, with runbooks", async () => {
        let alerts!: WorkloadAlerts;
        const inv = await plan(() => {
            alerts = new WorkloadAlerts("alerts-workloads", {
                ...ARGS, jobs: { seed: "acme-prod-seed", migrate: "acme-prod-migrate" }, workerPools: { worker: "acme-prod-worker", beat: "acme-prod-beat" },
            });
        });
        expect(Object.keys(alerts.policies)).toEqual(["job-migrate", "job-seed", "worker-beat", "worker-worker"]);
        const component = inv.one(WorkloadAlerts.TYPE);
        expect(inv.childrenOf(component.urn).map((p) => p.name).sort()).toEqual([
            "alerts-workloads-job-migrate-failed", "alerts-workloads-job-seed-failed", "alerts-workloads-worker-beat-crashing",
            "alerts-workloads-worker-worker-crashing",
        ]);

        const { documentation: jobDoc, ...failed } = inv.named("alerts-workloads-job-migrate-failed", POLICY).inputs as Record<string, any>;
        expect(failed).toEqual({
            ...basics("acme-prod migrate: job execution failed"),
            conditions: [{
                displayName: "failed executions > 0",
                conditionThreshold: {
                    filter: 'resource.type = "cloud_run_job" AND resource.labels.job_name = "acme-prod-migrate" AND resource.labels.location = "europe-west1" AND metric.type = "run.googleapis.com/job/completed_execution_count" AND metric.labels.result = "failed"',
                    aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.job_name"] }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0,
                    duration: "0s",
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: "1800s" },
        });
        expect(jobDoc).toMatchObject({ mimeType: "text/markdown", subject: "[ERROR] acme-prod migrate: job execution failed" });
        expect(jobDoc.content.split("\n")).toEqual([
            "### What fired",
            "An execution of Cloud Run job `acme-prod-migrate` (europe-west1) failed: a task exhausted its retries or timed out. If it ran on deploy, that deploy failed and the services waiting for it kept their previous revision.",
            "",
            "### Likely causes",
            "- The command itself failed: a migration that conflicts with the schema, bad input data, a bug in a new image.",
            "- A dependency was unreachable: the database or cache was down, or refused the connection.",
            "- The task ran out of memory or exceeded its timeout (timeoutSeconds in the spec).",
            "- A secret it reads has no version yet, so the task could not start.",
            "",
            "### First steps",
            "1. Open the executions (https://console.cloud.google.com/run/jobs/details/europe-west1/acme-prod-migrate/executions) and read the failed task's logs.",
            '2. Or in Logs Explorer: `resource.type="cloud_run_job" resource.labels.job_name="acme-prod-migrate" severity>=ERROR`.',
            "3. Fix the cause, then re-run it: redeploy (run-on-deploy jobs) or `gcloud run jobs execute` with `--wait`.",
            "4. For a failed migration, check the schema state before re-running: a partial migration may need a manual rollback.",
        ]);

        const { documentation: crashDoc, ...crash } = inv.named("alerts-workloads-worker-worker-crashing", POLICY).inputs as Record<string, any>;
        expect(crash).toEqual({
            ...basics("acme-prod worker: worker containers exiting"),
            conditions: [{
                displayName: "container exited",
                conditionMatchedLog: {
                    filter: 'resource.type = "cloud_run_worker_pool" AND resource.labels.worker_pool_name = "acme-prod-worker" AND resource.labels.location = "europe-west1" ' +
                        'AND log_id("run.googleapis.com/varlog/system") AND (textPayload:"Container called exit" OR textPayload:"Container terminated" OR textPayload:"Memory limit")',
                },
            }],
            // Log-based conditions require a notification rate limit.
            alertStrategy: { notificationRateLimit: { period: "1800s" }, autoClose: "86400s" },
        });
        expect(crashDoc).toMatchObject({ mimeType: "text/markdown", subject: "[ERROR] acme-prod worker: worker containers exiting" });
        expect(crashDoc.content.split("\n")).toEqual([
            "### What fired",
            "Containers of Cloud Run worker pool `acme-prod-worker` (europe-west1) exited or were killed. Cloud Run restarts them, so repeated exits are a crash loop: the queue they consume is not being worked off.",
            "",
            "### Likely causes",
            "- A bad release: the new image fails on start (missing setting, import error).",
            "- The broker, database or cache is unreachable and the worker exits instead of retrying.",
            "- The container exceeds its memory limit (memoryMiB in the spec).",
            "- A secret it reads has no version yet.",
            "",
            "### First steps",
            '1. Read the exits and the lines before them in Logs Explorer: `resource.type="cloud_run_worker_pool" resource.labels.worker_pool_name="acme-prod-worker"`.',
            "2. If it started with a new image, redeploy the previous image tag.",
            "3. Check the database and cache alerts for a concurrent incident, and the queue's backlog.",
        ]);
    });

    it("watches only what it is given: no jobs, or no worker pools, by default", async () => {
        const inv = await plan(() => {
            new WorkloadAlerts("workers", { ...ARGS, jobs: undefined });
            new WorkloadAlerts("jobs", { ...ARGS, workerPools: undefined });
        });
        expect(inv.ofType(POLICY).map((p) => p.name).sort()).toEqual(["jobs-job-migrate-failed", "workers-worker-worker-crashing"]);
    });

    it("refuses nothing to watch and no channel", async () => {
        const { error, inv } = await rejectedArgs(() => new WorkloadAlerts("a", { ...ARGS, jobs: {}, workerPools: {}, notificationChannels: [] }));
        expect(error.problems).toEqual([
            "jobs: expected at least one job or worker pool to watch, got {}",
            "notificationChannels: expected at least one notification channel, got []",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp WorkloadAlerts args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(WORKLOAD_ALERTS_DEFAULTS).toEqual({ jobs: {}, workerPools: {} });
    });

    const problems = (args: Partial<WorkloadAlertsArgs>) => argProblems(() => validateWorkloadAlertsArgs("a", { ...ARGS, ...args }));
    const region = (r: string) => `region: expected a GCP region such as "europe-west1", got "${r}"`;
    const short = (key: string, s: string) => `${key}: expected a short name such as "migrate", got "${s}"`;

    it.each<[Partial<WorkloadAlertsArgs>]>([
        [{ region: "us-central1" }], [{ region: "europe-west12" }], [{ region: "northamerica-northeast2" }], [{ region: pulumi.output("Not-Known-Yet") }],
        [{ jobs: {}, workerPools: { w: "p" } }], [{ jobs: { m: "j" }, workerPools: undefined }],
        [{ jobs: { [`m${"1".repeat(29)}`]: "j" } }], [{ workerPools: { "worker-2": "p" } }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<WorkloadAlertsArgs>, string]>([
        [{ region: "EU" }, region("EU")],
        [{ region: "europe-west" }, region("europe-west")],
        [{ region: "1europe-west1" }, region("1europe-west1")],
        [{ region: "europe-west1a" }, region("europe-west1a")],
        [{ jobs: { Migrate: "j" } }, short("jobs.Migrate", "Migrate")],
        [{ jobs: { [`m${"1".repeat(30)}`]: "j" } }, short(`jobs.m${"1".repeat(30)}`, `m${"1".repeat(30)}`)],
        [{ jobs: { "1m": "j" } }, short("jobs.1m", "1m")],
        [{ jobs: { " m": "j" } }, short("jobs. m", " m")],
        [{ workerPools: { "worker pool": "p" } }, short("workerPools.worker pool", "worker pool")],
        [{ namePrefix: "" }, 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got ""'],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });
});
