import { AlarmRunbooks } from "../../../components/aws/alarm-runbooks";
import { EnvironmentDashboard, validateEnvironmentDashboardArgs, type EnvironmentDashboardArgs } from "../../../components/aws/dashboard";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const bodyOf = (inputs: Record<string, unknown>) => JSON.parse(String(inputs.dashboardBody));
const RUNBOOK = { whatFired: "It fired.", likelyCauses: ["A cause."], firstSteps: ["Look."] };
/** A section heading and a chart as the dashboard's JSON holds them. */
const heading = (y: number, title: string) => ({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${title}` } });
const chart = (x: number, y: number, title: string, region: string, stat: string, label: string, metrics: unknown[]) => ({
    type: "metric", x, y, width: 12, height: 6,
    properties: { title, region, view: "timeSeries", stacked: false, stat, period: 60, metrics, yAxis: { left: { label } } },
});
const daily = (c: ReturnType<typeof chart>) => ({ ...c, properties: { ...c.properties, period: 86400 } });
const EU = "eu-central-1";
const alb = (metricName: string) => ["AWS/ApplicationELB", metricName, "LoadBalancer", "app/lb/1", "TargetGroup", "targetgroup/tg/2"];

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
        expect(dashboard.region).toBe(EU);
        expect(inv.childrenOf(inv.one(EnvironmentDashboard.TYPE).urn)).toHaveLength(1);
        const rds = (m: string) => [["AWS/RDS", m, "DBInstanceIdentifier", "acme-prod-main"]];
        const redis = (m: string) => [["AWS/ElastiCache", m, "CacheClusterId", "acme-prod-cache-001"]];
        // Two charts per row, six units high; each section starts below the last row of the one before.
        expect(bodyOf(dashboard).widgets).toEqual([
            heading(0, "Services (ECS Fargate)"),
            chart(0, 1, "Requests / min by status class", EU, "Sum", "req/min", ["2XX", "3XX", "4XX", "5XX"].map((c) => alb(`HTTPCode_Target_${c}_Count`))),
            chart(12, 1, "5xx errors / min", EU, "Sum", "errors/min", [alb("HTTPCode_Target_5XX_Count"), alb("HTTPCode_ELB_5XX_Count")]),
            chart(0, 7, "Request latency p95 (s)", EU, "p95", "s", [alb("TargetResponseTime")]),
            chart(12, 7, "Running tasks", EU, "Maximum", "tasks", [["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", "c", "ServiceName", "acme-prod-api"]]),
            heading(13, "Database (RDS)"),
            chart(0, 14, "CPU utilisation (%)", EU, "Average", "%", rds("CPUUtilization")),
            chart(12, 14, "Freeable memory (bytes)", EU, "Minimum", "bytes", rds("FreeableMemory")),
            chart(0, 20, "Free storage (bytes)", EU, "Minimum", "bytes", rds("FreeStorageSpace")),
            chart(12, 20, "Connections", EU, "Maximum", "connections", rds("DatabaseConnections")),
            heading(26, "Cache (ElastiCache)"),
            chart(0, 27, "Memory used of maxmemory (%)", EU, "Maximum", "%", redis("DatabaseMemoryUsagePercentage")),
            chart(12, 27, "Cache hit rate (%)", EU, "Average", "%", redis("CacheHitRate")),
            chart(0, 33, "Connected clients", EU, "Maximum", "clients", redis("CurrConnections")),
            heading(39, "Edge (uptime, WAF)"),
            chart(0, 40, "Health checkers seeing the host healthy (%)", "us-east-1", "Average", "%", [["AWS/Route53", "HealthCheckPercentageHealthy", "HealthCheckId", "hc-1", { label: "https://api.example.com/healthz" }]]),
            // CLOUDFRONT-scope WAF metrics live in us-east-1 and carry no Region dimension.
            chart(12, 40, "Requests blocked by AWS WAF / min", "us-east-1", "Sum", "req/min", [["AWS/WAFV2", "BlockedRequests", "WebACL", "acme-prod-edge", "Rule", "ALL"]]),
            // One point per drill: daily periods.
            heading(46, "Restore drill"),
            daily(chart(0, 47, "Drill result (1 = succeeded, 0 = failed)", EU, "Maximum", "succeeded", [["prodstack/acme-prod/restore-drill", "DrillSucceeded"]])),
            daily(chart(12, 47, "Restore duration, to an available copy (s)", EU, "Maximum", "s", [["prodstack/acme-prod/restore-drill", "RestoreDurationSeconds"]])),
        ]);
    });

    it("charts load balancer metrics only of services behind one, and running tasks of every service", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dashboard", {
            namePrefix: "acme-stg", region: EU,
            services: [{ clusterName: "c", serviceName: "worker" }, { clusterName: "c", serviceName: "api", loadBalancer: { loadBalancerArnSuffix: "app/lb/1", targetGroupArnSuffix: "targetgroup/tg/2" } }],
        }));
        const widgets = bodyOf(inv.one(DASHBOARD).inputs).widgets;
        expect(widgets.map((w: any) => w.properties.title ?? w.properties.markdown)).toEqual([
            "## Services (ECS Fargate)", "Requests / min by status class", "5xx errors / min", "Request latency p95 (s)", "Running tasks",
        ]);
        expect(widgets[3].properties.metrics).toEqual([alb("TargetResponseTime")]);
        expect(widgets[4].properties.metrics).toEqual([
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", "c", "ServiceName", "worker"],
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", "c", "ServiceName", "api"],
        ]);
    });

    it("charts only running tasks for a service without a load balancer", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dashboard", { namePrefix: "acme-stg", region: "eu-central-1", services: [{ clusterName: "c", serviceName: "s" }] }));
        expect(bodyOf(inv.one(DASHBOARD).inputs).widgets.map((w: any) => w.properties.title ?? w.properties.markdown)).toEqual(["## Services (ECS Fargate)", "Running tasks"]);
        const bad = await rejectedArgs(() => new EnvironmentDashboard("dashboard", { namePrefix: "acme-stg", region: "mars" }));
        expect(bad.error.problems).toEqual(['region: expected an AWS region such as "eu-central-1", got "mars"']);
    });

    it("leaves out empty sections, labels each health check with its URL and gives a regional WAF its region", async () => {
        const inv = await plan(() => new EnvironmentDashboard("dashboard", {
            namePrefix: "acme-stg", region: "eu-west-1",
            healthChecks: { "https://a.example.com/": "hc-a", "https://b.example.com/healthz": "hc-b" }, webAcl: { metricName: "acme-stg-alb", scope: "REGIONAL" },
        }));
        expect(bodyOf(inv.one(DASHBOARD).inputs).widgets).toEqual([
            heading(0, "Edge (uptime, WAF)"),
            chart(0, 1, "Health checkers seeing the host healthy (%)", "us-east-1", "Average", "%", [
                ["AWS/Route53", "HealthCheckPercentageHealthy", "HealthCheckId", "hc-a", { label: "https://a.example.com/" }],
                ["AWS/Route53", "HealthCheckPercentageHealthy", "HealthCheckId", "hc-b", { label: "https://b.example.com/healthz" }],
            ]),
            chart(12, 1, "Requests blocked by AWS WAF / min", "eu-west-1", "Sum", "req/min", [["AWS/WAFV2", "BlockedRequests", "WebACL", "acme-stg-alb", "Rule", "ALL", "Region", "eu-west-1"]]),
        ]);
    });

    it.each<[string, Partial<EnvironmentDashboardArgs>, string[]]>([
        ["a one-letter prefix", { namePrefix: "a" }, []],
        ["a 30-character prefix", { namePrefix: `a${"0".repeat(29)}` }, []],
        ["a REGIONAL web ACL", { webAcl: { metricName: "m", scope: "REGIONAL" } }, []],
        ["a CLOUDFRONT web ACL", { webAcl: { metricName: "m", scope: "CLOUDFRONT" } }, []],
        ["a 31-character prefix", { namePrefix: `a${"0".repeat(30)}` }, [`namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "a${"0".repeat(30)}"`]],
        ["a prefix with text before it", { namePrefix: "-acme" }, ['namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "-acme"']],
        ["a prefix with text after it", { namePrefix: "acme_prod" }, ['namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "acme_prod"']],
        ["a global web ACL", { webAcl: { metricName: "m", scope: "GLOBAL" as never } }, ['webAcl.scope: expected one of "CLOUDFRONT", "REGIONAL", got "GLOBAL"']],
    ])("validates %s", (_, extra, problems) => {
        expect(argProblems(() => validateEnvironmentDashboardArgs("dashboard", { namePrefix: "acme-prod", region: EU, ...extra }))).toEqual(problems);
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
