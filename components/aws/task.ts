/**
 * The resources behind one ECS task definition, whether it serves (`FargateService`) or runs
 * to completion (`FargateJob`). Internal; the shared args are in `task-args.ts`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateTaskSize } from "../core/internal";
import { lookupAccount, type AwsAccount, type PolicyStatement } from "./iam";
import { SecurityGroup, type SecurityGroupRule } from "./security-group";
import { TASK_DEFAULTS, type TaskArgs } from "./task-args";
import { containerDefinitions, taskRoles, type TaskRoles } from "./task-definition";





/** The resources behind one task definition. */
export interface Task {
    /**
     * The task's log group.
     * @default none (required)
     */
    logGroup: aws.cloudwatch.LogGroup;
    /**
     * Execution and task roles.
     * @default none (required)
     */
    roles: TaskRoles;
    /**
     * The task definition.
     * @default none (required)
     */
    taskDefinition: aws.ecs.TaskDefinition;
    /**
     * The tasks' security group.
     * @default none (required)
     */
    securityGroup: SecurityGroup;
    /**
     * Cluster the tasks run in.
     * @default none (required)
     */
    cluster: {
        /**
         * Cluster ARN.
         * @default none (required)
         */
        arn: pulumi.Input<string>;
        /**
         * Cluster name.
         * @default none (required)
         */
        name: pulumi.Input<string>;
    };
    /**
     * Account and partition looked up.
     * @default none (required)
     */
    account: AwsAccount;
}

/** What a component adds to the shared args to build its task. */
export interface TaskShape {
    /**
     * `<namePrefix>-<short name>`: family, cluster, roles.
     * @default none (required)
     */
    fullName: string;
    /**
     * The service's or job's short name: container, log stream prefix, log group.
     * @default none (required)
     */
    shortName: string;
    /**
     * Container port, for a service behind a load balancer.
     * @default none
     */
    port?: number;
    /**
     * Inbound rules of the tasks' group.
     * @default none (required)
     */
    ingress: SecurityGroupRule[];
    /**
     * ECS Exec into the tasks: the task role gets the session-channel actions.
     * @default none
     */
    executeCommand?: boolean;
}

/**
 * Creates the log group (KMS, retention) before the task, the execution and task roles, the
 * task definition (Fargate, valid size, read-only root filesystem), the tasks' security group
 * (HTTPS out plus `egress`) and, unless one is given, a cluster with Container Insights.
 */
export function createTask(name: string, args: TaskArgs, shape: TaskShape, parent: pulumi.Resource): Task {
    const cfg = { ...TASK_DEFAULTS, ...args };
    const cpu = args.cpu ?? TASK_DEFAULTS.cpu;
    const memoryMiB = args.memoryMiB ?? TASK_DEFAULTS.memoryMiB;
    const region = cfg.region;
    const opts = { parent };
    const account = lookupAccount(parent);

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        region,
        name: `/prodstack/${cfg.namePrefix}/${shape.shortName}`,
        retentionInDays: args.logRetentionDays ?? TASK_DEFAULTS.logRetentionDays,
        kmsKeyId: cfg.logsKmsKeyArn,
    }, opts);

    const secrets = args.secrets ?? {};
    const roles = taskRoles(name, shape.fullName, {
        image: cfg.image,
        logGroupArn: logGroup.arn,
        secretArns: Object.values(secrets).map((s) => s.secretArn),
        secretsKmsKeyArn: args.secretsKmsKeyArn,
        region,
    }, args.permissions ?? [], account, parent, shape.executeCommand);

    const size = fargateTaskSize(cpu, memoryMiB);
    const taskDefinition = new aws.ecs.TaskDefinition(`${name}-task`, {
        region,
        family: shape.fullName,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: size.cpu,
        memory: size.memory,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.cpuArchitecture ?? TASK_DEFAULTS.cpuArchitecture },
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRole.arn,
        volumes: [{ name: "tmp" }],
        containerDefinitions: containerDefinitions({
            name: shape.shortName,
            image: cfg.image,
            port: shape.port,
            entryPoint: args.entryPoint,
            command: args.command,
            environment: args.environment ?? {},
            secrets,
            logGroupName: logGroup.name,
            region,
        }),
    }, opts);

    const securityGroup = new SecurityGroup(`${name}-tasks`, {
        vpcId: cfg.vpcId,
        region,
        namePrefix: `${shape.fullName}-tasks`,
        description: `Tasks of ${shape.fullName}`,
        ingress: shape.ingress,
        egress: [{ description: "HTTPS to AWS APIs and the internet", fromPort: 443, cidrIpv4: "0.0.0.0/0" }, ...(args.egress ?? [])],
    }, opts);

    let cluster = args.cluster;
    if (!cluster) {
        const own = new aws.ecs.Cluster(`${name}-cluster`, {
            region,
            name: shape.fullName,
            settings: [{ name: "containerInsights", value: "enhanced" }],
        }, opts);
        cluster = { arn: own.arn, name: own.name };
    }
    return { logGroup, roles, taskDefinition, securityGroup, cluster, account };
}

/**
 * What whoever starts the task (a schedule, the deploy runner) may do: run this task family
 * in its cluster only, and hand the task exactly its two roles.
 */
export function runTaskStatements(task: Task): PolicyStatement[] {
    return [
        {
            Sid: "RunTheTaskInItsCluster",
            Effect: "Allow",
            Action: "ecs:RunTask",
            Resource: pulumi.interpolate`${task.taskDefinition.arnWithoutRevision}:*`,
            Condition: { ArnEquals: { "ecs:cluster": task.cluster.arn } },
        },
        {
            Sid: "HandTheTaskItsRoles",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: [task.roles.executionRole.arn, task.roles.taskRole.arn],
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
    ];
}

/** ARNs of the tasks of the task's cluster (`task/<cluster>/*`), for calls on started tasks. */
export function clusterTasksArn(task: Task, region: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${task.account.partition}:ecs:${region}:${task.account.accountId}:task/${task.cluster.name}/*`;
}
