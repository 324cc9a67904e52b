/**
 * The workload sections of the environment spec (infra/config.ts): services, jobs,
 * application buckets and static sites. Their cross-field checks are in config.ts and
 * config-workloads.ts.
 */
import { z } from "zod";
import { CRON } from "../components/core/patterns";
import { route } from "./config-edge";
import { argv, build, ENV_NAME, envVars, hostname, image, int, name, num, pathPrefix, pattern, secretRef, timeZone } from "./config-fields";
import { uptimeProbe } from "./config-observability";

/**
 * Web-only keys: a worker (`kind: worker`) has no port, route, probes or request limits, so
 * these have no schema default; a web service gets them in `withWebDefaults`.
 */
const WEB_DEFAULTS = { port: 8080, maxInstances: 10, concurrency: 80, timeoutSeconds: 300, healthPath: "/healthz" };
const WEB_ONLY = ["port", "maxInstances", "concurrency", "timeoutSeconds", "healthPath", "routes", "uptime", "directIngress"] as const;

export const service = z.strictObject({
    name,
    /** `web` serves HTTP on `port`; `worker` runs without a port, always on, with CPU always allocated. */
    kind: z.enum(["web", "worker"]).default("web"),
    image,
    build,
    /** Overrides the image's entrypoint (ENTRYPOINT). */
    command: argv.optional(),
    /** Overrides the image's arguments (CMD). */
    args: argv.optional(),
    /** runOnDeploy jobs that must finish before this service rolls out. */
    after: z.array(name).default([]),
    port: int(1, 65535).optional(),
    cpu: num(0.08, 8).default(1),
    memoryMiB: int(128, 32768).default(512),
    minInstances: int(0, 1000).optional(),
    maxInstances: int(1, 1000).optional(),
    concurrency: int(1, 1000).optional(),
    timeoutSeconds: int(1, 3600).optional(),
    env: envVars.default({}),
    secretEnv: z.record(pattern(ENV_NAME, "an environment variable name in UPPER_SNAKE_CASE"), secretRef).default({}),
    healthPath: pathPrefix.optional(),
    routes: z.array(route).default([]),
    uptime: uptimeProbe.optional(),
    staticEgressIp: z.boolean({ error: "expected true or false" }).default(false),
    directIngress: z.boolean({ error: "expected true or false" }).optional(),
    usesDatabase: z.boolean({ error: "expected true or false" }).default(false),
    usesCache: z.boolean({ error: "expected true or false" }).default(false),
}).superRefine((svc, ctx) => {
    if (svc.kind !== "worker") return;
    for (const key of WEB_ONLY) {
        // `routes` defaults to none: only a non-empty list is a route.
        if (svc[key] !== undefined && !(Array.isArray(svc[key]) && svc[key].length === 0)) {
            const why = key === "maxInstances" ? "a worker runs a fixed number of instances: set minInstances" : "a worker serves no HTTP";
            ctx.addIssue({ code: "custom", path: [key], message: `expected no ${key} on a worker (${why})`, input: svc[key] });
        }
    }
    if (svc.minInstances === 0) {
        ctx.addIssue({ code: "custom", path: ["minInstances"], message: "expected at least 1 for a worker (workers never scale to zero)", input: 0 });
    }
}).transform(withWebDefaults);

function withWebDefaults<T extends { directIngress?: boolean } & { [K in keyof typeof WEB_DEFAULTS]?: (typeof WEB_DEFAULTS)[K] }>(svc: T) {
    return {
        ...svc,
        port: svc.port ?? WEB_DEFAULTS.port,
        maxInstances: svc.maxInstances ?? WEB_DEFAULTS.maxInstances,
        concurrency: svc.concurrency ?? WEB_DEFAULTS.concurrency,
        timeoutSeconds: svc.timeoutSeconds ?? WEB_DEFAULTS.timeoutSeconds,
        healthPath: svc.healthPath ?? WEB_DEFAULTS.healthPath,
        directIngress: svc.directIngress ?? false,
    };
}

/** A container that runs to completion: on deploy, on a schedule, or by hand. */
export const job = z.strictObject({
    name,
    image,
    build,
    command: argv.optional(),
    args: argv.optional(),
    env: envVars.default({}),
    secretEnv: z.record(pattern(ENV_NAME, "an environment variable name in UPPER_SNAKE_CASE"), secretRef).default({}),
    usesDatabase: z.boolean({ error: "expected true or false" }).default(false),
    usesCache: z.boolean({ error: "expected true or false" }).default(false),
    cpu: num(0.08, 8).default(1),
    memoryMiB: int(128, 32768).default(512),
    /**
     * Per attempt of a task. On AWS it bounds the run during the deploy only (`runOnDeploy`):
     * ECS tasks have no run time limit, so writing it on another job is an error there.
     */
    timeoutSeconds: int(1, 86400).default(600),
    /** Retries of a failed task before the run fails; 0 suits migrations (fail fast, fix, redeploy). */
    retries: int(0, 10).default(0),
    /** Tasks per run, all in parallel; each sees its index (10 is what an ECS RunTask call starts at once). */
    parallelism: int(1, 10).default(1),
    /** Run to completion during the deploy, before services that list the job in `after`. */
    runOnDeploy: z.boolean({ error: "expected true or false" }).default(false),
    schedule: z.strictObject({
        cron: pattern(CRON, "a five-field cron expression such as \"0 3 * * *\""),
        timeZone: timeZone.default("Etc/UTC"),
    }).optional(),
});

/** A private application bucket (user uploads, exports): never public, never on the CDN. */
export const bucket = z.strictObject({
    name,
    /** Service or job name → `read` or `readWrite`. */
    access: z.record(name, z.enum(["read", "readWrite"], { error: "expected \"read\" or \"readWrite\"" })).default({}),
    versioning: z.boolean({ error: "expected true or false" }).default(true),
    lifecycle: z.strictObject({
        noncurrentVersionDays: int(1, 3650).default(30),
        expireDays: int(1, 36500).optional(),
    }).default({ noncurrentVersionDays: 30 }),
    /** Origins browsers upload from / download to directly (signed URLs). */
    corsOrigins: z.array(pattern(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, "an https origin such as \"https://app.example.com\"")).default([]),
    /** Identities with access may sign URLs for this bucket (without a key file). */
    signedUrls: z.boolean({ error: "expected true or false" }).default(false),
    /** Objects cannot be deleted or replaced for this many days. */
    retentionDays: int(1, 3650).optional(),
});

export const site = z.strictObject({
    name,
    host: hostname.optional(),
    pathPrefix: pathPrefix.default("/"),
    spaFallback: z.boolean({ error: "expected true or false" }).default(false),
    cacheTtlSeconds: int(0, 31536000).default(3600),
    uptime: uptimeProbe.optional(),
});
