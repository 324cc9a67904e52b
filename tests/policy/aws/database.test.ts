import { r, validateResource, validateStack } from "../harness";

const DB = "aws:rds/instance:Instance";
const PARAMS = "aws:rds/parameterGroup:ParameterGroup";
const COPY = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/main";

/** A primary as prodstack's Database sends it (the parts the rules read). */
const PRIMARY = {
    identifier: "acme-prod-db",
    engine: "postgres",
    publiclyAccessible: false,
    parameterGroupName: "acme-prod-db-postgres17",
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: KEY_ARN,
    backupRetentionPeriod: 30,
    multiAz: true,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "acme-prod-db-final-1a2b",
    deleteAutomatedBackups: false,
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    maintenanceWindow: "sun:03:00-sun:04:00",
};
const REPLICA = { identifier: "acme-prod-db-replica-1", replicateSourceDb: "acme-prod-db", publiclyAccessible: false, skipFinalSnapshot: true, backupRetentionPeriod: 0, multiAz: false };
const prod = { tier: "prod" as const, name: "db" };

describe("db-no-public-ip (RDS)", () => {
    it("passes a private instance, also when publiclyAccessible is left to its false default", async () => {
        expect((await validateResource("db-no-public-ip", DB, PRIMARY)).messages).toEqual([]);
        expect((await validateResource("db-no-public-ip", DB, { ...PRIMARY, publiclyAccessible: undefined })).messages).toEqual([]);
    });

    it("fails a publicly accessible instance", async () => {
        expect((await validateResource("db-no-public-ip", DB, { ...PRIMARY, publiclyAccessible: true }, { name: "db" })).messages).toEqual([
            'RDS instance "db" is publicly accessible (publiclyAccessible is true); set it to false and reach it from the VPC only.',
        ]);
    });
});

describe("db-tls-required (RDS)", () => {
    const group = (family: string, parameters: Array<{ name: string; value: string }>) => ({ family, name: `g-${family}`, parameters });

    it("passes Postgres with rds.force_ssl 1 and MySQL with require_secure_transport 1 or ON", async () => {
        expect((await validateResource("db-tls-required", PARAMS, group("postgres17", [{ name: "rds.force_ssl", value: "1" }]))).messages).toEqual([]);
        expect((await validateResource("db-tls-required", PARAMS, group("mysql8.4", [{ name: "require_secure_transport", value: "1" }]))).messages).toEqual([]);
        expect((await validateResource("db-tls-required", PARAMS, group("mysql8.0", [{ name: "require_secure_transport", value: "ON" }]))).messages).toEqual([]);
        expect((await validateResource("db-tls-required", PARAMS, group("mariadb10.11", [{ name: "require_secure_transport", value: "on" }]))).messages).toEqual([]);
        expect((await validateResource("db-tls-required", DB, PRIMARY)).messages).toEqual([]);
        // A replica's group is checked as a group.
        expect((await validateResource("db-tls-required", DB, REPLICA)).messages).toEqual([]);
    });

    it("fails a group without the engine's TLS parameter, or with it off, naming the parameter", async () => {
        expect((await validateResource("db-tls-required", PARAMS, group("postgres17", [{ name: "rds.force_ssl", value: "0" }]), { name: "params" })).messages).toEqual([
            'RDS parameter group "params" lets clients connect without TLS (rds.force_ssl is 0); set rds.force_ssl to 1.',
        ]);
        expect((await validateResource("db-tls-required", PARAMS, group("mariadb10.11", [{ name: "require_secure_transport", value: "" }]), { name: "params" })).messages).toEqual([
            'RDS parameter group "params" lets clients connect without TLS (require_secure_transport is ); set require_secure_transport to 1.',
        ]);
        expect((await validateResource("db-tls-required", PARAMS, group("mysql8.4", [{ name: "slow_query_log", value: "1" }]), { name: "params" })).messages).toEqual([
            'RDS parameter group "params" lets clients connect without TLS (require_secure_transport is not set); set require_secure_transport to 1.',
        ]);
    });

    it("fails a primary on the default parameter group and skips families it does not know", async () => {
        expect((await validateResource("db-tls-required", DB, { ...PRIMARY, parameterGroupName: undefined }, { name: "db" })).messages).toEqual([
            'RDS instance "db" uses the engine\'s default parameter group, which accepts unencrypted connections; set parameterGroupName to a group that requires TLS.',
        ]);
        expect((await validateResource("db-tls-required", PARAMS, group("oracle-ee-19", []))).notApplicable).toBe("engine family oracle-ee-19 has no TLS parameter this rule knows");
    });
});

describe("db-encrypted-at-rest", () => {
    it("passes storage and Performance Insights under the customer-managed key, and skips replicas", async () => {
        expect((await validateResource("db-encrypted-at-rest", DB, PRIMARY)).messages).toEqual([]);
        expect((await validateResource("db-encrypted-at-rest", DB, { ...PRIMARY, performanceInsightsEnabled: false, performanceInsightsKmsKeyId: undefined })).messages).toEqual([]);
        expect((await validateResource("db-encrypted-at-rest", DB, REPLICA)).notApplicable).toBe("read replica: it inherits its primary's encryption");
    });

    it("fails unencrypted storage, the AWS-managed key and Performance Insights without a key", async () => {
        expect((await validateResource("db-encrypted-at-rest", DB, { ...PRIMARY, storageEncrypted: false, kmsKeyId: undefined, performanceInsightsKmsKeyId: undefined }, { name: "db" })).messages).toEqual([
            'RDS instance "db" is not encrypted at rest with a customer-managed key: it lacks storageEncrypted: true, kmsKeyId (a customer-managed key; without it RDS uses aws/rds, ' +
                "whose use no key policy limits) and performanceInsightsKmsKeyId (Performance Insights keeps query text).",
        ]);
    });
});

describe("db-backups-pitr (RDS)", () => {
    it("passes retention at the tier's floor and skips replicas", async () => {
        expect((await validateResource("db-backups-pitr", DB, { ...PRIMARY, backupRetentionPeriod: 7 }, { tier: "prod" })).messages).toEqual([]);
        expect((await validateResource("db-backups-pitr", DB, { ...PRIMARY, backupRetentionPeriod: 3 }, { tier: "non-prod" })).messages).toEqual([]);
        expect((await validateResource("db-backups-pitr", DB, REPLICA)).notApplicable).toBe("read replica: backups, Multi-AZ and the final snapshot belong to its primary");
    });

    it("fails backups off and retention below the floor", async () => {
        expect((await validateResource("db-backups-pitr", DB, { ...PRIMARY, backupRetentionPeriod: undefined }, prod)).messages).toEqual([
            'RDS instance "db" has automated backups and point-in-time recovery off (backupRetentionPeriod is 0); set it to at least 7 days.',
        ]);
        expect((await validateResource("db-backups-pitr", DB, { ...PRIMARY, backupRetentionPeriod: 6 }, prod)).messages).toEqual([
            'RDS instance "db" keeps 6 days of automated backups and point-in-time recovery; keep at least 7 (backupRetentionPeriod).',
        ]);
        expect((await validateResource("db-backups-pitr", DB, { ...PRIMARY, backupRetentionPeriod: 1 }, { tier: "non-prod", name: "db" })).messages).toEqual([
            'RDS instance "db" keeps 1 day of automated backups and point-in-time recovery; keep at least 3 (backupRetentionPeriod).',
        ]);
    });
});

describe("db-backups-cross-region", () => {
    const primary = r(DB, "database-primary", PRIMARY);
    const copy = (props: Record<string, unknown>) => r(COPY, "database-backup-copy", props);

    it("passes a prod primary whose backups are replicated with a destination key", async () => {
        const out = await validateStack("db-backups-cross-region", [
            primary,
            r(DB, "database-replica-1", REPLICA),
            copy({ region: "eu-west-1", sourceDbInstanceArn: "arn:aws:rds:eu-central-1:123456789012:db:acme-prod-db", kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/b" }),
        ], { tier: "prod" });
        expect(out.messages).toEqual([]);
    });

    it("fails a prod primary without a copy, and a copy without a key", async () => {
        expect((await validateStack("db-backups-cross-region", [primary], { tier: "prod" })).messages).toEqual([
            'RDS instance "database-primary" keeps its backups in its own region only; replicate them to another region (an InstanceAutomatedBackupsReplication there; prodstack: database.backups.location).',
        ]);
        expect((await validateStack("db-backups-cross-region", [primary, copy({ sourceDbInstanceArn: "arn:aws:rds:eu-central-1:123456789012:db:acme-prod-db" })], { tier: "prod" })).messages).toEqual([
            "RDS backup replication \"database-backup-copy\" copies acme-prod-db's backups without a customer-managed key of the destination region; set kmsKeyId.",
        ]);
        // A copy of another instance does not count.
        expect((await validateStack("db-backups-cross-region", [primary, copy({ sourceDbInstanceArn: "arn:aws:rds:eu-central-1:123456789012:db:other-db", kmsKeyId: "k" })], { tier: "prod" })).messages).toHaveLength(1);
    });

    it("asks it of prod only and has nothing to check without a primary", async () => {
        expect((await validateStack("db-backups-cross-region", [primary], { tier: "non-prod" })).notApplicable).toBe("not prod: a second region's copy is asked of prod databases only");
        expect((await validateStack("db-backups-cross-region", [r(DB, "replica", REPLICA)], { tier: "prod" })).notApplicable).toBe("no RDS primary in this stack");
    });
});

describe("stateful-ha (RDS)", () => {
    it("passes a Multi-AZ primary and skips replicas", async () => {
        expect((await validateResource("stateful-ha", DB, PRIMARY, prod)).messages).toEqual([]);
        expect((await validateResource("stateful-ha", DB, REPLICA, prod)).notApplicable).toBe("read replica: backups, Multi-AZ and the final snapshot belong to its primary");
    });

    it("fails a single-AZ primary", async () => {
        expect((await validateResource("stateful-ha", DB, { ...PRIMARY, multiAz: false }, prod)).messages).toEqual([
            'RDS instance "db" runs in a single availability zone (multiAz is false); set multiAz: true for automatic failover.',
        ]);
        expect((await validateResource("stateful-ha", DB, { ...PRIMARY, multiAz: undefined }, prod)).messages).toEqual([
            'RDS instance "db" runs in a single availability zone (multiAz is not set); set multiAz: true for automatic failover.',
        ]);
    });
});

describe("stateful-deletion-protection and db-backups-survive-deletion (RDS)", () => {
    it("passes a protected primary with deletion protection, a final snapshot and kept backups", async () => {
        expect((await validateResource("stateful-deletion-protection", DB, PRIMARY, { ...prod, protect: true })).messages).toEqual([]);
        expect((await validateResource("db-backups-survive-deletion", DB, PRIMARY, prod)).messages).toEqual([]);
        expect((await validateResource("db-backups-survive-deletion", DB, REPLICA, prod)).notApplicable).toBe("read replica: RDS takes no final snapshot of a replica");
    });

    it("fails an unprotected instance and one that loses its backups", async () => {
        expect((await validateResource("stateful-deletion-protection", DB, { ...PRIMARY, deletionProtection: false }, prod)).messages).toEqual([
            'RDS instance "db" can be deleted by mistake: it lacks the protect resource option and deletionProtection: true.',
        ]);
        expect((await validateResource("db-backups-survive-deletion", DB, { ...PRIMARY, skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, deleteAutomatedBackups: undefined }, prod)).messages).toEqual([
            'RDS instance "db" loses its backups when deleted: it lacks a final snapshot (skipFinalSnapshot: false and a finalSnapshotIdentifier) and ' +
                "deleteAutomatedBackups: false (the automated backups are deleted with the instance).",
        ]);
        expect((await validateResource("db-backups-survive-deletion", DB, { ...PRIMARY, skipFinalSnapshot: true }, prod)).messages).toEqual([
            'RDS instance "db" loses its backups when deleted: it lacks a final snapshot (skipFinalSnapshot: false and a finalSnapshotIdentifier).',
        ]);
        expect((await validateResource("db-backups-survive-deletion", DB, { ...PRIMARY, finalSnapshotIdentifier: "" }, prod)).messages).toEqual([
            'RDS instance "db" loses its backups when deleted: it lacks a final snapshot (skipFinalSnapshot: false and a finalSnapshotIdentifier).',
        ]);
    });
});

describe("db-iam-auth", () => {
    it("passes IAM authentication on and fails it off", async () => {
        expect((await validateResource("db-iam-auth", DB, PRIMARY)).messages).toEqual([]);
        expect((await validateResource("db-iam-auth", DB, { ...PRIMARY, iamDatabaseAuthenticationEnabled: false }, { name: "db" })).messages).toEqual([
            'RDS instance "db" accepts database passwords only (iamDatabaseAuthenticationEnabled is not true); turn IAM authentication on so people connect with their own IAM identity, not the master password.',
        ]);
    });
});

describe("db-logs-exported", () => {
    it("passes the engine's logs exported and skips what it cannot judge", async () => {
        expect((await validateResource("db-logs-exported", DB, PRIMARY)).messages).toEqual([]);
        expect((await validateResource("db-logs-exported", DB, { ...PRIMARY, engine: "mysql", enabledCloudwatchLogsExports: ["error", "slowquery"] })).messages).toEqual([]);
        expect((await validateResource("db-logs-exported", DB, REPLICA)).notApplicable).toBe("read replica: its engine is its primary's, checked there");
        expect((await validateResource("db-logs-exported", DB, { engine: "sqlserver-ex" })).notApplicable).toBe("engine sqlserver-ex has no log list this rule knows");
    });

    it("fails missing exports, naming each log", async () => {
        expect((await validateResource("db-logs-exported", DB, { ...PRIMARY, enabledCloudwatchLogsExports: ["upgrade"] }, { name: "db" })).messages).toEqual([
            'RDS instance "db" does not export its postgresql log to CloudWatch Logs; add it to enabledCloudwatchLogsExports.',
        ]);
        for (const engine of ["mysql", "mariadb"]) {
            expect((await validateResource("db-logs-exported", DB, { ...PRIMARY, engine, enabledCloudwatchLogsExports: undefined }, { name: "db" })).messages).toEqual([
                'RDS instance "db" does not export its error and slowquery logs to CloudWatch Logs; add them to enabledCloudwatchLogsExports.',
            ]);
        }
        // A replica that names its engine is judged like a primary.
        expect((await validateResource("db-logs-exported", DB, { ...REPLICA, engine: "postgres" }, { name: "replica" })).messages).toEqual([
            'RDS instance "replica" does not export its postgresql log to CloudWatch Logs; add it to enabledCloudwatchLogsExports.',
        ]);
        expect((await validateResource("db-logs-exported", DB, { engine: "aurora-postgresql" })).notApplicable).toBe("engine aurora-postgresql has no log list this rule knows");
    });
});

describe("db-maintenance-window (RDS)", () => {
    it("passes a fixed window and fails none", async () => {
        expect((await validateResource("db-maintenance-window", DB, PRIMARY)).messages).toEqual([]);
        expect((await validateResource("db-maintenance-window", DB, { ...PRIMARY, maintenanceWindow: undefined }, { name: "db" })).messages).toEqual([
            'RDS instance "db" has no maintenance window, so AWS picks a random weekly slot for restarts; set maintenanceWindow (e.g. "sun:03:00-sun:04:00").',
        ]);
    });
});
