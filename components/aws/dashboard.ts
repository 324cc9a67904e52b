import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, resourceName } from "../core/internal";
import type { ServiceLoadBalancerRef } from "./service-alarms";

/** A service charted by {@link EnvironmentDashboard}. */
export interface DashboardEcsService {
    /**
     * ECS cluster name.
     * @default none (required)
     */
    clusterName: pulumi.Input<string>;
    /**
     * ECS service name.
     * @default none (required)
     */
    serviceName: pulumi.Input<string>;
    /**
     * Its load balancer and target group: request, 5xx and latency charts.
     * @default none (task charts only)
     */
    loadBalancer?: ServiceLoadBalancerRef;
}

/** Arguments of {@link EnvironmentDashboard}. */
export interface EnvironmentDashboardArgs {
    /**
     * Prefix of the dashboard's name, e.g. `acme-prod` (named `<namePrefix>-overview`).
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the environment: every widget names the region of its metrics.
     * @default none (required)
     */
    region: string;
    /**
     * ECS services.
     * @default []
     */
    services?: DashboardEcsService[];
    /**
     * RDS instance identifiers.
     * @default []
     */
    databases?: pulumi.Input<string>[];
    /**
     * ElastiCache member cluster IDs.
     * @default []
     */
    cacheNodes?: pulumi.Input<string>[];
    /**
     * Route 53 health check IDs by the URL they probe (metrics in us-east-1).
     * @default {}
     */
    healthChecks?: Record<string, pulumi.Input<string>>;
    /**
     * Web ACL whose blocked requests are charted, with its scope.
     * @default none
     */
    webAcl?: {
        /**
         * The web ACL's metric name (its metrics' `WebACL` dimension).
         * @default none (required)
         */
        metricName: pulumi.Input<string>;
        /**
         * `CLOUDFRONT` (metrics in us-east-1) or `REGIONAL`.
         * @default none (required)
         */
        scope: "CLOUDFRONT" | "REGIONAL";
    };
    /**
     * A restore drill whose last results and restore durations are charted.
     * @default none
     */
    restoreDrill?: {
        /**
         * The drill's metric namespace (`RestoreDrill.metricNamespace`).
         * @default none (required)
         */
        metricNamespace: string;
    };
}

/** Defaults of {@link EnvironmentDashboardArgs}. */
export const ENVIRONMENT_DASHBOARD_DEFAULTS = {
    services: [] as DashboardEcsService[],
    databases: [] as pulumi.Input<string>[],
    cacheNodes: [] as pulumi.Input<string>[],
    healthChecks: {} as Record<string, pulumi.Input<string>>,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateEnvironmentDashboardArgs(name: string, args: EnvironmentDashboardArgs): void {
    const check = new ArgsChecker(EnvironmentDashboard.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    if (args.webAcl) check.oneOf("webAcl.scope", args.webAcl.scope, ["CLOUDFRONT", "REGIONAL"] as const);
    check.throwIfAny();
}

type Metric = Array<string | Record<string, unknown>>;
interface Chart { title: string; region: string; stat: string; metrics: Metric[]; yLabel: string; period?: number }

/** The dashboard body: a text header per section, then its charts, two per row. */
export function dashboardBody(sections: Array<{ title: string; charts: Chart[] }>): string {
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    for (const section of sections) {
        if (!section.charts.length) continue;
        widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${section.title}` } });
        y += 1;
        section.charts.forEach((c, i) => {
            widgets.push({
                type: "metric",
                x: (i % 2) * 12,
                y: y + Math.floor(i / 2) * 6,
                width: 12,
                height: 6,
                properties: { title: c.title, region: c.region, view: "timeSeries", stacked: false, stat: c.stat, period: c.period ?? 60, metrics: c.metrics, yAxis: { left: { label: c.yLabel } } },
            });
        });
        y += Math.ceil(section.charts.length / 2) * 6;
    }
    return JSON.stringify({ widgets });
}

/**
 * One CloudWatch dashboard per environment with the panels of GCP's: services (requests by
 * status class, 5xx, p95 latency, running tasks), databases (CPU, freeable memory, free
 * storage, connections), cache (memory, hit rate, connections), edge (health checks, WAF
 * blocks). Every widget names the region of its metrics (us-east-1 for Route 53 and
 * CLOUDFRONT-scope WAF).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.EnvironmentDashboard("dashboard", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     services: [{ clusterName: "acme-prod", serviceName: "acme-prod-api" }],
 * });
 * ```
 */
export class EnvironmentDashboard extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:EnvironmentDashboard";

    /** The dashboard's name. */
    readonly dashboardName: string;

    constructor(name: string, args: EnvironmentDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEnvironmentDashboardArgs(name, args);
        super(EnvironmentDashboard.TYPE, name, {}, opts);
        const cfg = { ...ENVIRONMENT_DASHBOARD_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        this.dashboardName = resourceName([cfg.namePrefix, "overview"], 255);
        const checks = Object.entries(cfg.healthChecks);
        const body = pulumi.output({
            services: pulumi.output(cfg.services.map((s) => ({ cluster: s.clusterName, service: s.serviceName, lb: s.loadBalancer ?? null }))),
            databases: pulumi.output(cfg.databases),
            caches: pulumi.output(cfg.cacheNodes),
            checkIds: pulumi.output(checks.map(([, id]) => id)),
            acl: pulumi.output(cfg.webAcl?.metricName ?? ""),
        }).apply(({ services, databases, caches, checkIds, acl }) => {
            const alb = (metricName: string) => services.filter((s) => s.lb).map((s) =>
                ["AWS/ApplicationELB", metricName, "LoadBalancer", s.lb!.loadBalancerArnSuffix, "TargetGroup", s.lb!.targetGroupArnSuffix] as Metric);
            const ecs = (ns: string, metricName: string) => services.map((s) => [ns, metricName, "ClusterName", s.cluster, "ServiceName", s.service] as Metric);
            const rds = (metricName: string) => databases.map((d) => ["AWS/RDS", metricName, "DBInstanceIdentifier", d] as Metric);
            const redis = (metricName: string) => caches.map((c) => ["AWS/ElastiCache", metricName, "CacheClusterId", c] as Metric);
            const cloudfront = cfg.webAcl?.scope === "CLOUDFRONT";
            return dashboardBody([
                {
                    title: "Services (ECS Fargate)",
                    charts: [
                        ...(services.some((s) => s.lb) ? [
                            { title: "Requests / min by status class", region, stat: "Sum", yLabel: "req/min", metrics: ["2XX", "3XX", "4XX", "5XX"].flatMap((c) => alb(`HTTPCode_Target_${c}_Count`)) },
                            { title: "5xx errors / min", region, stat: "Sum", yLabel: "errors/min", metrics: [...alb("HTTPCode_Target_5XX_Count"), ...alb("HTTPCode_ELB_5XX_Count")] },
                            { title: "Request latency p95 (s)", region, stat: "p95", yLabel: "s", metrics: alb("TargetResponseTime") },
                        ] : []),
                        { title: "Running tasks", region, stat: "Maximum", yLabel: "tasks", metrics: ecs("ECS/ContainerInsights", "RunningTaskCount") },
                    ].filter((c) => c.metrics.length),
                },
                {
                    title: "Database (RDS)",
                    charts: databases.length ? [
                        { title: "CPU utilisation (%)", region, stat: "Average", yLabel: "%", metrics: rds("CPUUtilization") },
                        { title: "Freeable memory (bytes)", region, stat: "Minimum", yLabel: "bytes", metrics: rds("FreeableMemory") },
                        { title: "Free storage (bytes)", region, stat: "Minimum", yLabel: "bytes", metrics: rds("FreeStorageSpace") },
                        { title: "Connections", region, stat: "Maximum", yLabel: "connections", metrics: rds("DatabaseConnections") },
                    ] : [],
                },
                {
                    title: "Cache (ElastiCache)",
                    charts: caches.length ? [
                        { title: "Memory used of maxmemory (%)", region, stat: "Maximum", yLabel: "%", metrics: redis("DatabaseMemoryUsagePercentage") },
                        { title: "Cache hit rate (%)", region, stat: "Average", yLabel: "%", metrics: redis("CacheHitRate") },
                        { title: "Connected clients", region, stat: "Maximum", yLabel: "clients", metrics: redis("CurrConnections") },
                    ] : [],
                },
                {
                    title: "Edge (uptime, WAF)",
                    charts: [
                        ...(checkIds.length ? [{
                            title: "Health checkers seeing the host healthy (%)", region: "us-east-1", stat: "Average", yLabel: "%",
                            metrics: checkIds.map((id, i) => ["AWS/Route53", "HealthCheckPercentageHealthy", "HealthCheckId", id, { label: checks[i][0] }] as Metric),
                        }] : []),
                        ...(acl ? [{
                            title: "Requests blocked by AWS WAF / min", region: cloudfront ? "us-east-1" : region, stat: "Sum", yLabel: "req/min",
                            metrics: [["AWS/WAFV2", "BlockedRequests", "WebACL", acl, "Rule", "ALL", ...(cloudfront ? [] : ["Region", region])] as Metric],
                        }] : []),
                    ],
                },
                {
                    title: "Restore drill",
                    // One point per drill: daily points, read over weeks.
                    charts: cfg.restoreDrill ? [
                        { title: "Drill result (1 = succeeded, 0 = failed)", region, stat: "Maximum", yLabel: "succeeded", period: 86400, metrics: [[cfg.restoreDrill.metricNamespace, "DrillSucceeded"]] },
                        { title: "Restore duration, to an available copy (s)", region, stat: "Maximum", yLabel: "s", period: 86400, metrics: [[cfg.restoreDrill.metricNamespace, "RestoreDurationSeconds"]] },
                    ] : [],
                },
            ]);
        });
        new aws.cloudwatch.Dashboard(`${name}-dashboard`, { region, dashboardName: this.dashboardName, dashboardBody: body }, { parent: this });
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}
