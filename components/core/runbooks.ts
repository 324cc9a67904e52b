/**
 * The runbooks of every alert prodstack creates, once for both clouds: what fired, the likely
 * causes and the first steps. The diagnosis (causes, the order of the steps, what to check
 * next) is shared; each cloud fills in only what differs by cloud, named in each runbook's
 * `Cloud…` argument: the monitored resource as the cloud names it, its console pages, log
 * queries and the platform-specific causes. GCP renders a runbook as an alert policy's
 * markdown documentation; AWS keeps the full text on the environment's runbook dashboard and
 * points each alarm's description at it (CloudWatch descriptions stop at 1,024 characters).
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The runbook that travels with an alert: what fired, what usually causes it and what
 * the on-call does first. Rendered as the policy's markdown documentation, so it shows
 * up in every notification and incident.
 */
export interface Runbook {
    /**
     * One or two sentences: what crossed which threshold, on what.
     * @default none (required)
     */
    whatFired: pulumi.Input<string>;
    /**
     * The usual suspects, most likely first.
     * @default none (required)
     */
    likelyCauses: pulumi.Input<string>[];
    /**
     * Ordered first steps, with the console pages or commands to use.
     * @default none (required)
     */
    firstSteps: pulumi.Input<string>[];
}

/** Renders a runbook as markdown (GCP: the `documentation.content` of a policy; AWS: a dashboard text widget). */
export function runbookMarkdown(runbook: Runbook): pulumi.Output<string> {
    return pulumi
        .all([runbook.whatFired, pulumi.all(runbook.likelyCauses), pulumi.all(runbook.firstSteps)])
        .apply(([what, causes, steps]) =>
            [
                "### What fired",
                what,
                "",
                "### Likely causes",
                ...causes.map((c) => `- ${c}`),
                "",
                "### First steps",
                ...steps.map((s, i) => `${i + 1}. ${s}`),
            ].join("\n"),
        );
}

type In = pulumi.Input<string>;

/** How long a condition held, as runbooks say it (`5 min`). */
export const minutesOf = (seconds: number): string => `${seconds / 60} min`;

const CONCURRENT_INCIDENT = "Check the database and cache alerts and dashboard charts for a concurrent incident.";

/** Service: share of 5xx answers above the threshold. */
export function serviceErrorsRunbook(p: {
    /** The service as the cloud names it, e.g. "Cloud Run service `api` (europe-west1)". */
    subject: In;
    percent: number;
    minutes: string;
    /** How the platform itself turns timeouts or memory exhaustion into 5xx. */
    platformCause: string;
    metricsStep: In;
    rollbackStep: In;
    logsStep: In;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`More than ${p.percent}% of the requests to ${p.subject} were answered with a 5xx for ${p.minutes}. Users are seeing errors.`,
        likelyCauses: [
            "A bad release: the latest revision crashes, fails on startup or on a code path.",
            "A dependency is failing: the database or cache is down, saturated or refusing connections.",
            p.platformCause,
            "At very low traffic a handful of errors is enough to cross the ratio.",
        ],
        firstSteps: [p.metricsStep, p.rollbackStep, p.logsStep, CONCURRENT_INCIDENT],
    };
}

/** Service: p95 latency above the threshold. */
export function serviceLatencyRunbook(p: {
    subject: In;
    latencyMs: number;
    minutes: string;
    /** What the p95 covers, e.g. "all revisions and response codes together". */
    scope: string;
    /** How slow scale-out shows on the platform. */
    scaleOutCause: string;
    /** How CPU saturation shows on the platform. */
    saturationCause: string;
    metricsStep: In;
    rollbackStep: string;
    /** What to change in the spec when tasks are saturated. */
    saturationStep: string;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`The 95th-percentile request latency of ${p.subject} stayed above ${p.latencyMs} ms for ${p.minutes} (${p.scope}).`,
        likelyCauses: [
            "Slow database queries, lock contention or a saturated database (see the database CPU and connection alerts).",
            p.scaleOutCause,
            p.saturationCause,
            "A slow downstream API without a timeout.",
        ],
        firstSteps: [p.metricsStep, p.rollbackStep, "Check the database dashboard charts (CPU, connections) for the same time window.", p.saturationStep],
    };
}

/** Service: instance (task) count near its maximum. */
export function serviceInstancesRunbook(p: {
    subject: In;
    atLeast: number;
    percentOfMax: number;
    maxInstances: number;
    minutes: string;
    /** What the platform does at the maximum. */
    atMaximum: string;
    /** The WAF product whose rate limit did not catch it. */
    waf: string;
    metricsStep: In;
    /** How to find abusive clients. */
    abuseStep: string;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.subject} ran ${p.atLeast} or more instances (${p.percentOfMax}% of its maximum of ${p.maxInstances}) for ${p.minutes}. ${p.atMaximum}`,
        likelyCauses: [
            "Real traffic growth or a marketing event.",
            "Requests got slower, so each instance serves fewer at a time (see the latency alert).",
            `A crawler, a retry storm or an attack not caught by ${p.waf}'s rate limit.`,
        ],
        firstSteps: [
            p.metricsStep,
            "If traffic is legitimate, raise maxInstances in the spec (check database max connections first) and deploy.",
            p.abuseStep,
        ],
    };
}

/** Service (AWS): CPU or memory of the tasks above the threshold. */
export function serviceResourceRunbook(p: { subject: In; resource: "CPU" | "memory"; percent: number; minutes: string; metricsStep: In; logsStep: In }): Runbook {
    const cpu = p.resource === "CPU";
    return {
        whatFired: pulumi.interpolate`The tasks of ${p.subject} used more than ${p.percent}% of their ${p.resource} on average for ${p.minutes}.${cpu ? " Requests slow down and autoscaling is at its limit or too slow." : " Near the limit a container is killed (exit code 137) and restarted."}`,
        likelyCauses: cpu
            ? ["Traffic growth beyond maxInstances, or scaling out slower than traffic grows.", "A hot code path or a busy loop in a new release.", "The task size (cpu in the spec) is too small for the work per request."]
            : ["A memory leak in a new release (usage climbs until the task restarts).", "Larger payloads or caches held in memory.", "The task size (memoryMiB in the spec) is too small for the working set."],
        firstSteps: [
            p.metricsStep,
            "If it started with a release, roll back to the previous task definition (redeploy the previous image).",
            p.logsStep,
            cpu ? "If the load is organic, raise maxInstances or cpu in the spec." : "If usage is organic, raise memoryMiB in the spec (a valid Fargate pair).",
        ],
    };
}

/** Service (AWS): fewer running tasks than desired. */
export function serviceTasksRunbook(p: { subject: In; minutes: string; eventsStep: In; logsStep: In }): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.subject} ran fewer tasks than desired for ${p.minutes}: tasks fail to start, fail their health checks or keep stopping, and the remaining ones carry the load.`,
        likelyCauses: [
            "A bad release: the new image fails on start or its health path fails (the circuit breaker rolls it back).",
            "A secret it reads has no value yet, or the image cannot be pulled.",
            "Not enough Fargate capacity or IP addresses in the private subnets.",
            "Containers exceed their memory and are killed (exit code 137).",
        ],
        firstSteps: [p.eventsStep, p.logsStep, "If it started with a release, redeploy the previous image.", CONCURRENT_INCIDENT],
    };
}

/** Job: a run failed. */
export function jobFailedRunbook(p: {
    /** What failed, as the cloud says it: "An execution of Cloud Run job `migrate` (…) failed: …". */
    failure: In;
    executionsStep: In;
    logsStep: In;
    rerunStep: string;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.failure} If it ran on deploy, that deploy failed and the services waiting for it kept their previous revision.`,
        likelyCauses: [
            "The command itself failed: a migration that conflicts with the schema, bad input data, a bug in a new image.",
            "A dependency was unreachable: the database or cache was down, or refused the connection.",
            "The task ran out of memory or exceeded its timeout (timeoutSeconds in the spec).",
            "A secret it reads has no version yet, so the task could not start.",
        ],
        firstSteps: [
            p.executionsStep,
            p.logsStep,
            p.rerunStep,
            "For a failed migration, check the schema state before re-running: a partial migration may need a manual rollback.",
        ],
    };
}

/** Worker: containers keep exiting (crash loop). */
export function workerCrashingRunbook(p: { subject: In; restarter: string; logsStep: In }): Runbook {
    return {
        whatFired: pulumi.interpolate`Containers of ${p.subject} exited or were killed. ${p.restarter} restarts them, so repeated exits are a crash loop: the queue they consume is not being worked off.`,
        likelyCauses: [
            "A bad release: the new image fails on start (missing setting, import error).",
            "The broker, database or cache is unreachable and the worker exits instead of retrying.",
            "The container exceeds its memory limit (memoryMiB in the spec).",
            "A secret it reads has no version yet.",
        ],
        firstSteps: [
            p.logsStep,
            "If it started with a new image, redeploy the previous image tag.",
            "Check the database and cache alerts for a concurrent incident, and the queue's backlog.",
        ],
    };
}

/** Database: CPU above the threshold. */
export function databaseCpuRunbook(p: { subject: In; percent: number; minutes: string; insightsStep: In }): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.subject} used more than ${p.percent}% of its vCPUs for ${p.minutes}.`,
        likelyCauses: [
            "An expensive query or a missing index after a release (sequential scans).",
            "Traffic growth beyond what the machine tier serves.",
            "Autovacuum or a long maintenance operation (index build, large migration).",
        ],
        firstSteps: [
            p.insightsStep,
            "If one query dominates, fix or roll back the release that introduced it.",
            "If load is organic, raise the database tier in the spec (a restart; schedule it).",
        ],
    };
}

/** Database: memory above the threshold. */
export function databaseMemoryRunbook(p: { whatFired: In; connectionsStep: In }): Runbook {
    return {
        whatFired: p.whatFired,
        likelyCauses: [
            "Too many connections, each with its own work memory.",
            "Large sorts or hashes (high work_mem) in concurrent queries.",
            "The machine tier is too small for the working set.",
        ],
        firstSteps: [
            p.connectionsStep,
            "Reduce connection pool sizes or max instances of the services using the database.",
            "If usage is organic, raise the database tier in the spec.",
        ],
    };
}

/** Database: disk (storage) nearly full. */
export function databaseDiskRunbook(p: { whatFired: In; growthCause: string; usageStep: In; growStep: string }): Runbook {
    return {
        whatFired: p.whatFired,
        likelyCauses: [
            p.growthCause,
            "Data growth, table bloat or temporary files of large queries.",
            "WAL/binary logs retained for point-in-time recovery or a lagging replica.",
        ],
        firstSteps: [p.usageStep, p.growStep, "Look for bloated tables (VACUUM) or runaway temporary files."],
    };
}

/** Database: connections near the limit. */
export function databaseConnectionsRunbook(p: { whatFired: In; connectionsStep: In }): Runbook {
    return {
        whatFired: p.whatFired,
        likelyCauses: [
            "More service instances than the database can serve: instances × pool size exceeds the limit.",
            "Connection leaks, or slow queries holding connections.",
            "A migration or batch job opening its own pool.",
        ],
        firstSteps: [
            p.connectionsStep,
            "Check the services' instance counts: cap maxInstances or the pool size so instances × pool stays under the limit.",
            "Terminate idle-in-transaction sessions if they pile up; fix the leak.",
            "If the load is legitimate, raise the database tier (higher default limit) or add a pooler.",
        ],
    };
}

/** Database: an automated backup failed. */
export function databaseBackupRunbook(p: { whatFired: In; likelyCauses: string[]; eventStep: In; backupNowStep: In }): Runbook {
    return {
        whatFired: p.whatFired,
        likelyCauses: p.likelyCauses,
        firstSteps: [
            p.eventStep,
            p.backupNowStep,
            "Move conflicting exports or maintenance away from the backup window (backups.startTime in the spec).",
        ],
    };
}

/** Database (AWS): a read replica lags behind its primary. */
export function databaseReplicaLagRunbook(p: { subject: In; seconds: number; minutes: string; pageStep: In }): Runbook {
    return {
        whatFired: pulumi.interpolate`Read replica ${p.subject} was more than ${p.seconds} s behind its primary for ${p.minutes}. Reads from it return stale data, and a failover to it would lose those seconds.`,
        likelyCauses: [
            "A write burst on the primary (a migration, a bulk import) faster than the replica replays.",
            "Long-running queries on the replica conflicting with replay.",
            "The replica's instance class or storage throughput is smaller than the primary's.",
        ],
        firstSteps: [
            p.pageStep,
            "Find and stop long queries on the replica; move bulk writes off peak.",
            "If lag is structural, give the replica the primary's instance class in the spec.",
        ],
    };
}

/** Cache: memory above the threshold. */
export function cacheMemoryRunbook(p: { subject: In; percent: number; minutes: string; pageStep: In; resizeStep: string }): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.subject} used more than ${p.percent}% of its maxmemory for ${p.minutes}. Close to the limit Redis evicts keys (cache misses hit the database) or rejects writes.`,
        likelyCauses: [
            "Keys written without a TTL accumulating after a release.",
            "A larger working set from traffic growth.",
            "Large values (sessions, serialized objects) stored by a new feature.",
        ],
        firstSteps: [
            p.pageStep,
            "Check the database CPU alert and chart: evictions shift load to the database.",
            "Find keys without TTL (`redis-cli --bigkeys` / `SCAN` with `TTL`) and fix the writer.",
            p.resizeStep,
        ],
    };
}

/** Cache (AWS): keys evicted. */
export function cacheEvictionsRunbook(p: { subject: In; minutes: string; pageStep: In; resizeStep: string }): Runbook {
    const memory = cacheMemoryRunbook({ subject: p.subject, percent: 0, minutes: p.minutes, pageStep: p.pageStep, resizeStep: p.resizeStep });
    return {
        whatFired: pulumi.interpolate`${p.subject} evicted keys during ${p.minutes}: it is full, so every eviction is a cache miss that hits the database.`,
        likelyCauses: memory.likelyCauses,
        firstSteps: memory.firstSteps,
    };
}

/** Edge: the WAF blocks many requests. */
export function wafBlockedRunbook(p: { subject: In; perMinute: number; minutes: string; rulesStep: In; logsStep: In; exemptStep: string }): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.subject} blocked more than ${p.perMinute} requests per minute for ${p.minutes}.`,
        likelyCauses: [
            "An attack or a scanner: the WAF and rate limit are doing their job, but watch the backends.",
            "A legitimate client hitting the rate limit (integration partner, load test, mobile app retry loop).",
            "A false positive: a WAF rule matching legitimate requests after a release (new payload shapes).",
        ],
        firstSteps: [p.rulesStep, p.logsStep, p.exemptStep],
    };
}

/** Edge (AWS): the CDN answers many 5xx. */
export function cdn5xxRunbook(p: { subject: In; percent: number; minutes: string; pageStep: In }): Runbook {
    return {
        whatFired: pulumi.interpolate`More than ${p.percent}% of the responses of ${p.subject} were 5xx for ${p.minutes}: users are seeing errors, from an origin or from the CDN itself.`,
        likelyCauses: [
            "An origin fails: the service behind it answers 5xx (see its error alert) or the load balancer has no healthy targets.",
            "The origin is unreachable or too slow: 502/504 from the CDN (TLS mismatch, timeout, security group).",
            "A bad deploy of a static site (missing objects answer 403/404, not 5xx; a 5xx points at an origin).",
        ],
        firstSteps: [
            p.pageStep,
            "Check the services' error and task alerts; roll back the last release if the errors started with it.",
            "Request the origin directly from inside the VPC to tell the CDN from the origin.",
        ],
    };
}

/** Uptime: a public endpoint fails its check. */
export function uptimeDownRunbook(p: { whatFired: In; wafCause: string; probesStep: In; url: string; edgeStep: string }): Runbook {
    return {
        whatFired: p.whatFired,
        likelyCauses: [
            "The service behind the host fails (see its 5xx and instance alerts) or its health path fails on a dependency.",
            "The load balancer, its certificate or DNS changed (expired or mismatched certificate, wrong A record).",
            p.wafCause,
        ],
        firstSteps: [
            `Request it yourself: \`curl -sv ${p.url}\` — note status, certificate and body.`,
            p.probesStep,
            "If the backend answers 5xx, follow the service's error runbook (roll back the last revision).",
            p.edgeStep,
        ],
    };
}

/** Certificates: expiry near, renewal stalled. */
export function certificateExpiryRunbook(p: { whatFired: In; likelyCauses: string[]; statusStep: In; dnsStep: string; fixStep: string }): Runbook {
    return { whatFired: p.whatFired, likelyCauses: p.likelyCauses, firstSteps: [p.statusStep, p.dnsStep, p.fixStep] };
}
