/**
 * What every ECS task of prodstack has, whether it serves (`FargateService`) or runs to
 * completion (`FargateJob`): the shared args, their checks, and the resources behind one
 * task definition. Internal, apart from the {@link TaskArgs} type the components extend.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgsChecker, AWS_REGION, cloudWatchRetentionProblem, fargateSizeProblem, fargateTaskSize, PINNED_IMAGE } from "../core/internal";
import { lookupAccount, type AwsAccount, type PolicyStatement } from "./iam";
import { SecurityGroup, type SecurityGroupRule } from "./security-group";
import { containerDefinitions, taskRoles, type TaskPermission, type TaskRoles, type TaskSecret } from "./task-definition";

/** Args every Fargate task takes (services and jobs alike). */
export interface TaskArgs {
    /**
     * Prefix of every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of every regional resource. Plain string: the log driver, the role trust
     * conditions and the Secrets Manager `kms:ViaService` condition name it.
     * @default none (required)
     */
    region: string;
    /**
     * Image to run: a pinned reference (`…@sha256:<digest>`, or a tag other than `latest`),
     * typically `ContainerImage.digestRef`.
     * @default none (required)
     */
    image: pulumi.Input<string>;
    /**
     * CPU architecture of the image (`X86_64` for `linux/amd64`, `ARM64` for `linux/arm64`).
     * @default "X86_64"
     */
    cpuArchitecture?: "X86_64" | "ARM64";
    /**
     * vCPUs of a task: 0.25, 0.5, 1, 2, 4, 8 or 16.
     * @default 0.5
     */
    cpu?: number;
    /**
     * Memory of a task in MiB; must be a Fargate size for `cpu` (e.g. 2048–8192 in steps of
     * 1024 for 1 vCPU). Never rounded: an invalid pair is an error naming the allowed range.
     * @default 1024
     */
    memoryMiB?: number;
    /**
     * VPC of the tasks.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * Private subnets of the tasks (e.g. `Network.privateSubnetIds`). Tasks never get a public IP.
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * Outbound rules besides HTTPS (443) to anywhere, e.g. Postgres to the database's group.
     * @default []
     */
    egress?: SecurityGroupRule[];
    /**
     * ECS cluster to run in. Without it the component gets a cluster of its own with
     * Container Insights (enhanced).
     * @default none (a cluster of its own)
     */
    cluster?: {
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
     * Plain environment variables. Never secrets: those go in `secrets`.
     * @default {}
     */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Env vars read from Secrets Manager when a task starts; the execution role may read
     * exactly these ARNs.
     * @default {}
     */
    secrets?: Record<string, TaskSecret>;
    /**
     * ARN of the KMS key that encrypts the secrets; the execution role may decrypt with it
     * through Secrets Manager only. Required when `secrets` is not empty.
     * @default none
     */
    secretsKmsKeyArn?: pulumi.Input<string>;
    /**
     * What the application's own code may call (the task role's only grants).
     * @default [] (no AWS access)
     */
    permissions?: TaskPermission[];
    /**
     * ARN of the KMS key that encrypts the log group (its policy must allow `logs`).
     * @default none (required)
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Days the container logs are kept; a CloudWatch Logs retention value.
     * @default 30
     */
    logRetentionDays?: number;
}

/** Defaults of {@link TaskArgs}, in one place. */
export const TASK_DEFAULTS = {
    cpuArchitecture: "X86_64" as "X86_64" | "ARM64",
    cpu: 0.5,
    memoryMiB: 1024,
    egress: [] as SecurityGroupRule[],
    environment: {} as Record<string, pulumi.Input<string>>,
    secrets: {} as Record<string, TaskSecret>,
    permissions: [] as TaskPermission[],
    logRetentionDays: 30,
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Records the problems of the shared task args. */
export function checkTaskArgs(check: ArgsChecker, args: TaskArgs): void {
    const cfg = { ...TASK_DEFAULTS, ...args };
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,31}$/, "up to 32 lowercase letters, digits or hyphens, starting with a letter");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    check.matchesIfKnown("image", args.image, PINNED_IMAGE, "a pinned image reference: \"host/repo/name@sha256:<digest>\" or \"host/repo/name:tag\" (not \"latest\")");
    check.oneOf("cpuArchitecture", args.cpuArchitecture, ["X86_64", "ARM64"]);
    const size = fargateSizeProblem(cfg.cpu ?? TASK_DEFAULTS.cpu, cfg.memoryMiB ?? TASK_DEFAULTS.memoryMiB);
    if (size) check.fail(size.field, size.expected, size.field === "cpu" ? cfg.cpu : cfg.memoryMiB);
    check.check(Array.isArray(args.subnetIds) && args.subnetIds.length > 0, "subnetIds", "at least one private subnet", args.subnetIds);
    const environment = args.environment ?? {};
    for (const key of Object.keys(environment)) check.matches(`environment.${key}`, key, ENV_NAME, "a variable name of letters, digits and underscores");
    const secrets = args.secrets ?? {};
    for (const [key, secret] of Object.entries(secrets)) {
        check.matches(`secrets.${key}`, key, ENV_NAME, "a variable name of letters, digits and underscores");
        check.check(!(key in environment), `secrets.${key}`, "a name not also in environment", key);
        check.matches(`secrets.${key}.jsonKey`, secret.jsonKey, /^[A-Za-z0-9_.-]{1,128}$/, "a JSON key such as \"password\"");
    }
    check.check(Object.keys(secrets).length === 0 || args.secretsKmsKeyArn !== undefined, "secretsKmsKeyArn", "the secrets' KMS key ARN when secrets are mounted", args.secretsKmsKeyArn);
    (args.permissions ?? []).forEach((p, i) => {
        check.check(p.actions.length > 0 && p.actions.every((a) => /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a)), `permissions[${i}].actions`, "actions such as \"s3:GetObject\", without wildcards", p.actions);
        check.check(p.resources.length > 0 && p.resources.every((r) => r !== "*"), `permissions[${i}].resources`, "exact resource ARNs, not \"*\"", p.resources);
    });
    if (args.logRetentionDays !== undefined) {
        const retention = cloudWatchRetentionProblem(args.logRetentionDays);
        if (retention) check.fail("logRetentionDays", retention, args.logRetentionDays);
    }
}

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
     * Command overriding the image's, for a job.
     * @default none
     */
    command?: string[];
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
            command: shape.command,
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
