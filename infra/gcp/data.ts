/** Data concern: Cloud SQL and Memorystore (issue: GCP data tier). */
import * as pulumi from "@pulumi/pulumi";
import { byTier, isProd } from "../../components/core/internal";
import { Cache, type RedisVersion } from "../../components/gcp/cache";
import { Database, type UpdateTrack } from "../../components/gcp/database";
import type { CacheSpec, DatabaseSpec } from "../config";
import { hourAfter } from "../workloads";
import type { Binding, DataResult, GcpContext } from "./context";

/** APIs the data concern needs (service networking is in the base set). */
export const DATA_APIS: string[] = ["sqladmin.googleapis.com", "redis.googleapis.com", "secretmanager.googleapis.com"];

/**
 * Tier-dependent defaults for what the spec leaves unset. Prod: HA, deletion protection,
 * 30 daily backups with 7 days of point-in-time recovery, a final backup kept 30 days
 * when the instance is deleted, maintenance two weeks after
 * announcement. Non-prod: single zone, deletable, 7 backups with 3 days of PITR, and
 * maintenance a week earlier than prod so staging meets every update first.
 */
export const DATA_TIER_DEFAULTS: { prod: DataTierDefaults; nonProd: DataTierDefaults } = {
    prod: { retainedBackups: 30, pitrDays: 7, updateTrack: "stable", finalBackupDays: 30 },
    nonProd: { retainedBackups: 7, pitrDays: 3, updateTrack: "canary", finalBackupDays: 0 },
};

/** The database settings the tier decides when the spec leaves them unset. */
export interface DataTierDefaults {
    retainedBackups: number;
    pitrDays: number;
    updateTrack: UpdateTrack;
    /** Days the backup taken when the instance is deleted is kept; 0 takes none. */
    finalBackupDays: number;
}

/** `7.2` → `REDIS_7_2`, `6` → `REDIS_6_X` (the spec's version to Memorystore's enum). */
export function redisVersionOf(version: string): RedisVersion {
    return (version === "6" || version.startsWith("6.") ? "REDIS_6_X" : `REDIS_${version.replace(/\./g, "_")}`) as RedisVersion;
}

function deployDatabase(ctx: GcpContext, d: DatabaseSpec, result: DataResult): void {
    const { spec, network } = ctx;
    const tierDefaults = byTier(spec.tier, DATA_TIER_DEFAULTS);
    const db = new Database("database", {
        region: spec.region,
        namePrefix: spec.namePrefix,
        network: network.networkId,
        allocatedIpRange: network.privateServicesRangeName,
        privateServicesConnection: network.privateServicesConnection,
        engine: d.engine,
        version: d.version,
        edition: d.edition,
        machineTier: d.tier,
        storageGb: d.storageGb,
        storageLimitGb: d.storageLimitGb,
        highAvailability: d.ha ?? isProd(spec.tier),
        retainedBackups: d.backups.retainedBackups ?? tierDefaults.retainedBackups,
        pitrDays: d.backups.pitrDays ?? tierDefaults.pitrDays,
        backupStartTime: d.backups.startTime,
        backupLocation: d.backups.location,
        deletionProtection: d.deletionProtection ?? isProd(spec.tier),
        finalBackupDays: tierDefaults.finalBackupDays,
        readReplicas: d.readReplicas,
        maintenanceDay: d.maintenance.day,
        maintenanceHour: d.maintenance.hour,
        updateTrack: tierDefaults.updateTrack,
        databaseName: d.databaseName,
        user: d.user,
        databaseFlags: Object.fromEntries(Object.entries(d.flags).map(([flag, value]) => [flag, String(value)])),
        labels: ctx.labels,
    }, ctx.opts);

    const binding: Binding = {
        env: {
            DATABASE_ENGINE: db.engine,
            DATABASE_HOST: db.privateIp,
            DATABASE_PORT: String(db.port),
            DATABASE_NAME: db.databaseName,
            DATABASE_USER: db.userName,
            // The instance accepts TLS only; verify the server against its CA (no client certs).
            DATABASE_SSLMODE: db.engine === "postgres" ? "verify-ca" : "VERIFY_CA",
            DATABASE_CA_CERT: db.caCert,
            DATABASE_CA_CERT_PATH: db.caCertPath,
            // For Cloud SQL language connectors, which the cloudsql.client role allows.
            DATABASE_CONNECTION_NAME: db.connectionName,
            ...(db.replicas.length ? { DATABASE_REPLICA_HOSTS: pulumi.all(db.replicaPrivateIps).apply((ips) => ips.join(",")) } : {}),
        },
        // The URL carries the password and `sslmode=verify-ca&sslrootcert=<CA file>` (MySQL:
        // `ssl-mode=VERIFY_CA&ssl-ca=`), matching the instance's ENCRYPTED_ONLY mode.
        secretEnv: { DATABASE_PASSWORD: db.passwordSecret, DATABASE_URL: { ...db.urlSecret, key: "db-url" } },
        files: { [db.caCertPath]: { ...db.caCertSecret, key: "db-ca" } },
        projectRoles: ["roles/cloudsql.client"],
    };
    result.database = binding;
    result.primary = {
        instanceName: db.instanceName,
        databaseName: db.databaseName,
        user: db.userName,
        passwordSecret: { ...db.passwordSecret, key: "db-password" },
    };
    result.databases.push(
        { name: "database", databaseId: pulumi.interpolate`${ctx.project}:${db.instanceName}` },
        ...db.replicas.map((r, i) => ({ name: `database-replica-${i + 1}`, databaseId: pulumi.interpolate`${ctx.project}:${r.name}` })),
    );
    Object.assign(result.outputs, {
        databaseConnectionName: db.connectionName,
        databasePrivateIp: db.privateIp,
        databaseReplicaPrivateIps: db.replicaPrivateIps,
        databaseName: db.databaseName,
        databaseUser: db.userName,
        databasePasswordSecretId: db.passwordSecret.secretId,
        databaseAdminPasswordSecretId: db.adminPasswordSecretId,
        databaseCaCert: db.caCert,
    });
}

function deployCache(ctx: GcpContext, c: CacheSpec, result: DataResult): void {
    const { spec, network } = ctx;
    const cache = new Cache("cache", {
        region: spec.region,
        namePrefix: spec.namePrefix,
        network: network.networkId,
        reservedIpRange: network.privateServicesRangeName,
        privateServicesConnection: network.privateServicesConnection,
        memoryGb: c.memoryGb,
        version: c.version === undefined ? undefined : redisVersionOf(c.version),
        highAvailability: c.ha ?? isProd(spec.tier),
        persistence: c.persistence ?? isProd(spec.tier),
        deletionProtection: isProd(spec.tier),
        // An hour after the database's window, so the two never restart together.
        ...(spec.database ? hourAfter(spec.database.maintenance.day, spec.database.maintenance.hour) : {}),
    }, ctx.opts);

    result.cache = {
        env: {
            REDIS_HOST: cache.host,
            REDIS_PORT: cache.port.apply(String),
            REDIS_TLS: "true",
            REDIS_CA_CERT: cache.caCert,
            REDIS_CA_CERT_PATH: cache.caCertPath,
        },
        secretEnv: { REDIS_URL: cache.urlSecret },
        files: { [cache.caCertPath]: { ...cache.caCertSecret, key: "redis-ca" } },
        projectRoles: [],
    };
    result.caches.push({
        name: "cache",
        instanceId: pulumi.interpolate`projects/${ctx.project}/locations/${spec.region}/instances/${cache.instanceName}`,
    });
    Object.assign(result.outputs, {
        redisHost: cache.host,
        redisPort: cache.port,
        redisCaCert: cache.caCert,
        redisAuthSecretId: cache.authSecret.secretId,
        redisUrlSecretId: cache.urlSecret.secretId,
    });
}

export { hourAfter };

/** Deploys the database and cache of the spec, if any, and the bindings services use. */
export function deployData(ctx: GcpContext): DataResult {
    const result: DataResult = { databases: [], caches: [], outputs: {} };
    if (ctx.spec.database) deployDatabase(ctx, ctx.spec.database, result);
    if (ctx.spec.cache) deployCache(ctx, ctx.spec.cache, result);
    return result;
}
