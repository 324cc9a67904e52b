/**
 * The RDS instances of a {@link Database} (database.ts): the primary and its read replicas,
 * each after its pre-created log groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DatabaseConfig } from "./database";
import { DATABASE_ADMIN_USER, RDS_LOG_EXPORTS } from "./database-engine";

/** What the instances share, made by the component before them. */
export interface InstanceParts {
    /**
     * The primary's subnet group (replicas take it from their source).
     * @default none (required)
     */
    subnetGroupName: pulumi.Input<string>;
    /**
     * The database's security group.
     * @default none (required)
     */
    securityGroupId: pulumi.Input<string>;
    /**
     * The hardening parameter group.
     * @default none (required)
     */
    parameterGroupName: pulumi.Input<string>;
    /**
     * The enhanced monitoring role.
     * @default none (required)
     */
    monitoringRoleArn: pulumi.Input<string>;
    /**
     * The monitoring role's policy: RDS checks the role when the instance is created.
     * @default none (required)
     */
    dependsOn: pulumi.Resource[];
    /**
     * `HH:MM-HH:MM` UTC.
     * @default none (required)
     */
    backupWindow: string;
    /**
     * `ddd:HH:MM-ddd:HH:MM` UTC.
     * @default none (required)
     */
    maintenanceWindow: string;
}

/**
 * Log groups RDS would otherwise create on its own, without retention or key:
 * `/aws/rds/instance/<identifier>/<log>`, one per exported log.
 */
function logGroups(name: string, cfg: DatabaseConfig, identifier: string, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup[] {
    return RDS_LOG_EXPORTS[cfg.engine].map((log) => new aws.cloudwatch.LogGroup(`${name}-log-${log}`, {
        region: cfg.region,
        name: `/aws/rds/instance/${identifier}/${log}`,
        retentionInDays: cfg.logRetentionDays,
        kmsKeyId: cfg.kmsKeyArn,
    }, opts));
}

/** The primary and `cfg.readReplicas` replicas; `stateful` carries `protect` in prod. */
export function databaseInstances(
    name: string,
    cfg: DatabaseConfig,
    identifier: string,
    parts: InstanceParts,
    stateful: pulumi.CustomResourceOptions,
): { primary: aws.rds.Instance; replicas: aws.rds.Instance[] } {
    const parent = { parent: stateful.parent };
    // Settings the primary and its replicas share.
    const common = {
        region: cfg.region,
        instanceClass: cfg.instanceClass,
        storageType: "gp3",
        maxAllocatedStorage: cfg.storageLimitGb === 0 ? 65536 : cfg.storageLimitGb,
        storageEncrypted: true,
        kmsKeyId: cfg.kmsKeyArn,
        vpcSecurityGroupIds: [parts.securityGroupId],
        publiclyAccessible: false,
        parameterGroupName: parts.parameterGroupName,
        autoMinorVersionUpgrade: true,
        maintenanceWindow: parts.maintenanceWindow,
        iamDatabaseAuthenticationEnabled: true,
        caCertIdentifier: cfg.caCertIdentifier,
        copyTagsToSnapshot: true,
        deletionProtection: cfg.deletionProtection,
        monitoringInterval: cfg.monitoringIntervalSeconds,
        monitoringRoleArn: parts.monitoringRoleArn,
        performanceInsightsEnabled: true,
        // Set once: RDS refuses to change the Performance Insights key later.
        performanceInsightsKmsKeyId: cfg.kmsKeyArn,
        performanceInsightsRetentionPeriod: cfg.performanceInsightsRetentionDays,
        databaseInsightsMode: cfg.databaseInsightsMode,
        enabledCloudwatchLogsExports: [...RDS_LOG_EXPORTS[cfg.engine]],
    };
    // Storage autoscaling changes the allocated size behind Pulumi's back; sending the
    // configured size again would try to shrink it, which RDS refuses.
    const ignoreChanges = ["allocatedStorage"];

    // A final snapshot's name must be unused: a suffix lets an environment be destroyed twice.
    const suffix = new random.RandomId(`${name}-final-suffix`, { byteLength: 2 }, stateful);
    const primary = new aws.rds.Instance(`${name}-primary`, {
        ...common,
        identifier,
        engine: cfg.engine,
        // Major version only: minor versions follow autoMinorVersionUpgrade.
        engineVersion: cfg.version,
        // Lets a changed major version (with its new parameter group) upgrade in place.
        allowMajorVersionUpgrade: true,
        allocatedStorage: cfg.storageGb,
        dbName: cfg.databaseName,
        username: DATABASE_ADMIN_USER,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: cfg.kmsKeyArn,
        dbSubnetGroupName: parts.subnetGroupName,
        multiAz: cfg.multiAz,
        backupRetentionPeriod: cfg.backupRetentionDays,
        backupWindow: parts.backupWindow,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: pulumi.interpolate`${identifier}-final-${suffix.hex}`,
        deleteAutomatedBackups: !cfg.deletionProtection,
    }, { ...stateful, ignoreChanges, dependsOn: [...parts.dependsOn, ...logGroups(name, cfg, identifier, parent)] });

    const replicas: aws.rds.Instance[] = [];
    for (let i = 1; i <= cfg.readReplicas; i++) {
        const replicaId = `${identifier}-replica-${i}`;
        replicas.push(new aws.rds.Instance(`${name}-replica-${i}`, {
            ...common,
            identifier: replicaId,
            // Same region: the source's identifier; the replica takes its subnet group.
            replicateSourceDb: primary.identifier,
            multiAz: false,
            // RDS rejects a final snapshot of a replica (InvalidParameterCombination).
            skipFinalSnapshot: true,
            backupRetentionPeriod: 0,
        }, { ...stateful, ignoreChanges, dependsOn: [...parts.dependsOn, ...logGroups(`${name}-replica-${i}`, cfg, replicaId, parent)] }));
    }
    return { primary, replicas };
}
