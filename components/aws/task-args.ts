/**
 * The args every Fargate task of prodstack takes (services and jobs alike), their defaults
 * and their checks. Kept apart from the resources (`task.ts`): the public args types must not
 * pull `@pulumi/aws` into the declarations a GCP-only consumer type-checks.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type ArgsChecker, AWS_REGION, cloudWatchRetentionProblem, fargateSizeProblem, PINNED_IMAGE } from "../core/internal";
import type { SecurityGroupRule } from "./security-group";

/** A secret mounted as an env var: its exact ARN and, for a JSON secret, one key of it. */
export interface TaskSecret {
    /**
     * ARN of the Secrets Manager secret (e.g. `Secrets.refs.<key>.arn`). The execution role
     * may read exactly this ARN.
     * @default none (required)
     */
    secretArn: pulumi.Input<string>;
    /**
     * Key inside a JSON secret to expose (e.g. `password` of an RDS-managed secret); the
     * variable then holds that key's value only.
     * @default none (the whole secret string)
     */
    jsonKey?: string;
}

/** A permission the application's own code needs (the task role's only grants). */
export interface TaskPermission {
    /**
     * IAM actions, each `service:Action` without wildcards, e.g. `["s3:GetObject"]`.
     * @default none (required)
     */
    actions: string[];
    /**
     * Exact resource ARNs the actions apply to; `*` is refused.
     * @default none (required)
     */
    resources: pulumi.Input<string>[];
}

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
     * Entrypoint overriding the image's ENTRYPOINT, e.g. `["/app/bin/start"]`.
     * @default none (the image's entrypoint)
     */
    entryPoint?: string[];
    /**
     * Command overriding the image's CMD (the entrypoint's arguments), e.g.
     * `["npm", "run", "migrate"]` or `["celery", "-A", "app", "worker"]`.
     * @default none (the image's command)
     */
    command?: string[];
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
    for (const key of ["entryPoint", "command"] as const) {
        check.check(args[key] === undefined || (Array.isArray(args[key]) && args[key].length > 0), key, "a non-empty list of arguments", args[key]);
    }
    const environment = args.environment ?? {};
    for (const key of Object.keys(environment)) check.matches(`environment.${key}`, key, ENV_NAME, "a variable name of letters, digits and underscores");
    const secrets = args.secrets ?? {};
    for (const [key, secret] of Object.entries(secrets)) {
        check.matches(`secrets.${key}`, key, ENV_NAME, "a variable name of letters, digits and underscores");
        check.check(!(key in environment), `secrets.${key}`, "a name not also in environment", key);
        check.matchesIfGiven(`secrets.${key}.jsonKey`, secret.jsonKey, /^[A-Za-z0-9_.-]{1,128}$/, "a JSON key such as \"password\"");
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
