/**
 * The Amazon States Language definitions of a {@link RestoreDrill} (restore-drill.ts), as pure
 * functions of resolved strings so tests parse and walk them without a plan. Internal.
 *
 * JSONata, not JSONPath: the restore time is the execution's start minus the offset, and only
 * JSONata has date arithmetic (`$toMillis`, `$fromMillis`); its variables (`Assign`) carry the
 * step, the error and the measured duration to the one place that records the result.
 *
 * Every Task state before the cleanup catches `States.ALL` into `DeleteScratch`, which always
 * leads to `RecordResult` and then `Succeeded` or `Failed`. The one exception: a restore refused
 * because the scratch instance already exists goes straight to `RecordResult`, since that
 * instance may belong to a drill still running (the leftover alarm watches it). Wait and
 * Choice states cannot fail. The execution has no `TimeoutSeconds` on purpose: an execution
 * timeout skips every `Catch`, so the wait loop is bounded by `maxPolls` instead.
 */

/** Statuses from which a restoring instance never becomes `available` (RDS DB instance status list). */
export const RDS_DEAD_STATUSES = [
    "failed", "incompatible-restore", "incompatible-parameters", "incompatible-network", "incompatible-option-group",
    "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable", "storage-full", "deleting",
];

/** Everything the drill's definition names, resolved. */
export interface DrillDefinitionInput {
    /**
     * The database instance restored from.
     * @default none (required)
     */
    sourceIdentifier: string;
    /**
     * The scratch instance's identifier.
     * @default none (required)
     */
    scratchIdentifier: string;
    /**
     * RDS class of the scratch instance.
     * @default none (required)
     */
    instanceClass: string;
    /**
     * The database's DB subnet group.
     * @default none (required)
     */
    subnetGroupName: string;
    /**
     * The database's parameter group.
     * @default none (required)
     */
    parameterGroupName: string;
    /**
     * The database's security group: the scratch instance takes it.
     * @default none (required)
     */
    securityGroupId: string;
    /**
     * Minutes before the execution's start to restore to.
     * @default none (required)
     */
    pointInTimeOffsetMinutes: number;
    /**
     * Tag the scratch instance carries.
     * @default none (required)
     */
    tag: {
        /**
         * Tag key.
         * @default none (required)
         */
        key: string;
        /**
         * Tag value.
         * @default none (required)
         */
        value: string;
    };
    /**
     * Cluster of the verification task.
     * @default none (required)
     */
    clusterArn: string;
    /**
     * The verification task's definition.
     * @default none (required)
     */
    taskDefinitionArn: string;
    /**
     * Container of the verification task (its `DB_HOST` is overridden).
     * @default none (required)
     */
    container: string;
    /**
     * Private subnets of the verification task.
     * @default none (required)
     */
    subnetIds: string[];
    /**
     * The verification task's security group.
     * @default none (required)
     */
    taskSecurityGroupId: string;
    /**
     * Metric namespace of the results.
     * @default none (required)
     */
    namespace: string;
    /**
     * What the result record calls the environment.
     * @default none (required)
     */
    environment: string;
    /**
     * Seconds between two status checks.
     * @default none (required)
     */
    pollSeconds: number;
    /**
     * Status checks before the drill gives up.
     * @default none (required)
     */
    maxPolls: number;
    /**
     * Seconds the verification task may run before it is stopped.
     * @default none (required)
     */
    verifyTimeoutSeconds: number;
}

type State = Record<string, unknown>;

const SDK = "arn:aws:states:::aws-sdk:";

/** `error` as `Error: Cause`, short enough for the record. */
const CAUGHT = "{% $substring($states.errorOutput.Error & ': ' & $states.errorOutput.Cause, 0, 500) %}";

/** Seconds from the drill's start (the restore request) to the state's entry. */
const STOP_CLOCK = "{% $round(($toMillis($states.context.State.EnteredTime) - $toMillis($restoreStarted)) / 1000) %}";

/** A catch of everything into `next`, keeping the error. */
function catchAll(next: string, extra: Record<string, string> = {}): State {
    return { ErrorEquals: ["States.ALL"], Next: next, Assign: { error: CAUGHT, ...extra } };
}

/** The drill: restore to a point in time, wait, verify, always delete, record the result. */
export function restoreDrillDefinition(i: DrillDefinitionInput): { QueryLanguage: string; Comment: string; StartAt: string; States: Record<string, State> } {
    const offsetMs = i.pointInTimeOffsetMinutes * 60_000;
    const record = `{ 'drill': 'restore', 'result': $result, 'durationSeconds': $durationSeconds, 'step': $step, 'environment': '${i.environment}', 'instance': '${i.sourceIdentifier}', 'scratchInstance': '${i.scratchIdentifier}' }`;
    const metric = (name: string, value: string, unit: string) => `{ 'MetricName': '${name}', 'Value': ${value}, 'Unit': '${unit}' }`;
    return {
        QueryLanguage: "JSONata",
        Comment: `Restore drill of ${i.sourceIdentifier}: point-in-time restore to ${i.scratchIdentifier}, verify, delete (prodstack)`,
        StartAt: "Start",
        States: {
            Start: {
                Type: "Pass",
                Assign: { result: "failed", step: "restore", error: "", polls: 0, restoreSeconds: -1, durationSeconds: 0, status: "", address: "", restoreStarted: "{% $states.context.State.EnteredTime %}", verified: false },
                Next: "Restore",
            },
            Restore: {
                Type: "Task",
                Resource: `${SDK}rds:restoreDBInstanceToPointInTime`,
                Arguments: {
                    SourceDBInstanceIdentifier: i.sourceIdentifier,
                    TargetDBInstanceIdentifier: i.scratchIdentifier,
                    RestoreTime: `{% $fromMillis($toMillis($states.context.Execution.StartTime) - ${offsetMs}) %}`,
                    DbInstanceClass: i.instanceClass,
                    DbSubnetGroupName: i.subnetGroupName,
                    VpcSecurityGroupIds: [i.securityGroupId],
                    DbParameterGroupName: i.parameterGroupName,
                    PubliclyAccessible: false,
                    MultiAZ: false,
                    DeletionProtection: false,
                    AutoMinorVersionUpgrade: false,
                    CopyTagsToSnapshot: false,
                    StorageType: "gp3",
                    Tags: [{ Key: i.tag.key, Value: i.tag.value }],
                },
                Assign: { step: "wait" },
                Catch: [
                    // Another drill may own it: leave it, the leftover alarm watches it.
                    { ErrorEquals: ["Rds.DbInstanceAlreadyExistsException"], Next: "RecordResult", Assign: { error: CAUGHT, durationSeconds: STOP_CLOCK } },
                    catchAll("DeleteScratch"),
                ],
                Next: "WaitForRestore",
            },
            WaitForRestore: { Type: "Wait", Seconds: i.pollSeconds, Next: "DescribeScratch" },
            DescribeScratch: {
                Type: "Task",
                Resource: `${SDK}rds:describeDBInstances`,
                Arguments: { DbInstanceIdentifier: i.scratchIdentifier },
                Assign: {
                    status: "{% $states.result.DbInstances[0].DbInstanceStatus %}",
                    address: "{% $states.result.DbInstances[0].Endpoint.Address %}",
                    polls: "{% $polls + 1 %}",
                },
                Retry: [{ ErrorEquals: ["Rds.ThrottlingException", "Rds.SdkClientException"], IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 }],
                Catch: [catchAll("DeleteScratch")],
                Next: "IsRestored",
            },
            IsRestored: {
                Type: "Choice",
                Choices: [
                    {
                        Condition: "{% $status = 'available' %}",
                        Assign: {
                            step: "verify",
                            restoreSeconds: "{% $round(($toMillis($states.context.State.EnteredTime) - $toMillis($restoreStarted)) / 1000) %}",
                        },
                        Next: "Verify",
                    },
                    {
                        Condition: `{% $status in ${JSON.stringify(RDS_DEAD_STATUSES).replace(/"/g, "'")} %}`,
                        Assign: { error: "{% 'scratch instance status ' & $status %}" },
                        Next: "DeleteScratch",
                    },
                    {
                        Condition: `{% $polls >= ${i.maxPolls} %}`,
                        Assign: { error: `{% 'scratch instance not available after ${i.maxPolls} checks (last status ' & $status & ')' %}` },
                        Next: "DeleteScratch",
                    },
                ],
                Default: "WaitForRestore",
            },
            Verify: {
                Type: "Task",
                Resource: "arn:aws:states:::ecs:runTask.sync",
                TimeoutSeconds: i.verifyTimeoutSeconds,
                Arguments: {
                    Cluster: i.clusterArn,
                    TaskDefinition: i.taskDefinitionArn,
                    LaunchType: "FARGATE",
                    PlatformVersion: "LATEST",
                    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: i.subnetIds, SecurityGroups: [i.taskSecurityGroupId], AssignPublicIp: "DISABLED" } },
                    Overrides: { ContainerOverrides: [{ Name: i.container, Environment: [{ Name: "DB_HOST", Value: "{% $address %}" }] }] },
                },
                Assign: {
                    verified: "{% $states.result.Containers[0].ExitCode = 0 %}",
                    error: "{% $states.result.Containers[0].ExitCode = 0 ? '' : 'verification failed: ' & $string($states.result.StoppedReason) & ', exit code ' & $string($states.result.Containers[0].ExitCode) %}",
                },
                Catch: [catchAll("DeleteScratch")],
                Next: "CheckVerify",
            },
            CheckVerify: {
                Type: "Choice",
                Choices: [{ Condition: "{% $verified %}", Assign: { result: "succeeded", step: "done" }, Next: "DeleteScratch" }],
                Default: "DeleteScratch",
            },
            DeleteScratch: {
                Type: "Task",
                Resource: `${SDK}rds:deleteDBInstance`,
                Arguments: { DbInstanceIdentifier: i.scratchIdentifier, SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
                // An instance still creating (a failed wait) cannot be deleted yet: try for an hour.
                Retry: [{ ErrorEquals: ["Rds.InvalidDbInstanceStateException"], IntervalSeconds: 300, MaxAttempts: 12, BackoffRate: 1 }],
                // The drill's duration ends where the cleanup starts.
                Assign: { durationSeconds: STOP_CLOCK },
                Catch: [
                    // The restore never created it: nothing to delete.
                    { ErrorEquals: ["Rds.DbInstanceNotFoundException"], Next: "RecordResult", Assign: { durationSeconds: STOP_CLOCK } },
                    catchAll("RecordResult", { result: "failed", step: "cleanup", durationSeconds: STOP_CLOCK }),
                ],
                Next: "RecordResult",
            },
            RecordResult: {
                Type: "Task",
                Resource: `${SDK}cloudwatch:putMetricData`,
                Arguments: {
                    Namespace: i.namespace,
                    MetricData: `{% $append([${metric("DrillSucceeded", "$result = 'succeeded' ? 1 : 0", "Count")}, ${metric("DrillFailed", "$result = 'succeeded' ? 0 : 1", "Count")}], $restoreSeconds >= 0 ? [${metric("RestoreDurationSeconds", "$restoreSeconds", "Seconds")}] : []) %}`,
                },
                // The result stands even if the metric is lost (the no-success alarm still sees it).
                Catch: [{ ErrorEquals: ["States.ALL"], Next: "Outcome" }],
                Next: "Outcome",
            },
            Outcome: {
                Type: "Choice",
                Choices: [{ Condition: "{% $result = 'succeeded' %}", Next: "Succeeded" }],
                Default: "Failed",
            },
            Succeeded: { Type: "Succeed", Output: `{% ${record} %}` },
            Failed: { Type: "Fail", Error: "RestoreDrillFailed", Cause: `{% $string($merge([${record}, { 'error': $error }])) %}` },
        },
    };
}

/** Everything the watch's definition names, resolved. */
export interface WatchDefinitionInput {
    /**
     * ARN of the drill's state machine.
     * @default none (required)
     */
    drillStateMachineArn: string;
    /**
     * Metric namespace of the drill.
     * @default none (required)
     */
    namespace: string;
    /**
     * The drill's scratch instance: deleted when older than `maxAgeSeconds`.
     * @default none (required)
     */
    scratchIdentifier: string;
    /**
     * Age in seconds past which a scratch instance is a leftover.
     * @default none (required)
     */
    maxAgeSeconds: number;
}

/**
 * The watch: publishes the seconds since the drill last succeeded (since the drill's state
 * machine was created when it never has), so an alarm can span more than CloudWatch's
 * seven-day evaluation limit (two weekly periods are fourteen days); then sweeps: a scratch
 * instance older than `maxAgeSeconds` (no drill runs that long) is a leftover, and is deleted.
 */
export function restoreDrillWatchDefinition(i: WatchDefinitionInput): { QueryLanguage: string; Comment: string; StartAt: string; States: Record<string, State> } {
    return {
        QueryLanguage: "JSONata",
        Comment: "Publishes the age of the last successful restore drill (prodstack)",
        StartAt: "DescribeDrill",
        States: {
            DescribeDrill: {
                Type: "Task",
                Resource: `${SDK}sfn:describeStateMachine`,
                Arguments: { StateMachineArn: i.drillStateMachineArn },
                Assign: { since: "{% $states.result.CreationDate %}" },
                Next: "LastSuccess",
            },
            LastSuccess: {
                Type: "Task",
                Resource: `${SDK}sfn:listExecutions`,
                // Newest first: the first one is the last success.
                Arguments: { StateMachineArn: i.drillStateMachineArn, StatusFilter: "SUCCEEDED", MaxResults: 1 },
                Assign: { since: "{% $count($states.result.Executions) > 0 ? $states.result.Executions[0].StopDate : $since %}" },
                Next: "Publish",
            },
            Publish: {
                Type: "Task",
                Resource: `${SDK}cloudwatch:putMetricData`,
                Arguments: {
                    Namespace: i.namespace,
                    MetricData: [{
                        MetricName: "SecondsSinceLastSuccess",
                        Value: "{% $round(($toMillis($states.context.State.EnteredTime) - $toMillis($since)) / 1000) %}",
                        Unit: "Seconds",
                    }],
                },
                Next: "FindLeftover",
            },
            FindLeftover: {
                Type: "Task",
                Resource: `${SDK}rds:describeDBInstances`,
                Arguments: { DbInstanceIdentifier: i.scratchIdentifier },
                Assign: {
                    leftover: `{% $toMillis($states.context.State.EnteredTime) - $toMillis($states.result.DbInstances[0].InstanceCreateTime) > ${i.maxAgeSeconds * 1000} and $states.result.DbInstances[0].DbInstanceStatus != 'deleting' %}`,
                },
                // No scratch instance: nothing to sweep.
                Catch: [{ ErrorEquals: ["Rds.DbInstanceNotFoundException"], Next: "Done" }],
                Next: "IsLeftover",
            },
            IsLeftover: { Type: "Choice", Choices: [{ Condition: "{% $leftover %}", Next: "DeleteLeftover" }], Default: "Done" },
            DeleteLeftover: {
                Type: "Task",
                Resource: `${SDK}rds:deleteDBInstance`,
                Arguments: { DbInstanceIdentifier: i.scratchIdentifier, SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
                Next: "Done",
            },
            Done: { Type: "Succeed" },
        },
    };
}
