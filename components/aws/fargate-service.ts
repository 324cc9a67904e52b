import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_NAME_MAX, definedOnly, PATH_PREFIX, resourceName } from "../core/internal";
import { TASK_DEFAULTS, checkTaskArgs, type TaskArgs } from "./task-args";
import { createTask } from "./task";

/** `web`: serves HTTP behind the load balancer; `worker`: no port, no load balancer, always running. */
export type FargateServiceKind = "web" | "worker";

/** The target group of a `web` {@link FargateService}, as the edge attaches it. */
export interface TargetGroupRef {
    /**
     * ARN of the target group (a listener rule forwards to it).
     * @default none (computed)
     */
    arn: pulumi.Output<string>;
    /**
     * `targetgroup/<name>/<id>`, for CloudWatch dimensions and request-count scaling.
     * @default none (computed)
     */
    arnSuffix: pulumi.Output<string>;
}

/** Arguments of {@link FargateService}. */
export interface FargateServiceArgs extends TaskArgs {
    /**
     * Name of the service, e.g. `api`: the ECS service, task family and roles are
     * `<namePrefix>-<serviceName>`, the log group `/prodstack/<namePrefix>/<serviceName>`.
     * @default none (required)
     */
    serviceName: string;
    /**
     * What the service is.
     * @default "web"
     */
    kind?: FargateServiceKind;
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
     * Security groups allowed to reach the container port (the load balancer's; `web` only).
     * @default []
     */
    ingressSecurityGroupIds?: pulumi.Input<string>[];
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
     * Attaches the target group to the load balancer (creates the listener rules) and returns
     * those resources (`LoadBalancer.attach(name)`): ECS refuses a service whose target group
     * is not yet behind a listener, so the service waits for them. Without it a `web` service
     * runs unattached until the edge attaches it.
     * @default none
     */
    attachTargetGroup?: (targetGroup: TargetGroupRef) => pulumi.Resource | pulumi.Resource[];
    /**
     * Seconds ECS ignores failing load-balancer health checks after a task starts (`web`
     * attached to a load balancer).
     * @default 60
     */
    healthCheckGracePeriodSeconds?: number;
    /**
     * Allow `aws ecs execute-command` into tasks (non-prod debugging); the task role then gets
     * the four `ssmmessages` channel actions ECS Exec needs. Off in prod.
     * @default false
     */
    enableExecuteCommand?: boolean;
}

/** Defaults of {@link FargateServiceArgs}, in one place. */
export const FARGATE_SERVICE_DEFAULTS = {
    ...TASK_DEFAULTS,
    kind: "web" as FargateServiceKind,
    port: 8080,
    healthPath: "/healthz",
    ingressSecurityGroupIds: [] as pulumi.Input<string>[],
    minInstances: 1,
    maxInstances: 3,
    cpuTargetPercent: 60,
    requestsPerTarget: 1000,
    healthCheckGracePeriodSeconds: 60,
    enableExecuteCommand: false,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateFargateServiceArgs(name: string, args: FargateServiceArgs): void {
    const check = new ArgsChecker(FargateService.TYPE, name);
    const cfg = { ...FARGATE_SERVICE_DEFAULTS, ...definedOnly(args) };
    check.matches("serviceName", args.serviceName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");
    checkTaskArgs(check, args);
    check.oneOf("kind", args.kind, ["web", "worker"]);
    if (cfg.kind === "web") {
        // Pulumi autonames the target group "<name>-tg-<7 hex>", and ELB names stop at 32.
        check.check(name.length <= 21, "name", 'at most 21 characters for a web service (its target group is autonamed "<name>-tg-xxxxxxx", at most 32)', name);
        check.intInRange("port", args.port, 1, 65535);
        check.matchesIfGiven("healthPath", args.healthPath, PATH_PREFIX, "a URL path such as \"/healthz\"");
    } else {
        for (const key of ["port", "healthPath", "ingressSecurityGroupIds", "loadBalancerArnSuffix", "attachTargetGroup"] as const) {
            check.check(args[key] === undefined, key, "nothing for a worker (no load balancer)", args[key]);
        }
    }
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
 * import * as aws from "prodstack/aws";
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

    /** Name of the ECS service. */
    readonly serviceName: pulumi.Output<string>;
    /** ARN of the task definition (its current revision). */
    readonly taskDefinitionArn: pulumi.Output<string>;
    /** The target group (`web` only). */
    readonly targetGroup?: TargetGroupRef;
    /** The tasks' security group ID, to allow them into a database's or cache's group. */
    readonly securityGroupId: pulumi.Output<string>;
    /** ARN of the task role (what the application runs as). */
    readonly taskRoleArn: pulumi.Output<string>;
    /** Name of the log group. */
    readonly logGroupName: pulumi.Output<string>;
    /** Name of the ECS cluster the service runs in (its metrics' `ClusterName`). */
    readonly clusterName: pulumi.Output<string>;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFargateServiceArgs(name, args);
        super(FargateService.TYPE, name, {}, opts);
        const cfg = { ...FARGATE_SERVICE_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const fullName = resourceName([cfg.namePrefix, cfg.serviceName], AWS_NAME_MAX.ecs);
        const web = cfg.kind === "web";
        const parent = { parent: this };
        const task = createTask(name, cfg, {
            fullName,
            shortName: cfg.serviceName,
            port: web ? cfg.port : undefined,
            executeCommand: cfg.enableExecuteCommand,
            ingress: web
                ? cfg.ingressSecurityGroupIds.map((id, i) => ({ description: `Container port from load balancer ${i + 1}`, fromPort: cfg.port, securityGroupId: id }))
                : [],
        }, this);
        this.logGroupName = task.logGroup.name;
        this.taskDefinitionArn = task.taskDefinition.arn;
        const cluster = task.cluster;
        this.clusterName = pulumi.output(cluster.name);

        let attachment: pulumi.Resource[] | undefined;
        let targetGroup: aws.lb.TargetGroup | undefined;
        if (web) {
            targetGroup = new aws.lb.TargetGroup(`${name}-tg`, {
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
            this.targetGroup = { arn: targetGroup.arn, arnSuffix: targetGroup.arnSuffix };
            const attached = args.attachTargetGroup?.(this.targetGroup);
            attachment = attached === undefined ? undefined : [attached].flat();
        }

        const service = new aws.ecs.Service(`${name}-service`, {
            region,
            name: fullName,
            cluster: cluster.arn,
            taskDefinition: task.taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: cfg.minInstances,
            networkConfiguration: { subnets: cfg.subnetIds, securityGroups: [task.securityGroup.securityGroupId], assignPublicIp: false },
            ...(targetGroup && attachment?.length ? {
                loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: cfg.serviceName, containerPort: cfg.port }],
                healthCheckGracePeriodSeconds: cfg.healthCheckGracePeriodSeconds,
            } : {}),
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableExecuteCommand: cfg.enableExecuteCommand,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            waitForSteadyState: true,
        }, { ...parent, ignoreChanges: ["desiredCount"], ...(attachment?.length ? { dependsOn: attachment } : {}) });

        this.serviceName = service.name;
        this.autoscaling(name, cfg, pulumi.interpolate`service/${cluster.name}/${service.name}`);

        this.securityGroupId = task.securityGroup.securityGroupId;
        this.taskRoleArn = task.roles.taskRole.arn;
        this.registerOutputs({ serviceName: this.serviceName, securityGroupId: this.securityGroupId, taskRoleArn: this.taskRoleArn });
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
