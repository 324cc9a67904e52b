import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_NAME_MAX, definedOnly, isTimeZone, resourceName } from "../core/internal";
import { deployRun } from "./deploy-run";
import { scheduledTarget } from "./schedule";
import { TASK_DEFAULTS, checkTaskArgs, type TaskArgs } from "./task-args";
import { clusterTasksArn, createTask, runTaskStatements, type Task } from "./task";

/** Arguments of {@link FargateJob}. */
export interface FargateJobArgs extends TaskArgs {
    /**
     * Name of the job, e.g. `migrate`: the task family and roles are `<namePrefix>-<jobName>`.
     * @default none (required)
     */
    jobName: string;
    /**
     * When to run it: an EventBridge Scheduler expression, `cron(0 3 * * ? *)` or `rate(1 hour)`.
     * @default none (not scheduled)
     */
    schedule?: string;
    /**
     * Time zone of a `cron(…)` schedule (IANA name).
     * @default "UTC"
     */
    scheduleTimezone?: string;
    /**
     * Run the task to completion during every `pulumi up` that changes its task definition
     * (new image, env, secrets or size), failing the deploy when it fails, e.g. database
     * migrations. Make services depend on {@link FargateJob.deployRun} to roll out after it.
     * @default false
     */
    runOnDeploy?: boolean;
    /**
     * How long `runOnDeploy` waits for the task to stop, 60 to 840 seconds (the runner is a
     * Lambda function, 15 minutes at most); a task still running then is stopped and the
     * deploy fails. Scheduled runs are not bounded by it.
     * @default 840
     */
    deployTimeoutSeconds?: number;
}

/** Defaults of {@link FargateJobArgs}, in one place. */
export const FARGATE_JOB_DEFAULTS = {
    ...TASK_DEFAULTS,
    scheduleTimezone: "UTC",
    runOnDeploy: false,
    deployTimeoutSeconds: 840,
};

const SCHEDULE = /^(cron\([^()]{9,200}\)|rate\([1-9]\d{0,5} (minute|minutes|hour|hours|day|days)\))$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateFargateJobArgs(name: string, args: FargateJobArgs): void {
    const check = new ArgsChecker(FargateJob.TYPE, name);
    check.matches("jobName", args.jobName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");
    checkTaskArgs(check, args);
    check.matchesIfGiven("schedule", args.schedule, SCHEDULE, "a schedule such as \"cron(0 3 * * ? *)\" or \"rate(1 hour)\"");
    if (args.scheduleTimezone !== undefined) {
        check.check(isTimeZone(args.scheduleTimezone), "scheduleTimezone", "an IANA time zone such as \"UTC\" or \"Europe/Berlin\"", args.scheduleTimezone);
    }
    check.intInRange("deployTimeoutSeconds", args.deployTimeoutSeconds, 60, 840);
    check.throwIfAny();
}

/**
 * A task that runs to completion on Fargate: the same hardened task as {@link FargateService}
 * (own log group, execution role apart from the task role, exact secret ARNs, private
 * subnets without public IP, read-only root filesystem) with no service around it. It runs
 * on a `schedule` through EventBridge Scheduler (a role that may start only this task family
 * in this cluster and hand it only its two roles, no retries: a failed run is not repeated
 * behind your back) and/or during `pulumi up` with `runOnDeploy`, through a Lambda-backed
 * `aws.lambda.Invocation` that fails the deploy when the task fails and stops a task that
 * outlives `deployTimeoutSeconds` (see `deploy-run.ts` for why this mechanism). Scheduled runs
 * have no run time limit: ECS has none, and nothing stops them.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const migrate = new aws.FargateJob("migrate", {
 *     namePrefix: "acme-prod",
 *     jobName: "migrate",
 *     region: "eu-central-1",
 *     image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api@sha256:" + "0".repeat(64),
 *     command: ["npm", "run", "migrate"],
 *     vpcId: "vpc-0123456789abcdef0",
 *     subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
 *     logsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     runOnDeploy: true,
 * });
 * export const taskDefinitionArn = migrate.taskDefinitionArn;
 * ```
 */
export class FargateJob extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:FargateJob";

    /** ARN of the task definition (its current revision). */
    readonly taskDefinitionArn: pulumi.Output<string>;
    /** Task definition family, `<namePrefix>-<jobName>`: its tasks' ECS `group` is `family:<family>`. */
    readonly family: string;
    /** The tasks' security group ID, to allow them into a database's or cache's group. */
    readonly securityGroupId: pulumi.Output<string>;
    /** ARN of the task role (what the job's code runs as). */
    readonly taskRoleArn: pulumi.Output<string>;
    /** The run during `pulumi up` (with `runOnDeploy`); depend on it to roll out after the job. */
    readonly deployRun?: pulumi.Resource;
    /** ARN of the schedule (with `schedule`). */
    readonly scheduleArn?: pulumi.Output<string>;

    constructor(name: string, args: FargateJobArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFargateJobArgs(name, args);
        super(FargateJob.TYPE, name, {}, opts);
        const cfg = { ...FARGATE_JOB_DEFAULTS, ...definedOnly(args) };
        const fullName = resourceName([cfg.namePrefix, cfg.jobName], AWS_NAME_MAX.ecs);
        this.family = fullName;
        const task = createTask(name, cfg, { fullName, shortName: cfg.jobName, ingress: [] }, this);
        this.taskDefinitionArn = task.taskDefinition.arn;

        if (cfg.schedule) this.scheduleArn = this.scheduled(name, cfg, fullName, task).arn;
        if (cfg.runOnDeploy) {
            this.deployRun = deployRun(name, {
                fullName,
                logGroupName: `/prodstack/${cfg.namePrefix}/${cfg.jobName}-deploy-run`,
                container: cfg.jobName,
                region: cfg.region,
                subnetIds: cfg.subnetIds,
                timeoutSeconds: cfg.deployTimeoutSeconds,
                logsKmsKeyArn: cfg.logsKmsKeyArn,
                logRetentionDays: cfg.logRetentionDays,
            }, task, this);
        }

        this.securityGroupId = task.securityGroup.securityGroupId;
        this.taskRoleArn = task.roles.taskRole.arn;
        this.registerOutputs({ taskDefinitionArn: this.taskDefinitionArn, securityGroupId: this.securityGroupId, taskRoleArn: this.taskRoleArn });
    }

    /** An EventBridge Scheduler schedule starting the task, with a role that may start only it. */
    private scheduled(name: string, cfg: typeof FARGATE_JOB_DEFAULTS & FargateJobArgs, fullName: string, task: Task): aws.scheduler.Schedule {
        return scheduledTarget(this, task.account, {
            key: name,
            scheduleName: resourceName([fullName], 64),
            roleName: resourceName([fullName, "scheduler"], AWS_NAME_MAX.iamRole),
            what: `the ${fullName} task`,
            description: `Runs the ${fullName} task (prodstack)`,
            policyName: "start-the-task",
            statements: [
                ...runTaskStatements(task),
                {
                    Sid: "TagTheTaskItStarts",
                    Effect: "Allow",
                    Action: "ecs:TagResource",
                    Resource: clusterTasksArn(task, cfg.region),
                    Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
                },
            ],
            region: cfg.region,
            expression: cfg.schedule!,
            timezone: cfg.scheduleTimezone,
            target: {
                arn: task.cluster.arn,
                retryPolicy: { maximumRetryAttempts: 0 },
                ecsParameters: {
                    taskDefinitionArn: task.taskDefinition.arn,
                    launchType: "FARGATE",
                    platformVersion: "LATEST",
                    taskCount: 1,
                    enableEcsManagedTags: true,
                    propagateTags: "TASK_DEFINITION",
                    networkConfiguration: { subnets: cfg.subnetIds, securityGroups: [task.securityGroup.securityGroupId], assignPublicIp: false },
                },
            },
        });
    }
}
