/**
 * Observability concern on AWS, mirroring `infra/gcp/observability.ts`: notification topics,
 * Route 53 health checks, CloudWatch alarms with runbooks, the environment dashboard, the
 * runbook dashboard and the monthly budget. It watches what the other concerns deployed
 * through plain identifiers only (`ComputeResult`, `DataWatch`, `EdgeWatch`), so wiring a new
 * resource in is one entry there. Log retention is set where each log group is created
 * (`ctx.logRetentionDays`, the spec's `logs.retentionDays` or the tier default).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AlarmRunbooks, AlarmTopics, BillingBudget, CacheAlarms, DatabaseAlarms, EdgeAlarms, EnvironmentDashboard, RestoreDrillAlarms, ServiceAlarms, UptimeCheck, WorkloadAlarms,
    type AlarmRunbook,
} from "../../components/aws";
import { resourceName } from "../../components/core/internal";
import { ROUTE53_REQUEST_INTERVAL } from "../config-cloud";
import type { AwsContext, AwsDataResult, ComputeResult, DataWatch, EdgeWatch, ObservabilityResult } from "./context";
import type { AwsEdgeResult } from "./edge";
import { US_EAST_1 } from "./foundation";

/** Nothing deployed yet by a concern the observability concern watches. */
export const NO_DATA: DataWatch = { databases: [], caches: [] };
export const NO_EDGE: EdgeWatch = { publicEndpoints: [], loadBalancers: {}, distributions: {}, certificates: [] };

/** GiB of memory of an RDS class by its size (`db.m7g.large` → 8), for the default `max_connections`. */
const RDS_SIZE_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256 };

/**
 * RDS's default `max_connections` for a class: Postgres `LEAST(memory / 9531392, 5000)`, MySQL
 * `memory / 12582880`, memory-optimised (`r`, `x`) classes having twice the general ones'.
 */
export function rdsDefaultMaxConnections(tier: string, engine: "postgres" | "mysql"): number {
    const [, family = "", size = ""] = /^db\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(tier) ?? [];
    const gib = (RDS_SIZE_GIB[size] ?? 4) * (/^[rx]/.test(family) ? 2 : 1);
    const bytes = gib * 1024 ** 3;
    return engine === "postgres" ? Math.min(Math.floor(bytes / 9531392), 5000) : Math.floor(bytes / 12582880);
}

/** What the observability concern watches of the data concern's result, with the spec's sizes. */
export function dataWatchOf(spec: AwsContext["spec"], data: AwsDataResult): DataWatch {
    const db = spec.database;
    const engine = db?.engine ?? "postgres";
    const maxConnections = db?.flags.max_connections !== undefined ? Number(db.flags.max_connections) : rdsDefaultMaxConnections(db?.tier ?? "", engine);
    return {
        databases: data.databases.map((d) => ({
            name: d.name,
            instanceIdentifier: pulumi.output(d.identifier),
            replica: /-replica-\d+$/.test(d.name),
            allocatedStorageGb: db?.storageGb ?? 20,
            maxConnections,
            backups: true,
        })),
        caches: data.caches.map((c) => ({ name: c.name, memberClusterIds: c.memberClusterIds })),
    };
}

/** What the observability concern watches of the edge concern's result (and the load balancer's). */
export function edgeWatchOf(edge: AwsEdgeResult, loadBalancers: EdgeWatch["loadBalancers"]): EdgeWatch {
    return {
        publicEndpoints: edge.publicEndpoints,
        loadBalancers,
        ...(edge.webAcl ? { webAcl: { metricName: edge.webAcl.metricName, scope: edge.webAcl.scope } } : {}),
        distributions: Object.fromEntries([...edge.distributions].map(([host, d]) => [host, d.distributionId])),
        certificates: edge.certificates,
    };
}

/** Logical-name slug of a public endpoint: `api-example-com` or `api-example-com-status`. */
function endpointSlug(host: string, path: string): string {
    return resourceName([host, path === "/" ? "" : path], 50);
}

/**
 * The request-alarm dimensions of every web service behind the load balancer whose
 * `arnSuffix` is given: its own target group's `arnSuffix` with the balancer's.
 */
export function loadBalancersOf(compute: ComputeResult, loadBalancerArnSuffix: pulumi.Output<string> | undefined): EdgeWatch["loadBalancers"] {
    if (!loadBalancerArnSuffix) return {};
    return Object.fromEntries(compute.services.filter((s) => s.targetGroupArnSuffix).map((s) => [s.name, { loadBalancerArnSuffix, targetGroupArnSuffix: s.targetGroupArnSuffix! }]));
}

/** PagerDuty's CloudWatch integration endpoint for an integration key. */
export function pagerDutyCloudWatchUrl(key: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`https://events.pagerduty.com/integration/${key}/enqueue`;
}

/**
 * Watches everything the other concerns deployed, when the spec has `alerts`:
 * - an SNS topic per alarm region (the environment's; us-east-1 as soon as something there
 *   is watched: health checks, CloudFront, a CLOUDFRONT web ACL, its certificate), each under
 *   that region's customer-managed key, fanning out to the `alerts` emails, PagerDuty and the
 *   webhook (HTTPS) and Slack (AWS Chatbot);
 * - a Route 53 HTTPS health check per public endpoint (probe enabled) and its alarm;
 * - per service: 5xx ratio and p95 latency (behind a load balancer), CPU, memory, tasks below
 *   desired, tasks near `maxInstances`; per job: a failed run; per worker: exits (crash loop);
 * - per database: CPU, free storage, connections, replica lag (replicas) or a day without a
 *   finished backup (primaries with backups, the backups' freshness); the restore drill: a
 *   failed drill, none succeeded within two schedule periods, a scratch instance left over a
 *   day; per cache node: memory and evictions;
 * - the edge: WAF blocks, CloudFront 5xx rate, certificate expiry;
 * - the environment dashboard, the runbook dashboard every alarm links to, and the monthly
 *   budget (`budget`) to the emails and the topic.
 * Thresholds and `durationSeconds` come from `alerts.thresholds`, as on GCP.
 */
export function deployObservability(
    ctx: AwsContext,
    deployed: { compute: ComputeResult; data?: DataWatch; edge?: EdgeWatch },
): ObservabilityResult {
    const { spec } = ctx;
    const alerts = spec.alerts;
    if (!alerts) return { outputs: {} };
    const t = alerts.thresholds;
    const namePrefix = spec.namePrefix;
    const region = spec.region;
    const { compute } = deployed;
    const data = deployed.data ?? NO_DATA;
    const edge = deployed.edge ?? NO_EDGE;
    const probed = edge.publicEndpoints.filter((ep) => ep.probe.enabled);

    // us-east-1 hosts what Route 53, CloudFront and CLOUDFRONT-scope WAF publish.
    const distributions = Object.keys(edge.distributions).length > 0;
    const needsUsEast1 = region !== US_EAST_1 && (probed.length > 0 || distributions ||
        edge.webAcl?.scope === "CLOUDFRONT" || edge.certificates.some((c) => c.region === US_EAST_1));
    const httpsEndpoints: Record<string, pulumi.Input<string>> = {};
    if (alerts.pagerdutyServiceKey !== undefined) httpsEndpoints.pagerduty = pagerDutyCloudWatchUrl(pulumi.secret(alerts.pagerdutyServiceKey));
    if (alerts.webhookUrl !== undefined) httpsEndpoints.webhook = pulumi.secret(alerts.webhookUrl);
    const topics = new AlarmTopics("alarms", {
        namePrefix,
        topics: [
            { region, kmsKeyArn: ctx.key.arn },
            ...(needsUsEast1 ? [{ region: US_EAST_1, kmsKeyArn: ctx.usEast1Key().arn }] : []),
        ],
        emails: alerts.emails,
        httpsEndpoints,
        ...(alerts.slack ? { slack: { workspaceId: alerts.slack.workspaceId!, channelId: alerts.slack.channelId! } } : {}),
    }, ctx.opts);
    const topicArn = topics.topicArns[region];
    const common = { namePrefix, region, topicArn, durationSeconds: t.durationSeconds };
    const runbooks: AlarmRunbook[] = [];

    const healthChecks = probed.map((ep) => {
        const check = new UptimeCheck(`uptime-${endpointSlug(ep.host, ep.probe.path)}`, {
            namePrefix,
            host: ep.host,
            path: ep.probe.path,
            // Every spec period (60 s or more) maps to Route 53's slower interval.
            requestIntervalSeconds: ROUTE53_REQUEST_INTERVAL,
            contentMatch: ep.kind === "service" ? alerts.uptime.contentMatch : undefined,
            topicArn: topics.topicArns[US_EAST_1],
            runbookRegion: region,
        }, ctx.opts);
        runbooks.push(...check.runbooks);
        return { url: `https://${ep.host}${ep.probe.path}`, id: check.healthCheckId };
    });

    for (const svc of compute.services) {
        const alarms = new ServiceAlarms(`alarms-service-${svc.name}`, {
            ...common,
            service: svc.name,
            kind: svc.kind,
            clusterName: svc.clusterName,
            serviceName: svc.serviceName,
            minInstances: svc.minInstances,
            maxInstances: svc.maxInstances,
            loadBalancer: edge.loadBalancers[svc.name],
            errorRatePercent: t.errorRatePercent,
            latencyP95Ms: t.latencyP95Ms,
            instancesPercentOfMax: t.instancesPercentOfMax,
        }, ctx.opts);
        runbooks.push(...alarms.runbooks);
    }

    const workers = compute.services.filter((s) => s.kind === "worker");
    if (compute.jobs.length + workers.length > 0) {
        const alarms = new WorkloadAlarms("alarms-workloads", {
            namePrefix, region, topicArn,
            jobs: Object.fromEntries(compute.jobs.map((j) => [j.name, j.family])),
            workers: Object.fromEntries(workers.map((w) => [w.name, w.serviceName])),
            logsKmsKeyArn: ctx.key.arn,
            logRetentionDays: ctx.logRetentionDays,
        }, ctx.opts);
        runbooks.push(...alarms.runbooks);
    }

    for (const db of data.databases) {
        const alarms = new DatabaseAlarms(`alarms-database-${db.name}`, {
            ...common,
            database: db.name,
            instanceIdentifier: db.instanceIdentifier,
            engine: spec.database?.engine ?? "postgres",
            replica: db.replica,
            allocatedStorageGb: db.allocatedStorageGb,
            maxConnections: db.maxConnections,
            ...(db.backups && !db.replica ? { backups: { logsKmsKeyArn: ctx.key.arn, logRetentionDays: ctx.logRetentionDays } } : {}),
            cpuPercent: t.databaseCpuPercent,
            diskPercent: t.databaseDiskPercent,
            connectionsPercent: t.databaseConnectionsPercent,
        }, ctx.opts);
        runbooks.push(...alarms.runbooks);
    }

    if (data.restoreDrill) {
        const drill = data.restoreDrill;
        const alarms = new RestoreDrillAlarms("alarms-restore-drill", {
            namePrefix, region, topicArn,
            metricNamespace: drill.metricNamespace,
            scratchIdentifier: drill.scratchIdentifier,
            databaseIdentifier: drill.databaseIdentifier,
            stateMachineArn: drill.stateMachineArn,
            schedulePeriodSeconds: drill.schedulePeriodSeconds,
        }, ctx.opts);
        runbooks.push(...alarms.runbooks);
    }

    for (const cache of data.caches) {
        const alarms = new CacheAlarms(`alarms-cache-${cache.name}`, {
            ...common,
            cache: cache.name,
            memberClusterIds: cache.memberClusterIds,
            memoryPercent: t.cacheMemoryPercent,
        }, ctx.opts);
        runbooks.push(...alarms.runbooks);
    }

    if (edge.webAcl || distributions || edge.certificates.length) {
        const alarms = new EdgeAlarms("alarms-edge", {
            namePrefix, region,
            topicArns: topics.topicArns,
            webAcl: edge.webAcl,
            distributions: edge.distributions,
            certificates: edge.certificates,
            blockedPerMinute: t.wafDeniedPerMinute,
            errorRatePercent: t.errorRatePercent,
            certificateExpiryDays: t.certificateExpiryDays,
            durationSeconds: t.durationSeconds,
        }, ctx.opts);
        runbooks.push(...alarms.runbooks);
    }

    const dashboard = new EnvironmentDashboard("dashboard", {
        namePrefix,
        region,
        services: compute.services.map((s) => ({ clusterName: s.clusterName, serviceName: s.serviceName, loadBalancer: edge.loadBalancers[s.name] })),
        databases: data.databases.map((d) => d.instanceIdentifier),
        cacheNodes: data.caches.flatMap((c) => c.memberClusterIds),
        healthChecks: Object.fromEntries(healthChecks.map((h) => [h.url, h.id])),
        webAcl: edge.webAcl,
        ...(data.restoreDrill ? { restoreDrill: { metricNamespace: data.restoreDrill.metricNamespace } } : {}),
    }, ctx.opts);
    const runbookDashboard = runbooks.length ? new AlarmRunbooks("runbooks", { namePrefix, region, runbooks }, ctx.opts) : undefined;

    const budget = spec.budget
        ? new BillingBudget("budget", {
            name: `${namePrefix}-monthly`,
            amount: spec.budget.amount,
            currency: spec.budget.currency,
            thresholdPercents: spec.budget.thresholdPercents,
            emails: alerts.emails,
            topicArn,
            // Environments may share an account: count what carries this environment's tag.
            tag: { key: "environment", value: ctx.labels.environment },
        }, ctx.opts)
        : undefined;

    return {
        outputs: {
            alarmTopicArns: topics.topicArns,
            ...(healthChecks.length ? { healthCheckIds: Object.fromEntries(healthChecks.map((h) => [h.url, h.id])) } : {}),
            dashboardName: dashboard.dashboardName,
            ...(runbookDashboard ? { runbookDashboardName: runbookDashboard.dashboardName } : {}),
            ...(budget ? { budgetName: budget.budgetName } : {}),
        },
    };
}
