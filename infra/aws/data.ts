/**
 * Data concern on AWS: the RDS database (mirrors `infra/gcp/data.ts`) and the bindings
 * workloads with `usesDatabase` get. Runs before compute: the tasks' groups get egress to the
 * database's group, and once they exist `admit` opens the database's group to each of them.
 *
 * Tier defaults are the GCP ones where the meaning is the same: prod keeps 30 days of
 * backups (the point-in-time window on RDS), non-prod 7; prod is Multi-AZ, deletion
 * protected and keeps its automated backups after deletion. Unlike Cloud SQL, RDS keeps
 * transaction logs for the whole backup retention: `backups.pitrDays` is honoured by a
 * retention at least that long (config-cloud.ts refuses a larger one than `retainedBackups`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Database } from "../../components/aws";
import { byTier, isProd, type Tier } from "../../components/core/internal";
import type { DatabaseSpec } from "../config";
import type { AwsBinding, AwsContext, AwsDataResult } from "./context";

/** Days of automated backups (= point-in-time window) when the spec sets none. */
export const DEFAULT_AWS_BACKUP_DAYS = { prod: 30, nonProd: 7 };

/** RDS instance class when the spec's `database.tier` is the schema's (Cloud SQL) default. */
export const DEFAULT_AWS_INSTANCE_CLASS = "db.t4g.medium";

/**
 * Days of automated backups, which on RDS is also the point-in-time window:
 * `retainedBackups`, else the tier's default raised to `pitrDays`.
 */
export function backupDaysOf(d: DatabaseSpec, tier: Tier): number {
    return d.backups.retainedBackups ?? Math.max(byTier(tier, DEFAULT_AWS_BACKUP_DAYS), d.backups.pitrDays ?? 0);
}

function deployDatabase(ctx: AwsContext, d: DatabaseSpec, result: AwsDataResult): void {
    const { spec } = ctx;
    const prod = isProd(spec.tier);
    const db = new Database("database", {
        region: spec.region,
        namePrefix: spec.namePrefix,
        vpcId: ctx.network.vpcId,
        subnetIds: ctx.network.isolatedSubnetIds,
        kmsKeyArn: ctx.key.arn,
        engine: d.engine,
        version: d.version,
        instanceClass: d.tier.startsWith("db.") ? d.tier : DEFAULT_AWS_INSTANCE_CLASS,
        storageGb: d.storageGb,
        storageLimitGb: d.storageLimitGb,
        multiAz: d.ha ?? prod,
        backupRetentionDays: backupDaysOf(d, spec.tier),
        backupStartTime: d.backups.startTime,
        backupReplicaRegion: d.backups.location,
        deletionProtection: d.deletionProtection ?? prod,
        readReplicas: d.readReplicas,
        maintenanceDay: d.maintenance.day,
        maintenanceHour: d.maintenance.hour,
        databaseName: d.databaseName,
        user: d.user,
        databaseFlags: Object.fromEntries(Object.entries(d.flags).map(([flag, value]) => [flag, String(value)])),
        logRetentionDays: ctx.logRetentionDays,
    }, ctx.opts);

    const binding: AwsBinding = {
        environment: {
            DATABASE_ENGINE: db.engine,
            DATABASE_HOST: db.address,
            DATABASE_PORT: String(db.port),
            DATABASE_NAME: db.databaseName,
            DATABASE_USER: db.userName,
            // The server requires TLS; verify its certificate and host name against the RDS CA.
            DATABASE_SSLMODE: db.engine === "postgres" ? "verify-full" : "VERIFY_IDENTITY",
            DATABASE_CA_CERT_PATH: db.caCertPath,
            // The region's RDS CA bundle, which the image carries at DATABASE_CA_CERT_PATH.
            DATABASE_CA_BUNDLE_URL: db.caBundleUrl,
            ...(db.replicaAddresses.length ? { DATABASE_REPLICA_HOSTS: pulumi.all(db.replicaAddresses).apply((hosts) => hosts.join(",")) } : {}),
        },
        // The URL carries the password and `sslmode=verify-full&sslrootcert=<CA file>`
        // (MySQL: `ssl-mode=VERIFY_IDENTITY&ssl-ca=`), matching the server's forced TLS.
        secrets: { DATABASE_PASSWORD: { secretArn: db.passwordSecretArn }, DATABASE_URL: { secretArn: db.urlSecretArn } },
        permissions: [],
        egress: [{ description: `${db.engine === "postgres" ? "Postgres" : "MySQL"} to the database`, fromPort: db.port, securityGroupId: db.securityGroupId }],
        admit: (workload, securityGroupId) => db.allowFrom(workload, securityGroupId),
    };
    result.database = binding;
    result.databases.push(...db.instanceIdentifiers.map((identifier, i) => ({ name: i === 0 ? "database" : `database-replica-${i}`, identifier })));
    Object.assign(result.outputs, {
        databaseAddress: db.address,
        databaseReplicaAddresses: db.replicaAddresses,
        databaseName: db.databaseName,
        databaseUser: db.userName,
        databasePasswordSecretArn: db.passwordSecretArn,
        databaseUrlSecretArn: db.urlSecretArn,
        databaseMasterSecretArn: db.masterSecretArn,
        databaseIamUserArnPrefix: db.iamUserArnPrefix,
        databaseCaBundleUrl: db.caBundleUrl,
    });
}

/** Deploys the database of the spec, if any, and the binding workloads use. */
export function deployData(ctx: AwsContext): AwsDataResult {
    const result: AwsDataResult = { databases: [], outputs: {} };
    if (ctx.spec.database) deployDatabase(ctx, ctx.spec.database, result);
    return result;
}

/** The bindings of the stores `w` uses, in a fixed order (database, cache). */
export function bindingsOf(data: AwsDataResult, w: { usesDatabase: boolean; usesCache: boolean }): AwsBinding[] {
    return [w.usesDatabase ? data.database : undefined, w.usesCache ? data.cache : undefined].filter((b): b is AwsBinding => b !== undefined);
}
