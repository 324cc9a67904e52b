import { mentions } from "../../policy/rules/gcp/observability";
import { r, unknownAt, urn, validateResource, validateStack, type StackResource } from "./harness";

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const REDIS = "gcp:redis/instance:Instance";
const REDIS_CLUSTER = "gcp:redis/cluster:Cluster";

/** A Cloud SQL primary as the data concern should send it, with overrides of `settings`. */
function sql(settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
    return {
        databaseVersion: "POSTGRES_17",
        region: "europe-west1",
        deletionProtection: true,
        settings: {
            tier: "db-custom-2-8192",
            availabilityType: "REGIONAL",
            deletionProtectionEnabled: true,
            ipConfiguration: { ipv4Enabled: false, privateNetwork: "network-vpc-id", sslMode: "ENCRYPTED_ONLY" },
            backupConfiguration: {
                enabled: true,
                pointInTimeRecoveryEnabled: true,
                transactionLogRetentionDays: 7,
                backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
                startTime: "02:00",
            },
            maintenanceWindow: { day: 7, hour: 3 },
            userLabels: { environment: "prod", tier: "prod", "managed-by": "prodstack" },
            ...settings,
        },
        ...top,
    };
}
const replica = sql({ availabilityType: "ZONAL", backupConfiguration: { enabled: false } }, { masterInstanceName: "acme-prod-db" });
const db = { name: "database-primary" };

describe("db-no-public-ip", () => {
    it("passes a private-IP-only instance", async () => {
        expect((await validateResource("db-no-public-ip", SQL, sql(), db)).messages).toEqual([]);
    });

    it("fails an instance that keeps the default public IPv4 address", async () => {
        const out = await validateResource("db-no-public-ip", SQL, sql({ ipConfiguration: { privateNetwork: "network-vpc-id" } }), db);
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" gets a public IPv4 address (settings.ipConfiguration.ipv4Enabled is not false); ' +
                "set it to false and connect over the private network.",
        ]);
    });
});

describe("db-tls-required", () => {
    it("passes ENCRYPTED_ONLY and client-certificate modes", async () => {
        expect((await validateResource("db-tls-required", SQL, sql(), db)).messages).toEqual([]);
        const mtls = sql({ ipConfiguration: { ipv4Enabled: false, sslMode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" } });
        expect((await validateResource("db-tls-required", SQL, mtls, db)).messages).toEqual([]);
    });

    it("fails an instance that accepts unencrypted connections", async () => {
        const out = await validateResource("db-tls-required", SQL, sql({ ipConfiguration: { ipv4Enabled: false } }), db);
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" accepts unencrypted connections (sslMode is not set and defaults to ' +
                "ALLOW_UNENCRYPTED_AND_ENCRYPTED); set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY.",
        ]);
    });
});

describe("db-backups-pitr", () => {
    it("passes backups with PITR above the prod floor", async () => {
        expect((await validateResource("db-backups-pitr", SQL, sql(), { ...db, tier: "prod" })).messages).toEqual([]);
    });

    it("fails disabled backups and PITR with one sentence each", async () => {
        const out = await validateResource("db-backups-pitr", SQL, sql({ backupConfiguration: { enabled: false } }), db);
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" has automated backups off; set settings.backupConfiguration.enabled to true.',
            'Cloud SQL instance "database-primary" has point-in-time recovery off; set settings.backupConfiguration.pointInTimeRecoveryEnabled to true.',
        ]);
    });

    it("asks MySQL for binary logging instead", async () => {
        const mysql = sql({ backupConfiguration: { enabled: true } }, { databaseVersion: "MYSQL_8_4" });
        expect((await validateResource("db-backups-pitr", SQL, mysql, db)).messages).toEqual([
            'Cloud SQL instance "database-primary" has binary logging off, so it cannot be restored to a point in time; ' +
                "set settings.backupConfiguration.binaryLogEnabled to true.",
        ]);
    });

    it("holds retention to the tier's floor: 7 backups and 7 days in prod, 3 and 1 in non-prod", async () => {
        const short = sql({
            backupConfiguration: {
                enabled: true,
                pointInTimeRecoveryEnabled: true,
                transactionLogRetentionDays: 3,
                backupRetentionSettings: { retainedBackups: 5 },
            },
        });
        expect((await validateResource("db-backups-pitr", SQL, short, { ...db, tier: "prod" })).messages).toEqual([
            'Cloud SQL instance "database-primary" keeps 5 automated backups; keep at least 7 ' +
                "(settings.backupConfiguration.backupRetentionSettings.retainedBackups).",
            'Cloud SQL instance "database-primary" keeps 3 days of transaction logs for point-in-time recovery; keep at least 7 ' +
                "(settings.backupConfiguration.transactionLogRetentionDays).",
        ]);
        expect((await validateResource("db-backups-pitr", SQL, short, { ...db, tier: "non-prod" })).messages).toEqual([]);
    });

    it("takes floors from policy config", async () => {
        const out = await validateResource("db-backups-pitr", SQL, sql(), { ...db, tier: "prod", config: { minRetainedBackups: 60 } });
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" keeps 30 automated backups; keep at least 60 ' +
                "(settings.backupConfiguration.backupRetentionSettings.retainedBackups).",
        ]);
    });

    it("does not apply to read replicas", async () => {
        expect((await validateResource("db-backups-pitr", SQL, replica)).notApplicable).toBe(
            "read replica: backups, HA and deletion protection belong to its primary",
        );
    });
});

describe("stateful-ha", () => {
    it("passes a REGIONAL instance and a STANDARD_HA cache", async () => {
        expect((await validateResource("stateful-ha", SQL, sql(), db)).messages).toEqual([]);
        expect((await validateResource("stateful-ha", REDIS, { memorySizeGb: 5, tier: "STANDARD_HA" })).messages).toEqual([]);
    });

    it("fails single-zone database, cache and cluster", async () => {
        expect((await validateResource("stateful-ha", SQL, sql({ availabilityType: "ZONAL" }), db)).messages).toEqual([
            'Cloud SQL instance "database-primary" runs in a single zone (settings.availabilityType is ZONAL); ' +
                "set it to REGIONAL for automatic failover.",
        ]);
        expect((await validateResource("stateful-ha", REDIS, { memorySizeGb: 1 }, { name: "cache-redis" })).messages).toEqual([
            'Memorystore instance "cache-redis" has no replica (tier is not set, so BASIC); set tier to STANDARD_HA for automatic failover.',
        ]);
        expect((await validateResource("stateful-ha", REDIS_CLUSTER, { shardCount: 3, replicaCount: 0 }, { name: "cache" })).messages).toEqual([
            'Memorystore cluster "cache" cannot fail over (replicaCount is 0); give every shard a replica in another zone.',
        ]);
    });

    it("does not apply to read replicas", async () => {
        expect((await validateResource("stateful-ha", SQL, replica)).notApplicable).toContain("read replica");
    });
});

describe("cache-snapshots (Memorystore)", () => {
    const snapshots = (type: string, props: Record<string, unknown>, tier: "prod" | "non-prod" = "prod") =>
        validateResource("cache-snapshots", type, props, { name: "cache", tier });

    it("passes RDB persistence on an instance, RDB or AOF on a cluster", async () => {
        expect((await snapshots(REDIS, { persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "TWENTY_FOUR_HOURS" } })).messages).toEqual([]);
        expect((await snapshots(REDIS_CLUSTER, { persistenceConfig: { mode: "RDB" } })).messages).toEqual([]);
        expect((await snapshots(REDIS_CLUSTER, { persistenceConfig: { mode: "AOF" } })).messages).toEqual([]);
    });

    it("fails persistence off or not set, naming the field and what to set", async () => {
        expect((await snapshots(REDIS, {})).messages).toEqual([
            'Memorystore instance "cache" takes no snapshots (persistenceConfig.persistenceMode is not set, so DISABLED); set it to RDB.',
        ]);
        expect((await snapshots(REDIS, { persistenceConfig: { persistenceMode: "DISABLED" } })).messages).toEqual([
            'Memorystore instance "cache" takes no snapshots (persistenceConfig.persistenceMode is DISABLED); set it to RDB.',
        ]);
        // An instance has no AOF: the cluster's field name on an instance does not count.
        expect((await snapshots(REDIS, { persistenceConfig: { mode: "RDB" } })).messages).toEqual([
            'Memorystore instance "cache" takes no snapshots (persistenceConfig.persistenceMode is not set, so DISABLED); set it to RDB.',
        ]);
        expect((await snapshots(REDIS_CLUSTER, { persistenceConfig: { mode: "PERSISTENCE_MODE_UNSPECIFIED" } })).messages).toEqual([
            'Memorystore cluster "cache" takes no snapshots (persistenceConfig.mode is PERSISTENCE_MODE_UNSPECIFIED); set it to RDB or AOF.',
        ]);
        expect((await snapshots(REDIS_CLUSTER, {})).messages).toEqual([
            'Memorystore cluster "cache" takes no snapshots (persistenceConfig.mode is not set, so DISABLED); set it to RDB or AOF.',
        ]);
    });

    it("does not apply outside prod", async () => {
        expect(await snapshots(REDIS, {}, "non-prod")).toEqual({ messages: [], urns: [], notApplicable: "only prod keeps cache snapshots" });
    });
});

describe("stateful-deletion-protection", () => {
    it("passes a protected instance with API deletion protection", async () => {
        expect((await validateResource("stateful-deletion-protection", SQL, sql(), { ...db, protect: true })).messages).toEqual([]);
        const redis = { memorySizeGb: 5 };
        expect((await validateResource("stateful-deletion-protection", REDIS, redis, { protect: true })).messages).toEqual([]);
    });

    it("names everything that is missing in one sentence", async () => {
        const unprotected = sql({ deletionProtectionEnabled: false }, { deletionProtection: false });
        expect((await validateResource("stateful-deletion-protection", SQL, unprotected, db)).messages).toEqual([
            'Cloud SQL instance "database-primary" can be deleted by mistake: it lacks the protect resource option, ' +
                "settings.deletionProtectionEnabled: true and deletionProtection (it is false).",
        ]);
        const cluster = await validateResource("stateful-deletion-protection", REDIS_CLUSTER, { shardCount: 1 }, { name: "cache", protect: true });
        expect(cluster.messages).toEqual(['Memorystore cluster "cache" can be deleted by mistake: it lacks deletionProtectionEnabled: true.']);
    });
});

describe("redis-auth-tls", () => {
    it("passes AUTH + TLS on an instance and IAM AUTH + TLS on a cluster", async () => {
        const instance = { memorySizeGb: 1, authEnabled: true, transitEncryptionMode: "SERVER_AUTHENTICATION" };
        expect((await validateResource("redis-auth-tls", REDIS, instance)).messages).toEqual([]);
        const cluster = {
            shardCount: 1,
            authorizationMode: "AUTH_MODE_IAM_AUTH",
            transitEncryptionMode: "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION",
        };
        expect((await validateResource("redis-auth-tls", REDIS_CLUSTER, cluster)).messages).toEqual([]);
    });

    it("fails an instance with the defaults (no AUTH, no TLS)", async () => {
        expect((await validateResource("redis-auth-tls", REDIS, { memorySizeGb: 1 }, { name: "cache-redis" })).messages).toEqual([
            'Memorystore instance "cache-redis" accepts clients without AUTH (authEnabled: true) and TLS ' +
                "(transitEncryptionMode: SERVER_AUTHENTICATION); turn both on.",
        ]);
        const tlsOnly = { memorySizeGb: 1, transitEncryptionMode: "SERVER_AUTHENTICATION" };
        expect((await validateResource("redis-auth-tls", REDIS, tlsOnly, { name: "cache-redis" })).messages).toEqual([
            'Memorystore instance "cache-redis" accepts clients without AUTH (authEnabled: true); turn it on.',
        ]);
    });
});

describe("db-maintenance-window", () => {
    it("passes an instance with a maintenance window", async () => {
        expect((await validateResource("db-maintenance-window", SQL, sql(), db)).messages).toEqual([]);
    });

    it("fails an instance without one", async () => {
        expect((await validateResource("db-maintenance-window", SQL, sql({ maintenanceWindow: undefined }), db)).messages).toEqual([
            'Cloud SQL instance "database-primary" has no maintenance window, so Google may restart it for updates at any hour; ' +
                "set settings.maintenanceWindow (day and hour).",
        ]);
    });
});

describe("db-backups-survive-deletion", () => {
    const kept = { retainBackupsOnDelete: true, finalBackupConfig: { enabled: true, retentionDays: 30 } };

    it("passes a prod primary that keeps its backups and takes a final one", async () => {
        expect((await validateResource("db-backups-survive-deletion", SQL, sql(kept), { ...db, tier: "prod" })).messages).toEqual([]);
    });

    it("fails a prod primary whose deletion would take its backups with it", async () => {
        expect((await validateResource("db-backups-survive-deletion", SQL, sql(), { ...db, tier: "prod" })).messages).toEqual([
            'Cloud SQL instance "database-primary" would take its backups with it when deleted; set settings.retainBackupsOnDelete: true ' +
                "(automated backups kept) and settings.finalBackupConfig with enabled: true and retentionDays (a final backup taken).",
        ]);
        const noFinal = await validateResource("db-backups-survive-deletion", SQL, sql({ retainBackupsOnDelete: true, finalBackupConfig: { enabled: true } }), { ...db, tier: "prod" });
        expect(noFinal.messages[0]).toContain("settings.finalBackupConfig with enabled: true and retentionDays");
    });

    it("does not apply outside prod, nor to replicas", async () => {
        expect((await validateResource("db-backups-survive-deletion", SQL, sql(), { ...db, tier: "non-prod" })).notApplicable)
            .toBe("only prod keeps its backups after the instance is deleted");
        expect((await validateResource("db-backups-survive-deletion", SQL, replica, { tier: "prod" })).notApplicable).toMatch(/^read replica/);
    });
});

describe("buckets-versioned", () => {
    const BUCKET = "gcp:storage/bucket:Bucket";
    const bucket = (props: Record<string, unknown>) => r(BUCKET, "edge-unrouted", props);

    it("passes a versioned bucket, and a bucket with a retention period instead (log archive)", async () => {
        expect((await validateStack("buckets-versioned", [bucket({ versioning: { enabled: true } })])).messages).toEqual([]);
        expect((await validateStack("buckets-versioned", [bucket({ retentionPolicy: { retentionPeriod: "34560000", isLocked: true } })])).messages).toEqual([]);
    });

    it("fails a bucket without versioning or retention", async () => {
        const out = await validateStack("buckets-versioned", [bucket({ location: "EU", versioning: { enabled: false } })]);
        expect(out.messages).toEqual([
            'Storage bucket "edge-unrouted" keeps no earlier versions of its objects, so an overwrite or delete is final; set versioning.enabled ' +
                "to true (or a retentionPolicy where versioning makes no sense, e.g. a log archive).",
        ]);
        expect(out.urns).toEqual([urn(bucket({}))]);
        expect((await validateStack("buckets-versioned", [bucket({})])).messages).toHaveLength(1);
    });

    it("does not apply to a stack without buckets", async () => {
        expect((await validateStack("buckets-versioned", [])).notApplicable).toBe("no storage bucket; no S3 bucket in this stack");
    });
});

// Each branch of the data rules with a compliant and a violating resource (mutation testing,
// docs/testing.md): the message names what is wrong.
describe("data rules, branch by branch", () => {
    const prod = { ...db, tier: "prod" as const };
    const cacheName = { name: "cache" };
    const byInstanceType = sql({ availabilityType: "ZONAL", backupConfiguration: { enabled: false } }, { instanceType: "READ_REPLICA_INSTANCE" });

    it("db-no-public-ip fails an explicit public IPv4 address too", async () => {
        const out = await validateResource("db-no-public-ip", SQL, sql({ ipConfiguration: { ipv4Enabled: true, sslMode: "ENCRYPTED_ONLY" } }), db);
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" gets a public IPv4 address (settings.ipConfiguration.ipv4Enabled is not false); ' +
                "set it to false and connect over the private network.",
        ]);
    });

    it("db-tls-required names an explicit mode that allows plain text", async () => {
        const out = await validateResource("db-tls-required", SQL, sql({ ipConfiguration: { ipv4Enabled: false, sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } }), db);
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" accepts unencrypted connections (sslMode is ALLOW_UNENCRYPTED_AND_ENCRYPTED); ' +
                "set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY.",
        ]);
    });

    it("db-backups-pitr passes a MySQL instance with binary logging, and fails one with backups off", async () => {
        const mysql = (backupConfiguration: Record<string, unknown>) => sql({ backupConfiguration }, { databaseVersion: "MYSQL_8_0" });
        expect((await validateResource("db-backups-pitr", SQL, mysql({ enabled: true, binaryLogEnabled: true, transactionLogRetentionDays: 7 }), prod)).messages).toEqual([]);
        expect((await validateResource("db-backups-pitr", SQL, mysql({ enabled: false, binaryLogEnabled: true }), prod)).messages).toEqual([
            'Cloud SQL instance "database-primary" has automated backups off; set settings.backupConfiguration.enabled to true.',
        ]);
        // A MySQL instance is never asked for pointInTimeRecoveryEnabled, a Postgres one is never asked for binary logs.
        const pg = sql({ backupConfiguration: { enabled: true, binaryLogEnabled: true } });
        expect((await validateResource("db-backups-pitr", SQL, pg, prod)).messages).toEqual([
            'Cloud SQL instance "database-primary" has point-in-time recovery off; set settings.backupConfiguration.pointInTimeRecoveryEnabled to true.',
        ]);
    });

    it("db-backups-pitr reads Cloud SQL's defaults (7 backups, 7 days) when retention is not set", async () => {
        const unset = sql({ backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true } });
        expect((await validateResource("db-backups-pitr", SQL, unset, prod)).messages).toEqual([]);
        const stricter = { ...prod, config: { minRetainedBackups: 8, minPitrDays: 8 } };
        expect((await validateResource("db-backups-pitr", SQL, unset, stricter)).messages).toEqual([
            'Cloud SQL instance "database-primary" keeps 7 automated backups; keep at least 8 ' +
                "(settings.backupConfiguration.backupRetentionSettings.retainedBackups).",
            'Cloud SQL instance "database-primary" keeps 7 days of transaction logs for point-in-time recovery; keep at least 8 ' +
                "(settings.backupConfiguration.transactionLogRetentionDays).",
        ]);
    });

    it.each([
        [7, 7, []],
        [6, 7, ["keeps 6 automated backups; keep at least 7"]],
        [8, 1, ["keeps 1 day of transaction logs for point-in-time recovery; keep at least 7"]],
        [8, 6, ["keeps 6 days of transaction logs for point-in-time recovery; keep at least 7"]],
    ] as const)("db-backups-pitr in prod (floor 7 and 7): %d backups and %d days of logs", async (backups, days, expected) => {
        const instance = sql({
            backupConfiguration: {
                enabled: true,
                pointInTimeRecoveryEnabled: true,
                transactionLogRetentionDays: days,
                backupRetentionSettings: { retainedBackups: backups },
            },
        });
        const { messages } = await validateResource("db-backups-pitr", SQL, instance, prod);
        expect(messages).toHaveLength(expected.length);
        expected.forEach((text, i) => expect(messages[i]).toContain(text));
    });

    it("the per-instance rules skip a replica recognised by its instanceType", async () => {
        for (const policy of ["db-backups-pitr", "db-maintenance-window", "stateful-ha", "stateful-deletion-protection", "db-backups-survive-deletion"]) {
            expect((await validateResource(policy, SQL, byInstanceType, prod)).notApplicable).toBe(
                "read replica: backups, HA and deletion protection belong to its primary",
            );
        }
        expect((await validateResource("db-maintenance-window", SQL, replica, prod)).notApplicable).toMatch(/^read replica/);
        // Only Cloud SQL has read replicas: a cache carrying the same fields is still checked.
        const cache = await validateResource("stateful-deletion-protection", REDIS, { memorySizeGb: 1, instanceType: "READ_REPLICA_INSTANCE" }, cacheName);
        expect(cache.messages).toEqual(['Memorystore instance "cache" can be deleted by mistake: it lacks the protect resource option.']);
    });

    it("stateful-ha names a database without availabilityType and a cache set to BASIC", async () => {
        expect((await validateResource("stateful-ha", SQL, sql({ availabilityType: undefined }), db)).messages).toEqual([
            'Cloud SQL instance "database-primary" runs in a single zone (settings.availabilityType is not set, so ZONAL); ' +
                "set it to REGIONAL for automatic failover.",
        ]);
        expect((await validateResource("stateful-ha", REDIS, { memorySizeGb: 1, tier: "BASIC" }, { name: "cache-redis" })).messages).toEqual([
            'Memorystore instance "cache-redis" has no replica (tier is BASIC); set tier to STANDARD_HA for automatic failover.',
        ]);
    });

    it("stateful-ha passes a cluster with a replica per shard across zones, and fails a single-zone or replica-less one", async () => {
        const cluster = (props: Record<string, unknown>) => validateResource("stateful-ha", REDIS_CLUSTER, { shardCount: 3, ...props }, cacheName);
        expect((await cluster({ replicaCount: 1, zoneDistributionConfig: { mode: "MULTI_ZONE" } })).messages).toEqual([]);
        expect((await cluster({ replicaCount: 2 })).messages).toEqual([]);
        expect((await cluster({ replicaCount: 1, zoneDistributionConfig: { mode: "SINGLE_ZONE", zone: "europe-west1-b" } })).messages).toEqual([
            'Memorystore cluster "cache" cannot fail over (zoneDistributionConfig.mode is SINGLE_ZONE); give every shard a replica in another zone.',
        ]);
        expect((await cluster({})).messages).toEqual([
            'Memorystore cluster "cache" cannot fail over (replicaCount is 0); give every shard a replica in another zone.',
        ]);
    });

    it("stateful-deletion-protection checks each kind's own switch", async () => {
        const protect = (type: string, props: Record<string, unknown>, isProtected: boolean) =>
            validateResource("stateful-deletion-protection", type, props, { ...cacheName, protect: isProtected });
        expect((await protect(REDIS, { memorySizeGb: 1, deletionProtection: false }, true)).messages).toEqual([
            'Memorystore instance "cache" can be deleted by mistake: it lacks deletionProtection (it is false).',
        ]);
        expect((await protect(REDIS, { memorySizeGb: 1, deletionProtection: true }, false)).messages).toEqual([
            'Memorystore instance "cache" can be deleted by mistake: it lacks the protect resource option.',
        ]);
        expect((await protect(REDIS_CLUSTER, { shardCount: 1, deletionProtectionEnabled: true }, true)).messages).toEqual([]);
        expect((await protect(REDIS_CLUSTER, { shardCount: 1, deletionProtectionEnabled: false }, false)).messages).toEqual([
            'Memorystore cluster "cache" can be deleted by mistake: it lacks the protect resource option and deletionProtectionEnabled: true.',
        ]);
        // An instance protected in the API but not by Pulumi, and the reverse.
        expect((await validateResource("stateful-deletion-protection", SQL, sql(), db)).messages).toEqual([
            'Cloud SQL instance "database-primary" can be deleted by mistake: it lacks the protect resource option.',
        ]);
        const apiOnly = sql({ deletionProtectionEnabled: undefined });
        expect((await validateResource("stateful-deletion-protection", SQL, apiOnly, { ...db, protect: true })).messages).toEqual([
            'Cloud SQL instance "database-primary" can be deleted by mistake: it lacks settings.deletionProtectionEnabled: true.',
        ]);
    });

    it("redis-auth-tls names what a cluster or an instance lacks", async () => {
        const check = (type: string, props: Record<string, unknown>) => validateResource("redis-auth-tls", type, props, cacheName);
        expect((await check(REDIS_CLUSTER, { shardCount: 1 })).messages).toEqual([
            'Memorystore cluster "cache" accepts clients without IAM AUTH (authorizationMode: AUTH_MODE_IAM_AUTH) and TLS ' +
                "(transitEncryptionMode: TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION); turn both on.",
        ]);
        expect((await check(REDIS_CLUSTER, { shardCount: 1, authorizationMode: "AUTH_MODE_IAM_AUTH", transitEncryptionMode: "TRANSIT_ENCRYPTION_MODE_DISABLED" })).messages).toEqual([
            'Memorystore cluster "cache" accepts clients without TLS (transitEncryptionMode: TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION); turn it on.',
        ]);
        expect((await check(REDIS_CLUSTER, { shardCount: 1, authorizationMode: "AUTH_MODE_DISABLED", transitEncryptionMode: "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION" })).messages).toEqual([
            'Memorystore cluster "cache" accepts clients without IAM AUTH (authorizationMode: AUTH_MODE_IAM_AUTH); turn it on.',
        ]);
        expect((await check(REDIS, { memorySizeGb: 1, authEnabled: true, transitEncryptionMode: "DISABLED" })).messages).toEqual([
            'Memorystore instance "cache" accepts clients without TLS (transitEncryptionMode: SERVER_AUTHENTICATION); turn it on.',
        ]);
    });

    it("db-backups-survive-deletion names only what is missing, and wants a final backup kept at least a day", async () => {
        const check = (settings: Record<string, unknown>) => validateResource("db-backups-survive-deletion", SQL, sql(settings), prod);
        expect((await check({ retainBackupsOnDelete: false, finalBackupConfig: { enabled: true, retentionDays: 1 } })).messages).toEqual([
            'Cloud SQL instance "database-primary" would take its backups with it when deleted; set settings.retainBackupsOnDelete: true (automated backups kept).',
        ]);
        for (const finalBackupConfig of [{ enabled: true, retentionDays: 0 }, { enabled: false, retentionDays: 30 }]) {
            expect((await check({ retainBackupsOnDelete: true, finalBackupConfig })).messages).toEqual([
                'Cloud SQL instance "database-primary" would take its backups with it when deleted; set settings.finalBackupConfig ' +
                    "with enabled: true and retentionDays (a final backup taken).",
            ]);
        }
    });

    it("buckets-versioned does not take a zero retention period for a retention policy", async () => {
        const logs = r("gcp:storage/bucket:Bucket", "logs", { retentionPolicy: { retentionPeriod: "0" } });
        const out = await validateStack("buckets-versioned", [logs]);
        expect(out.messages).toHaveLength(1);
        expect(out.messages[0]).toMatch(/^Storage bucket "logs" keeps no earlier versions/);
    });
});

const WORKFLOW = "gcp:workflows/workflow:Workflow";
const SCHEDULE = "gcp:cloudscheduler/job:Job";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const JOB = "gcp:cloudrunv2/job:Job";
const CHANNELS = ["projects/p/notificationChannels/1"];
const SOURCE = JSON.stringify({ main: { steps: [{ clone: { call: "googleapis.sqladmin.v1.instances.clone" } }, { del: { call: "googleapis.sqladmin.v1.instances.delete" } }] } });

const drillDb = (name = "acme-prod-db", props: Record<string, unknown> = {}) => r(SQL, "database-primary", { name, ...props });
const workflow = (props: Record<string, unknown> = {}) =>
    r(WORKFLOW, "restore-drill-workflow", {
        name: "acme-prod-restore-drill",
        sourceContents: SOURCE,
        userEnvVars: { DRILL_SOURCE_INSTANCE: "acme-prod-db", DRILL_VERIFY_JOB: "projects/p/locations/europe-west1/jobs/acme-prod-drill-verify" },
        ...props,
    });
const schedule = (target = "acme-prod-restore-drill") =>
    r(SCHEDULE, "restore-drill-run-schedule", { httpTarget: { uri: `https://workflowexecutions.googleapis.com/v1/projects/p/locations/europe-west1/workflows/${target}/executions` } });
const alert = (name: string, filter: string, props: Record<string, unknown> = {}) =>
    r(ALERT, name, { displayName: name, conditions: [{ conditionMatchedLog: { filter } }], notificationChannels: CHANNELS, ...props });
const failed = (props: Record<string, unknown> = {}) => alert("restore-drill-failed", 'resource.labels.workflow_id="acme-prod-restore-drill" AND jsonPayload.result="failed"', props);
const stale = () => alert("restore-drill-stale", 'increase(x{workflow_id="acme-prod-restore-drill",result="succeeded"}[1209600s])');

describe("backups-restore-tested (gcp)", () => {
    it("passes a database with a drill that restores and deletes, a schedule, and both alerts notifying someone", async () => {
        const out = await validateStack("backups-restore-tested", [drillDb(), workflow(), schedule(), failed(), stale()], { tier: "prod" });
        expect(out.messages).toEqual([]);
    });

    it("fails a database without a drill, naming the spec key", async () => {
        const d = drillDb();
        const out = await validateStack("backups-restore-tested", [d, failed(), stale()], { tier: "prod" });
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" has no restore drill: add a workflow that clones it to a point in time (or restores a backup), checks the copy and deletes it, on a schedule (prodstack: database.restoreDrill).',
        ]);
        expect(out.urns).toEqual([urn(d)]);
    });

    it.each([
        ["restores another instance", { userEnvVars: { DRILL_SOURCE_INSTANCE: "other-db" } }],
        ["never deletes its copy", { sourceContents: SOURCE.replace("instances.delete", "instances.get") }],
        ["restores nothing", { sourceContents: SOURCE.replace("instances.clone", "instances.get") }],
    ])("does not count a workflow that %s as a drill", async (_what, props) => {
        const out = await validateStack("backups-restore-tested", [drillDb(), workflow(props), schedule(), failed(), stale()], { tier: "prod" });
        expect(out.messages).toEqual([expect.stringContaining('has no restore drill')]);
    });

    it("counts a drill that restores a backup instead of cloning", async () => {
        const restoring = workflow({ sourceContents: SOURCE.replace("instances.clone", "instances.restoreBackup") });
        expect((await validateStack("backups-restore-tested", [drillDb(), restoring, schedule(), failed(), stale()], { tier: "prod" })).messages).toEqual([]);
    });

    it("fails a drill without a schedule or its alerts, listing what is missing", async () => {
        const w = workflow();
        const out = await validateStack("backups-restore-tested", [drillDb(), w, schedule("another-workflow")], { tier: "prod" });
        expect(out.messages).toEqual([
            'Cloud Workflows workflow "restore-drill-workflow" restores Cloud SQL instance "database-primary" but lacks a Cloud Scheduler job that starts it, ' +
                "an alert that notifies someone when a drill fails and an alert that notifies someone when no drill succeeded for two schedule periods.",
        ]);
        expect(out.urns).toEqual([urn(w)]);
    });

    it("does not count alerts that notify nobody, are disabled, or watch another workflow of a longer name", async () => {
        const silent = failed({ notificationChannels: [] });
        const disabled = stale();
        disabled.props.enabled = false;
        const watchOnly = alert("restore-drill-watch", 'resource.labels.workflow_id="acme-prod-restore-drill-watch" AND jsonPayload.result="failed" succeeded');
        const out = await validateStack("backups-restore-tested", [drillDb(), workflow(), schedule(), silent, disabled, watchOnly], { tier: "prod" });
        expect(out.messages).toEqual([
            'Cloud Workflows workflow "restore-drill-workflow" restores Cloud SQL instance "database-primary" but lacks an alert that notifies someone when a drill fails and an alert that notifies someone when no drill succeeded for two schedule periods.',
        ]);
    });

    it("ignores read replicas, and is not applicable without a primary", async () => {
        const replica = r(SQL, "database-replica-1", { name: "acme-prod-db-replica", masterInstanceName: "acme-prod-db" });
        expect((await validateStack("backups-restore-tested", [drillDb(), replica, workflow(), schedule(), failed(), stale()], { tier: "prod" })).messages).toEqual([]);
        expect((await validateStack("backups-restore-tested", [replica], { tier: "prod" })).notApplicable).toBe("no Cloud SQL primary in this stack; no RDS primary in this stack");
    });
});

describe("a drill's verification job is watched by the drill's failure alert", () => {
    const verifyJob = () => r(JOB, "restore-drill-verify-job", { name: "acme-prod-drill-verify", location: "europe-west1" });

    it("passes the verification job when the drill that runs it alerts on failure", async () => {
        const out = await validateStack("jobs-and-workers-alerted", [verifyJob(), workflow(), failed()]);
        expect(out.messages).toEqual([]);
    });

    it("fails it when no drill runs it, or the drill's alert is not about failures", async () => {
        const other = workflow({ userEnvVars: { DRILL_SOURCE_INSTANCE: "acme-prod-db", DRILL_VERIFY_JOB: "projects/p/locations/europe-west1/jobs/another" } });
        expect((await validateStack("jobs-and-workers-alerted", [verifyJob(), other, failed()])).messages).toEqual([expect.stringContaining('Cloud Run job "restore-drill-verify-job" has no alert policy')]);
        expect((await validateStack("jobs-and-workers-alerted", [verifyJob(), workflow(), stale()])).messages).toEqual([expect.stringContaining('Cloud Run job "restore-drill-verify-job" has no alert policy')]);
    });

    it("does not count a disabled failure alert, nor a drill for a worker pool or a job whose name is not known", async () => {
        const reported = (resources: StackResource[]) => validateStack("jobs-and-workers-alerted", resources).then((o) => o.urns);
        const job = verifyJob();
        expect(await reported([job, workflow(), failed({ enabled: false })])).toEqual([urn(job)]);
        const pool = r("gcp:cloudrunv2/workerPool:WorkerPool", "worker-pool", { name: "acme-prod-drill-verify" });
        expect(await reported([pool, workflow(), failed()])).toEqual([urn(pool)]);
        const nameless = r(JOB, "restore-drill-verify-job", unknownAt({}, "name"));
        const blankVerify = workflow({ userEnvVars: { DRILL_VERIFY_JOB: "projects/p/locations/europe-west1/jobs/" } });
        expect(await reported([nameless, blankVerify, failed()])).toEqual([urn(nameless)]);
    });

    it.each([
        ["acme.prod", "see acme.prod here", true],
        ["acme.prod", "acmeprod", false],
        ["acme.prod", "acmexprod", false],
        ["", 'resource.labels.workflow_id="acme-prod-restore-drill" failed', false],
    ])("mentions(%p) in %p is %p (the name is literal text, never empty)", (name, text, expected) => {
        expect(mentions(text, name)).toBe(expected);
    });

    it.each([
        ['workflow_id=\\"acme-prod-restore-drill\\"', true],
        ["acme-prod-restore-drill", true],
        ["acme-prod-restore-drill-watch", false],
        ["xacme-prod-restore-drill", false],
        ["", false],
    ])("mentions(%p, the drill's name) is %p", (text, expected) => {
        expect(mentions(text, "acme-prod-restore-drill")).toBe(expected);
    });
});
