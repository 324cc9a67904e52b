/**
 * Observability concern: notification channels, uptime checks, alert policies with
 * runbooks, the environment dashboard, log retention and the billing budget. It watches
 * what the other concerns deployed, through their results only.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { byTier, isProd, resourceName } from "../../components/core/internal";
import { BillingBudget } from "../../components/gcp/budget";
import { CacheAlerts } from "../../components/gcp/cache-alerts";
import { EnvironmentDashboard } from "../../components/gcp/dashboard";
import { DatabaseAlerts, cloudSqlDefaultMaxConnections } from "../../components/gcp/database-alerts";
import { SecurityPolicyAlerts } from "../../components/gcp/edge-alerts";
import { LogRetention } from "../../components/gcp/log-retention";
import { NotificationChannels } from "../../components/gcp/alerts";
import { ServiceAlerts } from "../../components/gcp/service-alerts";
import { UptimeCheck } from "../../components/gcp/uptime";
import { WorkloadAlerts } from "../../components/gcp/workload-alerts";
import type { ComputeResult, DataResult, EdgeResult, GcpContext, ObservabilityResult } from "./context";
import { deployRestoreDrill } from "./restore-drill";

/** APIs the observability concern needs. */
export const OBSERVABILITY_APIS: string[] = [
    "monitoring.googleapis.com",
    "logging.googleapis.com",
    "storage.googleapis.com",
    // Project number look-up for the budget filter.
    "cloudresourcemanager.googleapis.com",
    "billingbudgets.googleapis.com",
];

/**
 * Days the `_Default` log bucket keeps entries when the spec sets no `logs.retentionDays`:
 * a year in prod (incident forensics, audits), Cloud Logging's free 30 days elsewhere.
 */
export const DEFAULT_LOG_RETENTION_DAYS = { prod: 365, nonProd: 30 };

/** Days the log archive bucket (`logs.archiveBucket: true`) keeps objects. */
export const LOG_ARCHIVE_RETENTION_DAYS = { prod: 400, nonProd: 90 };

/** Logical-name slug of a public endpoint: `api-example-com` or `api-example-com-status`. */
function endpointSlug(host: string, path: string): string {
    return resourceName([host, path === "/" ? "" : path], 50);
}

/**
 * Watches everything the other concerns deployed:
 * - channels from `alerts` (email, Slack, webhook, PagerDuty; tokens as secrets);
 * - an HTTPS uptime check per public endpoint from four continents, alerting when two
 *   locations fail (after 1 min: requiring two locations already filters blips) and when
 *   the served certificate nears expiry (`certificateExpiryDays`); `uptime.contentMatch`
 *   applies to service health endpoints only (a site's page would not contain it);
 * - per service: 5xx ratio, p95 latency, instances near `maxInstances`; per job: a failed
 *   execution; per worker: containers exiting (crash loop);
 * - per database: CPU, memory, disk, connections (against Cloud SQL's default
 *   `max_connections` for the tier), failed automated backups (primaries only);
 * - per cache: memory usage ratio; per Cloud Armor policy: a denial spike;
 * - the environment dashboard, `_Default` log retention (spec or
 *   {@link DEFAULT_LOG_RETENTION_DAYS}) with an optional archive, and a monthly budget when
 *   `budget` is set.
 * Thresholds and `durationSeconds` come from `alerts.thresholds`; prod and non-prod differ
 * only where their specs differ. Every policy carries its runbook and notifies every channel.
 */
export function deployObservability(
    ctx: GcpContext,
    deployed: { data: DataResult; compute: ComputeResult; edge: EdgeResult },
): ObservabilityResult {
    const { spec } = ctx;
    const { data, compute, edge } = deployed;
    // The spec requires alerts on gcp (config.ts).
    const alerts = spec.alerts!;
    const t = alerts.thresholds;
    const namePrefix = spec.namePrefix;

    const channels = new NotificationChannels("alerts", {
        namePrefix,
        emails: alerts.emails,
        // The token is required on gcp (config-cloud.ts).
        slack: alerts.slack && { channel: alerts.slack.channel, authToken: pulumi.secret(alerts.slack.authToken!) },
        webhookUrl: alerts.webhookUrl === undefined ? undefined : pulumi.secret(alerts.webhookUrl),
        pagerdutyServiceKey: alerts.pagerdutyServiceKey === undefined ? undefined : pulumi.secret(alerts.pagerdutyServiceKey),
    }, ctx.opts);
    const notificationChannels = channels.channelIds;

    // The content match is meant for health endpoints; a static site's page would not contain it.
    // Endpoints whose probe is turned off (`uptime.enabled: false`) get no check.
    const uptimeChecks = edge.publicEndpoints.filter((ep) => ep.probe.enabled).map((ep) => ({
        key: `${ep.host}${ep.probe.path}`,
        check: new UptimeCheck(`uptime-${endpointSlug(ep.host, ep.probe.path)}`, {
            namePrefix,
            project: ctx.project,
            host: ep.host,
            path: ep.probe.path,
            acceptedStatusClasses: ep.probe.acceptedStatus,
            notificationChannels,
            periodSeconds: alerts.uptime.periodSeconds,
            timeoutSeconds: alerts.uptime.timeoutSeconds,
            contentMatch: ep.kind === "service" ? alerts.uptime.contentMatch : undefined,
            certificateExpiryDays: t.certificateExpiryDays,
            certificateNames: edge.certificates,
        }, ctx.opts),
    }));

    for (const svc of compute.services) {
        new ServiceAlerts(`alerts-service-${svc.name}`, {
            namePrefix,
            service: svc.name,
            serviceName: svc.serviceName,
            region: svc.region,
            minInstances: svc.minInstances,
            maxInstances: svc.maxInstances,
            notificationChannels,
            errorRatePercent: t.errorRatePercent,
            latencyP95Ms: t.latencyP95Ms,
            instancesPercentOfMax: t.instancesPercentOfMax,
            durationSeconds: t.durationSeconds,
        }, ctx.opts);
    }

    // Jobs and workers serve no requests: a failed execution and a crash loop are their alerts.
    if (compute.jobs.length + compute.workers.length > 0) {
        new WorkloadAlerts("alerts-workloads", {
            namePrefix,
            region: spec.region,
            jobs: Object.fromEntries(compute.jobs.map((j) => [j.name, j.jobName])),
            workerPools: Object.fromEntries(compute.workers.map((w) => [w.name, w.workerPoolName])),
            notificationChannels,
        }, ctx.opts);
    }

    const engine = spec.database?.engine ?? "postgres";
    for (const db of data.databases) {
        new DatabaseAlerts(`alerts-database-${db.name}`, {
            namePrefix,
            database: resourceName([db.name], 30),
            databaseId: db.databaseId,
            engine,
            // A tuned max_connections is the limit the alert measures against.
            maxConnections: spec.database?.flags.max_connections !== undefined
                ? Number(spec.database.flags.max_connections)
                : cloudSqlDefaultMaxConnections(spec.database?.tier ?? ""),
            notificationChannels,
            cpuPercent: t.databaseCpuPercent,
            memoryPercent: t.databaseMemoryPercent,
            diskPercent: t.databaseDiskPercent,
            connectionsPercent: t.databaseConnectionsPercent,
            durationSeconds: t.durationSeconds,
            // Read replicas take no backups. DataResult has no role field, so the data
            // concern's replica naming (`<name>-replica-<n>`) tells them apart.
            watchBackups: !/-replica-\d+$/.test(db.name),
        }, ctx.opts);
    }

    for (const cache of data.caches) {
        new CacheAlerts(`alerts-cache-${cache.name}`, {
            namePrefix,
            cache: resourceName([cache.name], 30),
            instanceId: cache.instanceId,
            notificationChannels,
            memoryPercent: t.cacheMemoryPercent,
            durationSeconds: t.durationSeconds,
        }, ctx.opts);
    }

    edge.securityPolicies.forEach((policyName, i) => {
        new SecurityPolicyAlerts(`alerts-armor-${i}`, {
            namePrefix,
            policyName,
            notificationChannels,
            deniedPerMinute: t.wafDeniedPerMinute,
            durationSeconds: t.durationSeconds,
        }, ctx.opts);
    });

    const restoreDrill = deployRestoreDrill(ctx, data, notificationChannels);

    const uptimeHosts = [...new Set(edge.publicEndpoints.map((ep) => ep.host))];
    const charted = compute.services.length + data.databases.length + data.caches.length + uptimeHosts.length + edge.securityPolicies.length;
    const dashboard = charted > 0
        ? new EnvironmentDashboard("dashboard", {
            namePrefix,
            services: compute.services.map((s) => ({ serviceName: s.serviceName })),
            databases: data.databases.map((d) => ({ databaseId: d.databaseId, engine })),
            caches: data.caches.map((c) => c.instanceId),
            uptimeHosts,
            securityPolicies: edge.securityPolicies,
            restoreDrill,
        }, ctx.opts)
        : undefined;

    const logs = new LogRetention("logs", {
        project: ctx.project,
        namePrefix,
        retentionDays: spec.logs.retentionDays ?? byTier(spec.tier, DEFAULT_LOG_RETENTION_DAYS),
        archive: spec.logs.archiveBucket
            ? { location: spec.region, retentionDays: byTier(spec.tier, LOG_ARCHIVE_RETENTION_DAYS) }
            : undefined,
        protectArchive: isProd(spec.tier),
    }, ctx.opts);

    let budget: BillingBudget | undefined;
    if (spec.budget) {
        const project = gcp.organizations.getProjectOutput({ projectId: ctx.project }, { provider: ctx.provider });
        budget = new BillingBudget("budget", {
            displayName: `${namePrefix} monthly`,
            billingAccount: spec.gcp!.billingAccount!,
            projectNumber: project.number,
            amount: spec.budget.amount,
            currency: spec.budget.currency,
            thresholdPercents: spec.budget.thresholdPercents,
            // The Budget API takes email channels only (at most 5, checked with the spec).
            notificationChannels: channels.emailChannelIds,
        }, ctx.opts);
    }

    return {
        outputs: {
            notificationChannels: notificationChannels,
            uptimeCheckIds: Object.fromEntries(uptimeChecks.map(({ key, check }) => [key, check.uptimeCheckId])),
            ...(dashboard ? { dashboardId: dashboard.dashboard.id } : {}),
            logRetentionDays: logs.defaultBucket.retentionDays,
            ...(logs.archiveBucket ? { logArchiveBucket: logs.archiveBucket.name } : {}),
            ...(budget ? { budgetId: budget.budget.id } : {}),
        },
    };
}
