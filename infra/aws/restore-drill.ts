/**
 * The restore drill of the AWS composition (issue 19), part of the data concern: on by default
 * in prod, from `database.restoreDrill`. It runs after compute, since its verification task
 * runs in the environment's ECS cluster; the observability concern alarms on what it returns.
 */
import { RestoreDrill } from "../../components/aws";
import { resolveRestoreDrill } from "../../components/core/restore-drill";
import type { AwsContext, AwsDataResult, ComputeResult, RestoreDrillWatch } from "./context";

/** Deploys the drill when the spec (or the tier) asks for one; returns what observability watches. */
export function deployRestoreDrill(ctx: AwsContext, data: AwsDataResult, compute: ComputeResult): RestoreDrillWatch | undefined {
    const { spec } = ctx;
    const settings = resolveRestoreDrill(spec.database?.restoreDrill, spec.tier);
    const db = data.primary;
    if (!settings || !db) return undefined;
    const drill = new RestoreDrill("restore-drill", {
        namePrefix: spec.namePrefix,
        region: spec.region,
        database: {
            identifier: db.identifier,
            arn: db.arn,
            engine: db.engine,
            version: db.version,
            port: db.port,
            databaseName: db.databaseName,
            user: db.userName,
            passwordSecretArn: db.passwordSecretArn,
            securityGroupId: db.securityGroupId,
            subnetGroupName: db.subnetGroupName,
            parameterGroupName: db.parameterGroupName,
            kmsKeyArn: ctx.key.arn,
        },
        schedule: settings.schedule,
        pointInTimeOffsetMinutes: settings.pointInTimeOffsetMinutes,
        verifyQuery: settings.verifyQuery,
        vpcId: ctx.network.vpcId,
        subnetIds: ctx.network.privateSubnetIds,
        cluster: { arn: compute.clusterArn, name: compute.clusterName },
        kmsKeyArn: ctx.key.arn,
        logRetentionDays: ctx.logRetentionDays,
    }, ctx.opts);
    db.allowFrom("restore-drill", drill.securityGroupId);
    return {
        databaseIdentifier: db.identifier,
        scratchIdentifier: drill.scratchIdentifier,
        metricNamespace: drill.metricNamespace,
        stateMachineArn: drill.stateMachineArn,
        schedulePeriodSeconds: drill.schedulePeriodSeconds,
    };
}
