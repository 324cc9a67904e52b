/**
 * Policies of databases and other stateful resources: no public IP, TLS, backups and
 * point-in-time recovery, high availability, deletion protection.
 */
import { ADVISORY, days, MANDATORY, PROD_MANDATORY, resourcePolicy, stackPolicy } from "./define";
import * as awsCache from "./rules/aws/cache";
import * as awsData from "./rules/aws/data";
import * as awsDb from "./rules/aws/database";
import * as gcpData from "./rules/gcp/data";
import * as awsRestoreDrill from "./rules/aws/restore-drill";
import * as gcpRestoreDrill from "./rules/gcp/restore-drill";
import type { HardeningPolicy } from "./types";

/** Data policies of the pack, in roadmap order (policies.ts concatenates the groups). */
export const DATA_POLICIES: readonly HardeningPolicy[] = [
    resourcePolicy({
        name: "db-no-public-ip",
        description: "Databases have no public IP address.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpData.dbNoPublicIp, awsDb.dbNoPublicIp],
    }),
    resourcePolicy({
        name: "db-tls-required",
        description: "Databases refuse unencrypted connections.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpData.dbTlsRequired, awsDb.dbTlsRequired],
    }),
    resourcePolicy({
        name: "db-encrypted-at-rest",
        description: "Database storage and Performance Insights data are encrypted with a customer-managed key (AWS; Cloud SQL always encrypts).",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsDb.dbEncryptedAtRest],
    }),
    resourcePolicy({
        name: "db-backups-pitr",
        description: "Databases have automated backups, point-in-time recovery and retention at or above the floor.",
        category: "data-loss",
        enforcement: MANDATORY,
        severity: "critical",
        defaults: { prod: { minRetainedBackups: 7, minPitrDays: 7 }, "non-prod": { minRetainedBackups: 3, minPitrDays: 1 } },
        schema: {
            minRetainedBackups: { type: "integer", minimum: 1, description: "Fewest automated backups to keep." },
            minPitrDays: days("Fewest days of transaction logs for point-in-time recovery."),
        },
        checks: [gcpData.dbBackupsPitr, awsDb.dbBackupsPitr],
    }),
    stackPolicy({
        name: "db-backups-cross-region",
        description: "Prod databases copy their automated backups to another region (advisory: only where a backup location is configured can it pass).",
        category: "availability",
        enforcement: ADVISORY,
        prodOnly: true,
        severity: "medium",
        checks: [awsDb.dbBackupsCrossRegion],
    }),
    resourcePolicy({
        name: "cache-snapshots",
        description: "Prod caches take daily snapshots: ElastiCache keeps them at least the floor of days, Memorystore has RDB (or AOF) persistence on.",
        category: "data-loss",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "high",
        defaults: { prod: { minSnapshotDays: 7 }, "non-prod": { minSnapshotDays: 1 } },
        schema: { minSnapshotDays: days("Fewest days a cache keeps its daily snapshots.") },
        checks: [gcpData.cacheSnapshots, awsCache.cacheSnapshots],
    }),
    stackPolicy({
        name: "backups-restore-tested",
        description: "Prod databases have a scheduled restore drill (restore to a scratch copy, verify, delete) with alerts on a failed drill and on no successful drill.",
        category: "data-loss",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "high",
        checks: [gcpRestoreDrill.restoreDrilled, awsRestoreDrill.restoreDrilled],
    }),
    resourcePolicy({
        name: "stateful-ha",
        description: "Databases and caches fail over across zones (mandatory in prod, advisory elsewhere).",
        category: "availability",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "high",
        checks: [gcpData.statefulHa, awsDb.dbMultiAz, awsCache.cacheHa],
    }),
    resourcePolicy({
        name: "stateful-deletion-protection",
        description: "Stateful resources (databases, caches; on AWS also KMS keys, secrets, registries and buckets) carry the protect option and the cloud's deletion safeguards (mandatory in prod).",
        category: "data-loss",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "critical",
        checks: [gcpData.statefulDeletionProtection, awsData.statefulDeletionProtection, awsCache.cacheDeletionProtection],
    }),
    resourcePolicy({
        name: "db-backups-survive-deletion",
        description: "Deleting a prod database keeps its automated backups and takes a final backup; deleting a prod cache takes a final snapshot (prod only).",
        category: "data-loss",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "critical",
        checks: [gcpData.dbBackupsSurviveDeletion, awsDb.dbBackupsSurviveDeletion, awsCache.cacheFinalSnapshot],
    }),
    resourcePolicy({
        name: "db-iam-auth",
        description: "Databases accept IAM authentication, so people connect with their own identity rather than a shared master password (AWS).",
        category: "security",
        enforcement: MANDATORY,
        severity: "medium",
        checks: [awsDb.dbIamAuth],
    }),
    resourcePolicy({
        name: "db-logs-exported",
        description: "Database engine logs (Postgres log; MySQL error and slow query logs) are exported to CloudWatch Logs (AWS; Cloud SQL always sends them to Cloud Logging).",
        category: "operations",
        enforcement: MANDATORY,
        severity: "medium",
        checks: [awsDb.dbLogsExported],
    }),
];
