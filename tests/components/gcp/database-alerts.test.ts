import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { DatabaseAlerts, cloudSqlDefaultMaxConnections, type DatabaseAlertsArgs } from "../../../components/gcp/database-alerts";
import { plan, type Inventory } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];
const ARGS: DatabaseAlertsArgs = {
    namePrefix: "acme-prod",
    database: "main",
    databaseId: pulumi.output("acme-web-prod:acme-prod-db-1a2b"),
    notificationChannels: CHANNELS,
};
const SQL = 'resource.type = "cloudsql_database" AND resource.labels.database_id = "acme-web-prod:acme-prod-db-1a2b"';
const metric = (type: string) => `${SQL} AND metric.type = "cloudsql.googleapis.com/database/${type}"`;
const threshold = (inv: Inventory, name: string) => (inv.named(name, POLICY).inputs.conditions as any[])[0].conditionThreshold;

describe("gcp DatabaseAlerts", () => {
    it("watches CPU, memory and disk of the instance with the right metrics and units", async () => {
        const inv = await plan(() => new DatabaseAlerts("db", ARGS));
        // cpu/utilization and disk/utilization are fractions; memory/components is in percent.
        expect(threshold(inv, "db-cpu")).toMatchObject({ filter: metric("cpu/utilization"), comparison: "COMPARISON_GT", thresholdValue: 0.8, duration: "300s" });
        expect(threshold(inv, "db-memory")).toMatchObject({
            filter: `${metric("memory/components")} AND metric.labels.component = "Usage"`, thresholdValue: 90,
        });
        expect(threshold(inv, "db-disk")).toMatchObject({ filter: metric("disk/utilization"), thresholdValue: 0.85 });
        for (const key of ["cpu", "memory", "disk"]) {
            expect(threshold(inv, `db-${key}`).aggregations).toEqual([{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN" }]);
        }
    });

    it("alerts on Postgres backends summed over databases against a share of max_connections", async () => {
        const inv = await plan(() => new DatabaseAlerts("db", { ...ARGS, maxConnections: 400, connectionsPercent: 75 }));
        const t = threshold(inv, "db-connections");
        expect(t.filter).toBe(metric("postgresql/num_backends"));
        expect(t.aggregations).toEqual([{
            alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.database_id"],
        }]);
        expect(t).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 300 });
        expect(t.denominatorFilter).toBeUndefined();
    });

    it("alerts on MySQL connections as a ratio of the max_connections metric", async () => {
        const inv = await plan(() => new DatabaseAlerts("db", { ...ARGS, engine: "mysql" }));
        const t = threshold(inv, "db-connections");
        expect(t.filter).toBe(metric("network/connections"));
        expect(t.denominatorFilter).toBe(metric("mysql/max_connections"));
        expect(t.denominatorAggregations).toEqual(t.aggregations);
        expect(t.thresholdValue).toBe(0.8);
    });

    it("alerts on failed automated backups from the system-event audit log, rate-limited", async () => {
        const inv = await plan(() => new DatabaseAlerts("db", ARGS));
        const policy = inv.named("db-backups", POLICY).inputs;
        const filter = (policy.conditions as any[])[0].conditionMatchedLog.filter as string;
        expect(filter).toContain('log_id("cloudaudit.googleapis.com/system_event")');
        expect(filter).toContain(SQL);
        expect(filter).toContain('protoPayload.methodName = "cloudsql.instances.automatedBackup"');
        for (const status of ["STATUS_FAILED", "STATUS_ATTEMPT_FAILED", "STATUS_SKIPPED"]) {
            expect(filter).toContain(`protoPayload.metadata.windowStatus = "${status}"`);
        }
        expect(filter).not.toContain("STATUS_SUCCEEDED");
        expect(policy.alertStrategy).toEqual({ notificationRateLimit: { period: "3600s" }, autoClose: "86400s" });
    });

    it("gives every policy a runbook naming the instance and the environment's channels", async () => {
        const inv = await plan(() => new DatabaseAlerts("db", ARGS));
        const policies = inv.ofType(POLICY);
        expect(policies.map((p) => p.name).sort()).toEqual(["db-backups", "db-connections", "db-cpu", "db-disk", "db-memory"]);
        for (const p of policies) {
            expect(p.inputs.notificationChannels).toEqual(CHANNELS);
            const doc = p.inputs.documentation as Record<string, string>;
            expect(doc.mimeType).toBe("text/markdown");
            expect(doc.content).toContain("acme-prod-db-1a2b");
            expect(doc.content).toMatch(/### What fired[\s\S]*### Likely causes[\s\S]*### First steps/);
        }
    });

    it("leaves out the backup alert for read replicas", async () => {
        const inv = await plan(() => new DatabaseAlerts("db", { ...ARGS, watchBackups: false }));
        expect(inv.ofType(POLICY).map((p) => p.name).sort()).toEqual(["db-connections", "db-cpu", "db-disk", "db-memory"]);
    });

    it("knows Cloud SQL's default max_connections by machine tier", () => {
        expect(cloudSqlDefaultMaxConnections("db-f1-micro")).toBe(25);
        expect(cloudSqlDefaultMaxConnections("db-g1-small")).toBe(50);
        expect(cloudSqlDefaultMaxConnections("db-custom-1-3840")).toBe(100);
        expect(cloudSqlDefaultMaxConnections("db-custom-2-6144")).toBe(200);
        expect(cloudSqlDefaultMaxConnections("db-custom-2-8192")).toBe(400);
        expect(cloudSqlDefaultMaxConnections("db-custom-8-30720")).toBe(600);
        expect(cloudSqlDefaultMaxConnections("db-custom-32-131072")).toBe(1000);
        expect(cloudSqlDefaultMaxConnections("db-perf-optimized-N-2")).toBe(500);
        expect(cloudSqlDefaultMaxConnections("db-unknown")).toBe(100);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new DatabaseAlerts("db", {
                    ...ARGS, database: "Main", engine: "oracle" as never, cpuPercent: 120, notificationChannels: [], durationSeconds: 30,
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'database: expected a short name such as "main", got "Main"',
            "notificationChannels: expected at least one notification channel, got []",
            'engine: expected one of "postgres", "mysql", got "oracle"',
            "cpuPercent: expected an integer from 10 to 100, got 120",
            "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 30",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
