import { DatabaseAlarms, validateDatabaseAlarmsArgs, type DatabaseAlarmsArgs } from "../../../components/aws/database-alarms";
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
        expect(inv.named("db-connections", ALARM).inputs).toMatchObject({ metricName: "DatabaseConnections", statistic: "Maximum", threshold: 320 });
        expect(String(inv.named("db-connections", ALARM).inputs.alarmDescription)).toContain('"remaining connection slots are reserved"');
        expect(inv.ofType(ALARM)).toHaveLength(3);
        expect(inv.ofType("aws:cloudwatch/eventRule:EventRule")).toHaveLength(0);
    });

    it("watches a replica's lag, and a primary's finished backups: four 6-hour windows without one fire", async () => {
        const replica = await plan(() => new DatabaseAlarms("replica", { ...ARGS, database: "main-replica-1", replica: true, engine: "mysql", replicaLagSeconds: 30 }));
        expect(replica.named("replica-replicaLag", ALARM).inputs).toMatchObject({ name: "acme-prod-db-main-replica-1-replica-lag", metricName: "ReplicaLag", threshold: 30 });
        expect(String(replica.named("replica-connections", ALARM).inputs.alarmDescription)).toContain('"Too many connections"');

        const primary = await plan(() => new DatabaseAlarms("db", { ...ARGS, backups: { logsKmsKeyArn: KEY, logRetentionDays: 30 } }));
        const rule = primary.one("aws:cloudwatch/eventRule:EventRule").inputs;
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
