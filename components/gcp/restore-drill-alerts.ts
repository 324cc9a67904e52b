/**
 * The restore drill's log-based metrics and alert policies (internal to `RestoreDrill`):
 * results counted by `result`, restore durations as a distribution, and four alerts with
 * runbooks: a failed drill, no successful drill within two schedule periods, a stale backup,
 * a leftover copy.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import {
    backupFreshnessRunbook, cronPeriodSeconds, durationText, RESTORE_DRILL_KIND, restoreDrillFailedRunbook,
    restoreDrillStaleRunbook, SCRATCH_MAX_AGE_SECONDS, scratchLeftoverRunbook,
} from "../core/restore-drill";
import { AUTO_CLOSE, policyBasics, seconds, type AlertSeverity, type Runbook } from "./alerts";

/** Resource type of the entries `sys.log` writes from a workflow. */
const WORKFLOW_RESOURCE = "workflows.googleapis.com/Workflow";

/** Log-based metric names allow `[A-Za-z0-9_]`-only names to keep their PromQL form readable. */
export function drillMetricName(namePrefix: string, what: "runs" | "duration"): string {
    return `prodstack_${namePrefix.replace(/-/g, "_")}_restore_drill_${what}`;
}

/** A log-based user metric's name in PromQL: `logging.googleapis.com/user/x` → `logging_googleapis_com:user_x`. */
export function promqlMetric(metricName: string): string {
    return `logging_googleapis_com:user_${metricName}`;
}

/** The two log-based metrics over the drill's result records. */
export function restoreDrillMetrics(parent: pulumi.Resource, name: string, p: {
    project: pulumi.Output<string>;
    namePrefix: string;
    workflowName: pulumi.Output<string>;
}): { runs: gcp.logging.Metric; duration: gcp.logging.Metric } {
    const filter = pulumi.interpolate`resource.type="${WORKFLOW_RESOURCE}" AND resource.labels.workflow_id="${p.workflowName}" AND jsonPayload.drill="${RESTORE_DRILL_KIND}"`;
    const resultLabel = { key: "result", valueType: "STRING", description: "succeeded or failed" };
    const labelExtractors = { result: "EXTRACT(jsonPayload.result)", step: "EXTRACT(jsonPayload.step)" };
    const stepLabel = { key: "step", valueType: "STRING", description: "the failing step, or done" };
    const runs = new gcp.logging.Metric(`${name}-runs`, {
        project: p.project,
        name: drillMetricName(p.namePrefix, "runs"),
        description: `Restore drills of ${p.namePrefix} by result (managed by prodstack)`,
        filter,
        metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", displayName: `${p.namePrefix} restore drills`, labels: [resultLabel, stepLabel] },
        labelExtractors,
    }, { parent });
    const duration = new gcp.logging.Metric(`${name}-duration`, {
        project: p.project,
        name: drillMetricName(p.namePrefix, "duration"),
        description: `Restore duration of ${p.namePrefix}'s drills: restore start to verified copy, in seconds (managed by prodstack)`,
        filter,
        metricDescriptor: { metricKind: "DELTA", valueType: "DISTRIBUTION", unit: "s", displayName: `${p.namePrefix} restore duration`, labels: [resultLabel, stepLabel] },
        labelExtractors,
        valueExtractor: "EXTRACT(jsonPayload.durationSeconds)",
        // 1 min to ~4 h in 16 doubling buckets.
        bucketOptions: { exponentialBuckets: { numFiniteBuckets: 16, growthFactor: 1.5, scale: 60 } },
    }, { parent });
    return { runs, duration };
}

/** The drill's alert policies, by key. */
export interface RestoreDrillPolicies {
    /**
     * A drill logged `result: failed`.
     * @default none (computed)
     */
    failed: gcp.monitoring.AlertPolicy;
    /**
     * No drill succeeded within two schedule periods while drills ran.
     * @default none (computed)
     */
    stale: gcp.monitoring.AlertPolicy;
    /**
     * The newest successful automated backup is older than 28 h.
     * @default none (computed)
     */
    backupFreshness: gcp.monitoring.AlertPolicy;
    /**
     * A scratch copy outlived a day.
     * @default none (computed)
     */
    leftover: gcp.monitoring.AlertPolicy;
}

/** The drill's four alerts, each with its runbook. */
export function restoreDrillAlerts(parent: pulumi.Resource, name: string, p: {
    project: pulumi.Output<string>;
    region: pulumi.Input<string>;
    namePrefix: string;
    instanceName: pulumi.Output<string>;
    workflowName: pulumi.Output<string>;
    watchName: pulumi.Output<string>;
    runsMetric: gcp.logging.Metric;
    schedule: string;
    notificationChannels: pulumi.Input<string>[];
}): RestoreDrillPolicies {
    const label = `${p.namePrefix} restore drill`;
    const subject = pulumi.interpolate`Cloud SQL instance \`${p.instanceName}\``;
    const workflowPage = (workflow: pulumi.Output<string>) =>
        pulumi.interpolate`https://console.cloud.google.com/workflows/workflow/${p.region}/${workflow}/executions?project=${p.project}`;
    const rerun = pulumi.interpolate`Run the drill now: \`gcloud workflows run ${p.workflowName} --location=${p.region} --project=${p.project}\`.`;
    const scratchPrefix = `${p.namePrefix}-drill-`;
    const listCopies = pulumi.interpolate`List the copies: \`gcloud sql instances list --project=${p.project} --filter="name~^${scratchPrefix}"\`.`;
    const policy = (key: string, displayName: string, severity: AlertSeverity, runbook: Runbook,
        condition: gcp.types.input.monitoring.AlertPolicyCondition, alertStrategy: gcp.types.input.monitoring.AlertPolicyAlertStrategy) =>
        new gcp.monitoring.AlertPolicy(`${name}-${key}`, {
            project: p.project,
            ...policyBasics({ displayName, severity, runbook, notificationChannels: p.notificationChannels, concern: "database" }),
            conditions: [condition],
            alertStrategy,
        }, { parent });
    // Log-based conditions require a notification rate limit.
    const logStrategy = { notificationRateLimit: { period: "3600s" }, autoClose: "86400s" };
    const drillLog = pulumi.interpolate`resource.type="${WORKFLOW_RESOURCE}" AND resource.labels.workflow_id="${p.workflowName}"`;
    const watchLog = pulumi.interpolate`resource.type="${WORKFLOW_RESOURCE}" AND resource.labels.workflow_id="${p.watchName}"`;

    const failed = policy("failed", `${label}: drill failed`, "ERROR", restoreDrillFailedRunbook({
        subject,
        runStep: pulumi.interpolate`Open the failed execution (${workflowPage(p.workflowName)}): the log record's \`step\` and \`error\` say where it stopped.`,
        rerunStep: rerun,
        leftoverStep: pulumi.interpolate`${listCopies} The drill deletes its copy after a failure; a copy still listed is deleted by the watch after a day.`,
    }), {
        displayName: "restore drill result: failed",
        conditionMatchedLog: {
            filter: pulumi.interpolate`${drillLog} AND jsonPayload.drill="${RESTORE_DRILL_KIND}" AND jsonPayload.result="failed"`,
            labelExtractors: { step: "EXTRACT(jsonPayload.step)" },
        },
    }, logStrategy);

    // Two periods without a success, while drills ran within four: quiet in a new environment
    // (until its first drill) and in one whose drill was removed.
    const period = cronPeriodSeconds(p.schedule);
    const runs = pulumi.interpolate`${promqlMetric(drillMetricName(p.namePrefix, "runs"))}{monitored_resource="${WORKFLOW_RESOURCE}",workflow_id="${p.workflowName}"`;
    const stale = policy("stale", `${label}: no successful drill within ${durationText((2 * period) / 60)}`, "ERROR", restoreDrillStaleRunbook({
        subject,
        window: durationText((2 * period) / 60),
        scheduleStep: pulumi.interpolate`Check the Cloud Scheduler job \`${p.namePrefix}-restore-drill-run\` (https://console.cloud.google.com/cloudscheduler?project=${p.project}): enabled, and its last attempts succeeded.`,
        rerunStep: rerun,
    }), {
        displayName: `no succeeded drill in ${seconds(2 * period)}`,
        conditionPrometheusQueryLanguage: {
            query: pulumi.interpolate`(sum(increase(${runs},result="succeeded"}[${seconds(2 * period)}])) or vector(0)) < 1 and on() (sum(increase(${runs}}[${seconds(4 * period)}])) > 0)`,
            duration: "0s",
            evaluationInterval: "300s",
            // The metric exists only once the first drill logged its result.
            disableMetricValidation: true,
        },
    }, { autoClose: AUTO_CLOSE });

    const backupMaxAgeHours = 28;
    const backupFreshness = policy("backup-freshness", `${label}: newest backup older than ${backupMaxAgeHours} h`, "ERROR", backupFreshnessRunbook({
        subject,
        maxAge: `${backupMaxAgeHours} h`,
        backupsStep: pulumi.interpolate`List the backups: \`gcloud sql backups list --instance=${p.instanceName} --project=${p.project}\` (the watch's record says the newest one's age).`,
        backupNowStep: pulumi.interpolate`Take an on-demand backup now: \`gcloud sql backups create --instance=${p.instanceName} --project=${p.project}\`.`,
    }), {
        displayName: `newest automated backup older than ${backupMaxAgeHours} h`,
        conditionMatchedLog: { filter: pulumi.interpolate`${watchLog} AND jsonPayload.drill="backup-freshness" AND jsonPayload.fresh=false` },
    }, logStrategy);

    const leftover = policy("leftover", `${label}: scratch copy older than a day`, "WARNING", scratchLeftoverRunbook({
        subject: pulumi.interpolate`A restore-drill copy of ${subject} (an instance named \`${scratchPrefix}…\`, labelled prodstack-restore-drill=true)`,
        listStep: listCopies,
        deleteStep: pulumi.interpolate`Delete it: \`gcloud sql instances patch NAME --no-deletion-protection --project=${p.project}\`, then \`gcloud sql instances delete NAME --project=${p.project}\` (the watch, ${p.watchName}, retries every six hours).`,
    }), {
        displayName: `a ${scratchPrefix}* instance up for ${SCRATCH_MAX_AGE_SECONDS / 3600} h`,
        conditionThreshold: {
            filter: pulumi.interpolate`resource.type = "cloudsql_database" AND resource.labels.database_id = starts_with("${p.project}:${scratchPrefix}") AND metric.type = "cloudsql.googleapis.com/database/up"`,
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MAX" }],
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
            duration: seconds(SCRATCH_MAX_AGE_SECONDS),
            trigger: { count: 1 },
        },
    }, { autoClose: AUTO_CLOSE });

    return { failed, stale, backupFreshness, leftover };
}
