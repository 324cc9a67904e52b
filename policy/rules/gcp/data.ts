/** GCP data rules: Cloud SQL and Memorystore for Redis. */
import type { ResourceCheck, ResourceValidationArgs, StackCheck } from "../../types";
import { get, isSet, listing, ofTypes, skip, str } from "../common";
import { T, what } from "./types";

/** A read replica: it has no backups of its own and fails over through its primary. */
export function isReplica(props: Record<string, unknown>): boolean {
    return isSet(props, "masterInstanceName") || str(props.instanceType) === "READ_REPLICA_INSTANCE";
}

const REPLICA = "read replica: backups, HA and deletion protection belong to its primary";

/** Cloud SQL's documented defaults when the fields are not set. */
const SQL_DEFAULT_RETAINED_BACKUPS = 7;
const SQL_DEFAULT_LOG_DAYS = 7;

// ---------------------------------------------------------------------------

export const dbNoPublicIp: ResourceCheck = {
    types: [T.sqlInstance],
    check(args, report) {
        if (get(args.props, "settings.ipConfiguration.ipv4Enabled") !== false) {
            report(
                `${what(args)} gets a public IPv4 address (settings.ipConfiguration.ipv4Enabled is not false); ` +
                    "set it to false and connect over the private network.",
            );
        }
    },
};

const TLS_ONLY = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const dbTlsRequired: ResourceCheck = {
    types: [T.sqlInstance],
    check(args, report) {
        const mode = str(get(args.props, "settings.ipConfiguration.sslMode"));
        if (!TLS_ONLY.includes(mode)) {
            const now = mode ? `sslMode is ${mode}` : "sslMode is not set and defaults to ALLOW_UNENCRYPTED_AND_ENCRYPTED";
            report(`${what(args)} accepts unencrypted connections (${now}); set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY.`);
        }
    },
};

export const dbBackupsPitr: ResourceCheck = {
    types: [T.sqlInstance],
    check(args, report, ctx) {
        if (isReplica(args.props)) return skip(REPLICA);
        const backup = get(args.props, "settings.backupConfiguration");
        if (get(backup, "enabled") !== true) {
            report(`${what(args)} has automated backups off; set settings.backupConfiguration.enabled to true.`);
        }
        const engine = str(args.props.databaseVersion);
        if (engine.startsWith("MYSQL")) {
            if (get(backup, "binaryLogEnabled") !== true) {
                report(
                    `${what(args)} has binary logging off, so it cannot be restored to a point in time; ` +
                        "set settings.backupConfiguration.binaryLogEnabled to true.",
                );
            }
        } else if (get(backup, "pointInTimeRecoveryEnabled") !== true) {
            report(
                `${what(args)} has point-in-time recovery off; set settings.backupConfiguration.pointInTimeRecoveryEnabled to true.`,
            );
        }
        const minBackups = Number(ctx.config.minRetainedBackups);
        const retained = Number(get(backup, "backupRetentionSettings.retainedBackups") ?? SQL_DEFAULT_RETAINED_BACKUPS);
        if (retained < minBackups) {
            report(
                `${what(args)} keeps ${retained} automated backups; keep at least ${minBackups} ` +
                    "(settings.backupConfiguration.backupRetentionSettings.retainedBackups).",
            );
        }
        const minDays = Number(ctx.config.minPitrDays);
        const days = Number(get(backup, "transactionLogRetentionDays") ?? SQL_DEFAULT_LOG_DAYS);
        if (days < minDays) {
            report(
                `${what(args)} keeps ${days} ${days === 1 ? "day" : "days"} of transaction logs for point-in-time recovery; ` +
                    `keep at least ${minDays} (settings.backupConfiguration.transactionLogRetentionDays).`,
            );
        }
    },
};

export const dbMaintenanceWindow: ResourceCheck = {
    types: [T.sqlInstance],
    check(args, report) {
        if (isReplica(args.props)) return skip(REPLICA);
        if (!isSet(args.props, "settings.maintenanceWindow.day")) {
            report(
                `${what(args)} has no maintenance window, so Google may restart it for updates at any hour; ` +
                    "set settings.maintenanceWindow (day and hour).",
            );
        }
    },
};

// ---------------------------------------------------------------------------

export const statefulHa: ResourceCheck = {
    types: [T.sqlInstance, T.redisInstance, T.redisCluster],
    check(args, report) {
        const p = args.props;
        switch (args.type) {
            case T.sqlInstance: {
                if (isReplica(p)) skip(REPLICA);
                const availability = str(get(p, "settings.availabilityType"));
                if (availability !== "REGIONAL") {
                    report(
                        `${what(args)} runs in a single zone (settings.availabilityType is ${availability || "not set, so ZONAL"}); ` +
                            "set it to REGIONAL for automatic failover.",
                    );
                }
                return;
            }
            case T.redisInstance: {
                const tier = str(p.tier);
                if (tier !== "STANDARD_HA") {
                    report(`${what(args)} has no replica (tier is ${tier || "not set, so BASIC"}); set tier to STANDARD_HA for automatic failover.`);
                }
                return;
            }
            default: {
                const replicas = Number(p.replicaCount ?? 0);
                const singleZone = str(get(p, "zoneDistributionConfig.mode")) === "SINGLE_ZONE";
                if (replicas < 1 || singleZone) {
                    report(
                        `${what(args)} cannot fail over (${replicas < 1 ? "replicaCount is 0" : "zoneDistributionConfig.mode is SINGLE_ZONE"}); ` +
                            "give every shard a replica in another zone.",
                    );
                }
            }
        }
    },
};

/** What keeps a stateful resource from being deleted: the Pulumi option and the cloud's own switch. */
function missingProtection(args: ResourceValidationArgs): string[] {
    const p = args.props;
    const missing = args.opts.protect ? [] : ["the protect resource option"];
    switch (args.type) {
        case T.sqlInstance:
            if (get(p, "settings.deletionProtectionEnabled") !== true) missing.push("settings.deletionProtectionEnabled: true");
            if (p.deletionProtection === false) missing.push("deletionProtection (it is false)");
            break;
        case T.redisInstance:
            if (p.deletionProtection === false) missing.push("deletionProtection (it is false)");
            break;
        default:
            if (p.deletionProtectionEnabled !== true) missing.push("deletionProtectionEnabled: true");
    }
    return missing;
}

export const statefulDeletionProtection: ResourceCheck = {
    types: [T.sqlInstance, T.redisInstance, T.redisCluster],
    check(args, report) {
        if (args.type === T.sqlInstance && isReplica(args.props)) return skip(REPLICA);
        const missing = missingProtection(args);
        if (missing.length) report(`${what(args)} can be deleted by mistake: it lacks ${listing(missing)}.`);
    },
};

// ---------------------------------------------------------------------------

export const redisAuthTls: ResourceCheck = {
    types: [T.redisInstance, T.redisCluster],
    check(args, report) {
        const p = args.props;
        const missing: string[] = [];
        if (args.type === T.redisInstance) {
            if (p.authEnabled !== true) missing.push("AUTH (authEnabled: true)");
            if (str(p.transitEncryptionMode) !== "SERVER_AUTHENTICATION") missing.push("TLS (transitEncryptionMode: SERVER_AUTHENTICATION)");
        } else {
            if (str(p.authorizationMode) !== "AUTH_MODE_IAM_AUTH") missing.push("IAM AUTH (authorizationMode: AUTH_MODE_IAM_AUTH)");
            if (str(p.transitEncryptionMode) !== "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION") {
                missing.push("TLS (transitEncryptionMode: TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION)");
            }
        }
        if (missing.length) report(`${what(args)} accepts clients without ${listing(missing)}; turn ${missing.length > 1 ? "both" : "it"} on.`);
    },
};

// ---------------------------------------------------------------------------
// cache-snapshots (prod)
// ---------------------------------------------------------------------------

/**
 * Memorystore keeps what it has only while persistence is on: RDB snapshots (the instance keeps
 * the newest, taken every 1 to 24 hours) or, for a cluster, an append-only file too. Off, the
 * default, a failover or maintenance restart starts the cache empty. Daily or more often meets
 * the roadmap's "daily snapshots"; a kept-days floor (ElastiCache's) has no Memorystore setting.
 */
export const cacheSnapshots: ResourceCheck = {
    types: [T.redisInstance, T.redisCluster],
    check(args, report, ctx) {
        if (ctx.tier !== "prod") return skip("only prod keeps cache snapshots");
        const [field, mode, modes] =
            args.type === T.redisInstance
                ? ["persistenceConfig.persistenceMode", str(get(args.props, "persistenceConfig.persistenceMode")), ["RDB"]]
                : ["persistenceConfig.mode", str(get(args.props, "persistenceConfig.mode")), ["RDB", "AOF"]];
        if (!modes.includes(mode)) {
            report(`${what(args)} takes no snapshots (${field} is ${mode || "not set, so DISABLED"}); set it to ${modes.join(" or ")}.`);
        }
    },
};

// ---------------------------------------------------------------------------
// db-backups-survive-deletion
// ---------------------------------------------------------------------------

export const dbBackupsSurviveDeletion: ResourceCheck = {
    types: [T.sqlInstance],
    check(args, report, ctx) {
        if (isReplica(args.props)) return skip(REPLICA);
        if (ctx.tier !== "prod") return skip("only prod keeps its backups after the instance is deleted");
        const settings = get(args.props, "settings");
        const missing: string[] = [];
        if (get(settings, "retainBackupsOnDelete") !== true) missing.push("settings.retainBackupsOnDelete: true (automated backups kept)");
        if (get(settings, "finalBackupConfig.enabled") !== true || !(Number(get(settings, "finalBackupConfig.retentionDays")) > 0)) {
            missing.push("settings.finalBackupConfig with enabled: true and retentionDays (a final backup taken)");
        }
        if (missing.length) {
            report(`${what(args)} would take its backups with it when deleted; set ${listing(missing)}.`);
        }
    },
};

// ---------------------------------------------------------------------------
// buckets-versioned
// ---------------------------------------------------------------------------

export const bucketsVersioned: StackCheck = {
    types: [T.bucket],
    check(resources, report, ctx) {
        const buckets = ofTypes(resources, T.bucket);
        if (!buckets.length) return skip("no storage bucket");
        ctx.examined(...buckets);
        for (const b of buckets) {
            if (get(b.props, "versioning.enabled") === true) continue;
            // A locked retention period protects objects where versions make no sense (log archives).
            if (Number(get(b.props, "retentionPolicy.retentionPeriod")) > 0) continue;
            report(
                `${what(b)} keeps no earlier versions of its objects, so an overwrite or delete is final; set versioning.enabled ` +
                    "to true (or a retentionPolicy where versioning makes no sense, e.g. a log archive).",
                b.urn,
            );
        }
    },
};
