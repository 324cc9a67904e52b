import * as pulumi from "@pulumi/pulumi";
import {
    DatabaseAlerts, DATABASE_ALERTS_DEFAULTS, cloudSqlDefaultMaxConnections, validateDatabaseAlertsArgs, type DatabaseAlertsArgs,
} from "../../../components/gcp/database-alerts";
import { argProblems, memo, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];
const ARGS: DatabaseAlertsArgs = {
    namePrefix: "acme-prod",
    database: "main",
    databaseId: pulumi.output("acme-web-prod:acme-prod-db-1a2b"),
    notificationChannels: CHANNELS,
};
const SQL = 'resource.type = "cloudsql_database" AND resource.labels.database_id = "acme-web-prod:acme-prod-db-1a2b"';
const PAGE = "https://console.cloud.google.com/sql/instances/acme-prod-db-1a2b/overview?project=acme-web-prod";
const metric = (type: string) => `${SQL} AND metric.type = "cloudsql.googleapis.com/database/${type}"`;
const inputs = (inv: Inventory, name: string) => inv.named(name, POLICY).inputs as Record<string, any>;
const condition = (inv: Inventory, name: string) => inputs(inv, name).conditions[0];
const runbook = (inv: Inventory, name: string) => (inputs(inv, name).documentation.content as string).split("\n");
const basics = (displayName: string, severity: string, alertStrategy: object = { autoClose: "1800s" }) => ({
    displayName,
    combiner: "OR",
    severity,
    notificationChannels: CHANNELS,
    userLabels: { managed_by: "prodstack", concern: "database" },
    documentation: expect.objectContaining({ mimeType: "text/markdown", subject: `[${severity}] ${displayName}` }),
    alertStrategy,
});
const threshold = (filter: string, thresholdValue: number) => ({
    filter, aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN" }], comparison: "COMPARISON_GT", thresholdValue, duration: "300s", trigger: { count: 1 },
});
const BY_INSTANCE = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.database_id"] };
const CONNECTION_CAUSES = [
    "### Likely causes",
    "- More service instances than the database can serve: instances × pool size exceeds the limit.",
    "- Connection leaks, or slow queries holding connections.",
    "- A migration or batch job opening its own pool.",
    "",
    "### First steps",
    `1. See connections by application and state on the instance page (${PAGE}).`,
    "2. Check the services' instance counts: cap maxInstances or the pool size so instances × pool stays under the limit.",
    "3. Terminate idle-in-transaction sessions if they pile up; fix the leak.",
    "4. If the load is legitimate, raise the database tier (higher default limit) or add a pooler.",
];
/** A Postgres primary with every default: the plan most tests read. */
const defaults = memo(() => plan(() => new DatabaseAlerts("db", ARGS)));

describe("gcp DatabaseAlerts", () => {
    it("watches CPU, memory and disk of the instance with the right metrics and units", async () => {
        const inv = await defaults();
        // cpu/utilization and disk/utilization are fractions; memory/components is in percent.
        expect(inputs(inv, "db-cpu")).toEqual({
            ...basics("acme-prod Cloud SQL main: CPU above 80%", "WARNING"),
            conditions: [{ displayName: "CPU utilisation > 80%", conditionThreshold: threshold(metric("cpu/utilization"), 0.8) }],
        });
        expect(inputs(inv, "db-memory")).toEqual({
            ...basics("acme-prod Cloud SQL main: memory above 90%", "ERROR"),
            conditions: [{ displayName: "memory usage > 90%", conditionThreshold: threshold(`${metric("memory/components")} AND metric.labels.component = "Usage"`, 90) }],
        });
        expect(inputs(inv, "db-disk")).toEqual({
            ...basics("acme-prod Cloud SQL main: disk above 85%", "ERROR"),
            conditions: [{ displayName: "disk utilisation > 85%", conditionThreshold: threshold(metric("disk/utilization"), 0.85) }],
        });
        expect(runbook(inv, "db-cpu")).toEqual([
            "### What fired",
            "Cloud SQL instance `acme-prod-db-1a2b` used more than 80% of its vCPUs for 5 min.",
            "",
            "### Likely causes",
            "- An expensive query or a missing index after a release (sequential scans).",
            "- Traffic growth beyond what the machine tier serves.",
            "- Autovacuum or a long maintenance operation (index build, large migration).",
            "",
            "### First steps",
            `1. Open Query insights for the instance (${PAGE}) and sort queries by CPU time.`,
            "2. If one query dominates, fix or roll back the release that introduced it.",
            "3. If load is organic, raise the database tier in the spec (a restart; schedule it).",
        ]);
        expect(runbook(inv, "db-memory")).toEqual([
            "### What fired",
            "The database processes of Cloud SQL instance `acme-prod-db-1a2b` used more than 90% of its memory (page cache excluded) for 5 min. Above this the instance risks an out-of-memory restart.",
            "",
            "### Likely causes",
            "- Too many connections, each with its own work memory.",
            "- Large sorts or hashes (high work_mem) in concurrent queries.",
            "- The machine tier is too small for the working set.",
            "",
            "### First steps",
            `1. Check connections and Query insights on the instance page (${PAGE}).`,
            "2. Reduce connection pool sizes or max instances of the services using the database.",
            "3. If usage is organic, raise the database tier in the spec.",
        ]);
        expect(runbook(inv, "db-disk")).toEqual([
            "### What fired",
            "Cloud SQL instance `acme-prod-db-1a2b` used more than 85% of its current disk for 5 min. A full disk stops writes.",
            "",
            "### Likely causes",
            "- Automatic storage increase is off or has reached its limit (storageLimitGb in the spec).",
            "- Data growth, table bloat or temporary files of large queries.",
            "- WAL/binary logs retained for point-in-time recovery or a lagging replica.",
            "",
            "### First steps",
            `1. Check disk usage by type on the instance page (${PAGE}).`,
            "2. Raise storageGb or storageLimitGb in the spec and deploy (disks only grow).",
            "3. Look for bloated tables (VACUUM) or runaway temporary files.",
        ]);
    });

    it("alerts on Postgres backends summed over databases against a share of max_connections (default 80% of 100)", async () => {
        const inv = await defaults();
        expect(inputs(inv, "db-connections")).toEqual({
            ...basics("acme-prod Cloud SQL main: connections above 80% of the limit", "ERROR"),
            conditions: [{
                displayName: "connections > 80 (80% of 100)",
                conditionThreshold: {
                    filter: metric("postgresql/num_backends"), aggregations: [BY_INSTANCE], comparison: "COMPARISON_GT", thresholdValue: 80, duration: "300s", trigger: { count: 1 },
                },
            }],
        });
        expect(runbook(inv, "db-connections")).toEqual([
            "### What fired",
            'Cloud SQL instance `acme-prod-db-1a2b` had more than 80% of its 100 connections open for 5 min. When the limit is reached new connections fail ("remaining connection slots are reserved").',
            "",
            ...CONNECTION_CAUSES,
        ]);
    });

    it("alerts on failed automated backups from the system-event audit log, rate-limited", async () => {
        const inv = await defaults();
        expect(inputs(inv, "db-backups")).toEqual({
            // Log-based conditions require a notification rate limit.
            ...basics("acme-prod Cloud SQL main: automated backup failed", "ERROR", { notificationRateLimit: { period: "3600s" }, autoClose: "86400s" }),
            conditions: [{
                displayName: "automated backup not successful",
                conditionMatchedLog: {
                    filter: `log_id("cloudaudit.googleapis.com/system_event") AND ${SQL} AND protoPayload.methodName = "cloudsql.instances.automatedBackup" AND ` +
                        '(protoPayload.metadata.windowStatus = "STATUS_FAILED" OR protoPayload.metadata.windowStatus = "STATUS_ATTEMPT_FAILED" OR protoPayload.metadata.windowStatus = "STATUS_SKIPPED")',
                    labelExtractors: { window_status: "EXTRACT(protoPayload.metadata.windowStatus)" },
                },
            }],
        });
        expect(runbook(inv, "db-backups")).toEqual([
            "### What fired",
            "Cloud SQL reported an automated backup of instance `acme-prod-db-1a2b` as failed, attempt-failed or skipped (system-event audit log `cloudsql.instances.automatedBackup`). Until a backup succeeds, the restore point is older than expected.",
            "",
            "### Likely causes",
            "- A long export or import overlapping the backup window.",
            "- The instance was stopped or under maintenance during the window (STATUS_SKIPPED).",
            "- An organization policy restricting the backup location.",
            "",
            "### First steps",
            '1. Read the audit log entry\'s protoPayload.metadata (windowStatus, message) in Logs Explorer: `log_id("cloudaudit.googleapis.com/system_event") protoPayload.methodName="cloudsql.instances.automatedBackup" resource.labels.database_id="acme-web-prod:acme-prod-db-1a2b"`.',
            "2. Take an on-demand backup now: `gcloud sql backups create --instance=acme-prod-db-1a2b --project=acme-web-prod`.",
            "3. Move conflicting exports or maintenance away from the backup window (backups.startTime in the spec).",
        ]);
        expect(inv.childrenOf(inv.one(DatabaseAlerts.TYPE).urn).map((p) => p.name).sort()).toEqual(["db-backups", "db-connections", "db-cpu", "db-disk", "db-memory"]);
    });

    it("honours explicit thresholds; MySQL compares connections with its max_connections metric; replicas get no backup alert", async () => {
        const made: Record<string, DatabaseAlerts> = {};
        const inv = await plan(() => {
            made.pg = new DatabaseAlerts("pg", {
                ...ARGS, maxConnections: 333, connectionsPercent: 75, cpuPercent: 70, memoryPercent: 95, diskPercent: 90, durationSeconds: 600, watchBackups: true,
            });
            made.my = new DatabaseAlerts("my", { ...ARGS, engine: "mysql", watchBackups: false });
        });
        expect(Object.keys(made.pg.policies)).toEqual(["cpu", "memory", "disk", "connections", "backups"]);
        expect(["pg-cpu", "pg-memory", "pg-disk", "pg-connections"].map((n) => [inputs(inv, n).displayName, condition(inv, n).displayName, condition(inv, n).conditionThreshold.thresholdValue])).toEqual([
            ["acme-prod Cloud SQL main: CPU above 70%", "CPU utilisation > 70%", 0.7],
            ["acme-prod Cloud SQL main: memory above 95%", "memory usage > 95%", 95],
            ["acme-prod Cloud SQL main: disk above 90%", "disk utilisation > 90%", 0.9],
            // 75% of 333 is 249.75: more than 249 open connections is above it.
            ["acme-prod Cloud SQL main: connections above 75% of the limit", "connections > 249 (75% of 333)", 249],
        ]);
        expect(condition(inv, "pg-cpu").conditionThreshold.duration).toBe("600s");
        expect(["pg-cpu", "pg-memory", "pg-disk", "pg-connections"].map((n) => runbook(inv, n)[1])).toEqual([
            "Cloud SQL instance `acme-prod-db-1a2b` used more than 70% of its vCPUs for 10 min.",
            "The database processes of Cloud SQL instance `acme-prod-db-1a2b` used more than 95% of its memory (page cache excluded) for 10 min. Above this the instance risks an out-of-memory restart.",
            "Cloud SQL instance `acme-prod-db-1a2b` used more than 90% of its current disk for 10 min. A full disk stops writes.",
            'Cloud SQL instance `acme-prod-db-1a2b` had more than 75% of its 333 connections open for 10 min. When the limit is reached new connections fail ("remaining connection slots are reserved").',
        ]);

        expect(Object.keys(made.my.policies)).toEqual(["cpu", "memory", "disk", "connections"]);
        expect(inv.ofType(POLICY).filter((p) => p.name.startsWith("my-")).map((p) => p.name).sort()).toEqual(["my-connections", "my-cpu", "my-disk", "my-memory"]);
        expect(condition(inv, "my-connections")).toEqual({
            displayName: "connections / max_connections > 80%",
            conditionThreshold: {
                filter: metric("network/connections"),
                aggregations: [BY_INSTANCE],
                denominatorFilter: metric("mysql/max_connections"),
                denominatorAggregations: [BY_INSTANCE],
                comparison: "COMPARISON_GT",
                thresholdValue: 0.8,
                duration: "300s",
                trigger: { count: 1 },
            },
        });
        expect(runbook(inv, "my-connections")).toEqual([
            "### What fired",
            'Cloud SQL instance `acme-prod-db-1a2b` had more than 80% of its max_connections open for 5 min. When the limit is reached new connections fail ("Too many connections").',
            "",
            ...CONNECTION_CAUSES,
        ]);
    });

    it("knows Cloud SQL's default max_connections by machine tier, at both sides of each memory step", () => {
        const cases: Array<[string, number]> = [
            ["db-f1-micro", 25], ["db-g1-small", 50],
            ["db-custom-1-3840", 100], ["db-custom-2-6143", 100], ["db-custom-2-6144", 200], ["db-custom-2-7679", 200], ["db-custom-2-7680", 400],
            ["db-custom-4-15359", 400], ["db-custom-4-15360", 500], ["db-custom-8-30719", 500], ["db-custom-8-30720", 600],
            ["db-custom-16-61439", 600], ["db-custom-16-61440", 800], ["db-custom-32-122879", 800], ["db-custom-32-122880", 1000],
            // perf-optimized tiers: 8 GiB per vCPU.
            ["db-perf-optimized-N-2", 500], ["db-perf-optimized-n-4", 600], ["db-perf-optimized-N-16", 1000],
            // Anything else, or a known name with text around it: the conservative 100.
            ["db-unknown", 100], ["xdb-custom-2-8192", 100], ["db-custom-2-8192x", 100], ["xdb-perf-optimized-N-2", 100], ["db-perf-optimized-N-2x", 100],
        ];
        expect(cases.map(([tier]) => [tier, cloudSqlDefaultMaxConnections(tier)])).toEqual(cases);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new DatabaseAlerts("db", {
            ...ARGS, namePrefix: "", database: "Main", engine: "oracle" as never, maxConnections: 0, cpuPercent: 120, memoryPercent: 9, diskPercent: 101,
            connectionsPercent: 5, notificationChannels: [], durationSeconds: 30,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got ""',
            'database: expected a short name such as "main", got "Main"',
            "notificationChannels: expected at least one notification channel, got []",
            'engine: expected one of "postgres", "mysql", got "oracle"',
            "maxConnections: expected an integer from 1 to 262143, got 0",
            "cpuPercent: expected an integer from 10 to 100, got 120",
            "memoryPercent: expected an integer from 10 to 100, got 9",
            "diskPercent: expected an integer from 10 to 100, got 101",
            "connectionsPercent: expected an integer from 10 to 100, got 5",
            "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 30",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp DatabaseAlerts args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(DATABASE_ALERTS_DEFAULTS).toEqual({
            engine: "postgres", maxConnections: 100, cpuPercent: 80, memoryPercent: 90, diskPercent: 85, connectionsPercent: 80, durationSeconds: 300, watchBackups: true,
        });
    });

    const problems = (args: Partial<DatabaseAlertsArgs>) => argProblems(() => validateDatabaseAlertsArgs("db", { ...ARGS, ...args }));
    const database = (d: string) => `database: expected a short name such as "main", got "${d}"`;
    const percent = (key: string, v: number) => `${key}: expected an integer from 10 to 100, got ${v}`;

    it.each<[Partial<DatabaseAlertsArgs>]>([
        [{ database: "m" }], [{ database: `m${"1".repeat(29)}` }], [{ database: "main-2" }], [{ engine: "postgres" }], [{ engine: "mysql" }],
        [{ maxConnections: 1 }], [{ maxConnections: 262143 }],
        [{ cpuPercent: 10 }], [{ cpuPercent: 100 }], [{ memoryPercent: 10 }], [{ memoryPercent: 100 }],
        [{ diskPercent: 10 }], [{ diskPercent: 100 }], [{ connectionsPercent: 10 }], [{ connectionsPercent: 100 }],
        [{ durationSeconds: 0 }], [{ durationSeconds: 86400 }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<DatabaseAlertsArgs>, string]>([
        [{ database: `m${"1".repeat(30)}` }, database(`m${"1".repeat(30)}`)],
        [{ database: "1main" }, database("1main")],
        [{ database: undefined }, 'database: expected a short name such as "main", got nothing'],
        [{ database: " main" }, database(" main")],
        [{ database: "main db" }, database("main db")],
        [{ maxConnections: 262144 }, "maxConnections: expected an integer from 1 to 262143, got 262144"],
        [{ cpuPercent: 9 }, percent("cpuPercent", 9)], [{ cpuPercent: 101 }, percent("cpuPercent", 101)],
        [{ memoryPercent: 101 }, percent("memoryPercent", 101)], [{ diskPercent: 9 }, percent("diskPercent", 9)],
        [{ connectionsPercent: 101 }, percent("connectionsPercent", 101)],
        [{ durationSeconds: 86460 }, "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 86460"],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });
});
