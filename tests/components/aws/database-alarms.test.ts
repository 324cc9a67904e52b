import { DatabaseAlarms, DATABASE_ALARMS_DEFAULTS, validateDatabaseAlarmsArgs, type DatabaseAlarmsArgs } from "../../../components/aws/database-alarms";
import { runbookLines, runbooksOf } from "../../helpers/alarms";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: DatabaseAlarmsArgs = {
    namePrefix: "acme-prod", database: "main", region: "eu-central-1", instanceIdentifier: "acme-prod-main",
    allocatedStorageGb: 100, maxConnections: 400, topicArn: TOPIC,
};
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("aws DatabaseAlarms", () => {
    it("alarms on CPU, free storage and connections of the instance", async () => {
        const inv = await plan(() => new DatabaseAlarms("db", ARGS));
        const dims = { DBInstanceIdentifier: "acme-prod-main" };
        expect(inv.named("db-cpu", ALARM).inputs).toMatchObject({
            name: "acme-prod-db-main-cpu", namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: dims, statistic: "Average", threshold: 80,
            comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 5, alarmActions: [TOPIC], okActions: [TOPIC],
        });
        // 15 % of 100 GB free, in bytes.
        expect(inv.named("db-storage", ALARM).inputs).toMatchObject({
            metricName: "FreeStorageSpace", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 16106127360,
        });
        expect(inv.named("db-connections", ALARM).inputs).toMatchObject({ metricName: "DatabaseConnections", statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: 320 });
        // Five one-minute periods (the default 300 s), all breaching; an instance that reports nothing is not judged.
        for (const key of ["cpu", "storage", "connections"]) {
            expect(inv.named(`db-${key}`, ALARM).inputs).toMatchObject({
                region: "eu-central-1", namespace: "AWS/RDS", dimensions: dims, period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: "missing",
            });
        }
        expect(String(inv.named("db-connections", ALARM).inputs.alarmDescription)).toContain('"remaining connection slots are reserved"');
        expect(String(inv.named("db-cpu", ALARM).inputs.alarmDescription)).toContain(
            'https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-prod-runbooks , section "acme-prod-db-main-cpu".',
        );
        expect(inv.ofType(ALARM)).toHaveLength(3);
        expect(inv.ofType("aws:cloudwatch/eventRule:EventRule")).toHaveLength(0);
    });

    it("watches a replica's lag, and a primary's finished backups: four 6-hour windows without one fire", async () => {
        const replica = await plan(() => runbooksOf(new DatabaseAlarms("replica", {
            ...ARGS, database: "main-replica-1", replica: true, engine: "mysql", replicaLagSeconds: 30, allocatedStorageGb: 21, maxConnections: 401,
        })));
        // Whole bytes and connections, rounded down: 15 % of 21 GiB is 3382286745.6 bytes, 80 % of 401 connections 320.8.
        expect(replica.named("replica-storage", ALARM).inputs.threshold).toBe(3382286745);
        expect(replica.named("replica-connections", ALARM).inputs.threshold).toBe(320);
        expect(replica.named("replica-replicaLag", ALARM).inputs).toMatchObject({
            name: "acme-prod-db-main-replica-1-replica-lag", namespace: "AWS/RDS", metricName: "ReplicaLag", statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: 30,
            period: 60, evaluationPeriods: 5, treatMissingData: "missing",
        });
        expect(replica.ofType(ALARM).map((a) => a.inputs.name).sort()).toEqual([
            "acme-prod-db-main-replica-1-connections", "acme-prod-db-main-replica-1-cpu", "acme-prod-db-main-replica-1-free-storage", "acme-prod-db-main-replica-1-replica-lag",
        ]);
        expect(String(replica.named("replica-connections", ALARM).inputs.alarmDescription)).toContain('"Too many connections"');
        const replicaRunbooks = runbookLines(replica.outputs);
        expect(replicaRunbooks["acme-prod-db-main-replica-1-replica-lag"]).toEqual([
            "### What fired",
            "Read replica RDS instance `acme-prod-main` was more than 30 s behind its primary for 5 min. Reads from it return stale data, and a failover to it would lose those seconds.",
            "",
            "### Likely causes",
            "- A write burst on the primary (a migration, a bulk import) faster than the replica replays.",
            "- Long-running queries on the replica conflicting with replay.",
            "- The replica's instance class or storage throughput is smaller than the primary's.",
            "",
            "### First steps",
            "1. Compare the replica's ReplicaLag with the primary's write throughput on the Monitoring tab (https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-main).",
            "2. Find and stop long queries on the replica; move bulk writes off peak.",
            "3. If lag is structural, give the replica the primary's instance class in the spec.",
        ]);
        expect(replicaRunbooks["acme-prod-db-main-replica-1-connections"][1]).toBe("RDS instance `acme-prod-main` had more than 80% of its 401 connections open for 5 min. When the limit is reached new connections fail (\"Too many connections\").");
        // The engine's own view of sessions, not both engines' commands.
        expect(replicaRunbooks["acme-prod-db-main-replica-1-connections"][9]).toBe("1. See connections by user and state in Performance Insights (https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-main), or `SHOW PROCESSLIST`.");

        let alarms!: DatabaseAlarms;
        const primary = await plan(() => runbooksOf(alarms = new DatabaseAlarms("db", { ...ARGS, backups: { logsKmsKeyArn: KEY, logRetentionDays: 30 } })));
        expect(Object.keys(alarms.alarms)).toEqual(["cpu", "storage", "connections", "backups"]);
        // Resource names of the backup watch start with the component's name and "backups".
        expect(primary.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.name)).toEqual(["db-backups-events"]);
        const rule = primary.one("aws:cloudwatch/eventRule:EventRule").inputs;
        expect(rule).toMatchObject({ name: "acme-prod-db-main-backups", description: "Finished backups of the RDS instance" });
        expect(primary.one("aws:cloudwatch/logMetricFilter:LogMetricFilter").inputs).toMatchObject({
            pattern: '{ $.detail.EventID = "RDS-EVENT-0002" }', metricTransformation: { name: "db-main-backups-finished", namespace: "prodstack/acme-prod/events" },
        });
        expect(JSON.parse(String(rule.eventPattern))).toEqual({
            source: ["aws.rds"], "detail-type": ["RDS DB Instance Event"], detail: { SourceIdentifier: ["acme-prod-main"], EventID: ["RDS-EVENT-0002"] },
        });
        expect(primary.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({
            region: "eu-central-1", name: "/aws/events/acme-prod/db-main-backups", retentionInDays: 30, kmsKeyId: KEY,
        });
        expect(primary.named("db-backups", ALARM).inputs).toMatchObject({
            name: "acme-prod-db-main-no-backup-for-a-day", namespace: "prodstack/acme-prod/events", metricName: "db-main-backups-finished",
            period: 21600, statistic: "Sum", comparisonOperator: "LessThanThreshold", threshold: 1, evaluationPeriods: 4, datapointsToAlarm: 4, treatMissingData: "breaching",
        });
        // The full runbooks, as the runbook dashboard shows them.
        expect(runbookLines(primary.outputs)).toEqual({
            "acme-prod-db-main-connections": [
                "### What fired",
                "RDS instance `acme-prod-main` had more than 80% of its 400 connections open for 5 min. When the limit is reached new connections fail (\"remaining connection slots are reserved\").",
                "",
                "### Likely causes",
                "- More service instances than the database can serve: instances × pool size exceeds the limit.",
                "- Connection leaks, or slow queries holding connections.",
                "- A migration or batch job opening its own pool.",
                "",
                "### First steps",
                "1. See connections by user and state in Performance Insights (https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-main), or `pg_stat_activity`.",
                "2. Check the services' instance counts: cap maxInstances or the pool size so instances × pool stays under the limit.",
                "3. Terminate idle-in-transaction sessions if they pile up; fix the leak.",
                "4. If the load is legitimate, raise the database tier (higher default limit) or add a pooler.",
            ],
            "acme-prod-db-main-cpu": [
                "### What fired",
                "RDS instance `acme-prod-main` used more than 80% of its vCPUs for 5 min.",
                "",
                "### Likely causes",
                "- An expensive query or a missing index after a release (sequential scans).",
                "- Traffic growth beyond what the machine tier serves.",
                "- Autovacuum or a long maintenance operation (index build, large migration).",
                "",
                "### First steps",
                "1. Open Performance Insights / Database Insights for the instance (https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-main, Monitoring) and sort queries by load.",
                "2. If one query dominates, fix or roll back the release that introduced it.",
                "3. If load is organic, raise the database tier in the spec (a restart; schedule it).",
            ],
            "acme-prod-db-main-free-storage": [
                "### What fired",
                "RDS instance `acme-prod-main` had less than 15% of its 100 GB free for 5 min. A full disk stops writes.",
                "",
                "### Likely causes",
                "- Storage autoscaling is off or has reached its maximum (storage limit in the spec).",
                "- Data growth, table bloat or temporary files of large queries.",
                "- WAL/binary logs retained for point-in-time recovery or a lagging replica.",
                "",
                "### First steps",
                "1. Check free storage and its trend on the instance's Monitoring tab (https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-main).",
                "2. Raise the storage or its autoscaling limit in the spec and deploy (storage only grows; one change per 6 hours).",
                "3. Look for bloated tables (VACUUM) or runaway temporary files.",
            ],
            "acme-prod-db-main-no-backup-for-a-day": [
                "### What fired",
                "No automated backup of RDS instance `acme-prod-main` finished for a day (RDS reports each finished backup as RDS-EVENT-0002). Until one succeeds, the latest restore point is older than expected.",
                "",
                "### Likely causes",
                "- The instance was stopped, or storage-full / incompatible state kept RDS from backing up.",
                "- Automated backups were turned off (backup retention 0) outside the stack.",
                "- A long maintenance or storage change overlapped the backup window.",
                "",
                "### First steps",
                "1. Read the instance's recent events (https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-main, Logs & events) and the backup events in `/aws/events/acme-prod/db-main-backups`.",
                "2. Take a manual snapshot now: `aws rds create-db-snapshot --db-instance-identifier acme-prod-main --db-snapshot-identifier acme-prod-main-manual-$(date +%Y%m%d%H%M) --region eu-central-1`.",
                "3. Move conflicting exports or maintenance away from the backup window (backups.startTime in the spec).",
            ],
        });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new DatabaseAlarms("db", {
            ...ARGS, allocatedStorageGb: 19, maxConnections: 0, diskPercent: 100, replica: true, backups: { logsKmsKeyArn: KEY, logRetentionDays: 2 },
        }));
        expect(error.problems).toEqual([
            "allocatedStorageGb: expected an integer from 20 to 65536, got 19",
            "maxConnections: expected an integer from 1 to 100000, got 0",
            "diskPercent: expected an integer from 10 to 99, got 100",
            'backups: expected no backup watch on a read replica (replicas take no automated backups), got "a backup watch"',
            "backups.logRetentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 1 or 3, got 2",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("aws DatabaseAlarms args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(DATABASE_ALARMS_DEFAULTS).toEqual({
            engine: "postgres", replica: false, cpuPercent: 80, diskPercent: 85, connectionsPercent: 80, replicaLagSeconds: 120, durationSeconds: 300,
        });
    });

    const problems = (args: Partial<DatabaseAlarmsArgs>) => argProblems(() => validateDatabaseAlarmsArgs("db", { ...ARGS, ...args }));
    const int = (key: string, min: number, max: number, value: number) => `${key}: expected an integer from ${min} to ${max}, got ${value}`;
    const backups = { logsKmsKeyArn: KEY, logRetentionDays: 1 };

    it.each<[Partial<DatabaseAlarmsArgs>]>([
        [{ database: "m" }], [{ database: `m${"1".repeat(39)}` }], [{ engine: "mysql" }], [{ engine: "postgres" }],
        [{ allocatedStorageGb: 20 }], [{ allocatedStorageGb: 65536 }], [{ maxConnections: 1 }], [{ maxConnections: 100000 }],
        [{ cpuPercent: 10 }], [{ cpuPercent: 100 }], [{ diskPercent: 10 }], [{ diskPercent: 99 }],
        [{ connectionsPercent: 10 }], [{ connectionsPercent: 100 }], [{ replicaLagSeconds: 1 }], [{ replicaLagSeconds: 86400 }],
        [{ durationSeconds: 86400 }], [{ backups }], [{ backups, replica: false }], [{ replica: true }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<DatabaseAlarmsArgs>, string]>([
        [{ database: `m${"1".repeat(40)}` }, `database: expected a short name such as "main", got "m${"1".repeat(40)}"`],
        [{ database: "1main" }, 'database: expected a short name such as "main", got "1main"'],
        [{ database: undefined }, 'database: expected a short name such as "main", got nothing'],
        [{ database: "main_1" }, 'database: expected a short name such as "main", got "main_1"'],
        [{ region: "eu-central-1a" }, 'region: expected an AWS region such as "eu-central-1", got "eu-central-1a"'],
        [{ topicArn: "arn:aws:sns:eu-central-1:123456789012" }, 'topicArn: expected an SNS topic ARN, got "arn:aws:sns:eu-central-1:123456789012"'],
        [{ engine: "oracle" as never }, 'engine: expected one of "postgres", "mysql", got "oracle"'],
        [{ allocatedStorageGb: 65537 }, int("allocatedStorageGb", 20, 65536, 65537)],
        [{ maxConnections: 100001 }, int("maxConnections", 1, 100000, 100001)],
        [{ cpuPercent: 9 }, int("cpuPercent", 10, 100, 9)],
        [{ cpuPercent: 101 }, int("cpuPercent", 10, 100, 101)],
        [{ diskPercent: 9 }, int("diskPercent", 10, 99, 9)],
        [{ connectionsPercent: 9 }, int("connectionsPercent", 10, 100, 9)],
        [{ connectionsPercent: 101 }, int("connectionsPercent", 10, 100, 101)],
        [{ replicaLagSeconds: 0 }, int("replicaLagSeconds", 1, 86400, 0)],
        [{ replicaLagSeconds: 86401 }, int("replicaLagSeconds", 1, 86400, 86401)],
        [{ durationSeconds: 30 }, "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 30"],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });
});
