import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_NAME_MAX, definedOnly, resourceName } from "../core/internal";
import { cronPeriodSeconds, RESTORE_DRILL_LABEL, SCRATCH_MAX_AGE_SECONDS } from "../core/restore-drill";
import { eventBridgeCron } from "../core/eventbridge-cron";
import { policyDocument, serviceTrustPolicy, type AwsAccount, type PolicyStatement } from "./iam";
import {
    checkRestoreDrillArgs, RESTORE_DRILL_CLIENT_IMAGES, RESTORE_DRILL_DEFAULTS, scratchIdentifierOf, verificationQuery, verificationScript, type RestoreDrillArgs,
} from "./restore-drill-args";
import { restoreDrillDefinition, restoreDrillWatchDefinition } from "./restore-drill-asl";
import { scheduledTarget } from "./schedule";
import { clusterTasksArn, createTask, runTaskStatements, type Task } from "./task";

/** Seconds the verification task may run. */
const VERIFY_TIMEOUT_SECONDS = 900;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateRestoreDrillArgs(name: string, args: RestoreDrillArgs): void {
    const check = new ArgsChecker(RestoreDrill.TYPE, name);
    checkRestoreDrillArgs(check, args);
    check.throwIfAny();
}

/**
 * A scheduled restore drill of an RDS instance, orchestrated by a Step Functions state machine
 * (JSONata; the definition is `restore-drill-asl.ts`): restore the instance to a point in time
 * (`pointInTimeOffsetMinutes` before the execution started) as a scratch instance
 * `<identifier>-drill` of the smallest class, in the database's isolated subnets, with its
 * security group and parameter group, never public, no Multi-AZ, no deletion protection,
 * tagged `prodstack-restore-drill=true`; wait until it is available (the measured restore
 * time); run the verification query as a Fargate task in the environment's cluster,
 * connecting as the application user with its secret and full TLS verification; always delete
 * the instance without a final snapshot (every failing step is caught into the deletion); and
 * publish the result and the restore duration as CloudWatch metrics
 * (`prodstack/<namePrefix>/restore-drill`), ending the execution as failed when the drill did.
 *
 * Why Step Functions, not AWS Backup restore testing: restore testing restores recovery points
 * of an AWS Backup vault (so the database would need an AWS Backup plan taking over its
 * backups), picks the latest or a random point in a window rather than a given offset, and
 * validates only through an event-driven Lambda of your own; a state machine calling RDS's
 * point-in-time restore honours the offset exactly and runs the query where the database is
 * reachable. A second small state machine (the watch, every 6 hours) publishes the seconds
 * since the last successful drill, which `RestoreDrillAlarms` compares to two schedule
 * periods (longer than any single CloudWatch alarm can look back), and deletes a scratch
 * instance older than a day (one a stopped execution left; no drill runs that long).
 *
 * Admit the verification task to the database: `db.allowFrom("restore-drill", drill.securityGroupId)`.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.RestoreDrill("drill", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     database: {
 *         identifier: "acme-prod-db",
 *         arn: "arn:aws:rds:eu-central-1:123456789012:db:acme-prod-db",
 *         engine: "postgres",
 *         version: "17",
 *         port: 5432,
 *         databaseName: "app",
 *         user: "app",
 *         passwordSecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/db/app-password-AbCdEf",
 *         securityGroupId: "sg-0123456789abcdef0",
 *         subnetGroupName: "acme-prod-db",
 *         parameterGroupName: "acme-prod-db-postgres17",
 *         kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     },
 *     schedule: "0 5 * * 1",
 *     verifyQuery: "SELECT 1 FROM users LIMIT 1",
 *     vpcId: "vpc-0123456789abcdef0",
 *     subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
 *     cluster: { arn: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod", name: "acme-prod" },
 *     kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 * });
 * ```
 */
export class RestoreDrill extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:RestoreDrill";

    /** ARN of the drill's state machine (start an execution to drill by hand). */
    readonly stateMachineArn: pulumi.Output<string>;
    /** ARN of the watch's state machine. */
    readonly watchStateMachineArn: pulumi.Output<string>;
    /** The scratch instance's identifier, `<database identifier>-drill`. */
    readonly scratchIdentifier: string;
    /** Namespace of the result metrics: `prodstack/<namePrefix>/restore-drill`. */
    readonly metricNamespace: string;
    /** The verification task's security group, to admit into the database's. */
    readonly securityGroupId: pulumi.Output<string>;
    /** The longest time between two scheduled drills, in seconds (the no-success alarm waits two). */
    readonly schedulePeriodSeconds: number;

    constructor(name: string, args: RestoreDrillArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreDrillArgs(name, args);
        super(RestoreDrill.TYPE, name, {}, opts);
        const cfg = { ...RESTORE_DRILL_DEFAULTS, ...definedOnly(args) };
        const db = cfg.database;
        const region = cfg.region;
        const fullName = resourceName([cfg.namePrefix, "restore-drill"], AWS_NAME_MAX.ecs);
        this.scratchIdentifier = scratchIdentifierOf(db.identifier);
        this.metricNamespace = `prodstack/${cfg.namePrefix}/restore-drill`;
        this.schedulePeriodSeconds = cronPeriodSeconds(cfg.schedule);
        const expression = (eventBridgeCron(cfg.schedule) as { expression: string }).expression;
        const passwordVar = db.engine === "postgres" ? "PGPASSWORD" : "MYSQL_PWD";

        const task = createTask(name, {
            namePrefix: cfg.namePrefix,
            region,
            image: cfg.clientImage ?? RESTORE_DRILL_CLIENT_IMAGES[db.engine],
            cpu: 0.25,
            memoryMiB: 512,
            vpcId: cfg.vpcId,
            subnetIds: cfg.subnetIds,
            egress: [{ description: `${db.engine === "postgres" ? "Postgres" : "MySQL"} to the scratch instance`, fromPort: db.port, securityGroupId: db.securityGroupId }],
            cluster: cfg.cluster,
            entryPoint: ["sh", "-c"],
            command: [verificationScript(db.engine)],
            environment: {
                DB_PORT: String(db.port),
                DB_NAME: db.databaseName,
                DB_USER: db.user,
                CA_BUNDLE_URL: `https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.pem`,
                VERIFY_QUERY: verificationQuery(cfg.verifyQuery),
            },
            secrets: { [passwordVar]: { secretArn: db.passwordSecretArn } },
            secretsKmsKeyArn: cfg.kmsKeyArn,
            logsKmsKeyArn: cfg.kmsKeyArn,
            logRetentionDays: cfg.logRetentionDays,
        }, { fullName, shortName: "restore-drill", ingress: [] }, this);
        const { account } = task;

        const drillName = resourceName([cfg.namePrefix, "restore-drill"], 80);
        const drillArn = pulumi.interpolate`arn:${account.partition}:states:${region}:${account.accountId}:stateMachine:${drillName}`;
        const role = new aws.iam.Role(`${name}-role`, {
            name: resourceName([cfg.namePrefix, "restore-drill"], AWS_NAME_MAX.iamRole),
            description: `Step Functions runs the restore drill of ${db.identifier} with this role`,
            assumeRolePolicy: serviceTrustPolicy("states.amazonaws.com", account, drillArn),
        }, { parent: this });
        const policy = new aws.iam.RolePolicy(`${name}-role`, {
            role: role.name,
            name: "restore-verify-delete",
            policy: policyDocument(this.drillStatements(cfg, task, account)),
        }, { parent: this });

        const definition = pulumi.all([db.subnetGroupName, db.parameterGroupName, db.securityGroupId, cfg.cluster.arn, task.taskDefinition.arn, pulumi.all(cfg.subnetIds), task.securityGroup.securityGroupId])
            .apply(([subnetGroupName, parameterGroupName, securityGroupId, clusterArn, taskDefinitionArn, subnetIds, taskSecurityGroupId]) => JSON.stringify(restoreDrillDefinition({
                sourceIdentifier: db.identifier,
                scratchIdentifier: this.scratchIdentifier,
                instanceClass: cfg.instanceClass,
                subnetGroupName, parameterGroupName, securityGroupId,
                pointInTimeOffsetMinutes: cfg.pointInTimeOffsetMinutes,
                tag: RESTORE_DRILL_LABEL,
                clusterArn, taskDefinitionArn,
                container: "restore-drill",
                subnetIds, taskSecurityGroupId,
                namespace: this.metricNamespace,
                environment: cfg.namePrefix,
                pollSeconds: cfg.pollSeconds,
                maxPolls: Math.ceil((cfg.maxRestoreMinutes * 60) / cfg.pollSeconds),
                verifyTimeoutSeconds: VERIFY_TIMEOUT_SECONDS,
            })));
        const drill = new aws.sfn.StateMachine(`${name}-state-machine`, {
            region,
            name: drillName,
            type: "STANDARD",
            roleArn: role.arn,
            definition,
        }, { parent: this, dependsOn: [policy] });
        this.stateMachineArn = drill.arn;

        const watchName = resourceName([cfg.namePrefix, "restore-drill-watch"], 80);
        const watchArn = pulumi.interpolate`arn:${account.partition}:states:${region}:${account.accountId}:stateMachine:${watchName}`;
        const watchRole = new aws.iam.Role(`${name}-watch-role`, {
            name: resourceName([cfg.namePrefix, "restore-drill-watch"], AWS_NAME_MAX.iamRole),
            description: `Step Functions publishes the age of the last successful restore drill of ${db.identifier} with this role`,
            assumeRolePolicy: serviceTrustPolicy("states.amazonaws.com", account, watchArn),
        }, { parent: this });
        const watchPolicy = new aws.iam.RolePolicy(`${name}-watch-role`, {
            role: watchRole.name,
            name: "read-the-drill-publish-its-age",
            policy: policyDocument([
                { Sid: "ReadTheDrillsExecutions", Effect: "Allow", Action: ["states:DescribeStateMachine", "states:ListExecutions"], Resource: drill.arn },
                this.putMetricStatement(),
                { Sid: "SweepALeftoverScratchInstance", Effect: "Allow", Action: ["rds:DescribeDBInstances", "rds:DeleteDBInstance"], Resource: this.scratchArn(cfg.region, account) },
            ]),
        }, { parent: this });
        const watch = new aws.sfn.StateMachine(`${name}-watch`, {
            region,
            name: watchName,
            type: "STANDARD",
            roleArn: watchRole.arn,
            definition: drill.arn.apply((arn) => JSON.stringify(restoreDrillWatchDefinition({
                drillStateMachineArn: arn, namespace: this.metricNamespace, scratchIdentifier: this.scratchIdentifier, maxAgeSeconds: SCRATCH_MAX_AGE_SECONDS,
            }))),
        }, { parent: this, dependsOn: [watchPolicy] });
        this.watchStateMachineArn = watch.arn;

        this.schedule(name, cfg, account, { key: "drill", stateMachineArn: drill.arn, expression, what: `the restore drill of ${db.identifier}` });
        this.schedule(name, cfg, account, { key: "watch", stateMachineArn: watch.arn, expression: "rate(6 hours)", what: `the restore drill watch of ${db.identifier}` });

        this.securityGroupId = task.securityGroup.securityGroupId;
        this.registerOutputs({ stateMachineArn: this.stateMachineArn, watchStateMachineArn: this.watchStateMachineArn, securityGroupId: this.securityGroupId });
    }

    /** Exactly what the drill calls, on the scratch instance, the source, the task and the namespace. */
    private drillStatements(cfg: typeof RESTORE_DRILL_DEFAULTS & RestoreDrillArgs, task: Task, account: AwsAccount): PolicyStatement[] {
        const db = cfg.database;
        const rds = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${account.partition}:rds:${cfg.region}:${account.accountId}:${resource}`;
        const scratch = this.scratchArn(cfg.region, account);
        const optionGroup = `og:default:${db.engine}-${db.version.replace(".", "-")}`;
        return [
            {
                Sid: "RestoreTheScratchInstance",
                Effect: "Allow",
                Action: "rds:RestoreDBInstanceToPointInTime",
                Resource: [db.arn, scratch, rds(pulumi.interpolate`subgrp:${db.subnetGroupName}`), rds(pulumi.interpolate`pg:${db.parameterGroupName}`), rds(optionGroup)],
            },
            { Sid: "TagItOnCreation", Effect: "Allow", Action: "rds:AddTagsToResource", Resource: scratch },
            { Sid: "WatchAndDeleteIt", Effect: "Allow", Action: ["rds:DescribeDBInstances", "rds:DeleteDBInstance"], Resource: scratch },
            {
                // The copy is encrypted with the database's key: RDS creates a grant on the caller's behalf.
                Sid: "EncryptTheCopyThroughRds",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:DescribeKey"],
                Resource: db.kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `rds.${cfg.region}.amazonaws.com` } },
            },
            ...runTaskStatements(task),
            { Sid: "FollowTheTask", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: clusterTasksArn(task, cfg.region) },
            {
                // The rule Step Functions manages to learn when a .sync task stops.
                Sid: "ManagedRuleOfRunTaskSync",
                Effect: "Allow",
                Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                Resource: pulumi.interpolate`arn:${account.partition}:events:${cfg.region}:${account.accountId}:rule/StepFunctionsGetEventsForECSTaskRule`,
            },
            this.putMetricStatement(),
        ];
    }

    /** ARN of the scratch instance. */
    private scratchArn(region: string, account: AwsAccount): pulumi.Output<string> {
        return pulumi.interpolate`arn:${account.partition}:rds:${region}:${account.accountId}:db:${this.scratchIdentifier}`;
    }

    /** PutMetricData has no resource-level permissions: `*`, held to the drill's namespace. */
    private putMetricStatement(): PolicyStatement {
        return {
            Sid: "PublishTheResult",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": this.metricNamespace } },
        };
    }

    /** An EventBridge Scheduler schedule starting a state machine, with a role that may start only it. */
    private schedule(name: string, cfg: RestoreDrillArgs, account: AwsAccount, s: { key: string; stateMachineArn: pulumi.Output<string>; expression: string; what: string }): void {
        const fullName = resourceName([cfg.namePrefix, s.key === "drill" ? "restore-drill" : "restore-drill-watch"], 64);
        scheduledTarget(this, account, {
            key: `${name}-${s.key}`,
            scheduleName: fullName,
            roleName: resourceName([fullName, "scheduler"], AWS_NAME_MAX.iamRole),
            what: s.what,
            description: `Starts ${s.what} (prodstack)`,
            policyName: "start-the-state-machine",
            statements: [{ Sid: "StartIt", Effect: "Allow", Action: "states:StartExecution", Resource: s.stateMachineArn }],
            region: cfg.region,
            expression: s.expression,
            timezone: "UTC",
            // No retries: a failed drill is reported, not repeated behind your back.
            target: { arn: s.stateMachineArn, input: "{}", retryPolicy: { maximumRetryAttempts: 0 } },
        });
    }
}
