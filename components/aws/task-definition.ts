/**
 * Pieces of an ECS task shared by long-running services and (next) jobs: the container
 * definition and the two roles. Internal: not exported from `prodstack/aws`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWS_NAME_MAX, resourceName } from "../core/internal";
import { policyDocument, serviceTrustPolicy, type AwsAccount, type PolicyStatement } from "./iam";
import type { TaskPermission, TaskSecret } from "./task-args";



/** What the container definition is made of. */
export interface ContainerSpec {
    /**
     * Container name (the service or job name).
     * @default none (required)
     */
    name: string;
    /**
     * Image reference, pinned.
     * @default none (required)
     */
    image: pulumi.Input<string>;
    /**
     * Container port (web services).
     * @default none
     */
    port?: number;
    /**
     * Entrypoint overriding the image's.
     * @default none
     */
    entryPoint?: string[];
    /**
     * Command overriding the image's.
     * @default none
     */
    command?: string[];
    /**
     * Plain variables.
     * @default none (required)
     */
    environment: Record<string, pulumi.Input<string>>;
    /**
     * Variables read from Secrets Manager.
     * @default none (required)
     */
    secrets: Record<string, TaskSecret>;
    /**
     * Log group the awslogs driver writes to.
     * @default none (required)
     */
    logGroupName: pulumi.Input<string>;
    /**
     * Region of the log group.
     * @default none (required)
     */
    region: string;
}

/** The ECS `valueFrom` of a secret: the ARN, or `<arn>:<jsonKey>::` for one JSON key. */
function valueFrom(secret: TaskSecret): pulumi.Output<string> {
    return pulumi.output(secret.secretArn).apply((arn) => (secret.jsonKey ? `${arn}:${secret.jsonKey}::` : arn));
}

/**
 * The one container of a task, as ECS takes it (a JSON string): read-only root filesystem
 * with a writable `/tmp` volume, an init process reaping zombies, plain env and secrets
 * kept apart, logs to the task's own group. `privileged` is never set (Fargate refuses it).
 */
export function containerDefinitions(spec: ContainerSpec): pulumi.Output<string> {
    const sortedEntries = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
    return pulumi.jsonStringify(pulumi.output([{
        name: spec.name,
        image: spec.image,
        essential: true,
        ...(spec.port !== undefined ? { portMappings: [{ name: "http", containerPort: spec.port, protocol: "tcp" }] } : {}),
        ...(spec.entryPoint ? { entryPoint: spec.entryPoint } : {}),
        ...(spec.command ? { command: spec.command } : {}),
        environment: sortedEntries(spec.environment).map(([name, value]) => ({ name, value })),
        secrets: sortedEntries(spec.secrets).map(([name, secret]) => ({ name, valueFrom: valueFrom(secret) })),
        readonlyRootFilesystem: true,
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": spec.logGroupName, "awslogs-region": spec.region, "awslogs-stream-prefix": spec.name },
        },
    }]));
}

/** The ECR repository ARN of an image pulled from ECR, or undefined for any other registry. */
function ecrRepositoryArn(image: string, partition: string): string | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
    return m ? `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}` : undefined;
}

/** What the execution role must be able to do: pull this image, write this log group, read these secrets. */
export interface ExecutionGrants {
    /**
     * Image the role must pull.
     * @default none (required)
     */
    image: pulumi.Input<string>;
    /**
     * Log group the role writes to.
     * @default none (required)
     */
    logGroupArn: pulumi.Input<string>;
    /**
     * Secrets the role reads.
     * @default none (required)
     */
    secretArns: pulumi.Input<string>[];
    /**
     * Key the secrets are encrypted with.
     * @default none
     */
    secretsKmsKeyArn?: pulumi.Input<string>;
    /**
     * Region, for the `kms:ViaService` condition.
     * @default none (required)
     */
    region: string;
}

/** The execution role's policy: every statement names exact resources, except the ECR token call, which has none. */
function executionPolicy(grants: ExecutionGrants, account: AwsAccount): pulumi.Output<string> {
    return pulumi.all([grants.image, account.partition]).apply(([image, partition]) => {
        const repository = ecrRepositoryArn(image, partition);
        const statements: PolicyStatement[] = [
            ...(repository ? [
                // GetAuthorizationToken has no resource-level permissions (ECR authorization docs).
                { Sid: "EcrLogin", Effect: "Allow" as const, Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Sid: "PullTheImage",
                    Effect: "Allow" as const,
                    Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                    Resource: repository,
                },
            ] : []),
            {
                Sid: "WriteTheLogGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`${grants.logGroupArn}:*`,
            },
            ...(grants.secretArns.length ? [{ Sid: "ReadTheSecrets", Effect: "Allow" as const, Action: "secretsmanager:GetSecretValue", Resource: grants.secretArns }] : []),
            ...(grants.secretArns.length && grants.secretsKmsKeyArn ? [{
                Sid: "DecryptTheSecretsThroughSecretsManager",
                Effect: "Allow" as const,
                Action: "kms:Decrypt",
                Resource: grants.secretsKmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${grants.region}.amazonaws.com` } },
            }] : []),
        ];
        return policyDocument(statements);
    });
}

/** The task's two roles: ECS's (pull, logs, secrets) and the application's (only `permissions`). */
export interface TaskRoles {
    /**
     * Role ECS starts the task with.
     * @default none (required)
     */
    executionRole: aws.iam.Role;
    /**
     * Role the application runs as.
     * @default none (required)
     */
    taskRole: aws.iam.Role;
}

/**
 * Creates the execution role (used by ECS to start the task) and the task role (used by
 * the application), both assumable only by ECS tasks of this account, each with an inline
 * policy naming exact resources.
 */
export function taskRoles(
    name: string,
    namePrefix: string,
    grants: ExecutionGrants,
    permissions: TaskPermission[],
    account: AwsAccount,
    parent: pulumi.Resource,
    executeCommand = false,
): TaskRoles {
    // The ECS task-role guide documents aws:SourceArn for task roles; the execution role is
    // assumed by the Fargate agent, for which only aws:SourceAccount is documented, and a
    // condition on a key that is absent would stop every task from starting.
    const executionRole = new aws.iam.Role(`${name}-execution`, {
        name: resourceName([namePrefix, "execution"], AWS_NAME_MAX.iamRole),
        description: `ECS starts the tasks of ${namePrefix} with this role: image pull, logs, secrets`,
        assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", account),
    }, { parent });
    new aws.iam.RolePolicy(`${name}-execution`, { role: executionRole.name, name: "start-tasks", policy: executionPolicy(grants, account) }, { parent });

    const taskRole = new aws.iam.Role(`${name}-task`, {
        name: resourceName([namePrefix, "task"], AWS_NAME_MAX.iamRole),
        description: `The application code of ${namePrefix} runs with this role`,
        assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", account, pulumi.interpolate`arn:${account.partition}:ecs:${grants.region}:${account.accountId}:*`),
    }, { parent });
    if (permissions.length) {
        new aws.iam.RolePolicy(`${name}-task`, {
            role: taskRole.name,
            name: "application",
            policy: policyDocument(permissions.map((p, i) => ({ Sid: `Application${i}`, Effect: "Allow", Action: p.actions, Resource: p.resources }))),
        }, { parent });
    }
    if (executeCommand) {
        // ECS Exec opens its session channels as the task role; these four actions have no
        // resource-level permissions (Systems Manager authorization reference).
        new aws.iam.RolePolicy(`${name}-exec`, {
            role: taskRole.name,
            name: "ecs-exec",
            policy: policyDocument([{
                Sid: "EcsExecSessionChannels",
                Effect: "Allow",
                Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
                Resource: "*",
            }]),
        }, { parent });
    }
    return { executionRole, taskRole };
}
