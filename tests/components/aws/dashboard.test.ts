import { AlarmRunbooks } from "../../../components/aws/alarm-runbooks";
import { EnvironmentDashboard } from "../../../components/aws/dashboard";
import { plan, rejectedArgs } from "../../helpers/inventory";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const bodyOf = (inputs: Record<string, unknown>) => JSON.parse(String(inputs.dashboardBody));
const RUNBOOK = { whatFired: "It fired.", likelyCauses: ["A cause."], firstSteps: ["Look."] };

describe("aws EnvironmentDashboard", () => {
    it("charts services, databases, caches and the edge, each widget naming its metrics' region", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dashboard", {
            namePrefix: "acme-prod", region: "eu-central-1",
            services: [{ clusterName: "c", serviceName: "acme-prod-api", loadBalancer: { loadBalancerArnSuffix: "app/lb/1", targetGroupArnSuffix: "targetgroup/tg/2" } }],
            databases: ["acme-prod-main"], cacheNodes: ["acme-prod-cache-001"],
            healthChecks: { "https://api.example.com/healthz": "hc-1" }, webAcl: { metricName: "acme-prod-edge", scope: "CLOUDFRONT" },
            restoreDrill: { metricNamespace: "prodstack/acme-prod/restore-drill" },
        }));
        const dashboard = inv.one(DASHBOARD).inputs;
        expect(dashboard.dashboardName).toBe("acme-prod-overview");
        const widgets = bodyOf(dashboard).widgets;
        expect(widgets.filter((w: any) => w.type === "text").map((w: any) => w.properties.markdown)).toEqual([
            "## Services (ECS Fargate)", "## Database (RDS)", "## Cache (ElastiCache)", "## Edge (uptime, WAF)", "## Restore drill",
        ]);
        const charts = widgets.filter((w: any) => w.type === "metric").map((w: any) => [w.properties.title, w.properties.region]);
        expect(charts).toEqual([
            ["Requests / min by status class", "eu-central-1"], ["5xx errors / min", "eu-central-1"], ["Request latency p95 (s)", "eu-central-1"], ["Running tasks", "eu-central-1"],
            ["CPU utilisation (%)", "eu-central-1"], ["Freeable memory (bytes)", "eu-central-1"], ["Free storage (bytes)", "eu-central-1"], ["Connections", "eu-central-1"],
            ["Memory used of maxmemory (%)", "eu-central-1"], ["Cache hit rate (%)", "eu-central-1"], ["Connected clients", "eu-central-1"],
            ["Health checkers seeing the host healthy (%)", "us-east-1"], ["Requests blocked by AWS WAF / min", "us-east-1"],
            ["Drill result (1 = succeeded, 0 = failed)", "eu-central-1"], ["Restore duration, to an available copy (s)", "eu-central-1"],
        ]);
        const drill = widgets.filter((w: any) => w.properties.title?.startsWith("Drill") || w.properties.title?.startsWith("Restore")).map((w: any) => w.properties);
        expect(drill.map((p: any) => [p.stat, p.period, p.metrics])).toEqual([
            ["Maximum", 86400, [["prodstack/acme-prod/restore-drill", "DrillSucceeded"]]],
            ["Maximum", 86400, [["prodstack/acme-prod/restore-drill", "RestoreDurationSeconds"]]],
        ]);
        const latency = widgets.find((w: any) => w.properties.title === "Request latency p95 (s)").properties;
        expect(latency).toMatchObject({ stat: "p95", metrics: [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/lb/1", "TargetGroup", "targetgroup/tg/2"]] });
    });

    it("charts only running tasks for a service without a load balancer", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dashboard", { namePrefix: "acme-stg", region: "eu-central-1", services: [{ clusterName: "c", serviceName: "s" }] }));
        expect(bodyOf(inv.one(DASHBOARD).inputs).widgets.map((w: any) => w.properties.title ?? w.properties.markdown)).toEqual(["## Services (ECS Fargate)", "Running tasks"]);
        const bad = await rejectedArgs(() => new EnvironmentDashboard("dashboard", { namePrefix: "acme-stg", region: "mars" }));
        expect(bad.error.problems).toEqual(['region: expected an AWS region such as "eu-central-1", got "mars"']);
    });
});

describe("aws AlarmRunbooks", () => {
    it("keeps every alarm's full runbook on one dashboard, headed by the alarm's name, in name order", async () => {
        const inv = await plan(() => new AlarmRunbooks("runbooks", {
            namePrefix: "acme-prod", region: "eu-central-1",
            runbooks: [{ alarmName: "acme-prod-b", runbook: RUNBOOK }, { alarmName: "acme-prod-a", runbook: { ...RUNBOOK, likelyCauses: ["x".repeat(3000)] } }],
        }));
        const dashboard = inv.one(DASHBOARD).inputs;
        expect(dashboard.dashboardName).toBe("acme-prod-runbooks");
        const widgets = bodyOf(dashboard).widgets;
        expect(widgets.map((w: any) => w.properties.markdown.split("\n")[0])).toEqual(["# acme-prod-a", "# acme-prod-b"]);
        // Not cut like a description: the whole runbook is there.
        expect(widgets[0].properties.markdown).toContain("x".repeat(3000));
        expect(widgets[1].properties.markdown).toBe("# acme-prod-b\n\n### What fired\nIt fired.\n\n### Likely causes\n- A cause.\n\n### First steps\n1. Look.");
        expect(widgets.map((w: any) => [w.y, w.width])).toEqual([[0, 24], [widgets[0].height, 24]]);
    });

    it("rejects an empty list and an alarm listed twice", async () => {
        expect((await rejectedArgs(() => new AlarmRunbooks("r", { namePrefix: "acme-prod", region: "eu-central-1", runbooks: [] }))).error.problems)
            .toEqual(["runbooks: expected at least one alarm runbook, got []"]);
        const twice = [{ alarmName: "a", runbook: RUNBOOK }, { alarmName: "a", runbook: RUNBOOK }];
        expect((await rejectedArgs(() => new AlarmRunbooks("r", { namePrefix: "acme-prod", region: "eu-central-1", runbooks: twice }))).error.problems)
            .toEqual(['runbooks: expected each alarm once, got "a"']);
    });
});
