/**
 * The AWS observability concern, on the contracts only (compute result, data and edge watch),
 * mirroring tests/infra/gcp/observability.test.ts: what exists gets its alarms, routed to the
 * topic of its region with a runbook; what another concern adds later is one entry away.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext, ComputeResult, DataWatch, EdgeWatch } from "../../../infra/aws/context";
import { deployFoundation } from "../../../infra/aws/foundation";
import { dataWatchOf, deployObservability, loadBalancersOf, rdsDefaultMaxConnections } from "../../../infra/aws/observability";
import { parseSpec } from "../../../infra/config";
import { environmentLabels } from "../../../infra/labels";
import { plan, type Inventory } from "../../helpers/inventory";
import { rawAwsSpec } from "../../helpers/spec";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const out = (v: string) => pulumi.output(v);

const COMPUTE: ComputeResult = {
    clusterName: out("acme-prod"),
    clusterArn: out("arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod"),
    services: [
        { name: "api", kind: "web", serviceName: out("acme-prod-api"), securityGroupId: out("sg-1"), clusterName: out("acme-prod"), minInstances: 2, maxInstances: 50 },
        { name: "worker", kind: "worker", serviceName: out("acme-prod-worker"), securityGroupId: out("sg-2"), clusterName: out("acme-prod"), minInstances: 2, maxInstances: 2 },
    ],
    jobs: [{ name: "migrate", taskDefinitionArn: out("arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-migrate:1"), family: "acme-prod-migrate" }],
    outputs: {},
};
const DATA: DataWatch = {
    databases: [
        { name: "main", instanceIdentifier: out("acme-prod-main"), replica: false, allocatedStorageGb: 100, maxConnections: 400, backups: true },
        { name: "main-replica-1", instanceIdentifier: out("acme-prod-main-replica-1"), replica: true, allocatedStorageGb: 100, maxConnections: 400, backups: true },
    ],
    caches: [{ name: "cache", memberClusterIds: [out("acme-prod-cache-001"), out("acme-prod-cache-002")] }],
};
const EDGE: EdgeWatch = {
    publicEndpoints: [
        { host: "api.example.com", kind: "service", probe: { enabled: true, path: "/healthz", acceptedStatus: ["2xx"] } },
        { host: "app.example.com", kind: "site", probe: { enabled: true, path: "/", acceptedStatus: ["2xx"] } },
        { host: "status.example.com", kind: "service", probe: { enabled: false, path: "/", acceptedStatus: ["2xx"] } },
    ],
    loadBalancers: { api: { loadBalancerArnSuffix: out("app/acme-prod/1"), targetGroupArnSuffix: out("targetgroup/acme-prod-api/2") } },
    webAcl: { metricName: out("acme-prod-edge"), scope: "CLOUDFRONT" },
    distributions: { "app.example.com": out("E2QWRUHEXAMPLE") },
    certificates: [{ arn: out("arn:aws:acm:us-east-1:123456789012:certificate/abc"), region: "us-east-1", domain: "app.example.com" }],
};

async function observe(raw: Record<string, unknown>, deployed: { data?: DataWatch; edge?: EdgeWatch } = {}): Promise<{ inv: Inventory; outputs: Record<string, unknown> }> {
    let outputs: Record<string, unknown> = {};
    const inv = await plan(() => {
        const spec = parseSpec(raw, "test");
        const { key, network, usEast1Key } = deployFoundation(spec, {});
        const ctx: AwsContext = {
            spec, stack: "aws-prod", accountId: "123456789012", labels: environmentLabels(spec, "aws-prod"), provider: undefined as never, opts: {},
            logRetentionDays: 365, key, usEast1Key, network,
        };
        outputs = deployObservability(ctx, { compute: COMPUTE, ...deployed }).outputs;
    });
    return { inv, outputs };
}

const withAlerts = (extra: Record<string, unknown> = {}) => ({
    ...rawAwsSpec("prod"),
    alerts: { emails: ["oncall@example.com"], thresholds: { errorRatePercent: 2, durationSeconds: 120 }, uptime: { contentMatch: "ok" } },
    budget: { amount: 1500 },
    ...extra,
});

describe("AWS observability", () => {
    it("creates nothing without an alerts section", async () => {
        const { inv, outputs } = await observe(rawAwsSpec("prod"));
        expect(inv.ofType(ALARM)).toEqual([]);
        expect(outputs).toEqual({});
    });

    it("watches what exists today in the environment's region only: services, worker, job, with the spec's thresholds and a budget", async () => {
        const { inv, outputs } = await observe(withAlerts());
        expect(inv.ofType(TOPIC).map((t) => t.inputs.region)).toEqual(["eu-central-1"]);
        const names = inv.ofType(ALARM).map((a) => a.inputs.name).sort();
        expect(names).toEqual([
            "acme-prod-api-cpu", "acme-prod-api-memory", "acme-prod-api-tasks-below-desired", "acme-prod-api-tasks-near-max",
            "acme-prod-migrate-job-failed", "acme-prod-worker-cpu", "acme-prod-worker-memory", "acme-prod-worker-tasks-below-desired", "acme-prod-worker-worker-exiting",
        ]);
        expect([...new Set(inv.ofType(ALARM).map((a) => a.inputs.region))]).toEqual(["eu-central-1"]);
        // durationSeconds 120: two one-minute periods.
        expect(inv.ofType(ALARM).find((a) => a.inputs.name === "acme-prod-api-cpu")!.inputs.evaluationPeriods).toBe(2);
        expect(Object.keys(outputs).sort()).toEqual(["alarmTopicArns", "budgetName", "dashboardName", "runbookDashboardName"]);
        // The key the topic uses admits the services that publish to it.
        const key = inv.ofType("aws:kms/key:Key").find((k) => k.inputs.region === "eu-central-1")!;
        expect(JSON.parse(key.inputs.policy as string).Statement.map((s: any) => s.Sid)).toEqual([
            "AccountIamManagesTheKey", "CloudWatchLogsOfThisAccount", "CloudWatchAlarmsOfThisAccount", "BudgetsOfThisAccount", "EventBridgeRulesOfThisAccount",
        ]);
    });

    it("wires the data tier and the edge in from plain identifiers: per-region topics, health checks, request, data and edge alarms", async () => {
        const { inv, outputs } = await observe(withAlerts(), { data: DATA, edge: EDGE });
        expect(inv.ofType(TOPIC).map((t) => t.inputs.region)).toEqual(["eu-central-1", "us-east-1"]);
        const checks = inv.ofType("aws:route53/healthCheck:HealthCheck").map((c) => [c.inputs.fqdn, c.inputs.type, c.inputs.requestInterval]);
        // The content match is for services' health endpoints; a disabled probe gets no check.
        expect(checks).toEqual([["api.example.com", "HTTPS_STR_MATCH", 30], ["app.example.com", "HTTPS", 30]]);
        const byName = (n: string) => inv.ofType(ALARM).find((a) => a.inputs.name === n)!.inputs;
        expect(byName("acme-prod-api-5xx-ratio").threshold).toBe(2);
        expect(byName("acme-prod-uptime-api-example-com-healthz")).toMatchObject({ region: "us-east-1", alarmActions: ["arn:aws:sns:us-east-1:123456789012:acme-prod-alarms"] });
        expect(byName("acme-prod-cdn-app-example-com-5xx-rate").region).toBe("us-east-1");
        expect(byName("acme-prod-db-main-replica-1-replica-lag").metricName).toBe("ReplicaLag");
        expect(inv.ofType(ALARM).filter((a) => String(a.inputs.name).startsWith("acme-prod-db-main-replica-1")).map((a) => a.inputs.name)).not.toContain("acme-prod-db-main-replica-1-no-backup-for-a-day");
        expect(byName("acme-prod-db-main-no-backup-for-a-day").period).toBe(21600);
        expect(byName("acme-prod-cache-cache-2-evictions").dimensions).toEqual({ CacheClusterId: "acme-prod-cache-002" });
        expect(Object.keys(outputs.healthCheckIds as object)).toEqual(["https://api.example.com/healthz", "https://app.example.com/"]);
    });

    it("pairs the load balancer with each web service's own target group, and nothing without a load balancer", async () => {
        const compute: ComputeResult = { ...COMPUTE, services: [{ ...COMPUTE.services[0], targetGroupArnSuffix: out("targetgroup/acme-prod-api/2") }, COMPUTE.services[1]] };
        expect(loadBalancersOf(compute, undefined)).toEqual({});
        const pairs = loadBalancersOf(compute, out("app/acme-prod/1"));
        expect(Object.keys(pairs)).toEqual(["api"]);
        const resolved = await new Promise((resolve) => pulumi.all([pairs.api.loadBalancerArnSuffix, pairs.api.targetGroupArnSuffix]).apply(resolve));
        expect(resolved).toEqual(["app/acme-prod/1", "targetgroup/acme-prod-api/2"]);
    });

    it("sends PagerDuty and the webhook over HTTPS and Slack through AWS Chatbot", async () => {
        const { inv } = await observe(withAlerts({
            alerts: { pagerdutyServiceKey: "pd-key", webhookUrl: "https://hooks.example.com/x", slack: { channel: "#ops", workspaceId: "T0123456789", channelId: "C0123456789" } },
        }));
        expect(inv.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint])).toEqual([
            ["alarms-eu-central-1-pagerduty", "https", "[secret]"], ["alarms-eu-central-1-webhook", "https", "[secret]"],
        ]);
        expect(inv.one("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").inputs).toMatchObject({ slackTeamId: "T0123456789", slackChannelId: "C0123456789" });
    });

    it("derives RDS's default max_connections from the class, and takes the spec's flag over it", () => {
        // 4 GiB / 9531392 bytes (Postgres); memory-optimised classes have twice the memory; MySQL divides by 12582880.
        expect(rdsDefaultMaxConnections("db.t4g.medium", "postgres")).toBe(450);
        expect(rdsDefaultMaxConnections("db.r7g.large", "postgres")).toBe(1802);
        expect(rdsDefaultMaxConnections("db.m7g.16xlarge", "postgres")).toBe(5000);
        expect(rdsDefaultMaxConnections("db.m7g.large", "mysql")).toBe(682);
        const spec = parseSpec({ ...rawAwsSpec("prod"), database: { tier: "db.m7g.large", storageGb: 50, flags: { max_connections: 500 } } }, "test");
        const watch = dataWatchOf(spec, {
            databases: [{ name: "database", identifier: "acme-prod-db" }, { name: "database-replica-1", identifier: "acme-prod-db-replica-1" }],
            caches: [{ name: "cache", memberClusterIds: ["acme-prod-cache-001"] }], outputs: {},
        });
        expect(watch.databases.map((d) => [d.name, d.replica, d.allocatedStorageGb, d.maxConnections])).toEqual([
            ["database", false, 50, 500], ["database-replica-1", true, 50, 500],
        ]);
        expect(watch.caches).toEqual([{ name: "cache", memberClusterIds: ["acme-prod-cache-001"] }]);
    });
});
