/**
 * The environment spec: one typed, cloud-neutral description of what an environment
 * contains. Stack config (`prodstack:environment` in `Pulumi.<stack>.yaml`) is validated
 * against it before any resource is registered; `infra/` then turns it into explicit
 * component args. Components never read config themselves.
 */
import { z } from "zod";
import { databaseFlagProblems } from "../components/core/database-flags";
import { ipRangeProblem } from "../components/core/ip-ranges";
import { CRON, isTimeZone, PATH_PREFIX } from "../components/core/patterns";
import { cloudProblems } from "./config-cloud";
import { formatIssues } from "./config-errors";
import { workloadChecks } from "./config-workloads";

// ---------------------------------------------------------------------------
// Reusable field schemas. Every custom message says what was expected; the error
// formatter appends what was given.
// ---------------------------------------------------------------------------

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const CIDR_V4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([0-9]|[12]\d|3[0-2])$/;
/** Image references must be pinned: a tag other than `latest`, or a digest. */
const PINNED_IMAGE = /^[a-z0-9]+([._/:-][a-z0-9]+)*(\/[a-z0-9._-]+)*(:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

const int = (min: number, max: number) =>
    z.number({ error: `expected an integer from ${min} to ${max}` })
        .int({ error: `expected an integer from ${min} to ${max}` })
        .min(min, { error: `expected an integer from ${min} to ${max}` })
        .max(max, { error: `expected an integer from ${min} to ${max}` });

const num = (min: number, max: number) =>
    z.number({ error: `expected a number from ${min} to ${max}` })
        .min(min, { error: `expected a number from ${min} to ${max}` })
        .max(max, { error: `expected a number from ${min} to ${max}` });

const pattern = (re: RegExp, expected: string) =>
    z.string({ error: `expected ${expected}` }).regex(re, { error: `expected ${expected}` });

const hostname = pattern(HOSTNAME, "a lowercase DNS hostname such as \"api.example.com\"");
const pathPrefix = pattern(PATH_PREFIX, "a URL path prefix starting with \"/\" such as \"/api\"");
const cidr = pattern(CIDR_V4, "an IPv4 CIDR such as \"10.10.0.0/20\"");
const timeOfDay = pattern(/^([01]\d|2[0-3]):[0-5]\d$/, "a UTC time of day as \"HH:MM\" such as \"03:00\"");
const secretString = z.string({ error: "expected a string (use a `secure:` value in the stack file)" }).min(1);
const email = pattern(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, "an email address such as \"oncall@example.com\"");

const envVars = z.record(
    pattern(ENV_NAME, "an environment variable name in UPPER_SNAKE_CASE"),
    z.string({ error: "expected a string value (quote numbers and booleans)" }),
);

/** Secret env: variable name → secret name in the cloud's secret store, optionally `@version`. */
const secretRef = pattern(
    /^[A-Za-z][A-Za-z0-9_-]{0,254}(@([1-9]\d*|latest))?$/,
    "a secret name such as \"stripe-api-key\", optionally pinned as \"stripe-api-key@3\"",
);

/** An argv list (command or args), passed as is: no shell, no variable expansion. */
const argv = z.array(z.string({ error: "expected a string" }), { error: "expected a list of strings such as [\"python\", \"manage.py\"]" })
    .min(1, { error: "expected at least one string (leave the key out to keep the image's own)" });

const NAME = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const NAME_EXPECTED = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
const name = pattern(NAME, NAME_EXPECTED);

/** Where a container comes from: a pinned image or a build context (services and jobs). */
const image = pattern(PINNED_IMAGE, "a pinned image reference: \"repo/name:tag\" (not \"latest\") or \"repo/name@sha256:<digest>\"").optional();
const build = z.strictObject({
    context: z.string({ error: "expected a directory path" }).min(1),
    dockerfile: z.string({ error: "expected a path to a Dockerfile" }).optional(),
    args: z.record(z.string(), z.string()).default({}),
}).optional();

/** An IANA time zone the runtime knows (`Europe/Berlin`, `Etc/UTC`). */
const timeZone = z.string({ error: "expected an IANA time zone such as \"Europe/Berlin\"" })
    .refine(isTimeZone, { error: "expected an IANA time zone such as \"Europe/Berlin\"" });

/**
 * YAML reads `version: 16` as a number. Where the number says the same as the string the
 * spec wants, it is converted (`16` → `"16"`); where the conversion loses meaning (`8.0`
 * reads as `8`, leading zeros of an account ID vanish) it is left a number, which the
 * string schema rejects with `hint`.
 */
const numberAsString = (schema: z.ZodString, convert: (n: number) => string | undefined) =>
    z.preprocess((v) => (typeof v === "number" && Number.isFinite(v) ? convert(v) ?? v : v), schema);

const labelKey = pattern(/^[a-z][a-z0-9_-]{0,62}$/, "a label key: lowercase letter first, then up to 62 of [a-z0-9_-]");
const labelValue = pattern(/^[a-z0-9_-]{0,63}$/, "a label value: up to 63 of [a-z0-9_-]");

// ---------------------------------------------------------------------------
// Sections of the spec.
// ---------------------------------------------------------------------------

const cspValue = pattern(/^[\x21-\x7e][\x20-\x7e]*$/, "a Content-Security-Policy header value: one line of printable ASCII");
const iamMember = pattern(
    /^(user|group|serviceAccount|domain):[^\s:]+$/,
    "an IAM member such as \"group:staff@example.com\" or \"user:ana@example.com\"",
);

const route = z.strictObject({
    /** Host the route answers on; must be one of `domains`. */
    host: hostname.optional(),
    /** Path prefix, e.g. `/api`. */
    pathPrefix: pathPrefix.optional(),
    /** Only these client ranges reach the route; everyone else gets 403 from the WAF. */
    allowIpRanges: z.array(z.string({ error: "expected an IPv4 or IPv6 address or CIDR range" }))
        .min(1, { error: "expected at least one range (omit the key to allow everyone)" })
        .max(10, { error: "expected at most 10 ranges (one Cloud Armor / AWS WAF match)" })
        .optional(),
    /** GCP only: Identity-Aware Proxy in front of the route; only these members get through. */
    iap: z.strictObject({ members: z.array(iamMember).min(1, { error: "expected at least one IAM member" }) }).optional(),
    /** A per-client rate limit of its own (tighter for login endpoints, say). */
    rateLimit: z.strictObject({
        requestsPerMinute: int(1, 1000000),
        banSeconds: int(0, 86400).optional(),
    }).optional(),
    /** Content-Security-Policy of this route instead of `edge.contentSecurityPolicy`. */
    contentSecurityPolicy: cspValue.optional(),
});

/** A secret name in the cloud's secret store (without a version). */
const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,254}$/;

const STATUS_CLASSES = ["2xx", "3xx", "4xx"] as const;

/** What an uptime check probes on a published service or site (see README, "uptime"). */
const uptimeProbe = z.strictObject({
    enabled: z.boolean({ error: "expected true or false" }).default(true),
    path: pathPrefix.optional(),
    acceptedStatus: z.array(z.enum(STATUS_CLASSES, { error: `expected one of ${STATUS_CLASSES.join(", ")} (a 5xx is never healthy)` }))
        .min(1, { error: "expected at least one status class such as \"2xx\"" })
        .optional(),
});

/**
 * Web-only keys: a worker (`kind: worker`) has no port, route, probes or request limits, so
 * these have no schema default; a web service gets them in `withWebDefaults`.
 */
const WEB_DEFAULTS = { port: 8080, maxInstances: 10, concurrency: 80, timeoutSeconds: 300, healthPath: "/healthz" };
const WEB_ONLY = ["port", "maxInstances", "concurrency", "timeoutSeconds", "healthPath", "routes", "uptime", "directIngress"] as const;

const service = z.strictObject({
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
const job = z.strictObject({
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
    /** Per attempt of a task. */
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
const bucket = z.strictObject({
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

const site = z.strictObject({
    name,
    host: hostname.optional(),
    pathPrefix: pathPrefix.default("/"),
    spaFallback: z.boolean({ error: "expected true or false" }).default(false),
    cacheTtlSeconds: int(0, 31536000).default(3600),
    uptime: uptimeProbe.optional(),
});

const database = z.strictObject({
    engine: z.enum(["postgres", "mysql"]).default("postgres"),
    // 16 and 8.4 convert; 8 could be a mis-read "8.0", so it stays an error.
    version: numberAsString(
        pattern(/^\d+(\.\d+)?$/, "a major version such as \"17\" (postgres) or \"8.4\" (mysql), quoted when it ends in \".0\""),
        (n) => (Number.isInteger(n) ? (n >= 9 ? String(n) : undefined) : String(n)),
    ).optional(),
    // Cloud-specific names: Cloud SQL tiers on gcp, RDS classes on aws (config-cloud.ts).
    tier: pattern(/^db[-.][a-z0-9.-]+$/, "a machine tier such as \"db-custom-2-8192\" (gcp) or \"db.t4g.medium\" (aws)").default("db-custom-1-3840"),
    edition: z.enum(["ENTERPRISE", "ENTERPRISE_PLUS"]).default("ENTERPRISE"),
    storageGb: int(10, 65536).default(20),
    storageLimitGb: int(0, 65536).default(500),
    ha: z.boolean({ error: "expected true or false" }).optional(),
    backups: z.strictObject({
        retainedBackups: int(1, 365).optional(),
        pitrDays: int(1, 35).optional(),
        startTime: timeOfDay.default("02:00"),
        // Checked per cloud (config-cloud.ts): a GCP location or an AWS region.
        location: pattern(/^[a-z]+(-[a-z]+)*(-?\d+)?$/, "a region such as \"europe-west1\" (gcp) or \"eu-central-1\" (aws)").optional(),
    }).default({ startTime: "02:00" }),
    deletionProtection: z.boolean({ error: "expected true or false" }).optional(),
    readReplicas: int(0, 5).default(0),
    maintenance: z.strictObject({
        day: int(1, 7).default(7),
        hour: int(0, 23).default(3),
    }).default({ day: 7, hour: 3 }),
    flags: z.record(
        z.string(),
        z.union([z.string(), z.number()], { error: "expected an integer value (a number or a string of digits)" }),
    ).default({}),
    databaseName: pattern(/^[a-z][a-z0-9_]{0,62}$/, "a database name of lowercase letters, digits and underscores").default("app"),
    user: pattern(/^[a-z][a-z0-9_]{0,31}$/, "a user name of lowercase letters, digits and underscores").default("app"),
});

const cache = z.strictObject({
    memoryGb: int(1, 300).default(1),
    // 7.2 converts; 7 could be a mis-read "7.0", so it stays an error.
    version: numberAsString(
        pattern(/^\d+(\.\d+)?$/, "a Redis version such as \"7.2\", quoted when it ends in \".0\""),
        (n) => (Number.isInteger(n) ? undefined : String(n)),
    ).optional(),
    ha: z.boolean({ error: "expected true or false" }).optional(),
    persistence: z.boolean({ error: "expected true or false" }).optional(),
});

const edge = z.strictObject({
    contentSecurityPolicy: z.string({ error: "expected a Content-Security-Policy header value" })
        .min(1)
        .default("default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"),
    certificate: z.enum(["certificate-manager", "classic"]).default("certificate-manager"),
    // A Cloud DNS zone name on gcp, a Route 53 zone ID on aws (config-cloud.ts).
    dnsZone: pattern(/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/, "an existing Cloud DNS zone name (gcp) or Route 53 hosted zone ID (aws)").optional(),
    rateLimit: z.strictObject({
        requestsPerMinute: int(1, 1000000).default(600),
        banSeconds: int(0, 86400).default(300),
    }).default({ requestsPerMinute: 600, banSeconds: 300 }),
    waf: z.strictObject({
        mode: z.enum(["enforce", "preview"]).default("enforce"),
        sensitivity: int(1, 4).default(1),
    }).default({ mode: "enforce", sensitivity: 1 }),
    denyIpRanges: z.array(cidr).default([]),
    denyRegions: z.array(pattern(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 region code such as \"KP\"")).default([]),
    adaptiveProtection: z.boolean({ error: "expected true or false" }).default(false),
    redirects: z.array(z.strictObject({
        from: hostname,
        to: hostname,
    })).default([]),
});

const thresholds = z.strictObject({
    errorRatePercent: num(0.1, 100).default(5),
    latencyP95Ms: int(10, 600000).default(1500),
    instancesPercentOfMax: int(10, 100).default(80),
    databaseCpuPercent: int(10, 100).default(80),
    databaseMemoryPercent: int(10, 100).default(90),
    databaseDiskPercent: int(10, 100).default(85),
    databaseConnectionsPercent: int(10, 100).default(80),
    cacheMemoryPercent: int(10, 100).default(80),
    wafDeniedPerMinute: int(1, 1000000).default(100),
    // Google-managed certificates renew about 30 days before expiry: a higher threshold
    // would page on every healthy renewal.
    certificateExpiryDays: int(1, 29).default(14),
    // Cloud Monitoring accepts condition durations in whole minutes only.
    durationSeconds: int(0, 86400).multipleOf(60, { error: "expected a multiple of 60 from 0 to 86400" }).default(300),
});

const alerts = z.strictObject({
    emails: z.array(email).default([]),
    slack: z.strictObject({
        channel: pattern(/^#[a-z0-9_-]{1,80}$/, "a Slack channel such as \"#ops-alerts\""),
        authToken: secretString,
    }).optional(),
    webhookUrl: secretString.optional(),
    pagerdutyServiceKey: secretString.optional(),
    thresholds: thresholds.default(thresholds.parse({})),
    uptime: z.strictObject({
        periodSeconds: z.union([z.literal(60), z.literal(300), z.literal(600), z.literal(900)], {
            error: "expected one of 60, 300, 600, 900",
        }).default(60),
        timeoutSeconds: int(1, 60).default(10),
        contentMatch: z.string({ error: "expected a non-empty string the health response must contain" })
            .min(1, { error: "expected a non-empty string the health response must contain" })
            .optional(),
    }).default({ periodSeconds: 60, timeoutSeconds: 10 }),
});

const baseSchema = z.strictObject({
    cloud: z.enum(["gcp", "aws"]),
    region: pattern(/^[a-z]+(-[a-z]+)+-?\d+$/, "a cloud region such as \"europe-west1\" or \"eu-west-1\""),
    tier: z.enum(["prod", "non-prod"]),
    namePrefix: pattern(/^[a-z][a-z0-9-]{0,13}[a-z0-9]$/, "2-15 lowercase letters, digits or hyphens, starting with a letter"),
    labels: z.record(labelKey, labelValue).default({}),
    gcp: z.strictObject({
        project: pattern(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project ID such as \"acme-prod-123\""),
        billingAccount: pattern(/^[A-F0-9]{6}-[A-F0-9]{6}-[A-F0-9]{6}$/, "a billing account ID such as \"012345-6789AB-CDEF01\"").optional(),
    }).optional(),
    aws: z.strictObject({
        // A 12-digit number converts; fewer digits lost leading zeros, so it stays an error.
        accountId: numberAsString(
            pattern(/^\d{12}$/, "a 12-digit AWS account ID, quoted when it starts with 0"),
            (n) => (Number.isInteger(n) && n >= 1e11 && n < 1e12 ? String(n) : undefined),
        ),
        /** Availability zones by name (`eu-central-1a`): explicit, so plans stay deterministic (config-cloud.ts). */
        availabilityZones: z.array(z.string({ error: "expected an availability zone name such as \"eu-central-1a\"" })).optional(),
    }).optional(),
    network: z.strictObject({
        cidr: cidr.default("10.10.0.0/20"),
        privateServicesPrefixLength: int(8, 24).default(16),
        staticEgressIps: int(0, 16).optional(),
    }).default({ cidr: "10.10.0.0/20", privateServicesPrefixLength: 16 }),
    domains: z.array(hostname).default([]),
    services: z.array(service).min(1, { error: "expected at least one service" }),
    sites: z.array(site).default([]),
    jobs: z.array(job).default([]),
    buckets: z.array(bucket).default([]),
    secrets: z.record(
        pattern(SECRET_NAME, "a secret name such as \"session-secret\""),
        z.strictObject({
            generate: z.strictObject({
                length: int(16, 4096).default(64),
                charset: z.enum(["alphanumeric", "urlsafe", "hex"]).default("alphanumeric"),
            }).optional(),
        }),
    ).default({}),
    database: database.optional(),
    cache: cache.optional(),
    edge: edge.default(edge.parse({})),
    // Required on gcp; not yet on aws (config-cloud.ts).
    alerts: alerts.optional(),
    logs: z.strictObject({
        // The allowed values differ by cloud (config-cloud.ts).
        retentionDays: z.number({ error: "expected a whole number of days" })
            .int({ error: "expected a whole number of days" })
            .min(1, { error: "expected at least 1 day" })
            .optional(),
        archiveBucket: z.boolean({ error: "expected true or false" }).default(false),
    }).default({ archiveBucket: false }),
    budget: z.strictObject({
        amount: num(1, 10000000),
        currency: pattern(/^[A-Z]{3}$/, "an ISO 4217 currency code such as \"USD\"").default("USD"),
        thresholdPercents: z.array(int(1, 500)).min(1).default([50, 90, 100]),
    }).optional(),
});
const specSchema = baseSchema.superRefine(crossFieldChecks);

/** The validated environment spec, with every default filled in. */
export type EnvironmentSpec = z.output<typeof specSchema>;
/** One service of the spec. */
export type ServiceSpec = EnvironmentSpec["services"][number];
/** One public route of a service. */
export type RouteSpec = ServiceSpec["routes"][number];
/** One declared application secret. */
export type SecretSpec = EnvironmentSpec["secrets"][string];
/** One static site of the spec. */
export type SiteSpec = EnvironmentSpec["sites"][number];
/** One job of the spec. */
export type JobSpec = EnvironmentSpec["jobs"][number];
/** One application bucket of the spec. */
export type BucketSpec = EnvironmentSpec["buckets"][number];
/** The database section. */
export type DatabaseSpec = NonNullable<EnvironmentSpec["database"]>;
/** The cache section. */
export type CacheSpec = NonNullable<EnvironmentSpec["cache"]>;
/** The spec as written in the stack file, before defaults. */
export type EnvironmentInput = z.input<typeof specSchema>;

/** The Billing Budget API notifies at most this many (email) channels. */
const MAX_BUDGET_EMAILS = 5;

/** Env names the platforms set themselves; a service must not override them. */
export const RESERVED_ENV = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "CLOUD_RUN_JOB"];

/**
 * Label keys prodstack sets on every resource itself (infra/labels.ts); a user label of the
 * same key would be silently replaced, and the policy pack reads `tier` to pick its rules.
 */
export const RESERVED_LABELS = ["managed-by", "environment", "tier"];

function crossFieldChecks(s: z.output<typeof baseSchema>, ctx: z.RefinementCtx): void {
    const add = (path: (string | number)[], message: string, input: unknown, given?: string) =>
        ctx.addIssue({ code: "custom", path, message, input, params: given ? { given } : undefined });
    const checkUptime = (path: (string | number)[], uptime: z.output<typeof uptimeProbe> | undefined) => {
        if (!uptime) return;
        if (!uptime.enabled && (uptime.path !== undefined || uptime.acceptedStatus !== undefined)) {
            add(path, "expected no path or acceptedStatus when enabled is false (they would be ignored)", uptime);
        }
        const statuses = uptime.acceptedStatus ?? [];
        if (new Set(statuses).size !== statuses.length) add([...path, "acceptedStatus"], "expected each status class once", statuses);
    };

    if (s.cloud === "gcp" && !s.gcp) add(["gcp"], "expected a gcp section with the project ID when cloud is \"gcp\"", undefined);
    if (s.cloud === "aws" && !s.aws) add(["aws"], "expected an aws section with the account ID when cloud is \"aws\"", undefined);
    // The other cloud's section would be ignored without a word.
    if (s.cloud === "gcp" && s.aws) add(["aws"], "expected no aws section when cloud is \"gcp\" (it would be ignored)", s.aws);
    if (s.cloud === "aws" && s.gcp) add(["gcp"], "expected no gcp section when cloud is \"aws\" (it would be ignored)", s.gcp);
    for (const key of Object.keys(s.labels)) {
        if (RESERVED_LABELS.includes(key)) {
            add(["labels", key], `expected a key prodstack does not set itself (${RESERVED_LABELS.join(", ")})`, key);
        }
    }
    if (s.budget && s.cloud === "gcp" && !s.gcp?.billingAccount) {
        add(["gcp", "billingAccount"], "expected a billing account ID because a budget is configured", undefined);
    }
    // The budget notifies the alert emails; the Billing Budget API takes at most 5 channels, emails only.
    if (s.cloud === "gcp" && !s.alerts) add(["alerts"], "expected an alerts section with at least one channel (emails, slack, webhookUrl or pagerdutyServiceKey)", undefined);
    if (s.budget && s.cloud === "gcp" && s.alerts && s.alerts.emails.length > MAX_BUDGET_EMAILS) {
        add(["alerts", "emails"], `expected at most ${MAX_BUDGET_EMAILS} addresses when a budget is configured (the Billing Budget API notifies at most ${MAX_BUDGET_EMAILS} email channels)`, s.alerts.emails, `${s.alerts.emails.length} addresses`);
    }

    const domains = new Set(s.domains);
    const routes = new Map<string, string>();
    const names = new Map<string, string>();
    const claimRoute = (path: (string | number)[], owner: string, host: string | undefined, prefix: string) => {
        if (host && !domains.has(host)) add([...path, "host"], `expected one of the environment's domains (${[...domains].join(", ") || "none listed"})`, host);
        const key = `${host ?? "*"}${prefix}`;
        const other = routes.get(key);
        if (other) add(path, `expected a route no other service or site uses (${other} already serves ${key})`, key);
        routes.set(key, owner);
    };
    const claimName = (path: (string | number)[], name: string, owner: string) => {
        const other = names.get(name);
        if (other) add([...path, "name"], `expected a name unique among services, jobs, sites and buckets (${other} uses it)`, name);
        names.set(name, owner);
    };

    s.services.forEach((svc, i) => {
        const at = ["services", i];
        claimName(at, svc.name, `services[${i}]`);
        if (!svc.image === !svc.build) {
            add(at, "expected exactly one of `image` (a pinned reference) or `build` (a build context)", svc.image ?? svc.build);
        }
        if (svc.kind === "web" && svc.minInstances !== undefined && svc.minInstances > svc.maxInstances) {
            add([...at, "minInstances"], `expected at most maxInstances (${svc.maxInstances})`, svc.minInstances);
        }
        for (const key of Object.keys(svc.env)) {
            if (RESERVED_ENV.includes(key)) add([...at, "env", key], "expected a name the platform does not set itself", key);
            if (key in svc.secretEnv) add([...at, "env", key], "expected each variable in env or secretEnv, not both", key);
        }
        svc.routes.forEach((r, j) => checkRoute(s, [...at, "routes", j], r, add));
        svc.routes.forEach((r, j) => {
            if (r.host || r.pathPrefix) claimRoute([...at, "routes", j], `services[${i}].routes[${j}]`, r.host, r.pathPrefix ?? "/");
        });
        if (svc.staticEgressIp && s.network.staticEgressIps === 0) {
            add([...at, "staticEgressIp"], "expected network.staticEgressIps of at least 1 (or unset) when a service needs a fixed egress IP", true);
        }
        if (svc.uptime && svc.routes.length === 0) add([...at, "uptime"], "expected routes: only published services get an uptime check", svc.uptime);
        checkUptime([...at, "uptime"], svc.uptime);
        if (svc.usesDatabase && !s.database) add([...at, "usesDatabase"], "expected a database section when a service uses the database", true);
        if (svc.usesCache && !s.cache) add([...at, "usesCache"], "expected a cache section when a service uses the cache", true);
    });
    s.sites.forEach((site, i) => {
        claimName(["sites", i], site.name, `sites[${i}]`);
        claimRoute(["sites", i], `sites[${i}]`, site.host, site.pathPrefix);
        checkUptime(["sites", i, "uptime"], site.uptime);
    });
    workloadChecks(s, add, claimName);

    // A domain nothing answers on would get a certificate and nothing else. A route or site
    // without a host answers on every domain.
    const everyDomain = s.services.some((svc) => svc.routes.some((r) => !r.host)) || s.sites.some((site) => !site.host);
    const used = new Set([...s.services.flatMap((svc) => svc.routes.map((r) => r.host)), ...s.sites.map((site) => site.host)]);
    // A route naming an unlisted host is reported above: the domain it meant is likely the unused one.
    const strayHost = [...used].some((h) => h !== undefined && !domains.has(h));
    if (!everyDomain && !strayHost && s.services.length > 0) {
        s.domains.forEach((d, i) => {
            if (!used.has(d) && HOSTNAME.test(d)) add(["domains", i], "expected a domain that a service route or a site uses (it would get a certificate and serve nothing)", d);
        });
    }

    // Published services and sites are served over HTTPS, with a certificate per domain.
    const published = s.services.some((svc) => svc.routes.length > 0) || s.sites.length > 0;
    if (published && s.domains.length === 0) {
        add(["domains"], "expected at least one domain to serve the routed services and sites on (each gets a certificate)", s.domains);
    }

    const seen = new Set<string>();
    s.domains.forEach((d, i) => {
        if (seen.has(d)) add(["domains", i], "expected each domain once", d);
        seen.add(d);
    });
    const hasChannel = s.alerts && (s.alerts.emails.length > 0 || s.alerts.slack || s.alerts.webhookUrl || s.alerts.pagerdutyServiceKey);
    if (s.alerts && !hasChannel) add(["alerts"], "expected at least one alert channel (emails, slack, webhookUrl or pagerdutyServiceKey)", s.alerts, "none");
    checkRedirects(s, domains, add);
    checkNestedUnderRestricted(s, add);
    if (s.database) {
        for (const p of databaseFlagProblems(s.database.engine, s.database.flags)) add(["database", "flags", p.flag], `expected ${p.expected}`, p.given);
    }
    for (const [name, secret] of Object.entries(s.secrets)) {
        const generate = secret.generate;
        if (generate?.charset === "hex" && generate.length % 2 !== 0) {
            add(["secrets", name, "generate", "length"], "expected an even length for hex (two characters per random byte)", generate.length);
        }
    }
    if (s.database && s.database.storageLimitGb !== 0 && s.database.storageLimitGb < s.database.storageGb) {
        add(["database", "storageLimitGb"], `expected 0 (no limit) or at least storageGb (${s.database.storageGb})`, s.database.storageLimitGb);
    }
}

type AddIssue = (path: (string | number)[], message: string, input: unknown, given?: string) => void;

/** Per-route checks: something to match on, valid allowlist ranges, IAP only where the cloud has it. */
function checkRoute(s: z.output<typeof baseSchema>, at: (string | number)[], r: RouteSpec, add: AddIssue): void {
    if (!r.host && !r.pathPrefix) add(at, "expected a host, a pathPrefix or both", r);
    (r.allowIpRanges ?? []).forEach((range, k) => {
        const problem = ipRangeProblem(range, false);
        if (problem) add([...at, "allowIpRanges", k], `expected ${problem}`, range);
    });
    if (r.iap && s.cloud !== "gcp") {
        add([...at, "iap"], `expected no iap on cloud "${s.cloud}" (Identity-Aware Proxy is GCP-only; restrict the route with allowIpRanges)`, r.iap);
    }
}

/**
 * Every other backend denies a restricted (allowlisted or IAP) route's paths in any
 * spelling, so a route below one would answer 403 to everyone.
 */
function checkNestedUnderRestricted(s: z.output<typeof baseSchema>, add: AddIssue): void {
    const prefixOf = (r: RouteSpec) => (r.pathPrefix ?? "/").replace(/\/+$/, "").toLowerCase() || "/";
    const restricted = s.services.flatMap((svc) => svc.routes).filter((r) => (r.allowIpRanges || r.iap) && prefixOf(r) !== "/");
    s.services.forEach((svc, i) => svc.routes.forEach((r, j) => {
        const under = restricted.find((p) => (!p.host || p.host === r.host) && prefixOf(r).startsWith(`${prefixOf(p)}/`));
        if (under) {
            add(["services", i, "routes", j], `expected a path outside the restricted route ${under.host ?? "*"}${prefixOf(under)} (its paths in any spelling are denied everywhere else)`, `${r.host ?? "*"}${r.pathPrefix}`);
        }
    }));
}

/** Redirect hosts get a certificate of their own, so they must not be served domains too. */
function checkRedirects(s: z.output<typeof baseSchema>, domains: Set<string>, add: AddIssue): void {
    const froms = new Set<string>();
    s.edge.redirects.forEach((r, i) => {
        const at = ["edge", "redirects", i];
        if (domains.has(r.from)) add([...at, "from"], "expected a host that is not in domains (a redirect host serves nothing else)", r.from);
        if (froms.has(r.from)) add([...at, "from"], "expected each redirect host once", r.from);
        if (r.to === r.from) add([...at, "to"], "expected a host other than `from`", r.to);
        froms.add(r.from);
    });
    const published = s.services.some((svc) => svc.routes.length > 0) || s.sites.length > 0;
    if (s.edge.redirects.length > 0 && !published) {
        add(["edge", "redirects"], "expected no redirects without a routed service or site (the edge that serves them is not created)", s.edge.redirects);
    }
}

/** Raised when stack config does not match the spec; `problems` lists every error. */
export class ConfigError extends Error {
    constructor(readonly problems: string[], readonly source: string) {
        super(`Invalid config in ${source}:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
    }
}

/**
 * Validates the spec against the schema. All problems are reported together (checks
 * that compare fields run once the fields themselves are valid); unknown keys are
 * errors so a typo never passes silently.
 * @param raw the spec: top-level fields are the config keys of the namespace
 * @param source where it came from, for the error message (e.g. `Pulumi.staging.yaml`)
 * @param namespace the config namespace, used in key paths (`prodstack:services[0].port`)
 */
export function parseSpec(raw: unknown, source: string, namespace = "prodstack"): EnvironmentSpec {
    const result = specSchema.safeParse(raw, { reportInput: true });
    if (!result.success) throw new ConfigError(formatIssues(result.error.issues, specSchema, namespace), source);
    // What differs by cloud, once the cloud-neutral checks pass: sizes, names, keys one cloud cannot honour.
    const problems = cloudProblems(raw, result.data, namespace);
    if (problems.length) throw new ConfigError(problems, source);
    return result.data;
}

/**
 * Builds the raw spec from flat Pulumi config (`{"prodstack:tier": "prod", …}`): keys of
 * `namespace` become top-level fields; structured values arrive as JSON text and are
 * parsed; other namespaces (`gcp:`, `aws:`) belong to providers and are ignored.
 */
export function specFromConfig(config: Record<string, string>, namespace: string): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        if (!key.startsWith(`${namespace}:`)) continue;
        raw[key.slice(namespace.length + 1)] = /^\s*[[{]/.test(value) ? parseJson(value) : value;
    }
    return raw;
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
