import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { dashboardJson } from "../../../components/gcp/dashboard";
import type { Network } from "../../../components/gcp/network";
import type { EnvironmentSpec } from "../../../infra/config";
import type { DataResult, GcpContext } from "../../../infra/gcp/context";
import { deployRestoreDrill, restoreDrillApis } from "../../../infra/gcp/restore-drill";
import { environmentLabels } from "../../../infra/labels";
import { summarize } from "../../../infra/plan/summaries";
import { memo, plan } from "../../helpers/inventory";
import { spec } from "../../helpers/spec";

const DATA: DataResult = {
    primary: {
        instanceName: pulumi.output("acme-prod-db"),
        databaseName: pulumi.output("app"),
        user: pulumi.output("app"),
        passwordSecret: { secretId: pulumi.output("projects/acme-web-prod/secrets/acme-prod-db-password"), version: pulumi.output("1"), key: "db-password" },
    },
    databases: [],
    caches: [],
    outputs: {},
};

/** Runs the drill deployment of `s` as the observability concern would; returns the plan and what the dashboard gets. */
async function drillOf(s: EnvironmentSpec, data: DataResult = DATA) {
    let charted: unknown;
    const inv = await plan(() => {
        const project = s.gcp!.project;
        const provider = new gcp.Provider("gcp", { project, region: s.region });
        const network = {
            networkId: pulumi.output("acme-vpc"),
            subnetworkId: pulumi.output("acme-subnet"),
            privateServicesRangeName: pulumi.output("acme-psa"),
        } as unknown as Network;
        const ctx: GcpContext = { spec: s, stack: "test", project, labels: environmentLabels(s, "test"), provider, opts: { providers: [provider] }, network };
        charted = deployRestoreDrill(ctx, data, ["projects/acme-web-prod/notificationChannels/1"]);
    });
    return { inv, charted };
}

describe("gcp restore drill wiring", () => {
    const prod = memo(() => drillOf(spec("prod", (raw) => (raw.database = { restoreDrill: { verifyQuery: "SELECT 1 FROM users LIMIT 1" } }))));

    it("runs a drill in prod by default, from the data concern's primary, with the spec's query, and charts it", async () => {
        const { inv, charted } = await prod();
        const flow = inv.named("restore-drill-workflow").inputs as Record<string, any>;
        expect(flow.userEnvVars).toMatchObject({ DRILL_SOURCE_INSTANCE: "acme-prod-db", DRILL_ALLOCATED_IP_RANGE: "acme-psa", DRILL_ENVIRONMENT: "acme-prod" });
        expect(inv.named("restore-drill-run-schedule").inputs.schedule).toBe("0 5 * * 1");
        const job = inv.one("gcp:cloudrunv2/job:Job").inputs as Record<string, any>;
        expect(job.template.template.vpcAccess.networkInterfaces[0]).toMatchObject({ network: "acme-vpc", subnetwork: "acme-subnet" });
        expect(charted).toEqual({ runsMetric: "prodstack_acme_prod_restore_drill_runs", durationMetric: "prodstack_acme_prod_restore_drill_duration" });
        const drill = inv.one("prodstack:gcp:RestoreDrill");
        const descendants = inv.resources.filter((r) => r.urn.includes("prodstack:gcp:RestoreDrill$"));
        expect(summarize(drill.type, descendants)).toBe('restore drill weekly · PITR −1 h · verify "SELECT 1 FROM users LIMIT 1"');
    });

    it("runs none outside prod unless enabled, and none without a database", async () => {
        expect((await drillOf(spec("non-prod"))).charted).toBeUndefined();
        expect((await drillOf(spec("prod", (raw) => (raw.database = { restoreDrill: { enabled: false } })))).charted).toBeUndefined();
        expect((await drillOf(spec("prod"), { ...DATA, primary: undefined })).charted).toBeUndefined();
        const staging = await drillOf(spec("non-prod", (raw) => (raw.database = { restoreDrill: { enabled: true, schedule: "0 6 * * *", pointInTimeOffsetMinutes: 90 } })));
        expect(staging.inv.named("restore-drill-run-schedule").inputs.schedule).toBe("0 6 * * *");
        expect(staging.inv.ofType("gcp:cloudrunv2/job:Job")).toHaveLength(0);
        const drill = staging.inv.one("prodstack:gcp:RestoreDrill");
        expect(summarize(drill.type, staging.inv.resources.filter((r) => r.urn.includes("prodstack:gcp:RestoreDrill$")))).toBe("restore drill daily · PITR −90 min");
    });

    it("enables the Workflows, Scheduler and Cloud Run APIs only when a drill runs", () => {
        const apis = ["workflows.googleapis.com", "workflowexecutions.googleapis.com", "cloudscheduler.googleapis.com", "run.googleapis.com"];
        expect(restoreDrillApis(spec("prod"))).toEqual(apis);
        expect(restoreDrillApis(spec("non-prod"))).toEqual([]);
        expect(restoreDrillApis(spec("non-prod", (raw) => (raw.database = { restoreDrill: { enabled: true } })))).toEqual(apis);
        expect(restoreDrillApis(spec("prod", (raw) => {
            delete raw.database;
            raw.services.forEach((s: Record<string, unknown>) => delete s.usesDatabase);
        }))).toEqual([]);
    });
});

describe("restore drill dashboard section", () => {
    it("charts results by result and the median restore duration, a point a day", () => {
        const json = JSON.parse(dashboardJson({
            title: "t", services: [], databases: [], caches: [], uptimeHosts: [], securityPolicies: [],
            restoreDrill: { runsMetric: "prodstack_acme_prod_restore_drill_runs", durationMetric: "prodstack_acme_prod_restore_drill_duration" },
        }));
        const widgets = json.mosaicLayout.tiles.map((t: any) => t.widget);
        expect(widgets[0]).toEqual({ title: "Restore drills", sectionHeader: { dividerBelow: true } });
        const queries = widgets.slice(1).map((w: any) => [w.title, w.xyChart.dataSets[0].timeSeriesQuery.timeSeriesFilter]);
        expect(queries).toEqual([
            ["Drill results (succeeded / failed)", {
                filter: 'metric.type = "logging.googleapis.com/user/prodstack_acme_prod_restore_drill_runs" AND resource.type = "workflows.googleapis.com/Workflow"',
                aggregation: { alignmentPeriod: "86400s", perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["metric.label.result"] },
            }],
            ["Restore duration, restore start to verified copy (s)", {
                filter: 'metric.type = "logging.googleapis.com/user/prodstack_acme_prod_restore_drill_duration" AND resource.type = "workflows.googleapis.com/Workflow"',
                aggregation: { alignmentPeriod: "86400s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_50", groupByFields: ["metric.label.result"] },
            }],
        ]);
    });
});
