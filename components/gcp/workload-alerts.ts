import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, slug } from "../core/internal";
import { jobFailedRunbook, workerCrashingRunbook } from "../core/runbooks";
import { AUTO_CLOSE, checkChannels, checkNamePrefix, policyBasics } from "./alerts";

/** Arguments of {@link WorkloadAlerts}. */
export interface WorkloadAlertsArgs {
    /**
     * Prefix of the policies' display names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region the jobs and worker pools run in, e.g. `europe-west1`. An output is checked by the cloud.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Cloud Run jobs to watch, short name (`migrate`) → job name (e.g. `CloudRunJob.jobName`).
     * Each gets an alert on a failed execution.
     * @default {}
     */
    jobs?: Record<string, pulumi.Input<string>>;
    /**
     * Worker pools to watch, short name (`worker`) → worker pool name (e.g.
     * `CloudRunWorkerPool.workerPoolName`). Each gets an alert when its containers keep exiting.
     * @default {}
     */
    workerPools?: Record<string, pulumi.Input<string>>;
    /**
     * Notification channel IDs every policy notifies.
     * @default none (required, at least one)
     */
    notificationChannels: pulumi.Input<string>[];
}

/** Defaults of {@link WorkloadAlertsArgs}. */
export const WORKLOAD_ALERTS_DEFAULTS = {
    jobs: {} as Record<string, pulumi.Input<string>>,
    workerPools: {} as Record<string, pulumi.Input<string>>,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateWorkloadAlertsArgs(name: string, args: WorkloadAlertsArgs): void {
    const check = new ArgsChecker(WorkloadAlerts.TYPE, name);
    const cfg = { ...WORKLOAD_ALERTS_DEFAULTS, ...definedOnly(args) };
    checkNamePrefix(check, args.namePrefix);
    check.matchesIfKnown("region", args.region, /^[a-z]+-[a-z]+\d+$/, "a GCP region such as \"europe-west1\"");
    for (const key of [...Object.keys(cfg.jobs).map((k) => `jobs.${k}`), ...Object.keys(cfg.workerPools).map((k) => `workerPools.${k}`)]) {
        check.matches(key, key.slice(key.indexOf(".") + 1), /^[a-z][a-z0-9-]{0,29}$/, "a short name such as \"migrate\"");
    }
    check.check(Object.keys(cfg.jobs).length + Object.keys(cfg.workerPools).length > 0, "jobs", "at least one job or worker pool to watch", cfg.jobs);
    checkChannels(check, args.notificationChannels);
    check.throwIfAny();
}

/**
 * Alert policies with runbooks for workloads that serve no requests, so the request-based
 * service alerts never see them fail:
 * - a Cloud Run job execution that failed (`run.googleapis.com/job/completed_execution_count`
 *   with `result = failed`): a failed migration, import or report;
 * - a worker pool whose containers exit (crash loop), from Cloud Run's system log, at most
 *   one notification per 30 minutes.
 *
 * @example
 * ```typescript
 * import { WorkloadAlerts } from "prodstack/gcp";
 *
 * new WorkloadAlerts("workload-alerts", {
 *     namePrefix: "acme-prod",
 *     region: "europe-west1",
 *     jobs: { migrate: "acme-prod-migrate" },
 *     workerPools: { worker: "acme-prod-worker" },
 *     notificationChannels: ["projects/acme-web-prod/notificationChannels/123"],
 * });
 * ```
 */
export class WorkloadAlerts extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:WorkloadAlerts";

    /** The policies, by `job-<name>` and `worker-<name>`. */
    readonly policies: Record<string, gcp.monitoring.AlertPolicy>;

    constructor(name: string, args: WorkloadAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateWorkloadAlertsArgs(name, args);
        super(WorkloadAlerts.TYPE, name, {}, opts);
        const cfg = { ...WORKLOAD_ALERTS_DEFAULTS, ...definedOnly(args) };
        const common = (displayName: string, severity: "ERROR" | "WARNING", runbook: Parameters<typeof policyBasics>[0]["runbook"]) =>
            policyBasics({ displayName, severity, runbook, notificationChannels: cfg.notificationChannels, concern: "workload" });
        this.policies = {};

        for (const short of Object.keys(cfg.jobs).sort()) {
            const job = cfg.jobs[short];
            const executions = pulumi.interpolate`https://console.cloud.google.com/run/jobs/details/${cfg.region}/${job}/executions`;
            this.policies[`job-${short}`] = new gcp.monitoring.AlertPolicy(`${name}-job-${slug(short)}-failed`, {
                ...common(`${cfg.namePrefix} ${short}: job execution failed`, "ERROR", jobFailedRunbook({
                    failure: pulumi.interpolate`An execution of Cloud Run job \`${job}\` (${cfg.region}) failed: a task exhausted its retries or timed out.`,
                    executionsStep: pulumi.interpolate`Open the executions (${executions}) and read the failed task's logs.`,
                    logsStep: pulumi.interpolate`Or in Logs Explorer: \`resource.type="cloud_run_job" resource.labels.job_name="${job}" severity>=ERROR\`.`,
                    rerunStep: "Fix the cause, then re-run it: redeploy (run-on-deploy jobs) or `gcloud run jobs execute` with `--wait`.",
                })),
                conditions: [{
                    displayName: "failed executions > 0",
                    conditionThreshold: {
                        filter: pulumi.interpolate`resource.type = "cloud_run_job" AND resource.labels.job_name = "${job}" AND resource.labels.location = "${cfg.region}" AND metric.type = "run.googleapis.com/job/completed_execution_count" AND metric.labels.result = "failed"`,
                        aggregations: [{
                            alignmentPeriod: "60s",
                            perSeriesAligner: "ALIGN_DELTA",
                            crossSeriesReducer: "REDUCE_SUM",
                            groupByFields: ["resource.label.job_name"],
                        }],
                        comparison: "COMPARISON_GT",
                        thresholdValue: 0,
                        duration: "0s",
                        trigger: { count: 1 },
                    },
                }],
                alertStrategy: { autoClose: AUTO_CLOSE },
            }, { parent: this });
        }

        for (const short of Object.keys(cfg.workerPools).sort()) {
            const pool = cfg.workerPools[short];
            this.policies[`worker-${short}`] = new gcp.monitoring.AlertPolicy(`${name}-worker-${slug(short)}-crashing`, {
                ...common(`${cfg.namePrefix} ${short}: worker containers exiting`, "ERROR", workerCrashingRunbook({
                    subject: pulumi.interpolate`Cloud Run worker pool \`${pool}\` (${cfg.region})`,
                    restarter: "Cloud Run",
                    logsStep: pulumi.interpolate`Read the exits and the lines before them in Logs Explorer: \`resource.type="cloud_run_worker_pool" resource.labels.worker_pool_name="${pool}"\`.`,
                })),
                conditions: [{
                    displayName: "container exited",
                    conditionMatchedLog: {
                        filter: pulumi.interpolate`resource.type = "cloud_run_worker_pool" AND resource.labels.worker_pool_name = "${pool}" AND resource.labels.location = "${cfg.region}" AND log_id("run.googleapis.com/varlog/system") AND (textPayload:"Container called exit" OR textPayload:"Container terminated" OR textPayload:"Memory limit")`,
                    },
                }],
                // Log-based conditions require a notification rate limit.
                alertStrategy: { notificationRateLimit: { period: "1800s" }, autoClose: "86400s" },
            }, { parent: this });
        }
        this.registerOutputs({ policyIds: Object.values(this.policies).map((p) => p.name) });
    }
}
