/**
 * Cross-field checks of the workload keys (jobs, workers, `after`, application buckets).
 * Kept apart from config.ts so the schema file stays readable; the checks only see the
 * parsed spec (types only: no runtime import cycle).
 */
import type { EnvironmentSpec } from "./config";

type Add = (path: (string | number)[], message: string, input: unknown, given?: string) => void;
type ClaimName = (path: (string | number)[], name: string, owner: string) => void;
type Spec = Omit<EnvironmentSpec, never>;

/** Env names Cloud Run jobs and ECS tasks set for a run; a job must not override them. */
const RESERVED_JOB_ENV = ["CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"];

/** Env var carrying an application bucket's name: `media` → `MEDIA_BUCKET`. */
export function bucketEnvName(bucket: string): string {
    return `${bucket.toUpperCase().replace(/-/g, "_")}_BUCKET`;
}

export function workloadChecks(s: Spec, add: Add, claimName: ClaimName): void {
    const jobs = new Map(s.jobs.map((j) => [j.name, j]));

    s.jobs.forEach((job, i) => {
        const at = ["jobs", i];
        claimName(at, job.name, `jobs[${i}]`);
        if (!job.image === !job.build) {
            add(at, "expected exactly one of `image` (a pinned reference) or `build` (a build context)", job.image ?? job.build);
        }
        for (const key of Object.keys(job.env)) {
            if (RESERVED_JOB_ENV.includes(key)) add([...at, "env", key], "expected a name the platform does not set itself", key);
            if (key in job.secretEnv) add([...at, "env", key], "expected each variable in env or secretEnv, not both", key);
        }
        const [, , dom, , dow] = job.schedule?.cron.split(" ") ?? [];
        if (dom !== undefined && dom !== "*" && dow !== "*") {
            // Unix cron reads both as "either"; EventBridge Scheduler (AWS) cannot express that.
            add([...at, "schedule", "cron"], "expected * in the day-of-month or the day-of-week field (restricting both means \"either\" in unix cron, which not every cloud's scheduler supports)", job.schedule!.cron);
        }
        if (job.usesDatabase && !s.database) add([...at, "usesDatabase"], "expected a database section when a job uses the database", true);
        if (job.usesCache && !s.cache) add([...at, "usesCache"], "expected a cache section when a job uses the cache", true);
    });

    s.services.forEach((svc, i) => {
        const seen = new Set<string>();
        svc.after.forEach((name, k) => {
            const job = jobs.get(name);
            if (seen.has(name)) add(["services", i, "after", k], "expected each job once", name);
            else if (!job) add(["services", i, "after", k], `expected the name of a job (${[...jobs.keys()].join(", ") || "none defined"})`, name);
            else if (!job.runOnDeploy) add(["services", i, "after", k], `expected a job with runOnDeploy: true (${name} does not run on deploy)`, name);
            seen.add(name);
        });
    });

    const workloads = new Set([...s.services.map((w) => w.name), ...s.jobs.map((j) => j.name)]);
    s.buckets.forEach((bucket, i) => {
        const at = ["buckets", i];
        claimName(at, bucket.name, `buckets[${i}]`);
        for (const name of Object.keys(bucket.access)) {
            if (!workloads.has(name)) {
                add([...at, "access", name], `expected the name of a service or job (${[...workloads].join(", ")})`, name);
            }
        }
        const envName = bucketEnvName(bucket.name);
        for (const w of [...s.services, ...s.jobs]) {
            if (bucket.access[w.name] && (envName in w.env || envName in w.secretEnv)) {
                add([...at, "name"], `expected a bucket whose ${envName} variable ${w.name} does not set itself`, bucket.name);
            }
        }
        if (bucket.signedUrls && Object.keys(bucket.access).length === 0) {
            add([...at, "signedUrls"], "expected an access entry for the service or job that signs the URLs", true);
        }
        if (bucket.corsOrigins.length > 0 && !bucket.signedUrls) {
            add([...at, "corsOrigins"], "expected signedUrls: true as well (browsers reach a private bucket only through signed URLs)", bucket.corsOrigins);
        }
        if (bucket.lifecycle.expireDays !== undefined && bucket.retentionDays !== undefined && bucket.lifecycle.expireDays < bucket.retentionDays) {
            add([...at, "lifecycle", "expireDays"], `expected at least retentionDays (${bucket.retentionDays}): retained objects cannot expire earlier`, bucket.lifecycle.expireDays);
        }
        // Cloud Storage refuses a retention policy on a versioned bucket (S3 Object Lock needs versioning instead).
        if (s.cloud === "gcp" && bucket.retentionDays !== undefined && bucket.versioning) {
            add([...at, "versioning"], "expected versioning: false with retentionDays on gcp (Cloud Storage does not allow a retention policy on a versioned bucket)", true);
        }
    });
}
