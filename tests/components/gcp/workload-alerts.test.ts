import { WorkloadAlerts, type WorkloadAlertsArgs } from "../../../components/gcp/workload-alerts";
import { plan, rejectedArgs } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const ARGS: WorkloadAlertsArgs = {
    namePrefix: "acme-prod",
    region: "europe-west1",
    jobs: { migrate: "acme-prod-migrate" },
    workerPools: { worker: "acme-prod-worker" },
    notificationChannels: ["projects/acme-web-prod/notificationChannels/1"],
};

describe("gcp WorkloadAlerts", () => {
    it("alerts on a failed job execution, with a runbook, notifying every channel", async () => {
        const inv = await plan(() => {
            new WorkloadAlerts("alerts-workloads", ARGS);
        });
        expect(inv.ofType(POLICY)).toHaveLength(2);
        const failed = inv.named("alerts-workloads-job-migrate-failed").inputs as Record<string, any>;
        expect(failed).toMatchObject({
            displayName: "acme-prod migrate: job execution failed",
            severity: "ERROR",
            notificationChannels: ["projects/acme-web-prod/notificationChannels/1"],
            conditions: [{
                displayName: "failed executions > 0",
                conditionThreshold: {
                    filter: 'resource.type = "cloud_run_job" AND resource.labels.job_name = "acme-prod-migrate" AND resource.labels.location = "europe-west1" AND metric.type = "run.googleapis.com/job/completed_execution_count" AND metric.labels.result = "failed"',
                    aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.job_name"] }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0,
                    duration: "0s",
                },
            }],
        });
        expect(failed.documentation.content).toContain("### First steps");
        expect(failed.documentation.content).toContain("https://console.cloud.google.com/run/jobs/details/europe-west1/acme-prod-migrate/executions");
    });

    it("alerts on a worker pool's exiting containers from its system log, rate-limited", async () => {
        const inv = await plan(() => {
            new WorkloadAlerts("alerts-workloads", { ...ARGS, jobs: {} });
        });
        const crash = inv.one(POLICY).inputs as Record<string, any>;
        expect(crash.displayName).toBe("acme-prod worker: worker containers exiting");
        expect(crash.conditions[0].conditionMatchedLog.filter).toBe(
            'resource.type = "cloud_run_worker_pool" AND resource.labels.worker_pool_name = "acme-prod-worker" AND resource.labels.location = "europe-west1" ' +
                'AND log_id("run.googleapis.com/varlog/system") AND (textPayload:"Container called exit" OR textPayload:"Container terminated" OR textPayload:"Memory limit")',
        );
        expect(crash.alertStrategy).toEqual({ notificationRateLimit: { period: "1800s" }, autoClose: "86400s" });
        expect(crash.documentation.content).toContain("### Likely causes");
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
