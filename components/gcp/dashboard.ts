import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";
import { checkNamePrefix, labelIn } from "./alerts";

/** A Cloud Run service charted by {@link EnvironmentDashboard}. */
export interface DashboardService {
    /**
     * Cloud Run service name.
     * @default none (required)
     */
    serviceName: pulumi.Input<string>;
}

/** A Cloud SQL instance charted by {@link EnvironmentDashboard}. */
export interface DashboardDatabase {
    /**
     * `database_id` metric label: `<project>:<instance>`.
     * @default none (required)
     */
    databaseId: pulumi.Input<string>;
    /**
     * Engine, which decides the connection metric.
     * @default "postgres"
     */
    engine?: "postgres" | "mysql";
}

/** The restore drill charted by {@link EnvironmentDashboard}: its log-based metrics. */
export interface DashboardRestoreDrill {
    /**
     * Name of the log-based metric counting drills by `result` (`RestoreDrill.runsMetricName`).
     * @default none (required)
     */
    runsMetric: string;
    /**
     * Name of the log-based distribution metric of restore durations (`RestoreDrill.durationMetricName`).
     * @default none (required)
     */
    durationMetric: string;
}

/** Arguments of {@link EnvironmentDashboard}. */
export interface EnvironmentDashboardArgs {
    /**
     * Prefix of the dashboard title, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Cloud Run services: requests, 5xx, p95 latency, instances.
     * @default []
     */
    services?: DashboardService[];
    /**
     * Cloud SQL instances: CPU, memory, disk, connections.
     * @default []
     */
    databases?: DashboardDatabase[];
    /**
     * Memorystore `instance_id` labels (`projects/…/instances/…`): memory, hit ratio, clients.
     * @default []
     */
    caches?: pulumi.Input<string>[];
    /**
     * Public hosts with uptime checks: share of passing checks.
     * @default []
     */
    uptimeHosts?: string[];
    /**
     * Cloud Armor security policy names: blocked requests.
     * @default []
     */
    securityPolicies?: pulumi.Input<string>[];
    /**
     * The restore drill: last results and restore duration (the measured recovery time).
     * @default none (no drill section)
     */
    restoreDrill?: DashboardRestoreDrill;
}

/** Defaults of {@link EnvironmentDashboardArgs}. */
export const ENVIRONMENT_DASHBOARD_DEFAULTS = {
    services: [] as DashboardService[],
    databases: [] as DashboardDatabase[],
    caches: [] as pulumi.Input<string>[],
    uptimeHosts: [] as string[],
    securityPolicies: [] as pulumi.Input<string>[],
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateEnvironmentDashboardArgs(name: string, args: EnvironmentDashboardArgs): void {
    const check = new ArgsChecker(EnvironmentDashboard.TYPE, name);
    checkNamePrefix(check, args.namePrefix);
    const charted = (args.services?.length ?? 0) + (args.databases?.length ?? 0) + (args.caches?.length ?? 0) +
        (args.uptimeHosts?.length ?? 0) + (args.securityPolicies?.length ?? 0);
    check.check(charted > 0, "services", "something to chart (services, databases, caches, uptimeHosts or securityPolicies)", args.services ?? []);
    check.throwIfAny();
}

/** One time series query of a chart. */
interface Series {
    filter: string;
    aligner: string;
    reducer: string;
    groupBy: string[];
    alignmentPeriod?: string;
}

/** An XY chart widget as the Dashboards API takes it. */
function chart(title: string, yLabel: string, series: Series[]): Record<string, unknown> {
    return {
        title,
        xyChart: {
            chartOptions: { mode: "COLOR" },
            dataSets: series.map((s) => ({
                plotType: "LINE",
                minAlignmentPeriod: "60s",
                targetAxis: "Y1",
                timeSeriesQuery: {
                    timeSeriesFilter: {
                        filter: s.filter,
                        aggregation: {
                            alignmentPeriod: s.alignmentPeriod ?? "60s",
                            perSeriesAligner: s.aligner,
                            crossSeriesReducer: s.reducer,
                            groupByFields: s.groupBy,
                        },
                    },
                },
            })),
            yAxis: { label: yLabel, scale: "LINEAR" },
        },
    };
}

/**
 * A mosaic tile. The API leaves zero positions out of what it returns and the provider
 * compares the JSON it reads back with ours, so a literal `xPos: 0` / `yPos: 0` would show
 * a diff on every `pulumi up`: zero positions are omitted (the API's default), like every
 * other default value in this JSON.
 */
function tile(x: number, y: number, width: number, height: number, widget: Record<string, unknown>): Record<string, unknown> {
    return { ...(x ? { xPos: x } : {}), ...(y ? { yPos: y } : {}), width, height, widget };
}

/** Section header widget. */
const header = (title: string) => ({ title, sectionHeader: { dividerBelow: true } });

/**
 * Builds the dashboard JSON (deterministic: same inputs, same string). Sections appear
 * only for what the environment has: services, database, cache, edge.
 */
export function dashboardJson(p: {
    title: string;
    services: string[];
    databases: Array<{ databaseId: string; engine: "postgres" | "mysql" }>;
    caches: string[];
    uptimeHosts: string[];
    securityPolicies: string[];
    restoreDrill?: DashboardRestoreDrill;
}): string {
    const sections: Array<{ header: Record<string, unknown>; charts: Record<string, unknown>[] }> = [];

    if (p.services.length) {
        const run = `resource.type = "cloud_run_revision" AND ${labelIn("resource.labels.service_name", p.services)}`;
        const requests = `${run} AND metric.type = "run.googleapis.com/request_count"`;
        const byService = ["resource.label.service_name"];
        sections.push({
            header: header("Services (Cloud Run)"),
            charts: [
                chart("Requests / s by status class", "req/s", [{
                    filter: requests, aligner: "ALIGN_RATE", reducer: "REDUCE_SUM",
                    groupBy: [...byService, "metric.label.response_code_class"],
                }]),
                chart("5xx errors / s", "errors/s", [{
                    filter: `${requests} AND metric.labels.response_code_class = "5xx"`,
                    aligner: "ALIGN_RATE", reducer: "REDUCE_SUM", groupBy: byService,
                }]),
                chart("Request latency p95 (ms)", "ms", [{
                    filter: `${run} AND metric.type = "run.googleapis.com/request_latencies"`,
                    aligner: "ALIGN_DELTA", reducer: "REDUCE_PERCENTILE_95", groupBy: byService,
                }]),
                chart("Instances", "instances", [{
                    filter: `${run} AND metric.type = "run.googleapis.com/container/instance_count"`,
                    aligner: "ALIGN_MAX", reducer: "REDUCE_SUM", groupBy: [...byService, "metric.label.state"],
                }]),
            ],
        });
    }

    if (p.databases.length) {
        const sql = `resource.type = "cloudsql_database" AND ${labelIn("resource.labels.database_id", p.databases.map((d) => d.databaseId))}`;
        const metric = (type: string) => `${sql} AND metric.type = "cloudsql.googleapis.com/database/${type}"`;
        const byDatabase = ["resource.label.database_id"];
        const gauge = (type: string, extra = ""): Series => ({
            filter: `${metric(type)}${extra}`, aligner: "ALIGN_MEAN", reducer: "REDUCE_MAX", groupBy: byDatabase,
        });
        const engines = [...new Set(p.databases.map((d) => d.engine))].sort();
        sections.push({
            header: header("Database (Cloud SQL)"),
            charts: [
                chart("CPU utilisation", "fraction", [gauge("cpu/utilization")]),
                chart("Memory in use, cache excluded (%)", "%", [gauge("memory/components", ` AND metric.labels.component = "Usage"`)]),
                chart("Disk utilisation", "fraction", [gauge("disk/utilization")]),
                chart("Connections", "connections", engines.map((engine) => ({
                    filter: metric(engine === "postgres" ? "postgresql/num_backends" : "network/connections"),
                    aligner: "ALIGN_MEAN", reducer: "REDUCE_SUM", groupBy: byDatabase,
                }))),
            ],
        });
    }

    if (p.caches.length) {
        const redis = `resource.type = "redis_instance" AND ${labelIn("resource.labels.instance_id", p.caches)}`;
        const byInstance = ["resource.label.instance_id"];
        const gauge = (type: string, reducer: string): Series => ({
            filter: `${redis} AND metric.type = "redis.googleapis.com/${type}"`, aligner: "ALIGN_MEAN", reducer, groupBy: byInstance,
        });
        sections.push({
            header: header("Cache (Memorystore for Redis)"),
            charts: [
                chart("Memory usage ratio", "fraction", [gauge("stats/memory/usage_ratio", "REDUCE_MAX")]),
                chart("Cache hit ratio", "fraction", [gauge("stats/cache_hit_ratio", "REDUCE_MEAN")]),
                chart("Connected clients", "clients", [gauge("clients/connected", "REDUCE_SUM")]),
            ],
        });
    }

    const edge: Record<string, unknown>[] = [];
    if (p.uptimeHosts.length) {
        edge.push(chart("Uptime checks passing (share of locations)", "fraction", [{
            filter: `resource.type = "uptime_url" AND ${labelIn("resource.labels.host", p.uptimeHosts)} AND metric.type = "monitoring.googleapis.com/uptime_check/check_passed"`,
            aligner: "ALIGN_FRACTION_TRUE", reducer: "REDUCE_MEAN", groupBy: ["resource.label.host"], alignmentPeriod: "300s",
        }]));
    }
    if (p.securityPolicies.length) {
        edge.push(chart("Requests blocked by Cloud Armor / min", "req/min", [{
            filter: `resource.type = "network_security_policy" AND ${labelIn("resource.labels.policy_name", p.securityPolicies)} AND metric.type = "networksecurity.googleapis.com/https/request_count" AND metric.labels.blocked = "true"`,
            aligner: "ALIGN_DELTA", reducer: "REDUCE_SUM", groupBy: ["resource.label.policy_name"],
        }]));
    }
    if (edge.length) sections.push({ header: header("Edge (uptime, Cloud Armor)"), charts: edge });

    if (p.restoreDrill) {
        // One point a day: a drill logs one record, so each point is that day's drill.
        const drill = (metric: string) => `metric.type = "logging.googleapis.com/user/${metric}" AND resource.type = "workflows.googleapis.com/Workflow"`;
        sections.push({
            header: header("Restore drills"),
            charts: [
                chart("Drill results (succeeded / failed)", "drills", [{
                    filter: drill(p.restoreDrill.runsMetric), aligner: "ALIGN_SUM", reducer: "REDUCE_SUM",
                    groupBy: ["metric.label.result"], alignmentPeriod: "86400s",
                }]),
                chart("Restore duration, restore start to verified copy (s)", "s", [{
                    filter: drill(p.restoreDrill.durationMetric), aligner: "ALIGN_DELTA", reducer: "REDUCE_PERCENTILE_50",
                    groupBy: ["metric.label.result"], alignmentPeriod: "86400s",
                }]),
            ],
        });
    }

    // Mosaic grid of 48 columns: a full-width header per section, then two charts a row.
    const tiles: Record<string, unknown>[] = [];
    let y = 0;
    for (const section of sections) {
        tiles.push(tile(0, y, 48, 4, section.header));
        y += 4;
        section.charts.forEach((widget, i) => {
            tiles.push(tile((i % 2) * 24, y + Math.floor(i / 2) * 16, 24, 16, widget));
        });
        y += Math.ceil(section.charts.length / 2) * 16;
    }
    return JSON.stringify({ displayName: p.title, mosaicLayout: { columns: 48, tiles } });
}

/**
 * The Cloud Monitoring dashboard of one environment: requests, errors, latency and
 * instances of its services; CPU, memory, disk and connections of its database; memory,
 * hit ratio and clients of its cache; uptime and Cloud Armor blocks at the edge; the restore
 * drill's results and restore duration.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * export const dashboard = new gcp.EnvironmentDashboard("env", {
 *     namePrefix: "acme-prod",
 *     services: [{ serviceName: "acme-prod-api" }],
 *     databases: [{ databaseId: "acme-web-prod:acme-prod-db", engine: "postgres" }],
 *     uptimeHosts: ["api.example.com"],
 * });
 * ```
 */
export class EnvironmentDashboard extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:EnvironmentDashboard";

    /** The dashboard. */
    readonly dashboard: gcp.monitoring.Dashboard;

    constructor(name: string, args: EnvironmentDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEnvironmentDashboardArgs(name, args);
        super(EnvironmentDashboard.TYPE, name, {}, opts);
        const cfg = { ...ENVIRONMENT_DASHBOARD_DEFAULTS, ...definedOnly(args) };

        const json = pulumi
            .all([
                pulumi.all(cfg.services.map((s) => s.serviceName)),
                pulumi.all(cfg.databases.map((d) => pulumi.all([d.databaseId, d.engine ?? "postgres"]))),
                pulumi.all(cfg.caches),
                pulumi.all(cfg.securityPolicies),
            ])
            .apply(([services, databases, caches, securityPolicies]) =>
                dashboardJson({
                    title: `${cfg.namePrefix} overview`,
                    services,
                    databases: databases.map(([databaseId, engine]) => ({ databaseId, engine: engine as "postgres" | "mysql" })),
                    caches,
                    uptimeHosts: cfg.uptimeHosts,
                    securityPolicies,
                    ...(cfg.restoreDrill ? { restoreDrill: cfg.restoreDrill } : {}),
                }),
            );

        this.dashboard = new gcp.monitoring.Dashboard(`${name}-dashboard`, { dashboardJson: json }, { parent: this });
        this.registerOutputs({ dashboardId: this.dashboard.id });
    }
}
