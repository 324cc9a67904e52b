import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, instanceAlertCount } from "../core/internal";
import {
    minutesOf, serviceErrorsRunbook, serviceInstancesRunbook, serviceLatencyRunbook, serviceResourceRunbook, serviceTasksRunbook, type Runbook,
} from "../core/runbooks";
import { checkAlarmDuration, checkRouting, minutePeriods, routedAlarm } from "./alarm";
import type { AlarmRef, AlarmRunbook } from "./alarm-types";

/** The load balancer side of a web service, for its request alarms ({@link ServiceAlarmsArgs.loadBalancer}). */
export interface ServiceLoadBalancerRef {
    /**
     * `arnSuffix` of the Application Load Balancer (`app/<name>/<id>`), its metrics' `LoadBalancer` dimension.
     * @default none (required)
     */
    loadBalancerArnSuffix: pulumi.Input<string>;
    /**
     * `arnSuffix` of the service's target group (`targetgroup/<name>/<id>`), the `TargetGroup` dimension.
     * @default none (required)
     */
    targetGroupArnSuffix: pulumi.Input<string>;
}

/** Arguments of {@link ServiceAlarms}. */
export interface ServiceAlarmsArgs {
    /**
     * Prefix of alarm names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Name of the service in the spec, e.g. `api`. Plain string: alarm names derive from it.
     * @default none (required)
     */
    service: string;
    /**
     * Region of the service and its alarms. Plain string: every alarm names it.
     * @default none (required)
     */
    region: string;
    /**
     * ECS cluster name, the `ClusterName` dimension.
     * @default none (required)
     */
    clusterName: pulumi.Input<string>;
    /**
     * ECS service name, the `ServiceName` dimension.
     * @default none (required)
     */
    serviceName: pulumi.Input<string>;
    /**
     * `worker` services serve no requests: no request alarms, and their task count is fixed.
     * @default "web"
     */
    kind?: "web" | "worker";
    /**
     * The service's load balancer and target group: 5xx ratio and p95 latency alarms. Without
     * it (a private service, or one whose load balancer is not wired yet) there are none.
     * @default none (no request alarms)
     */
    loadBalancer?: ServiceLoadBalancerRef;
    /**
     * Most tasks the service scales to; the task-count alarm fires near it.
     * @default none (required)
     */
    maxInstances: number;
    /**
     * Fewest tasks; the task-count alarm fires only above it (quiet in steady state).
     * @default 1
     */
    minInstances?: number;
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
     * Share of requests answered with a 5xx by the targets, in percent, above which the error alarm fires.
     * @default 5
     */
    errorRatePercent?: number;
    /**
     * p95 target response time in milliseconds above which the latency alarm fires.
     * @default 1500
     */
    latencyP95Ms?: number;
    /**
     * Running tasks as a percentage of `maxInstances` at or above which the task-count alarm fires.
     * @default 80
     */
    instancesPercentOfMax?: number;
    /**
     * Average CPU of the service's tasks, in percent, above which the CPU alarm fires.
     * @default 90
     */
    cpuPercent?: number;
    /**
     * Average memory of the service's tasks, in percent, above which the memory alarm fires.
     * @default 90
     */
    memoryPercent?: number;
    /**
     * How long a condition must hold before the alarm fires, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link ServiceAlarmsArgs}. */
export const SERVICE_ALARMS_DEFAULTS = {
    kind: "web" as "web" | "worker",
    minInstances: 1,
    errorRatePercent: 5,
    latencyP95Ms: 1500,
    instancesPercentOfMax: 80,
    cpuPercent: 90,
    memoryPercent: 90,
    durationSeconds: 300,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateServiceAlarmsArgs(name: string, args: ServiceAlarmsArgs): void {
    const check = new ArgsChecker(ServiceAlarms.TYPE, name);
    checkRouting(check, { namePrefix: args.namePrefix, region: args.region, runbookRegion: args.runbookRegion, topicArn: args.topicArn });
    check.matches("service", args.service, /^[a-z][a-z0-9-]{0,29}$/, "a service name such as \"api\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    if (args.kind !== undefined) check.oneOf("kind", args.kind, ["web", "worker"] as const);
    check.intInRange("maxInstances", args.maxInstances, 1, 1000);
    if (args.minInstances !== undefined) check.intInRange("minInstances", args.minInstances, 0, Number.isInteger(args.maxInstances) && args.maxInstances >= 1 ? args.maxInstances : 1000);
    check.numberInRange("errorRatePercent", args.errorRatePercent, 0.1, 100);
    check.intInRange("latencyP95Ms", args.latencyP95Ms, 10, 600000);
    check.intInRange("instancesPercentOfMax", args.instancesPercentOfMax, 10, 100);
    check.intInRange("cpuPercent", args.cpuPercent, 10, 100);
    check.intInRange("memoryPercent", args.memoryPercent, 10, 100);
    checkAlarmDuration(check, args.durationSeconds);
    if (args.kind === "worker" && args.loadBalancer) check.fail("loadBalancer", "none for a worker (it serves no requests)", "a load balancer");
    check.throwIfAny();
}

/**
 * CloudWatch alarms of one ECS Fargate service, each with its runbook and routed to the topic
 * when it fires and when it recovers:
 * - behind a load balancer: the targets' 5xx ratio (metric math over `HTTPCode_Target_5XX_Count`
 *   and `RequestCount`) and p95 `TargetResponseTime`;
 * - tasks' average CPU and memory (`AWS/ECS`);
 * - fewer running than desired tasks, and (web) running tasks near `maxInstances`
 *   (`ECS/ContainerInsights`, which the cluster enables).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.ServiceAlarms("api", {
 *     namePrefix: "acme-prod",
 *     service: "api",
 *     region: "eu-central-1",
 *     clusterName: "acme-prod",
 *     serviceName: "acme-prod-api",
 *     maxInstances: 50,
 *     minInstances: 2,
 *     topicArn: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
 * });
 * ```
 */
export class ServiceAlarms extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:ServiceAlarms";

    /** The alarms by concern: `errors`, `latency` (behind a load balancer), `cpu`, `memory`, `tasks`, `instances`. */
    readonly alarms: Record<string, AlarmRef>;
    /** Each alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];

    constructor(name: string, args: ServiceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateServiceAlarmsArgs(name, args);
        super(ServiceAlarms.TYPE, name, {}, opts);
        const cfg = { ...SERVICE_ALARMS_DEFAULTS, ...definedOnly(args) };
        const routing = { namePrefix: cfg.namePrefix, runbookRegion: cfg.runbookRegion ?? cfg.region, topicArn: cfg.topicArn };
        const minutes = minutesOf(cfg.durationSeconds);
        const periods = minutePeriods(cfg.durationSeconds);
        const subject = pulumi.interpolate`ECS service \`${cfg.serviceName}\` (${cfg.region})`;
        const ecsDims = { ClusterName: cfg.clusterName, ServiceName: cfg.serviceName };
        const servicePage = pulumi.interpolate`https://console.aws.amazon.com/ecs/v2/clusters/${cfg.clusterName}/services/${cfg.serviceName}/health?region=${cfg.region}`;
        const logsStep = pulumi.interpolate`Read the task logs: CloudWatch Logs Insights on \`/prodstack/${cfg.namePrefix}/${cfg.service}\`, \`fields @timestamp, @message | sort @timestamp desc\`.`;
        this.alarms = {};
        this.runbooks = [];
        const add = (key: string, suffix: string, runbook: Runbook, metric: Parameters<typeof routedAlarm>[2]["metric"]) => {
            const { alarm, entry } = routedAlarm(this, routing, { logicalName: `${name}-${key}`, nameSuffix: `${cfg.service}-${suffix}`, region: cfg.region, runbook, metric });
            this.alarms[key] = alarm;
            this.runbooks.push(entry);
        };

        if (cfg.loadBalancer) {
            const lbDims = { LoadBalancer: cfg.loadBalancer.loadBalancerArnSuffix, TargetGroup: cfg.loadBalancer.targetGroupArnSuffix };
            const sum = (id: string, metricName: string) => ({
                id,
                returnData: false,
                metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lbDims, period: 60, stat: "Sum" },
            });
            add("errors", "5xx-ratio", serviceErrorsRunbook({
                subject,
                percent: cfg.errorRatePercent,
                minutes,
                platformCause: "Tasks are killed for memory or fail their health checks, or requests exceed the load balancer's idle timeout (502/504).",
                metricsStep: pulumi.interpolate`Open the service's health and metrics (${servicePage}) and compare the errors with the last deployment.`,
                rollbackStep: "If the errors started with the latest deployment, redeploy the previous image (the circuit breaker rolls back only failed starts).",
                logsStep,
            }), {
                // No requests means no ratio, not an outage: the uptime check covers that.
                metricQueries: [
                    sum("errors", "HTTPCode_Target_5XX_Count"),
                    sum("requests", "RequestCount"),
                    { id: "ratio", expression: "100 * errors / requests", label: "5xx % of requests", returnData: true },
                ],
                comparisonOperator: "GreaterThanThreshold",
                threshold: cfg.errorRatePercent,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                treatMissingData: "notBreaching",
            });
            add("latency", "p95-latency", serviceLatencyRunbook({
                subject,
                latencyMs: cfg.latencyP95Ms,
                minutes,
                scope: "all targets and response codes together",
                scaleOutCause: "Scale-out lag: traffic grew faster than new tasks started, or the service is at maxInstances.",
                saturationCause: "Tasks are CPU-bound (see the CPU alarm).",
                metricsStep: pulumi.interpolate`Open the service's metrics (${servicePage}): target response time, CPU, running tasks.`,
                rollbackStep: "If a new deployment is slower, redeploy the previous image and investigate before deploying again.",
                saturationStep: "If tasks are saturated, raise cpu or maxInstances in the spec.",
            }), {
                namespace: "AWS/ApplicationELB",
                metricName: "TargetResponseTime",
                dimensions: lbDims,
                period: 60,
                // A percentile is an extended statistic; `statistic` must stay unset with it.
                extendedStatistic: "p95",
                unit: "Seconds",
                comparisonOperator: "GreaterThanThreshold",
                threshold: cfg.latencyP95Ms / 1000,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                treatMissingData: "notBreaching",
            });
        }

        for (const resource of ["CPU", "memory"] as const) {
            const cpu = resource === "CPU";
            const percent = cpu ? cfg.cpuPercent : cfg.memoryPercent;
            add(cpu ? "cpu" : "memory", cpu ? "cpu" : "memory", serviceResourceRunbook({
                subject, resource, percent, minutes,
                metricsStep: pulumi.interpolate`Open the service's metrics (${servicePage}): CPU, memory and running tasks per deployment.`,
                logsStep,
            }), {
                namespace: "AWS/ECS",
                metricName: cpu ? "CPUUtilization" : "MemoryUtilization",
                dimensions: ecsDims,
                period: 60,
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: percent,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                treatMissingData: "notBreaching",
            });
        }

        const insights = (id: string, metricName: string, stat: string) => ({
            id,
            returnData: false,
            metric: { namespace: "ECS/ContainerInsights", metricName, dimensions: ecsDims, period: 60, stat },
        });
        add("tasks", "tasks-below-desired", serviceTasksRunbook({
            subject,
            minutes,
            eventsStep: pulumi.interpolate`Open the service's events and stopped tasks (${servicePage}): the stop reason says why tasks end.`,
            logsStep,
        }), {
            metricQueries: [
                insights("desired", "DesiredTaskCount", "Minimum"),
                insights("running", "RunningTaskCount", "Minimum"),
                { id: "missing", expression: "desired - running", label: "tasks missing", returnData: true },
            ],
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            evaluationPeriods: periods,
            datapointsToAlarm: periods,
            // No Container Insights data means no tasks report at all: that is the outage.
            treatMissingData: "breaching",
        });

        const atLeast = cfg.kind === "web" ? instanceAlertCount(cfg.maxInstances, cfg.instancesPercentOfMax, cfg.minInstances) : undefined;
        if (atLeast !== undefined) {
            add("instances", "tasks-near-max", serviceInstancesRunbook({
                subject,
                atLeast,
                percentOfMax: cfg.instancesPercentOfMax,
                maxInstances: cfg.maxInstances,
                minutes,
                atMaximum: "At the maximum, autoscaling adds no task: requests queue, slow down and time out (502/504).",
                waf: "AWS WAF",
                metricsStep: pulumi.interpolate`Open the service's metrics (${servicePage}): requests per target, latency and running tasks.`,
                abuseStep: "If it is abusive, look at the WAF's sampled requests and the load balancer's logs by client IP and tighten the WAF rate limit.",
            }), {
                namespace: "ECS/ContainerInsights",
                metricName: "RunningTaskCount",
                dimensions: ecsDims,
                period: 60,
                statistic: "Maximum",
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: atLeast,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                treatMissingData: "notBreaching",
            });
        }
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn) });
    }
}
