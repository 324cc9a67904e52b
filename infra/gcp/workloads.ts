/**
 * Jobs, workers and application buckets of the compute concern: what each spec workload
 * (service, worker or job) is wired to, and the pieces only jobs and buckets have.
 *
 * - A workload's env: its own `env`, the database/cache bindings it asked for, and
 *   `<NAME>_BUCKET` for every application bucket it has access to.
 * - Buckets are created after the workloads (they grant each identity by email), but their
 *   names are known up front, so the env never waits for a bucket.
 * - A workload with access to a bucket that has `signedUrls` may create tokens for itself only.
 */
import * as pulumi from "@pulumi/pulumi";
import { isProd, resourceName } from "../../components/core/internal";
import { AppBucket, type BucketAccess } from "../../components/gcp/app-bucket";
import { CloudRunJob, type CloudRunJobArgs } from "../../components/gcp/job";
import type { SecretEnvVar, SecretFile } from "../../components/gcp/service";
import { memoryBoundsMiB } from "../../components/gcp/workload";
import { bucketEnvName } from "../config-workloads";
import type { BucketSpec, JobSpec, ServiceSpec } from "../config";
import type { Workload } from "../workloads";
import type { Binding, DataResult, GcpContext } from "./context";

/** Role a workload gets when it uses the database (Cloud SQL connectors and IAM auth need it). */
export const CLOUD_SQL_CLIENT = "roles/cloudsql.client";

export { workloadsOf, type Workload } from "../workloads";

/** The data bindings a workload asked for, by what they bind. */
export function bindingsOf(w: { usesDatabase: boolean; usesCache: boolean }, data: DataResult): Array<[string, Binding]> {
    const out: Array<[string, Binding]> = [];
    if (w.usesDatabase && data.database) out.push(["database", data.database]);
    if (w.usesCache && data.cache) out.push(["cache", data.cache]);
    return out;
}

/** Cloud Storage name of an application bucket: `<project>-<name>`, like the site buckets. */
export function appBucketName(project: string, bucket: BucketSpec): string {
    return resourceName([project, bucket.name], 63);
}

/** Problems a workload's sizing has on GCP: jobs and workers run whole vCPUs (CPU always allocated). */
export function gcpSizingProblems(w: Workload): string[] {
    const alwaysOn = !("kind" in w) || w.kind === "worker";
    if (!alwaysOn) return [];
    if (![1, 2, 4, 6, 8].includes(w.cpu)) {
        return [`${w.at}.cpu: expected 1, 2, 4, 6 or 8 on gcp (Cloud Run jobs and worker pools always allocate CPU, which fractional vCPU does not allow), got ${w.cpu}`];
    }
    const { min, max } = memoryBoundsMiB(w.cpu, "gen2");
    if (w.memoryMiB < min || w.memoryMiB > max) {
        return [`${w.at}.memoryMiB: expected ${min} to ${max} with ${w.cpu} vCPU on gcp, got ${w.memoryMiB}`];
    }
    return [];
}

/** What a workload is wired to: env, secret env, project roles, and whether it signs URLs. */
export interface Wiring {
    env: Record<string, pulumi.Input<string>>;
    secretEnv: Record<string, SecretEnvVar>;
    /** Files from Secret Manager by absolute path: the stores' CA bundles. */
    secretFiles: Record<string, SecretFile>;
    projectRoles: string[];
    signsUrls: boolean;
}

/**
 * The wiring of one workload: its env and secret env (app secrets resolved by `secretRef`),
 * its data bindings and its buckets.
 */
export function wiringOf(
    ctx: GcpContext,
    w: ServiceSpec | JobSpec,
    data: DataResult,
    secretRef: (ref: string) => SecretEnvVar,
): Wiring {
    const env: Record<string, pulumi.Input<string>> = { ...w.env };
    const secretEnv: Record<string, SecretEnvVar> = {};
    const secretFiles: Record<string, SecretFile> = {};
    for (const [envName, ref] of Object.entries(w.secretEnv)) secretEnv[envName] = secretRef(ref);
    const roles = new Set<string>(w.usesDatabase ? [CLOUD_SQL_CLIENT] : []);
    for (const [, binding] of bindingsOf(w, data)) {
        Object.assign(env, binding.env);
        Object.assign(secretEnv, binding.secretEnv);
        Object.assign(secretFiles, binding.files);
        binding.projectRoles.forEach((r) => roles.add(r));
    }
    let signsUrls = false;
    for (const bucket of ctx.spec.buckets) {
        if (!bucket.access[w.name]) continue;
        env[bucketEnvName(bucket.name)] = appBucketName(ctx.project, bucket);
        signsUrls ||= bucket.signedUrls;
    }
    return { env, secretEnv, secretFiles, projectRoles: [...roles].sort(), signsUrls };
}

/** Deploys the spec's jobs, before the services that wait for them; `common` gives what every workload gets. */
export function deployJobs(ctx: GcpContext, common: (job: JobSpec) => Omit<CloudRunJobArgs, "jobName">): Map<string, CloudRunJob> {
    return new Map(ctx.spec.jobs.map((job) => [job.name, new CloudRunJob(`job-${job.name}`, {
        ...common(job),
        jobName: job.name,
        timeoutSeconds: job.timeoutSeconds,
        retries: job.retries,
        parallelism: job.parallelism,
        runOnDeploy: job.runOnDeploy,
        ...(job.schedule ? { schedule: job.schedule } : {}),
    }, ctx.opts)]));
}

/**
 * Deploys the application buckets, granting each workload with access by its identity.
 * Prod buckets are protected and keep their objects on destroy.
 */
export function deployBuckets(ctx: GcpContext, identities: Map<string, pulumi.Output<string>>): Map<string, AppBucket> {
    const { spec } = ctx;
    const prod = isProd(spec.tier);
    return new Map(spec.buckets.map((bucket) => {
        const access: Record<string, BucketAccess> = {};
        for (const [name, level] of Object.entries(bucket.access)) {
            access[name] = { member: pulumi.interpolate`serviceAccount:${identities.get(name)!}`, level };
        }
        return [bucket.name, new AppBucket(`bucket-${bucket.name}`, {
            bucketName: appBucketName(ctx.project, bucket),
            location: spec.region,
            access,
            versioning: bucket.versioning,
            noncurrentVersionDays: bucket.lifecycle.noncurrentVersionDays,
            ...(bucket.lifecycle.expireDays !== undefined ? { expireDays: bucket.lifecycle.expireDays } : {}),
            corsOrigins: bucket.corsOrigins,
            ...(bucket.retentionDays !== undefined ? { retentionDays: bucket.retentionDays } : {}),
            forceDestroy: false,
            labels: ctx.labels,
        }, { ...ctx.opts, protect: prod })];
    }));
}
