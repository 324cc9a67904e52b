/**
 * What each spec workload (service, worker or job) gets on AWS, and the pieces only jobs and
 * buckets have, mirroring `infra/gcp/workloads.ts`:
 *
 * - A workload's env: its own `env` and `<NAME>_BUCKET` for every application bucket it may
 *   use. Bucket names are known up front, so the env never waits for a bucket.
 * - Its secret env: ECS reads each variable from the exact Secrets Manager ARN when a task
 *   starts; the execution role may read those ARNs only.
 * - Buckets grant object access to each workload's task role in their bucket policy.
 * - Jobs run on an EventBridge Scheduler schedule (the spec's unix cron, converted) and/or
 *   to completion during `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { AppBucket, type BucketAccess, FargateJob, type TaskArgs, type TaskSecret } from "../../components/aws";
import { eventBridgeCron, isProd, resourceName } from "../../components/core/internal";
import type { BucketSpec, EnvironmentSpec, JobSpec, ServiceSpec } from "../config";
import { bucketEnvName } from "../config-workloads";
import { appSecretKey, parseSecretRef } from "../workloads";
import type { AwsBinding, AwsContext } from "./context";

/** S3 name of an application bucket: `<namePrefix>-<name>-<account>` (S3 names are global). */
export function appBucketName(spec: EnvironmentSpec, bucket: BucketSpec): string {
    return resourceName([spec.namePrefix, bucket.name, spec.aws!.accountId], 63);
}

/** The TaskArgs every workload gets alike: image, size, network, env, secrets, keys, logs. */
export function taskArgsOf(
    ctx: AwsContext,
    w: ServiceSpec | JobSpec,
    image: pulumi.Input<string>,
    secretArns: Record<string, pulumi.Output<string>>,
    bindings: AwsBinding[] = [],
): TaskArgs {
    const { spec } = ctx;
    // The stores' env first: the spec's own env and secret env of the same name win, as on GCP.
    const environment: Record<string, pulumi.Input<string>> = Object.assign({}, ...bindings.map((b) => b.environment), w.env);
    for (const bucket of spec.buckets) {
        if (bucket.access[w.name]) environment[bucketEnvName(bucket.name)] = appBucketName(spec, bucket);
    }
    const secrets: Record<string, TaskSecret> = Object.assign({}, ...bindings.map((b) => b.secrets));
    for (const [envName, ref] of Object.entries(w.secretEnv)) {
        secrets[envName] = { secretArn: secretArns[appSecretKey(parseSecretRef(ref).name)] };
        delete environment[envName];
    }
    for (const envName of Object.keys(w.env)) delete secrets[envName];
    const egress = bindings.flatMap((b) => b.egress);
    const permissions = bindings.flatMap((b) => b.permissions);
    return {
        namePrefix: spec.namePrefix,
        region: spec.region,
        image,
        // The spec's `command` replaces the image's ENTRYPOINT, its `args` the CMD (ECS `command`).
        ...(w.command ? { entryPoint: w.command } : {}),
        ...(w.args ? { command: w.args } : {}),
        cpu: w.cpu,
        memoryMiB: w.memoryMiB,
        vpcId: ctx.network.vpcId,
        subnetIds: ctx.network.privateSubnetIds,
        environment,
        secrets,
        ...(egress.length ? { egress } : {}),
        ...(permissions.length ? { permissions } : {}),
        ...(Object.keys(secrets).length ? { secretsKmsKeyArn: ctx.key.arn } : {}),
        logsKmsKeyArn: ctx.key.arn,
        logRetentionDays: ctx.logRetentionDays,
    };
}

/** Deploys the spec's jobs; `common` gives what every workload gets. */
export function deployJobs(ctx: AwsContext, common: (job: JobSpec) => TaskArgs): Map<string, FargateJob> {
    return new Map(ctx.spec.jobs.map((job) => {
        const schedule = job.schedule ? eventBridgeCron(job.schedule.cron) : undefined;
        // The spec check refuses what EventBridge cannot express; this is a bug guard.
        if (schedule && "problem" in schedule) throw new Error(`jobs.${job.name}: ${schedule.problem}`);
        return [job.name, new FargateJob(`job-${job.name}`, {
            ...common(job),
            jobName: job.name,
            ...(schedule ? { schedule: schedule.expression, scheduleTimezone: job.schedule!.timeZone } : {}),
            runOnDeploy: job.runOnDeploy,
            ...(job.runOnDeploy ? { deployTimeoutSeconds: job.timeoutSeconds } : {}),
        }, ctx.opts)];
    }));
}

/**
 * The image a service rolls out once the run-on-deploy jobs it waits for have run: the same
 * reference, but only known after each job's deploy run, so its task definition (and the ECS
 * service) is created or updated after them. A resource option would not do: `dependsOn`
 * on a component does not reach the resources inside it.
 */
export function imageAfter(image: pulumi.Input<string>, jobs: FargateJob[]): pulumi.Input<string> {
    const runs = jobs.map((j) => j.deployRun!.urn);
    return runs.length ? pulumi.all([image, ...runs]).apply(([ref]) => ref) : image;
}

/** Deploys the application buckets, each granting the task roles of the workloads with access. */
export function deployBuckets(ctx: AwsContext, taskRoles: Map<string, pulumi.Output<string>>): Map<string, AppBucket> {
    const { spec } = ctx;
    const prod = isProd(spec.tier);
    return new Map(spec.buckets.map((bucket) => {
        const access: Record<string, BucketAccess> = {};
        for (const [name, level] of Object.entries(bucket.access)) access[name] = { roleArn: taskRoles.get(name)!, level };
        return [bucket.name, new AppBucket(`bucket-${bucket.name}`, {
            bucketName: appBucketName(spec, bucket),
            region: spec.region,
            access,
            versioning: bucket.versioning,
            noncurrentVersionDays: bucket.lifecycle.noncurrentVersionDays,
            ...(bucket.lifecycle.expireDays !== undefined ? { expireDays: bucket.lifecycle.expireDays } : {}),
            corsOrigins: bucket.corsOrigins,
            forceDestroy: false,
            deletionProtection: prod,
        }, { ...ctx.opts, protect: prod })];
    }));
}
