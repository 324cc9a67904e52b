/**
 * Data concern on AWS: the RDS database and the ElastiCache cache (mirrors
 * `infra/gcp/data.ts`) and the bindings workloads with `usesDatabase` / `usesCache` get.
 * Runs before compute: the tasks' groups get egress to the stores' groups, and once they
 * exist `admit` opens each store's group to them.
 *
 * Tier defaults are the GCP ones where the meaning is the same: prod keeps 30 days of
 * backups (the point-in-time window on RDS), non-prod 7; prod is Multi-AZ, deletion
 * protected and keeps its automated backups after deletion. Unlike Cloud SQL, RDS keeps
 * transaction logs for the whole backup retention: `backups.pitrDays` is honoured by a
 * retention at least that long (config-cloud.ts refuses a larger one than `retainedBackups`).
 * The cache: prod gets a replica with failover, 7 days of snapshots and protection; non-prod
 * one node without snapshots, as on GCP (`ha`, `persistence` override the tier).
 */
import * as pulumi from "@pulumi/pulumi";
import { Cache, Database } from "../../components/aws";
import { cacheEngineOf } from "../../components/core/internal";
import { byTier, isProd, type Tier } from "../../components/core/internal";
import type { CacheSpec, DatabaseSpec } from "../config";
import { hourAfter } from "../workloads";
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
    result.primary = db;
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

/** Days of daily cache snapshots when the spec (or the tier) asks for persistence. */
export const AWS_CACHE_SNAPSHOT_DAYS = 7;

function deployCache(ctx: AwsContext, c: CacheSpec, result: AwsDataResult): void {
    const { spec } = ctx;
    const prod = isProd(spec.tier);
    // The spec's version picks the engine: 7.1 is Redis OSS, 7.2 and later Valkey (config-cloud.ts refuses others).
    const engine = c.version === undefined ? undefined : cacheEngineOf(c.version);
    const cache = new Cache("cache", {
        namePrefix: spec.namePrefix,
        region: spec.region,
        vpcId: ctx.network.vpcId,
        subnetIds: ctx.network.isolatedSubnetIds,
        kmsKeyArn: ctx.key.arn,
        memoryGb: c.memoryGb,
        ...(engine ? { engine: engine.engine, engineVersion: engine.engineVersion } : {}),
        highAvailability: c.ha ?? prod,
        // RDB persistence on GCP; daily snapshots here.
        snapshotRetentionDays: c.persistence ?? prod ? AWS_CACHE_SNAPSHOT_DAYS : 0,
        // An hour after the database's window, so the two never restart together.
        ...(spec.database ? hourAfter(spec.database.maintenance.day, spec.database.maintenance.hour) : {}),
        logRetentionDays: ctx.logRetentionDays,
        deletionProtection: prod,
    }, ctx.opts);

    result.cache = {
        environment: {
            REDIS_HOST: cache.host,
            REDIS_PORT: cache.port.apply(String),
            // TLS is required; ElastiCache's certificates chain to Amazon's public CAs, in every system trust store.
            REDIS_TLS: "true",
        },
        // `rediss://:TOKEN@host:6379`, as on GCP.
        secrets: { REDIS_URL: { secretArn: cache.urlSecret.arn } },
        permissions: [],
        egress: [{ description: "Redis to the cache", fromPort: 6379, securityGroupId: cache.securityGroupId }],
        admit: (workload, securityGroupId) => cache.allowFrom(workload, securityGroupId),
    };
    result.caches.push({ name: "cache", memberClusterIds: cache.memberClusterIds });
    Object.assign(result.outputs, {
        redisHost: cache.host,
        redisPort: cache.port,
        redisAuthSecretArn: cache.authSecret.arn,
        redisUrlSecretArn: cache.urlSecret.arn,
    });
}

/** Deploys the database and cache of the spec, if any, and the bindings workloads use. */
export function deployData(ctx: AwsContext): AwsDataResult {
    const result: AwsDataResult = { databases: [], caches: [], outputs: {} };
    if (ctx.spec.database) deployDatabase(ctx, ctx.spec.database, result);
    if (ctx.spec.cache) deployCache(ctx, ctx.spec.cache, result);
    return result;
}

/** The bindings of the stores `w` uses, in a fixed order (database, cache). */
export function bindingsOf(data: AwsDataResult, w: { usesDatabase: boolean; usesCache: boolean }): AwsBinding[] {
    return [w.usesDatabase ? data.database : undefined, w.usesCache ? data.cache : undefined].filter((b): b is AwsBinding => b !== undefined);
}
