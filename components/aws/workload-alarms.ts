import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, cloudWatchRetentionProblem, definedOnly } from "../core/internal";
import { jobFailedRunbook, workerCrashingRunbook, type Runbook } from "../core/runbooks";
import { checkRouting, routedAlarm } from "./alarm";
import type { AlarmRef, AlarmRunbook } from "./alarm-types";
import { eventMetrics } from "./event-metrics";

/** Arguments of {@link WorkloadAlarms}. */
export interface WorkloadAlarmsArgs {
    /**
     * Prefix of alarm, rule and log group names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the cluster, the rules, the log group and the alarms. Plain string: every resource names it.
     * @default none (required)
     */
    region: string;
    /**
     * Jobs to watch, short name (`migrate`) → task definition family. Each gets an alarm on a
     * task that failed to start or whose essential container exited with a non-zero code.
     * @default {}
     */
    jobs?: Record<string, pulumi.Input<string>>;
    /**
     * Worker services to watch, short name (`worker`) → ECS service name. Each gets an alarm
     * on a task that failed to start or whose essential container exited (any code: a worker
     * never ends on its own); tasks the scheduler stops (deployments, scale-in) do not count.
     * @default {}
     */
    workers?: Record<string, pulumi.Input<string>>;
    /**
     * SNS topic (in `region`) every alarm notifies when it fires and when it recovers.
     * @default none (required)
     */
    topicArn: pulumi.Input<string>;
    /**
     * Region of the environment's runbook dashboard, which alarm descriptions link to.
     * @default the `region`
     */
    runbookRegion?: string;
    /**
     * Customer-managed key of the log group that keeps the task-stop events.
     * @default none (required)
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Days that log group keeps the events (a CloudWatch Logs retention value).
     * @default none (required)
     */
    logRetentionDays: number;
}

/** Defaults of {@link WorkloadAlarmsArgs}. */
export const WORKLOAD_ALARMS_DEFAULTS = {
    jobs: {} as Record<string, pulumi.Input<string>>,
    workers: {} as Record<string, pulumi.Input<string>>,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateWorkloadAlarmsArgs(name: string, args: WorkloadAlarmsArgs): void {
    const check = new ArgsChecker(WorkloadAlarms.TYPE, name);
    const cfg = { ...WORKLOAD_ALARMS_DEFAULTS, ...definedOnly(args) };
    checkRouting(check, { namePrefix: args.namePrefix, region: args.region, runbookRegion: args.runbookRegion, topicArn: args.topicArn });
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    for (const key of [...Object.keys(cfg.jobs).map((k) => `jobs.${k}`), ...Object.keys(cfg.workers).map((k) => `workers.${k}`)]) {
        check.matches(key, key.slice(key.indexOf(".") + 1), /^[a-z][a-z0-9-]{0,29}$/, "a short name such as \"migrate\"");
    }
    check.check(Object.keys(cfg.jobs).length + Object.keys(cfg.workers).length > 0, "jobs", "at least one job or worker to watch", cfg.jobs);
    const retention = cloudWatchRetentionProblem(args.logRetentionDays);
    if (retention) check.fail("logRetentionDays", retention, args.logRetentionDays);
    check.throwIfAny();
}

/**
 * Alarms with runbooks for workloads that serve no requests, so no request alarm sees them
 * fail. ECS reports every stopped task to EventBridge ("ECS Task State Change"): one rule for
 * failed job runs (did not start, or an essential container exited non-zero) and one for
 * exiting workers send those events to a KMS-encrypted log group (allowed by a log resource
 * policy for exactly these rules), where a metric filter per workload counts them and an
 * alarm per workload fires on one or more within five minutes and recovers once none arrives.
 * The log group doubles as the record of every failed run and crash.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.WorkloadAlarms("workloads", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     jobs: { migrate: "acme-prod-migrate" },
 *     workers: { worker: "acme-prod-worker" },
 *     topicArn: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
 *     logsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     logRetentionDays: 365,
 * });
 * ```
 */
export class WorkloadAlarms extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:WorkloadAlarms";

    /** The alarms, by `job-<name>` and `worker-<name>`. */
    readonly alarms: Record<string, AlarmRef>;
    /** Each alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];
    /** Name of the log group keeping the failure events. */
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: WorkloadAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateWorkloadAlarmsArgs(name, args);
        super(WorkloadAlarms.TYPE, name, {}, opts);
        const cfg = { ...WORKLOAD_ALARMS_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const routing = { namePrefix: cfg.namePrefix, runbookRegion: cfg.runbookRegion ?? region, topicArn: cfg.topicArn };
        const jobs = Object.keys(cfg.jobs).sort();
        const workers = Object.keys(cfg.workers).sort();
        const groupOf = (kind: "job" | "worker", short: string) =>
            kind === "job" ? pulumi.interpolate`family:${cfg.jobs[short]}` : pulumi.interpolate`service:${cfg.workers[short]}`;

        const stopped = (kind: "job" | "worker", shorts: string[], failed: unknown[]) => ({
            key: `${kind}-failures`,
            description: kind === "job" ? "ECS job tasks that failed to start or exited non-zero" : "ECS worker tasks that failed to start or exited on their own",
            pattern: {
                source: ["aws.ecs"],
                "detail-type": ["ECS Task State Change"],
                detail: { lastStatus: ["STOPPED"], group: shorts.map((s) => groupOf(kind, s)), $or: failed },
            },
        });
        const { logGroup, namespace } = eventMetrics(this, name, {
            namePrefix: cfg.namePrefix,
            region,
            purpose: "task-failures",
            kmsKeyArn: cfg.logsKmsKeyArn,
            retentionDays: cfg.logRetentionDays,
            rules: [
                ...(jobs.length ? [stopped("job", jobs, [
                    { stopCode: ["TaskFailedToStart"] },
                    { stopCode: ["EssentialContainerExited"], containers: { exitCode: [{ "anything-but": 0 }] } },
                ])] : []),
                // Tasks the scheduler stops (deployments, scale-in) have stopCode ServiceSchedulerInitiated.
                ...(workers.length ? [stopped("worker", workers, [{ stopCode: ["TaskFailedToStart", "EssentialContainerExited"] }])] : []),
            ],
            counters: [
                ...jobs.map((s) => ({ metricName: `job-${s}-failed`, filterPattern: pulumi.interpolate`{ $.detail.group = "${groupOf("job", s)}" }` })),
                ...workers.map((s) => ({ metricName: `worker-${s}-exited`, filterPattern: pulumi.interpolate`{ $.detail.group = "${groupOf("worker", s)}" }` })),
            ],
        });
        this.logGroupName = logGroup.name;

        this.alarms = {};
        this.runbooks = [];
        const watch = (kind: "job" | "worker", short: string, runbook: Runbook) => {
            const { alarm, entry } = routedAlarm(this, routing, {
                logicalName: `${name}-${kind}-${short}`,
                nameSuffix: kind === "job" ? `${short}-job-failed` : `${short}-worker-exiting`,
                region,
                runbook,
                metric: {
                    namespace,
                    metricName: kind === "job" ? `job-${short}-failed` : `worker-${short}-exited`,
                    period: 300,
                    statistic: "Sum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                    evaluationPeriods: 1,
                    // Nothing logged means nothing failed.
                    treatMissingData: "notBreaching",
                },
            });
            this.alarms[`${kind}-${short}`] = alarm;
            this.runbooks.push(entry);
        };
        const failures = pulumi.interpolate`CloudWatch Logs Insights on \`${logGroup.name}\``;
        for (const short of jobs) {
            const family = cfg.jobs[short];
            watch("job", short, jobFailedRunbook({
                failure: pulumi.interpolate`A run of ECS job \`${family}\` (${region}) failed: its task did not start or its container exited with a non-zero code.`,
                executionsStep: pulumi.interpolate`Find the run in ${failures}: \`fields detail.stoppedReason, detail.containers.0.exitCode, detail.containers.0.reason | filter detail.group = "family:${family}"\`.`,
                logsStep: pulumi.interpolate`Read the task's own logs: \`/prodstack/${cfg.namePrefix}/${short}\` (its stream is named after the task ID).`,
                rerunStep: "Fix the cause, then re-run it: redeploy (run-on-deploy jobs), or `aws ecs run-task` with the job's task definition and network settings.",
            }));
        }
        for (const short of workers) {
            const service = cfg.workers[short];
            watch("worker", short, workerCrashingRunbook({
                subject: pulumi.interpolate`ECS worker service \`${service}\` (${region})`,
                restarter: "ECS",
                logsStep: pulumi.interpolate`Read the stop reasons in ${failures} (\`filter detail.group = "service:${service}"\`) and the lines before each exit in \`/prodstack/${cfg.namePrefix}/${short}\`.`,
            }));
        }
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn), logGroupName: this.logGroupName });
    }
}
