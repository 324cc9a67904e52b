import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { EnvironmentDashboard, dashboardJson } from "../../../components/gcp/dashboard";
import { plan } from "../../helpers/inventory";

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

    it("charts database, Redis and edge health on their own resource types", () => {
        const filters = chartsOf(dashboardJson(FULL)).flatMap((c) => queries(c).map((q: any) => q.filter as string));
        const expectChart = (resource: string, metric: string) =>
            expect(filters.some((f) => f.startsWith(`resource.type = "${resource}"`) && f.includes(`metric.type = "${metric}"`))).toBe(true);
        expectChart("cloudsql_database", "cloudsql.googleapis.com/database/cpu/utilization");
        expectChart("cloudsql_database", "cloudsql.googleapis.com/database/memory/components");
        expectChart("cloudsql_database", "cloudsql.googleapis.com/database/disk/utilization");
        expectChart("cloudsql_database", "cloudsql.googleapis.com/database/postgresql/num_backends");
        expectChart("redis_instance", "redis.googleapis.com/stats/memory/usage_ratio");
        expectChart("redis_instance", "redis.googleapis.com/clients/connected");
        expectChart("uptime_url", "monitoring.googleapis.com/uptime_check/check_passed");
        expectChart("network_security_policy", "networksecurity.googleapis.com/https/request_count");
        expect(filters.filter((f) => f.includes("cloudsql_database")).every((f) => f.includes('database_id = "acme-web-prod:acme-prod-db"'))).toBe(true);
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

    it("uses MySQL's connection metric for MySQL instances", () => {
        const charts = chartsOf(dashboardJson({ ...FULL, databases: [{ databaseId: "p:db", engine: "mysql" }] }));
        const connections = charts.find((c) => c.title === "Connections");
        expect(queries(connections)[0].filter).toContain("cloudsql.googleapis.com/database/network/connections");
    });

    it("is deterministic and resolves outputs into the JSON the cloud receives", async () => {
        expect(dashboardJson(FULL)).toBe(dashboardJson(structuredClone(FULL)));
        const inv = await plan(() => new EnvironmentDashboard("dash", {
            namePrefix: "acme-prod",
            services: [{ serviceName: pulumi.output("acme-prod-api") }],
            databases: [{ databaseId: pulumi.output("acme-web-prod:acme-prod-db") }],
        }));
        const json = String(inv.one(DASHBOARD).inputs.dashboardJson);
        expect(JSON.parse(json).displayName).toBe("acme-prod overview");
        expect(json).toContain('resource.labels.service_name = \\"acme-prod-api\\"');
        expect(json).toContain('resource.labels.database_id = \\"acme-web-prod:acme-prod-db\\"');
        expect(inv.one(DASHBOARD).parent).toBe(inv.one(EnvironmentDashboard.TYPE).urn);
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
    });
});
