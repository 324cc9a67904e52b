import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, instanceAlertCount } from "../core/internal";
import { minutesOf, serviceErrorsRunbook, serviceInstancesRunbook, serviceLatencyRunbook } from "../core/runbooks";
import { AUTO_CLOSE, checkChannels, checkDuration, checkNamePrefix, policyBasics, seconds } from "./alerts";

/** Arguments of {@link ServiceAlerts}. */
export interface ServiceAlertsArgs {
    /**
     * Prefix of every display name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Name of the service in the spec, e.g. `api` (display names and runbooks).
     * @default none (required)
     */
    service: string;
    /**
     * Cloud Run service name, the `service_name` label of its metrics.
     * @default none (required)
     */
    serviceName: pulumi.Input<string>;
    /**
     * Region the service runs in, the `location` label of its metrics.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * The service's maximum instance count; the instance alert fires near it.
     * @default none (required)
     */
    maxInstances: number;
    /**
     * The service's minimum instance count. The instance alert fires only above it, so a
     * service idling at its minimum never pages; when no count above it and up to
     * `maxInstances` is left (e.g. `2/2`), there is no instance alert.
     * @default 0
     */
    minInstances?: number;
    /**
     * Channel resource names every policy notifies.
     * @default none (required)
     */
    notificationChannels: pulumi.Input<string>[];
    /**
     * Share of requests answered with a 5xx, in percent, above which the error alert fires.
     * @default 5
     */
    errorRatePercent?: number;
    /**
     * 95th-percentile request latency, in milliseconds, above which the latency alert fires.
     * @default 1500
     */
    latencyP95Ms?: number;
    /**
     * Instance count, as a percentage of `maxInstances`, at or above which the saturation
     * alert fires (rounded up to a whole instance).
     * @default 80
     */
    instancesPercentOfMax?: number;
    /**
     * How long a condition must hold before an incident opens, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link ServiceAlertsArgs}. */
export const SERVICE_ALERTS_DEFAULTS = {
    errorRatePercent: 5,
    latencyP95Ms: 1500,
    instancesPercentOfMax: 80,
    durationSeconds: 300,
    minInstances: 0,
} as const;

/** Window over which request counts and latencies are aggregated before comparing. */
const WINDOW = "300s";

export { instanceAlertCount };

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateServiceAlertsArgs(name: string, args: ServiceAlertsArgs): void {
    const check = new ArgsChecker(ServiceAlerts.TYPE, name);
    checkNamePrefix(check, args.namePrefix);
    check.matches("service", args.service, /^[a-z][a-z0-9-]{0,29}$/, "a service name such as \"api\"");
    check.matchesIfKnown("region", args.region, /^[a-z]+-[a-z]+\d+$/, "a GCP region such as \"europe-west1\"");
    check.check(Number.isInteger(args.maxInstances) && args.maxInstances >= 1 && args.maxInstances <= 1000,
        "maxInstances", "an integer from 1 to 1000", args.maxInstances);
    if (args.minInstances !== undefined) {
        const max = Number.isInteger(args.maxInstances) ? args.maxInstances : 1000;
        check.check(Number.isInteger(args.minInstances) && args.minInstances >= 0 && args.minInstances <= max,
            "minInstances", `an integer from 0 to maxInstances (${max})`, args.minInstances);
    }
    checkChannels(check, args.notificationChannels);
    check.numberInRange("errorRatePercent", args.errorRatePercent, 0.1, 100);
    check.intInRange("latencyP95Ms", args.latencyP95Ms, 10, 600000);
    check.intInRange("instancesPercentOfMax", args.instancesPercentOfMax, 10, 100);
    checkDuration(check, "durationSeconds", args.durationSeconds);
    check.throwIfAny();
}

/**
 * Alert policies of one Cloud Run service, each with its runbook: 5xx ratio, p95 latency
 * and instance count near the configured maximum. Filters select the service by name and
 * region on the `cloud_run_revision` resource, so every revision counts.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * const api = new gcp.CloudRunService("api", {
 *     project: "acme-web-prod",
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     serviceName: "api",
 *     image: "europe-docker.pkg.dev/acme-shared/apps/api:1.4.2",
 *     maxInstances: 50,
 * });
 * export const apiAlerts = new gcp.ServiceAlerts("api", {
 *     namePrefix: "acme-prod",
 *     service: "api",
 *     serviceName: api.serviceName,
 *     region: "europe-west1",
 *     maxInstances: 50,
 *     notificationChannels: channels.channelIds,
 * });
 * ```
 */
export class ServiceAlerts extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:ServiceAlerts";

    /**
     * The policies: `errors`, `latency`, and `instances` unless no instance count above
     * `minInstances` is left to alert on (`instanceAlertCount`).
     */
    readonly policies: { errors: gcp.monitoring.AlertPolicy; latency: gcp.monitoring.AlertPolicy; instances?: gcp.monitoring.AlertPolicy };

    constructor(name: string, args: ServiceAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateServiceAlertsArgs(name, args);
        super(ServiceAlerts.TYPE, name, {}, opts);
        const cfg = { ...SERVICE_ALERTS_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const label = `${cfg.namePrefix} ${cfg.service}`;
        const duration = seconds(cfg.durationSeconds);
        const minutes = minutesOf(cfg.durationSeconds);
        const resource = pulumi.interpolate`resource.type = "cloud_run_revision" AND resource.labels.service_name = "${cfg.serviceName}" AND resource.labels.location = "${cfg.region}"`;
        const requests = pulumi.interpolate`${resource} AND metric.type = "run.googleapis.com/request_count"`;
        const byService = {
            alignmentPeriod: WINDOW,
            perSeriesAligner: "ALIGN_RATE",
            crossSeriesReducer: "REDUCE_SUM",
            groupByFields: ["resource.label.service_name"],
        };
        const metricsPage = pulumi.interpolate`https://console.cloud.google.com/run/detail/${cfg.region}/${cfg.serviceName}/metrics`;
        const logs = pulumi.interpolate`\`resource.type="cloud_run_revision" resource.labels.service_name="${cfg.serviceName}" severity>=ERROR\``;
        const subject = pulumi.interpolate`Cloud Run service \`${cfg.serviceName}\` (${cfg.region})`;
        const common = (displayName: string, severity: "CRITICAL" | "WARNING", runbook: Parameters<typeof policyBasics>[0]["runbook"]) =>
            policyBasics({ displayName, severity, runbook, notificationChannels: cfg.notificationChannels, concern: "service" });

        const errors = new gcp.monitoring.AlertPolicy(`${name}-errors`, {
            ...common(`${label}: 5xx ratio above ${cfg.errorRatePercent}%`, "CRITICAL", serviceErrorsRunbook({
                subject,
                percent: cfg.errorRatePercent,
                minutes,
                platformCause: "Requests time out or instances run out of memory (Cloud Run answers 500/503 for them).",
                metricsStep: pulumi.interpolate`Open the service's metrics (${metricsPage}) and compare the error rate per revision.`,
                rollbackStep: "If the errors started with the latest revision, roll traffic back to the previous revision (Revisions → Manage traffic).",
                logsStep: pulumi.interpolate`Read the errors in Logs Explorer: ${logs}.`,
            })),
            conditions: [{
                displayName: `5xx / all requests > ${cfg.errorRatePercent}%`,
                conditionThreshold: {
                    filter: pulumi.interpolate`${requests} AND metric.labels.response_code_class = "5xx"`,
                    aggregations: [byService],
                    denominatorFilter: requests,
                    denominatorAggregations: [byService],
                    comparison: "COMPARISON_GT",
                    thresholdValue: cfg.errorRatePercent / 100,
                    duration,
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: AUTO_CLOSE },
        }, parent);

        const latency = new gcp.monitoring.AlertPolicy(`${name}-latency`, {
            ...common(`${label}: p95 latency above ${cfg.latencyP95Ms} ms`, "WARNING", serviceLatencyRunbook({
                subject,
                latencyMs: cfg.latencyP95Ms,
                minutes,
                scope: "all revisions and response codes together",
                scaleOutCause: "Cold starts: traffic grew faster than instances started, or min instances is 0.",
                saturationCause: "Instances are CPU-bound at the configured concurrency.",
                metricsStep: pulumi.interpolate`Open the service's metrics (${metricsPage}): latency, container CPU, instance count and startup latency.`,
                rollbackStep: "If a new revision is slower, roll traffic back and investigate before redeploying.",
                saturationStep: "If instances are saturated, lower concurrency or raise CPU / max instances in the spec.",
            })),
            conditions: [{
                displayName: `p95 request latency > ${cfg.latencyP95Ms} ms`,
                conditionThreshold: {
                    filter: pulumi.interpolate`${resource} AND metric.type = "run.googleapis.com/request_latencies"`,
                    // request_latencies is a distribution with one series per revision, response
                    // code and route: merge them all (ALIGN_DELTA + REDUCE_PERCENTILE_95) into the
                    // service's p95. A per-series p95 then REDUCE_MAX would be the worst series, so
                    // one slow request alone in its series (a single 504 timeout) would page.
                    aggregations: [{
                        alignmentPeriod: WINDOW,
                        perSeriesAligner: "ALIGN_DELTA",
                        crossSeriesReducer: "REDUCE_PERCENTILE_95",
                        groupByFields: ["resource.label.service_name"],
                    }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: cfg.latencyP95Ms,
                    duration,
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: AUTO_CLOSE },
        }, parent);

        const atLeast = instanceAlertCount(cfg.maxInstances, cfg.instancesPercentOfMax, cfg.minInstances);
        const instances = atLeast === undefined ? undefined : new gcp.monitoring.AlertPolicy(`${name}-instances`, {
            ...common(`${label}: ${atLeast} of ${cfg.maxInstances} max instances in use`, "WARNING", serviceInstancesRunbook({
                subject: pulumi.interpolate`Cloud Run service \`${cfg.serviceName}\` (${cfg.region})`,
                atLeast,
                percentOfMax: cfg.instancesPercentOfMax,
                maxInstances: cfg.maxInstances,
                minutes,
                atMaximum: "At the maximum, new requests queue and then fail with 429/503.",
                waf: "Cloud Armor",
                metricsStep: pulumi.interpolate`Open the service's metrics (${metricsPage}): request count, latency and instance count.`,
                abuseStep: "If it is abusive, look at the load balancer logs by client IP and tighten the Cloud Armor rate limit.",
            })),
            conditions: [{
                displayName: `instances >= ${atLeast} (max ${cfg.maxInstances})`,
                conditionThreshold: {
                    filter: pulumi.interpolate`${resource} AND metric.type = "run.googleapis.com/container/instance_count"`,
                    // Active and idle instances both count towards the maximum; revisions add up.
                    aggregations: [{
                        alignmentPeriod: "60s",
                        perSeriesAligner: "ALIGN_MAX",
                        crossSeriesReducer: "REDUCE_SUM",
                        groupByFields: ["resource.label.service_name"],
                    }],
                    // The API compares strictly; instance counts are whole numbers.
                    comparison: "COMPARISON_GT",
                    thresholdValue: atLeast - 1,
                    duration,
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: AUTO_CLOSE },
        }, parent);

        this.policies = { errors, latency, ...(instances ? { instances } : {}) };
        this.registerOutputs({ policyIds: [errors, latency, ...(instances ? [instances] : [])].map((p) => p.name) });
    }
}
