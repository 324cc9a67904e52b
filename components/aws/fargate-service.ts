import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWS_NAME_MAX, AWS_REGION } from "../core/aws-names";
import { fargateSizeProblem, fargateTaskSize } from "../core/fargate";
import { PINNED_IMAGE } from "../core/image-build";
import { cloudWatchRetentionProblem } from "../core/log-retention";
import { PATH_PREFIX } from "../core/patterns";
import { ArgsChecker, definedOnly, resourceName } from "../core";
import { lookupAccount } from "./iam";
import { SecurityGroup, type SecurityGroupRule } from "./security-group";
import { containerDefinitions, taskRoles, type TaskPermission, type TaskSecret } from "./task-definition";

/** `web`: serves HTTP behind the load balancer; `worker`: no port, no load balancer, always running. */
export type FargateServiceKind = "web" | "worker";

/** Arguments of {@link FargateService}. */
export interface FargateServiceArgs {
    /**
     * Prefix of every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Name of the service, e.g. `api`: the ECS service, task family and log group are
     * `<namePrefix>-<serviceName>`.
     * @default none (required)
     */
    serviceName: string;
    /**
     * Region of every regional resource. Plain string: the log driver, the role trust
     * conditions and the Secrets Manager `kms:ViaService` condition name it.
     * @default none (required)
     */
    region: string;
    /**
     * What the service is.
     * @default "web"
     */
    kind?: FargateServiceKind;
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
     * Port the container listens on (`web` only).
     * @default 8080
     */
    port?: number;
    /**
     * Path the target group's health check requests (`web` only); 200–399 is healthy.
     * @default "/healthz"
     */
    healthPath?: string;
    /**
     * VPC of the tasks and the target group.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * Private subnets of the tasks (e.g. `Network.privateSubnetIds`). Tasks never get a public IP.
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * Security groups allowed to reach the container port (the load balancer's).
     * @default []
     */
    ingressSecurityGroupIds?: pulumi.Input<string>[];
    /**
     * Outbound rules besides HTTPS (443) to anywhere, e.g. Postgres to the database's group.
     * @default []
     */
    egress?: SecurityGroupRule[];
    /**
     * ECS cluster to run in. Without it the service gets its own cluster with Container
     * Insights (enhanced).
     * @default none (a cluster of its own)
     */
    cluster?: {
        /**
         * Cluster ARN.
         * @default none (required)
         */
        arn: pulumi.Input<string>;
        /**
         * Cluster name (autoscaling names the service by it).
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
    /**
     * Tasks always running (at least 1; prod: 2 or more across zones).
     * @default 1
     */
    minInstances?: number;
    /**
     * Upper bound of autoscaling.
     * @default 3
     */
    maxInstances?: number;
    /**
     * Average CPU utilisation (%) target tracking keeps the service at.
     * @default 60
     */
    cpuTargetPercent?: number;
    /**
     * Requests per task per minute that target tracking keeps the service at (`web`, with
     * `loadBalancerArnSuffix`).
     * @default 1000
     */
    requestsPerTarget?: number;
    /**
     * ARN suffix of the load balancer in front (`app/<name>/<id>`), to scale on requests per
     * target; CPU-only scaling without it.
     * @default none
     */
    loadBalancerArnSuffix?: pulumi.Input<string>;
    /**
     * Attaches the target group to the load balancer (creates the listener rule) and returns
     * that resource: ECS refuses a service whose target group is not yet behind a listener,
     * so the service waits for it. Without it a `web` service runs unattached until the edge
     * attaches it.
     * @default none
     */
    attachTargetGroup?: (targetGroup: aws.lb.TargetGroup) => pulumi.Resource;
    /**
     * Seconds ECS ignores failing load-balancer health checks after a task starts (`web`
     * attached to a load balancer).
     * @default 60
     */
    healthCheckGracePeriodSeconds?: number;
    /**
     * Allow `aws ecs execute-command` into tasks (non-prod debugging). Off in prod.
     * @default false
     */
    enableExecuteCommand?: boolean;
}

/** Defaults of {@link FargateServiceArgs}, in one place. */
export const FARGATE_SERVICE_DEFAULTS = {
    kind: "web" as FargateServiceKind,
    cpuArchitecture: "X86_64" as "X86_64" | "ARM64",
    cpu: 0.5,
    memoryMiB: 1024,
    port: 8080,
    healthPath: "/healthz",
    ingressSecurityGroupIds: [] as pulumi.Input<string>[],
    egress: [] as SecurityGroupRule[],
    environment: {} as Record<string, pulumi.Input<string>>,
    secrets: {} as Record<string, TaskSecret>,
    permissions: [] as TaskPermission[],
    logRetentionDays: 30,
    minInstances: 1,
    maxInstances: 3,
    cpuTargetPercent: 60,
    requestsPerTarget: 1000,
    healthCheckGracePeriodSeconds: 60,
    enableExecuteCommand: false,
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateFargateServiceArgs(name: string, args: FargateServiceArgs): void {
    const check = new ArgsChecker(FargateService.TYPE, name);
    const cfg = { ...FARGATE_SERVICE_DEFAULTS, ...definedOnly(args) };
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,31}$/, "up to 32 lowercase letters, digits or hyphens, starting with a letter");
    check.matches("serviceName", args.serviceName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    check.oneOf("kind", args.kind, ["web", "worker"]);
    if (typeof args.image === "string") {
        check.matches("image", args.image, PINNED_IMAGE, "a pinned image reference: \"host/repo/name@sha256:<digest>\" or \"host/repo/name:tag\" (not \"latest\")");
    }
    check.oneOf("cpuArchitecture", args.cpuArchitecture, ["X86_64", "ARM64"]);
    const size = fargateSizeProblem(cfg.cpu, cfg.memoryMiB);
    if (size) check.fail(size.field, size.expected, size.field === "cpu" ? cfg.cpu : cfg.memoryMiB);
    if (cfg.kind === "web") {
        // Pulumi autonames the target group "<name>-tg-<7 hex>", and ELB names stop at 32.
        check.check(name.length <= 21, "name", 'at most 21 characters for a web service (its target group is autonamed "<name>-tg-xxxxxxx", at most 32)', name);
        check.intInRange("port", args.port, 1, 65535);
        check.matches("healthPath", args.healthPath, PATH_PREFIX, "a URL path such as \"/healthz\"");
    } else {
        for (const key of ["port", "healthPath", "ingressSecurityGroupIds", "loadBalancerArnSuffix", "attachTargetGroup"] as const) {
            check.check(args[key] === undefined, key, "nothing for a worker (no load balancer)", args[key]);
        }
    }
    check.check(Array.isArray(args.subnetIds) && args.subnetIds.length > 0, "subnetIds", "at least one private subnet", args.subnetIds);
    for (const key of Object.keys(cfg.environment)) check.matches(`environment.${key}`, key, ENV_NAME, "a variable name of letters, digits and underscores");
    for (const [key, secret] of Object.entries(cfg.secrets)) {
        check.matches(`secrets.${key}`, key, ENV_NAME, "a variable name of letters, digits and underscores");
        check.check(!(key in cfg.environment), `secrets.${key}`, "a name not also in environment", key);
        check.matches(`secrets.${key}.jsonKey`, secret.jsonKey, /^[A-Za-z0-9_.-]{1,128}$/, "a JSON key such as \"password\"");
    }
    check.check(Object.keys(cfg.secrets).length === 0 || args.secretsKmsKeyArn !== undefined, "secretsKmsKeyArn", "the secrets' KMS key ARN when secrets are mounted", args.secretsKmsKeyArn);
    cfg.permissions.forEach((p, i) => {
        check.check(p.actions.length > 0 && p.actions.every((a) => /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a)), `permissions[${i}].actions`, "actions such as \"s3:GetObject\", without wildcards", p.actions);
        check.check(p.resources.length > 0 && p.resources.every((r) => r !== "*"), `permissions[${i}].resources`, "exact resource ARNs, not \"*\"", p.resources);
    });
    const retention = cloudWatchRetentionProblem(cfg.logRetentionDays);
    if (retention) check.fail("logRetentionDays", retention, cfg.logRetentionDays);
    check.intInRange("minInstances", args.minInstances, 1, 1000);
    check.intInRange("maxInstances", args.maxInstances, 1, 1000);
    check.check(cfg.minInstances <= cfg.maxInstances, "maxInstances", `at least minInstances (${cfg.minInstances})`, cfg.maxInstances);
    check.intInRange("cpuTargetPercent", args.cpuTargetPercent, 10, 90);
    check.intInRange("requestsPerTarget", args.requestsPerTarget, 1, 100000);
    check.intInRange("healthCheckGracePeriodSeconds", args.healthCheckGracePeriodSeconds, 0, 2147483647);
    check.throwIfAny();
}

/**
 * An ECS service on Fargate, hardened: its own log group (KMS, retention), an execution role
 * (image pull, logs, exactly its secrets) separate from the task role (only `permissions`),
 * tasks in private subnets without public IPs, a read-only root filesystem with a writable
 * `/tmp`, an own security group (container port from the load balancer only; HTTPS out), a
 * deployment circuit breaker that rolls back, `waitForSteadyState` so a failed rollout fails
 * `pulumi up`, and target-tracking autoscaling on CPU (and requests per target behind a load
 * balancer) between `minInstances` and `maxInstances`; `desiredCount` is left to the
 * autoscaler after creation.
 *
 * A `web` service gets an IP target group with the health check on `healthPath`, attached by
 * `attachTargetGroup` (the edge). A `worker` has no port and no load balancer.
 *
 * @example
 * ```ts
 * import { aws } from "prodstack";
 *
 * const api = new aws.FargateService("api", {
 *     namePrefix: "acme-prod",
 *     serviceName: "api",
 *     region: "eu-central-1",
 *     image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api@sha256:" + "0".repeat(64),
 *     cpu: 1,
 *     memoryMiB: 2048,
 *     vpcId: "vpc-0123456789abcdef0",
 *     subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
 *     logsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     minInstances: 2,
 *     maxInstances: 10,
 * });
 * export const targetGroupArn = api.targetGroup?.arn;
 * ```
 */
export class FargateService extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:FargateService";

    /** The ECS service. */
    readonly service: aws.ecs.Service;
    /** The task definition. */
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** The target group (`web` only). */
    readonly targetGroup?: aws.lb.TargetGroup;
    /** The tasks' security group ID, to allow them into a database's or cache's group. */
    readonly securityGroupId: pulumi.Output<string>;
    /** ARN of the task role (what the application runs as). */
    readonly taskRoleArn: pulumi.Output<string>;
    /** The log group. */
    readonly logGroup: aws.cloudwatch.LogGroup;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFargateServiceArgs(name, args);
        super(FargateService.TYPE, name, {}, opts);
        const cfg = { ...FARGATE_SERVICE_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const fullName = resourceName([cfg.namePrefix, cfg.serviceName], AWS_NAME_MAX.ecs);
        const web = cfg.kind === "web";
        const parent = { parent: this };
        const account = lookupAccount(this);

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            region,
            name: `/prodstack/${cfg.namePrefix}/${cfg.serviceName}`,
            retentionInDays: cfg.logRetentionDays,
            kmsKeyId: cfg.logsKmsKeyArn,
        }, parent);

        const roles = taskRoles(name, fullName, {
            image: cfg.image,
            logGroupArn: this.logGroup.arn,
            secretArns: Object.values(cfg.secrets).map((s) => s.secretArn),
            secretsKmsKeyArn: args.secretsKmsKeyArn,
            region,
        }, cfg.permissions, account, this);

        const size = fargateTaskSize(cfg.cpu, cfg.memoryMiB);
        this.taskDefinition = new aws.ecs.TaskDefinition(`${name}-task`, {
            region,
            family: fullName,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: size.cpu,
            memory: size.memory,
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: cfg.cpuArchitecture },
            executionRoleArn: roles.executionRole.arn,
            taskRoleArn: roles.taskRole.arn,
            volumes: [{ name: "tmp" }],
            containerDefinitions: containerDefinitions({
                name: cfg.serviceName,
                image: cfg.image,
                port: web ? cfg.port : undefined,
                environment: cfg.environment,
                secrets: cfg.secrets,
                logGroupName: this.logGroup.name,
                region,
            }),
        }, parent);

        const sg = new SecurityGroup(`${name}-tasks`, {
            vpcId: cfg.vpcId,
            region,
            namePrefix: resourceName([fullName, "tasks"]),
            description: `Tasks of ${fullName}`,
            ingress: web
                ? cfg.ingressSecurityGroupIds.map((id, i) => ({ description: `Container port from load balancer ${i + 1}`, fromPort: cfg.port, securityGroupId: id }))
                : [],
            egress: [{ description: "HTTPS to AWS APIs and the internet", fromPort: 443, cidrIpv4: "0.0.0.0/0" }, ...cfg.egress],
        }, parent);

        let cluster = cfg.cluster;
        if (!cluster) {
            const own = new aws.ecs.Cluster(`${name}-cluster`, {
                region,
                name: fullName,
                settings: [{ name: "containerInsights", value: "enhanced" }],
            }, parent);
            cluster = { arn: own.arn, name: own.name };
        }

        let attachment: pulumi.Resource | undefined;
        if (web) {
            this.targetGroup = new aws.lb.TargetGroup(`${name}-tg`, {
                region,
                targetType: "ip",
                protocol: "HTTP",
                protocolVersion: "HTTP1",
                port: cfg.port,
                vpcId: cfg.vpcId,
                deregistrationDelay: 30,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    port: "traffic-port",
                    path: cfg.healthPath,
                    matcher: "200-399",
                    interval: 15,
                    timeout: 5,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
            }, parent);
            attachment = args.attachTargetGroup?.(this.targetGroup);
        }

        this.service = new aws.ecs.Service(`${name}-service`, {
            region,
            name: fullName,
            cluster: cluster.arn,
            taskDefinition: this.taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: cfg.minInstances,
            networkConfiguration: { subnets: cfg.subnetIds, securityGroups: [sg.securityGroupId], assignPublicIp: false },
            ...(this.targetGroup && attachment ? {
                loadBalancers: [{ targetGroupArn: this.targetGroup.arn, containerName: cfg.serviceName, containerPort: cfg.port }],
                healthCheckGracePeriodSeconds: cfg.healthCheckGracePeriodSeconds,
            } : {}),
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableExecuteCommand: cfg.enableExecuteCommand,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            waitForSteadyState: true,
        }, { ...parent, ignoreChanges: ["desiredCount"], ...(attachment ? { dependsOn: [attachment] } : {}) });

        this.autoscaling(name, cfg, pulumi.interpolate`service/${cluster.name}/${this.service.name}`);

        this.securityGroupId = sg.securityGroupId;
        this.taskRoleArn = roles.taskRole.arn;
        this.registerOutputs({ serviceName: this.service.name, securityGroupId: this.securityGroupId, taskRoleArn: this.taskRoleArn });
    }

    /** Target tracking on CPU and, behind a load balancer, on requests per target. */
    private autoscaling(name: string, cfg: typeof FARGATE_SERVICE_DEFAULTS & FargateServiceArgs, resourceId: pulumi.Output<string>): void {
        const target = new aws.appautoscaling.Target(`${name}-scaling`, {
            region: cfg.region,
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId,
            minCapacity: cfg.minInstances,
            maxCapacity: cfg.maxInstances,
        }, { parent: this });
        const policy = (suffix: string, metric: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification, targetValue: number) =>
            new aws.appautoscaling.Policy(`${name}-${suffix}`, {
                region: cfg.region,
                name: resourceName([cfg.namePrefix, cfg.serviceName, suffix], 255),
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: metric,
                    targetValue,
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            }, { parent: this });
        policy("cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, cfg.cpuTargetPercent);
        if (cfg.kind === "web" && this.targetGroup && cfg.loadBalancerArnSuffix) {
            policy("requests", {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: pulumi.interpolate`${cfg.loadBalancerArnSuffix}/${this.targetGroup.arnSuffix}`,
            }, cfg.requestsPerTarget);
        }
    }
}
