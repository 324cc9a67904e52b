import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { EnvironmentDashboard, dashboardJson, validateEnvironmentDashboardArgs, type EnvironmentDashboardArgs } from "../../../components/gcp/dashboard";
import { argProblems, plan } from "../../helpers/inventory";

const DASHBOARD = "gcp:monitoring/dashboard:Dashboard";

interface Tile { xPos?: number; yPos?: number; width: number; height: number; widget: any }

const FULL = {
    title: "acme-prod overview",
    services: ["acme-prod-api", "acme-prod-worker"],
    databases: [{ databaseId: "acme-web-prod:acme-prod-db", engine: "postgres" as const }],
    caches: ["projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache"],
    uptimeHosts: ["api.example.com"],
    securityPolicies: ["acme-prod-edge"],
};

const tilesOf = (json: string): Tile[] => JSON.parse(json).mosaicLayout.tiles;
/** Tile position with the API's defaults (an absent position is 0). */
const at = (t: Tile) => ({ x: t.xPos ?? 0, y: t.yPos ?? 0, w: t.width, h: t.height });
const chartsOf = (json: string) => tilesOf(json).map((t) => t.widget).filter((w) => w.xyChart);
const queries = (widget: any) => widget.xyChart.dataSets.map((d: any) => d.timeSeriesQuery.timeSeriesFilter);

/** One line of a chart as the Dashboards API takes it. */
const line = (filter: string, aligner: string, reducer: string, groupByFields: string[], alignmentPeriod = "60s") => ({
    plotType: "LINE", minAlignmentPeriod: "60s", targetAxis: "Y1",
    timeSeriesQuery: { timeSeriesFilter: { filter, aggregation: { alignmentPeriod, perSeriesAligner: aligner, crossSeriesReducer: reducer, groupByFields } } },
});
const xy = (title: string, label: string, dataSets: unknown[]) => ({ title, xyChart: { chartOptions: { mode: "COLOR" }, dataSets, yAxis: { label, scale: "LINEAR" } } });
/** A full-width section header at `y` (0 is left out, as the API leaves it out). */
const header = (y: number, title: string) => ({ ...(y ? { yPos: y } : {}), width: 48, height: 4, widget: { title, sectionHeader: { dividerBelow: true } } });
/** A chart tile in the left (x 0, left out) or right (x 24) half. */
const half = (x: 0 | 24, y: number, widget: unknown) => ({ ...(x ? { xPos: x } : {}), yPos: y, width: 24, height: 16, widget });

describe("gcp EnvironmentDashboard", () => {
    it("charts requests, errors, latency and instances of every service", () => {
        const charts = chartsOf(dashboardJson(FULL));
        const byTitle = Object.fromEntries(charts.map((c) => [c.title, queries(c)[0]]));
        const run = 'resource.type = "cloud_run_revision" AND resource.labels.service_name = one_of("acme-prod-api", "acme-prod-worker")';
        expect(byTitle["Requests / s by status class"].filter).toBe(`${run} AND metric.type = "run.googleapis.com/request_count"`);
        expect(byTitle["5xx errors / s"].filter).toContain('metric.labels.response_code_class = "5xx"');
        // A distribution: merge revisions' distributions, then take the percentile.
        expect(byTitle["Request latency p95 (ms)"]).toEqual({
            filter: `${run} AND metric.type = "run.googleapis.com/request_latencies"`,
            aggregation: { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_95", groupByFields: ["resource.label.service_name"] },
        });
        expect(byTitle.Instances.filter).toContain("run.googleapis.com/container/instance_count");
    });

    it("charts every section with its metrics, aligners and layout, resolving the outputs it is given", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dash", {
            namePrefix: "acme-prod",
            services: [{ serviceName: pulumi.output("acme-prod-api") }, { serviceName: "acme-prod-worker" }],
            databases: [{ databaseId: pulumi.output("acme-web-prod:acme-prod-db") }],
            caches: [pulumi.output("projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache")],
            uptimeHosts: ["api.example.com", "www.example.com"],
            securityPolicies: [pulumi.output("acme-prod-edge")],
            restoreDrill: { runsMetric: "acme-prod-drill-runs", durationMetric: "acme-prod-drill-duration" },
        }));
        expect(inv.one(DASHBOARD).parent).toBe(inv.one(EnvironmentDashboard.TYPE).urn);
        const run = 'resource.type = "cloud_run_revision" AND resource.labels.service_name = one_of("acme-prod-api", "acme-prod-worker")';
        const requests = `${run} AND metric.type = "run.googleapis.com/request_count"`;
        const byService = ["resource.label.service_name"];
        const sql = (m: string) => `resource.type = "cloudsql_database" AND resource.labels.database_id = "acme-web-prod:acme-prod-db" AND metric.type = "cloudsql.googleapis.com/database/${m}"`;
        const byDatabase = ["resource.label.database_id"];
        const redis = (m: string) => `resource.type = "redis_instance" AND resource.labels.instance_id = "projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache" AND metric.type = "redis.googleapis.com/${m}"`;
        const byInstance = ["resource.label.instance_id"];
        const drill = (m: string) => `metric.type = "logging.googleapis.com/user/${m}" AND resource.type = "workflows.googleapis.com/Workflow"`;
        expect(JSON.parse(String(inv.one(DASHBOARD).inputs.dashboardJson))).toEqual({
            displayName: "acme-prod overview",
            mosaicLayout: {
                columns: 48,
                tiles: [
                    header(0, "Services (Cloud Run)"),
                    half(0, 4, xy("Requests / s by status class", "req/s", [line(requests, "ALIGN_RATE", "REDUCE_SUM", [...byService, "metric.label.response_code_class"])])),
                    half(24, 4, xy("5xx errors / s", "errors/s", [line(`${requests} AND metric.labels.response_code_class = "5xx"`, "ALIGN_RATE", "REDUCE_SUM", byService)])),
                    // A distribution: merge revisions' distributions, then take the percentile.
                    half(0, 20, xy("Request latency p95 (ms)", "ms", [line(`${run} AND metric.type = "run.googleapis.com/request_latencies"`, "ALIGN_DELTA", "REDUCE_PERCENTILE_95", byService)])),
                    half(24, 20, xy("Instances", "instances", [line(`${run} AND metric.type = "run.googleapis.com/container/instance_count"`, "ALIGN_MAX", "REDUCE_SUM", [...byService, "metric.label.state"])])),
                    header(36, "Database (Cloud SQL)"),
                    half(0, 40, xy("CPU utilisation", "fraction", [line(sql("cpu/utilization"), "ALIGN_MEAN", "REDUCE_MAX", byDatabase)])),
                    half(24, 40, xy("Memory in use, cache excluded (%)", "%", [line(`${sql("memory/components")} AND metric.labels.component = "Usage"`, "ALIGN_MEAN", "REDUCE_MAX", byDatabase)])),
                    half(0, 56, xy("Disk utilisation", "fraction", [line(sql("disk/utilization"), "ALIGN_MEAN", "REDUCE_MAX", byDatabase)])),
                    // No engine given: PostgreSQL's backends.
                    half(24, 56, xy("Connections", "connections", [line(sql("postgresql/num_backends"), "ALIGN_MEAN", "REDUCE_SUM", byDatabase)])),
                    header(72, "Cache (Memorystore for Redis)"),
                    half(0, 76, xy("Memory usage ratio", "fraction", [line(redis("stats/memory/usage_ratio"), "ALIGN_MEAN", "REDUCE_MAX", byInstance)])),
                    half(24, 76, xy("Cache hit ratio", "fraction", [line(redis("stats/cache_hit_ratio"), "ALIGN_MEAN", "REDUCE_MEAN", byInstance)])),
                    half(0, 92, xy("Connected clients", "clients", [line(redis("clients/connected"), "ALIGN_MEAN", "REDUCE_SUM", byInstance)])),
                    header(108, "Edge (uptime, Cloud Armor)"),
                    half(0, 112, xy("Uptime checks passing (share of locations)", "fraction", [line(
                        'resource.type = "uptime_url" AND resource.labels.host = one_of("api.example.com", "www.example.com") AND metric.type = "monitoring.googleapis.com/uptime_check/check_passed"',
                        "ALIGN_FRACTION_TRUE", "REDUCE_MEAN", ["resource.label.host"], "300s",
                    )])),
                    half(24, 112, xy("Requests blocked by Cloud Armor / min", "req/min", [line(
                        'resource.type = "network_security_policy" AND resource.labels.policy_name = "acme-prod-edge" AND metric.type = "networksecurity.googleapis.com/https/request_count" AND metric.labels.blocked = "true"',
                        "ALIGN_DELTA", "REDUCE_SUM", ["resource.label.policy_name"],
                    )])),
                    // One point a day: one drill a day.
                    header(128, "Restore drills"),
                    half(0, 132, xy("Drill results (succeeded / failed)", "drills", [line(drill("acme-prod-drill-runs"), "ALIGN_SUM", "REDUCE_SUM", ["metric.label.result"], "86400s")])),
                    half(24, 132, xy("Restore duration, restore start to verified copy (s)", "s", [line(drill("acme-prod-drill-duration"), "ALIGN_DELTA", "REDUCE_PERCENTILE_50", ["metric.label.result"], "86400s")])),
                ],
            },
        });
    });

    it("charts only what it is given: every list defaults to [] and no drill section", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dash", { namePrefix: "acme-stg", uptimeHosts: ["api.example.com"] }));
        expect(JSON.parse(String(inv.one(DASHBOARD).inputs.dashboardJson))).toEqual({
            displayName: "acme-stg overview",
            mosaicLayout: {
                columns: 48,
                tiles: [
                    header(0, "Edge (uptime, Cloud Armor)"),
                    half(0, 4, xy("Uptime checks passing (share of locations)", "fraction", [line(
                        'resource.type = "uptime_url" AND resource.labels.host = "api.example.com" AND metric.type = "monitoring.googleapis.com/uptime_check/check_passed"',
                        "ALIGN_FRACTION_TRUE", "REDUCE_MEAN", ["resource.label.host"], "300s",
                    )])),
                ],
            },
        });
    });

    it("shows only the sections the environment has, on a grid without overlaps", () => {
        const json = dashboardJson({ ...FULL, databases: [], caches: [], securityPolicies: [], uptimeHosts: [] });
        const tiles = tilesOf(json);
        expect(tiles.filter((t) => t.widget.sectionHeader).map((t) => t.widget.title)).toEqual(["Services (Cloud Run)"]);
        expect(chartsOf(json)).toHaveLength(4);
        const full = tilesOf(dashboardJson(FULL));
        for (const [i, ta] of full.entries()) {
            const a = at(ta);
            expect(a.x + a.w).toBeLessThanOrEqual(48);
            for (const tb of full.slice(i + 1)) {
                const b = at(tb);
                const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
                expect(overlap).toBe(false);
            }
        }
    });

    it("leaves API defaults out of the JSON so the read-back JSON matches (no diff on every update)", () => {
        const tiles = tilesOf(dashboardJson(FULL));
        // The API omits zero positions when it returns the dashboard; a literal 0 is a permanent diff.
        expect(tiles.filter((t) => t.xPos === 0 || t.yPos === 0)).toEqual([]);
        expect(tiles[0]).toEqual({ width: 48, height: 4, widget: { title: "Services (Cloud Run)", sectionHeader: { dividerBelow: true } } });
        expect(at(tiles[1])).toEqual({ x: 0, y: 4, w: 24, h: 16 });
        expect(at(tiles[2])).toEqual({ x: 24, y: 4, w: 24, h: 16 });
        expect(tiles[1].yPos).toBe(4);
        expect(tiles[2].xPos).toBe(24);
        expect(chartsOf(dashboardJson(FULL)).every((c) => !("timeshiftDuration" in c.xyChart))).toBe(true);
    });

    it("charts each engine's connection metric once: MySQL's and PostgreSQL's", () => {
        const databases = [
            { databaseId: "p:pg1", engine: "postgres" as const }, { databaseId: "p:my", engine: "mysql" as const }, { databaseId: "p:pg2", engine: "postgres" as const },
        ];
        const connections = chartsOf(dashboardJson({ ...FULL, databases })).find((c) => c.title === "Connections");
        const sql = 'resource.type = "cloudsql_database" AND resource.labels.database_id = one_of("p:pg1", "p:my", "p:pg2") AND metric.type = "cloudsql.googleapis.com/database/';
        expect(queries(connections).map((q: any) => q.filter)).toEqual([`${sql}network/connections"`, `${sql}postgresql/num_backends"`]);
    });

    it("is deterministic", () => {
        expect(dashboardJson(FULL)).toBe(dashboardJson(structuredClone(FULL)));
    });

    it.each<[string, Partial<EnvironmentDashboardArgs>]>([
        ["a service", { services: [{ serviceName: "acme-prod-api" }] }],
        ["a database", { databases: [{ databaseId: "p:db" }] }],
        ["a cache", { caches: ["projects/p/locations/europe-west1/instances/c"] }],
        ["an uptime host", { uptimeHosts: ["api.example.com"] }],
        ["a security policy", { securityPolicies: ["acme-prod-edge"] }],
    ])("accepts a dashboard charting only %s", (_, extra) => {
        expect(argProblems(() => validateEnvironmentDashboardArgs("dash", { namePrefix: "acme-prod", ...extra }))).toEqual([]);
    });

    it("rejects a dashboard with nothing to chart", () => {
        let error: unknown;
        try {
            new EnvironmentDashboard("dash", { namePrefix: "acme-prod" });
        } catch (e) {
            error = e;
        }
        expect((error as InvalidArgsError).problems).toEqual([
            "services: expected something to chart (services, databases, caches, uptimeHosts or securityPolicies), got []",
        ]);
        expect(argProblems(() => validateEnvironmentDashboardArgs("dash", {
            namePrefix: "Acme", services: [], databases: [], caches: [], uptimeHosts: [], securityPolicies: [],
        }))).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            "services: expected something to chart (services, databases, caches, uptimeHosts or securityPolicies), got []",
        ]);
    });
});
