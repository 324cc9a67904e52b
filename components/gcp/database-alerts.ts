import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";
import { AUTO_CLOSE, checkChannels, checkDuration, checkNamePrefix, policyBasics, seconds, type AlertSeverity, type Runbook } from "./alerts";
import { databaseBackupRunbook, databaseConnectionsRunbook, databaseCpuRunbook, databaseDiskRunbook, databaseMemoryRunbook } from "../core/runbooks";

/** Arguments of {@link DatabaseAlerts}. */
export interface DatabaseAlertsArgs {
    /**
     * Prefix of every display name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Short name of the database in display names and runbooks, e.g. `main`.
     * @default none (required)
     */
    database: string;
    /**
     * Cloud SQL `database_id` metric label: `<project>:<instance>`.
     * @default none (required)
     */
    databaseId: pulumi.Input<string>;
    /**
     * Channel resource names every policy notifies.
     * @default none (required)
     */
    notificationChannels: pulumi.Input<string>[];
    /**
     * Database engine; picks the connection metric (`postgresql/num_backends` or MySQL's
     * `network/connections` against `mysql/max_connections`).
     * @default "postgres"
     */
    engine?: "postgres" | "mysql";
    /**
     * PostgreSQL's `max_connections` (Cloud Monitoring has no metric for it). Use
     * {@link cloudSqlDefaultMaxConnections} unless the instance sets the flag. Ignored for MySQL,
     * whose limit is read from its own metric.
     * @default 100
     */
    maxConnections?: number;
    /**
     * CPU utilisation, in percent, above which the CPU alert fires.
     * @default 80
     */
    cpuPercent?: number;
    /**
     * Memory in use by the database (page cache excluded), in percent, above which the memory alert fires.
     * @default 90
     */
    memoryPercent?: number;
    /**
     * Disk utilisation, in percent of the current disk size, above which the disk alert fires.
     * @default 85
     */
    diskPercent?: number;
    /**
     * Open connections, in percent of the limit, above which the connections alert fires.
     * @default 80
     */
    connectionsPercent?: number;
    /**
     * How long a metric condition must hold before an incident opens, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
    /**
     * Alert on failed automated backups. Turn off for read replicas, which take none.
     * @default true
     */
    watchBackups?: boolean;
}

/** Defaults of {@link DatabaseAlertsArgs}. */
export const DATABASE_ALERTS_DEFAULTS = {
    engine: "postgres" as "postgres" | "mysql",
    maxConnections: 100,
    cpuPercent: 80,
    memoryPercent: 90,
    diskPercent: 85,
    connectionsPercent: 80,
    durationSeconds: 300,
    watchBackups: true,
};

/** Window over which the gauges are averaged before comparing. */
const WINDOW = "300s";

/**
 * Cloud SQL for PostgreSQL's default `max_connections` for a machine tier, from the
 * documented table (by memory: < 3.75 GiB 25/50, < 6 → 100, < 7.5 → 200, < 15 → 400,
 * < 30 → 500, < 60 → 600, < 120 → 800, else 1000). Unknown tiers get 100, which makes the
 * alert fire early rather than late.
 */
export function cloudSqlDefaultMaxConnections(tier: string): number {
    if (tier === "db-f1-micro") return 25;
    if (tier === "db-g1-small") return 50;
    const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    const perf = /^db-perf-optimized-n-(\d+)$/i.exec(tier);
    const gib = custom ? Number(custom[2]) / 1024 : perf ? Number(perf[1]) * 8 : undefined;
    if (gib === undefined) return 100;
    const table: Array<[number, number]> = [[6, 100], [7.5, 200], [15, 400], [30, 500], [60, 600], [120, 800]];
    return table.find(([below]) => gib < below)?.[1] ?? 1000;
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateDatabaseAlertsArgs(name: string, args: DatabaseAlertsArgs): void {
    const check = new ArgsChecker(DatabaseAlerts.TYPE, name);
    checkNamePrefix(check, args.namePrefix);
    check.matches("database", args.database, /^[a-z][a-z0-9-]{0,29}$/, "a short name such as \"main\"");
    checkChannels(check, args.notificationChannels);
    check.oneOf("engine", args.engine, ["postgres", "mysql"] as const);
    check.intInRange("maxConnections", args.maxConnections, 1, 262143);
    check.intInRange("cpuPercent", args.cpuPercent, 10, 100);
    check.intInRange("memoryPercent", args.memoryPercent, 10, 100);
    check.intInRange("diskPercent", args.diskPercent, 10, 100);
    check.intInRange("connectionsPercent", args.connectionsPercent, 10, 100);
    checkDuration(check, "durationSeconds", args.durationSeconds);
    check.throwIfAny();
}

/**
 * Alert policies of one Cloud SQL instance, each with its runbook: CPU, memory (page
 * cache excluded), disk utilisation, connections near the limit, and (primaries) failed automated
 * backups (a log-based condition on Cloud SQL's `cloudsql.instances.automatedBackup`
 * system-event audit log, rate-limited to one notification an hour).
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * const db = new gcp.Database("db", { region: "europe-west1", namePrefix: "acme-prod", network: network.networkId });
 * export const dbAlerts = new gcp.DatabaseAlerts("db", {
 *     namePrefix: "acme-prod",
 *     database: "main",
 *     databaseId: pulumi.interpolate`acme-web-prod:${db.instanceName}`,
 *     notificationChannels: channels.channelIds,
 * });
 * ```
 */
export class DatabaseAlerts extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:DatabaseAlerts";

    /** The policies: `cpu`, `memory`, `disk`, `connections` and, when watched, `backups`. */
    readonly policies: Record<"cpu" | "memory" | "disk" | "connections", gcp.monitoring.AlertPolicy> & { backups?: gcp.monitoring.AlertPolicy };

    constructor(name: string, args: DatabaseAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDatabaseAlertsArgs(name, args);
        super(DatabaseAlerts.TYPE, name, {}, opts);
        const cfg = { ...DATABASE_ALERTS_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const label = `${cfg.namePrefix} Cloud SQL ${cfg.database}`;
        const duration = seconds(cfg.durationSeconds);
        const minutes = `${cfg.durationSeconds / 60} min`;
        const databaseId = pulumi.output(cfg.databaseId);
        const instance = databaseId.apply((id) => id.split(":").pop() ?? id);
        const project = databaseId.apply((id) => id.split(":")[0]);
        const resource = pulumi.interpolate`resource.type = "cloudsql_database" AND resource.labels.database_id = "${databaseId}"`;
        const metric = (type: string) => pulumi.interpolate`${resource} AND metric.type = "cloudsql.googleapis.com/database/${type}"`;
        const page = pulumi.interpolate`https://console.cloud.google.com/sql/instances/${instance}/overview?project=${project}`;
        const mean = [{ alignmentPeriod: WINDOW, perSeriesAligner: "ALIGN_MEAN" }];
        const policy = (key: string, displayName: string, severity: AlertSeverity, runbook: Runbook,
            condition: gcp.types.input.monitoring.AlertPolicyCondition) =>
            new gcp.monitoring.AlertPolicy(`${name}-${key}`, {
                ...policyBasics({ displayName, severity, runbook, notificationChannels: cfg.notificationChannels, concern: "database" }),
                conditions: [condition],
                alertStrategy: { autoClose: AUTO_CLOSE },
            }, parent);

        const cpu = policy("cpu", `${label}: CPU above ${cfg.cpuPercent}%`, "WARNING", databaseCpuRunbook({
            subject: pulumi.interpolate`Cloud SQL instance \`${instance}\``,
            percent: cfg.cpuPercent,
            minutes,
            insightsStep: pulumi.interpolate`Open Query insights for the instance (${page}) and sort queries by CPU time.`,
        }), {
            displayName: `CPU utilisation > ${cfg.cpuPercent}%`,
            conditionThreshold: {
                filter: metric("cpu/utilization"),
                aggregations: mean,
                comparison: "COMPARISON_GT",
                thresholdValue: cfg.cpuPercent / 100,
                duration,
                trigger: { count: 1 },
            },
        });

        const memory = policy("memory", `${label}: memory above ${cfg.memoryPercent}%`, "ERROR", databaseMemoryRunbook({
            whatFired: pulumi.interpolate`The database processes of Cloud SQL instance \`${instance}\` used more than ${cfg.memoryPercent}% of its memory (page cache excluded) for ${minutes}. Above this the instance risks an out-of-memory restart.`,
            connectionsStep: pulumi.interpolate`Check connections and Query insights on the instance page (${page}).`,
        }), {
            displayName: `memory usage > ${cfg.memoryPercent}%`,
            conditionThreshold: {
                // memory/components reports percentages; "Usage" leaves out cache and free memory.
                filter: pulumi.interpolate`${metric("memory/components")} AND metric.labels.component = "Usage"`,
                aggregations: mean,
                comparison: "COMPARISON_GT",
                thresholdValue: cfg.memoryPercent,
                duration,
                trigger: { count: 1 },
            },
        });

        const disk = policy("disk", `${label}: disk above ${cfg.diskPercent}%`, "ERROR", databaseDiskRunbook({
            whatFired: pulumi.interpolate`Cloud SQL instance \`${instance}\` used more than ${cfg.diskPercent}% of its current disk for ${minutes}. A full disk stops writes.`,
            growthCause: "Automatic storage increase is off or has reached its limit (storageLimitGb in the spec).",
            usageStep: pulumi.interpolate`Check disk usage by type on the instance page (${page}).`,
            growStep: "Raise storageGb or storageLimitGb in the spec and deploy (disks only grow).",
        }), {
            displayName: `disk utilisation > ${cfg.diskPercent}%`,
            conditionThreshold: {
                filter: metric("disk/utilization"),
                aggregations: mean,
                comparison: "COMPARISON_GT",
                thresholdValue: cfg.diskPercent / 100,
                duration,
                trigger: { count: 1 },
            },
        });

        const connectionRunbook = databaseConnectionsRunbook({
            whatFired: cfg.engine === "postgres"
                ? pulumi.interpolate`Cloud SQL instance \`${instance}\` had more than ${cfg.connectionsPercent}% of its ${cfg.maxConnections} connections open for ${minutes}. When the limit is reached new connections fail ("remaining connection slots are reserved").`
                : pulumi.interpolate`Cloud SQL instance \`${instance}\` had more than ${cfg.connectionsPercent}% of its max_connections open for ${minutes}. When the limit is reached new connections fail ("Too many connections").`,
            connectionsStep: pulumi.interpolate`See connections by application and state on the instance page (${page}).`,
        });
        const byInstance = {
            alignmentPeriod: WINDOW,
            perSeriesAligner: "ALIGN_MEAN",
            crossSeriesReducer: "REDUCE_SUM",
            groupByFields: ["resource.label.database_id"],
        };
        const connectionLimit = Math.floor((cfg.maxConnections * cfg.connectionsPercent) / 100);
        const connections = policy("connections", `${label}: connections above ${cfg.connectionsPercent}% of the limit`, "ERROR",
            connectionRunbook,
            cfg.engine === "postgres"
                ? {
                    displayName: `connections > ${connectionLimit} (${cfg.connectionsPercent}% of ${cfg.maxConnections})`,
                    conditionThreshold: {
                        // One series per database: add them up for the instance.
                        filter: metric("postgresql/num_backends"),
                        aggregations: [byInstance],
                        comparison: "COMPARISON_GT",
                        thresholdValue: connectionLimit,
                        duration,
                        trigger: { count: 1 },
                    },
                }
                : {
                    displayName: `connections / max_connections > ${cfg.connectionsPercent}%`,
                    conditionThreshold: {
                        filter: metric("network/connections"),
                        aggregations: [byInstance],
                        denominatorFilter: metric("mysql/max_connections"),
                        denominatorAggregations: [byInstance],
                        comparison: "COMPARISON_GT",
                        thresholdValue: cfg.connectionsPercent / 100,
                        duration,
                        trigger: { count: 1 },
                    },
                });

        const backups = !cfg.watchBackups ? undefined : new gcp.monitoring.AlertPolicy(`${name}-backups`, {
            ...policyBasics({
                displayName: `${label}: automated backup failed`,
                severity: "ERROR",
                notificationChannels: cfg.notificationChannels,
                concern: "database",
                runbook: databaseBackupRunbook({
                    whatFired: pulumi.interpolate`Cloud SQL reported an automated backup of instance \`${instance}\` as failed, attempt-failed or skipped (system-event audit log \`cloudsql.instances.automatedBackup\`). Until a backup succeeds, the restore point is older than expected.`,
                    likelyCauses: [
                        "A long export or import overlapping the backup window.",
                        "The instance was stopped or under maintenance during the window (STATUS_SKIPPED).",
                        "An organization policy restricting the backup location.",
                    ],
                    eventStep: pulumi.interpolate`Read the audit log entry's protoPayload.metadata (windowStatus, message) in Logs Explorer: \`log_id("cloudaudit.googleapis.com/system_event") protoPayload.methodName="cloudsql.instances.automatedBackup" resource.labels.database_id="${databaseId}"\`.`,
                    backupNowStep: pulumi.interpolate`Take an on-demand backup now: \`gcloud sql backups create --instance=${instance} --project=${project}\`.`,
                }),
            }),
            conditions: [{
                displayName: "automated backup not successful",
                conditionMatchedLog: {
                    filter: pulumi.interpolate`log_id("cloudaudit.googleapis.com/system_event") AND ${resource} AND protoPayload.methodName = "cloudsql.instances.automatedBackup" AND (protoPayload.metadata.windowStatus = "STATUS_FAILED" OR protoPayload.metadata.windowStatus = "STATUS_ATTEMPT_FAILED" OR protoPayload.metadata.windowStatus = "STATUS_SKIPPED")`,
                    labelExtractors: { window_status: "EXTRACT(protoPayload.metadata.windowStatus)" },
                },
            }],
            // Log-based conditions require a notification rate limit.
            alertStrategy: { notificationRateLimit: { period: "3600s" }, autoClose: "86400s" },
        }, parent);

        this.policies = { cpu, memory, disk, connections, ...(backups ? { backups } : {}) };
        this.registerOutputs({ policyIds: Object.values(this.policies).flatMap((p) => (p ? [p.name] : [])) });
    }
}
