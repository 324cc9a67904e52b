import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, cloudWatchRetentionProblem, definedOnly } from "../core/internal";
import {
    databaseBackupRunbook, databaseConnectionsRunbook, databaseCpuRunbook, databaseDiskRunbook, databaseReplicaLagRunbook, minutesOf, type Runbook,
} from "../core/runbooks";
import { checkAlarmDuration, checkRouting, minutePeriods, routedAlarm } from "./alarm";
import type { AlarmRef, AlarmRunbook } from "./alarm-types";
import { eventMetrics } from "./event-metrics";

/** Where the backup watch keeps RDS's backup events ({@link DatabaseAlarmsArgs.backups}). */
export interface DatabaseBackupWatch {
    /**
     * Customer-managed key of the log group keeping the instance's backup events.
     * @default none (required)
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Days that log group keeps them (a CloudWatch Logs retention value).
     * @default none (required)
     */
    logRetentionDays: number;
}

/** Arguments of {@link DatabaseAlarms}. */
export interface DatabaseAlarmsArgs {
    /**
     * Prefix of alarm names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Short name of the database in alarm names, e.g. `main` or `main-replica-1`.
     * @default none (required)
     */
    database: string;
    /**
     * Region of the instance and its alarms. Plain string: every alarm names it.
     * @default none (required)
     */
    region: string;
    /**
     * RDS instance identifier, the `DBInstanceIdentifier` dimension.
     * @default none (required)
     */
    instanceIdentifier: pulumi.Input<string>;
    /**
     * Database engine (the connection runbook quotes its error).
     * @default "postgres"
     */
    engine?: "postgres" | "mysql";
    /**
     * A read replica: alarms on replica lag, no backup watch.
     * @default false
     */
    replica?: boolean;
    /**
     * Storage allocated to the instance in GB: the free-storage alarm fires below
     * `100 - diskPercent` percent of it.
     * @default none (required)
     */
    allocatedStorageGb: number;
    /**
     * The instance's `max_connections`: the connections alarm fires at `connectionsPercent` of it.
     * @default none (required)
     */
    maxConnections: number;
    /**
     * Watch automated backups (primaries with backups on): alarm when no backup finished for a day.
     * @default none (no backup watch)
     */
    backups?: DatabaseBackupWatch;
    /**
     * SNS topic (in `region`) every alarm notifies when it fires and when it recovers.
     * @default none (required)
     */
    topicArn: pulumi.Input<string>;
    /**
     * Region of the environment's runbook dashboard, which alarm descriptions link to.
     * @default the `region`
     */
    runbookRegion?: string;
    /**
     * CPU utilisation in percent above which the CPU alarm fires.
     * @default 80
     */
    cpuPercent?: number;
    /**
     * Storage used in percent above which the free-storage alarm fires.
     * @default 85
     */
    diskPercent?: number;
    /**
     * Connections in percent of `maxConnections` above which the connections alarm fires.
     * @default 80
     */
    connectionsPercent?: number;
    /**
     * Replica lag in seconds above which a replica's lag alarm fires.
     * @default 120
     */
    replicaLagSeconds?: number;
    /**
     * How long a condition must hold before the alarm fires, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link DatabaseAlarmsArgs}. */
export const DATABASE_ALARMS_DEFAULTS = {
    engine: "postgres" as "postgres" | "mysql",
    replica: false,
    cpuPercent: 80,
    diskPercent: 85,
    connectionsPercent: 80,
    replicaLagSeconds: 120,
    durationSeconds: 300,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateDatabaseAlarmsArgs(name: string, args: DatabaseAlarmsArgs): void {
    const check = new ArgsChecker(DatabaseAlarms.TYPE, name);
    checkRouting(check, { namePrefix: args.namePrefix, region: args.region, runbookRegion: args.runbookRegion, topicArn: args.topicArn });
    check.matches("database", args.database, /^[a-z][a-z0-9-]{0,39}$/, "a short name such as \"main\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    if (args.engine !== undefined) check.oneOf("engine", args.engine, ["postgres", "mysql"] as const);
    check.intInRange("allocatedStorageGb", args.allocatedStorageGb, 20, 65536);
    check.intInRange("maxConnections", args.maxConnections, 1, 100000);
    check.intInRange("cpuPercent", args.cpuPercent, 10, 100);
    check.intInRange("diskPercent", args.diskPercent, 10, 99);
    check.intInRange("connectionsPercent", args.connectionsPercent, 10, 100);
    check.intInRange("replicaLagSeconds", args.replicaLagSeconds, 1, 86400);
    checkAlarmDuration(check, args.durationSeconds);
    if (args.backups) {
        if (args.replica) check.fail("backups", "no backup watch on a read replica (replicas take no automated backups)", "a backup watch");
        const retention = cloudWatchRetentionProblem(args.backups.logRetentionDays);
        if (retention) check.fail("backups.logRetentionDays", retention, args.backups.logRetentionDays);
    }
    check.throwIfAny();
}

/** RDS finishes an automated (or manual) snapshot of an instance with this event. */
export const RDS_BACKUP_FINISHED = "RDS-EVENT-0002";

/**
 * CloudWatch alarms of one RDS instance, each with its runbook: CPU, free storage, connections
 * against `max_connections`, replica lag (replicas), and for primaries with backups a day
 * without a finished backup. RDS publishes no "backup failed" event, so the watch counts
 * "Finished DB instance backup" events (`RDS-EVENT-0002`, through EventBridge and a metric
 * filter) and fires when four 6-hour windows in a row saw none: a failed, skipped or stuck
 * daily backup, whatever the reason.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.DatabaseAlarms("db", {
 *     namePrefix: "acme-prod",
 *     database: "main",
 *     region: "eu-central-1",
 *     instanceIdentifier: "acme-prod-main",
 *     allocatedStorageGb: 100,
 *     maxConnections: 400,
 *     topicArn: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
 * });
 * ```
 */
export class DatabaseAlarms extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:DatabaseAlarms";

    /** The alarms: `cpu`, `storage`, `connections`, and `replicaLag` or `backups`. */
    readonly alarms: Record<string, AlarmRef>;
    /** Each alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];

    constructor(name: string, args: DatabaseAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDatabaseAlarmsArgs(name, args);
        super(DatabaseAlarms.TYPE, name, {}, opts);
        const cfg = { ...DATABASE_ALARMS_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const routing = { namePrefix: cfg.namePrefix, runbookRegion: cfg.runbookRegion ?? region, topicArn: cfg.topicArn };
        const minutes = minutesOf(cfg.durationSeconds);
        const periods = minutePeriods(cfg.durationSeconds);
        const id = cfg.instanceIdentifier;
        const subject = pulumi.interpolate`RDS instance \`${id}\``;
        const page = pulumi.interpolate`https://console.aws.amazon.com/rds/home?region=${region}#database:id=${id}`;
        const dims = { DBInstanceIdentifier: id };
        this.alarms = {};
        this.runbooks = [];
        const add = (key: string, suffix: string, runbook: Runbook, metric: Parameters<typeof routedAlarm>[2]["metric"]) => {
            const { alarm, entry } = routedAlarm(this, routing, { logicalName: `${name}-${key}`, nameSuffix: `db-${cfg.database}-${suffix}`, region, runbook, metric });
            this.alarms[key] = alarm;
            this.runbooks.push(entry);
        };
        const rds = (metricName: string, statistic: string, comparisonOperator: string, threshold: number) => ({
            namespace: "AWS/RDS", metricName, dimensions: dims, period: 60, statistic, comparisonOperator, threshold,
            evaluationPeriods: periods, datapointsToAlarm: periods, treatMissingData: "missing",
        });

        add("cpu", "cpu", databaseCpuRunbook({
            subject,
            percent: cfg.cpuPercent,
            minutes,
            insightsStep: pulumi.interpolate`Open Performance Insights / Database Insights for the instance (${page}, Monitoring) and sort queries by load.`,
        }), rds("CPUUtilization", "Average", "GreaterThanThreshold", cfg.cpuPercent));

        const freeBytes = Math.floor((cfg.allocatedStorageGb * (100 - cfg.diskPercent)) / 100 * 1024 ** 3);
        add("storage", "free-storage", databaseDiskRunbook({
            whatFired: pulumi.interpolate`${subject} had less than ${100 - cfg.diskPercent}% of its ${cfg.allocatedStorageGb} GB free for ${minutes}. A full disk stops writes.`,
            growthCause: "Storage autoscaling is off or has reached its maximum (storage limit in the spec).",
            usageStep: pulumi.interpolate`Check free storage and its trend on the instance's Monitoring tab (${page}).`,
            growStep: "Raise the storage or its autoscaling limit in the spec and deploy (storage only grows; one change per 6 hours).",
        }), rds("FreeStorageSpace", "Minimum", "LessThanThreshold", freeBytes));

        const limit = Math.floor((cfg.maxConnections * cfg.connectionsPercent) / 100);
        add("connections", "connections", databaseConnectionsRunbook({
            whatFired: pulumi.interpolate`${subject} had more than ${cfg.connectionsPercent}% of its ${cfg.maxConnections} connections open for ${minutes}. When the limit is reached new connections fail (${cfg.engine === "postgres" ? "\"remaining connection slots are reserved\"" : "\"Too many connections\""}).`,
            connectionsStep: pulumi.interpolate`See connections by user and state in Performance Insights (${page}), or ${cfg.engine === "postgres" ? "`pg_stat_activity`" : "`SHOW PROCESSLIST`"}.`,
        }), rds("DatabaseConnections", "Maximum", "GreaterThanThreshold", limit));

        if (cfg.replica) {
            add("replicaLag", "replica-lag", databaseReplicaLagRunbook({
                subject, seconds: cfg.replicaLagSeconds, minutes,
                pageStep: pulumi.interpolate`Compare the replica's ReplicaLag with the primary's write throughput on the Monitoring tab (${page}).`,
            }), rds("ReplicaLag", "Maximum", "GreaterThanThreshold", cfg.replicaLagSeconds));
        }

        if (cfg.backups) {
            const { logGroup, namespace } = eventMetrics(this, `${name}-backups`, {
                namePrefix: cfg.namePrefix,
                region,
                purpose: `db-${cfg.database}-backups`,
                kmsKeyArn: cfg.backups.logsKmsKeyArn,
                retentionDays: cfg.backups.logRetentionDays,
                rules: [{
                    key: `db-${cfg.database}-backups`,
                    description: "Finished backups of the RDS instance",
                    pattern: { source: ["aws.rds"], "detail-type": ["RDS DB Instance Event"], detail: { SourceIdentifier: [id], EventID: [RDS_BACKUP_FINISHED] } },
                }],
                counters: [{ metricName: `db-${cfg.database}-backups-finished`, filterPattern: `{ $.detail.EventID = "${RDS_BACKUP_FINISHED}" }` }],
            });
            add("backups", "no-backup-for-a-day", databaseBackupRunbook({
                whatFired: pulumi.interpolate`No automated backup of ${subject} finished for a day (RDS reports each finished backup as ${RDS_BACKUP_FINISHED}). Until one succeeds, the latest restore point is older than expected.`,
                likelyCauses: [
                    "The instance was stopped, or storage-full / incompatible state kept RDS from backing up.",
                    "Automated backups were turned off (backup retention 0) outside the stack.",
                    "A long maintenance or storage change overlapped the backup window.",
                ],
                eventStep: pulumi.interpolate`Read the instance's recent events (${page}, Logs & events) and the backup events in \`${logGroup.name}\`.`,
                backupNowStep: pulumi.interpolate`Take a manual snapshot now: \`aws rds create-db-snapshot --db-instance-identifier ${id} --db-snapshot-identifier ${id}-manual-$(date +%Y%m%d%H%M) --region ${region}\`.`,
            }), {
                namespace,
                metricName: `db-${cfg.database}-backups-finished`,
                // Four 6-hour windows in a row without a finished backup: a day missed, not a late one.
                period: 21600,
                statistic: "Sum",
                comparisonOperator: "LessThanThreshold",
                threshold: 1,
                evaluationPeriods: 4,
                datapointsToAlarm: 4,
                treatMissingData: "breaching",
            });
        }
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn) });
    }
}
