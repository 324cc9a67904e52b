/**
 * The environment spec: one typed, cloud-neutral description of what an environment
 * contains. Stack config (`prodstack:environment` in `Pulumi.<stack>.yaml`) is validated
 * against it before any resource is registered; `infra/` then turns it into explicit
 * component args. Components never read config themselves.
 */
import { z } from "zod";
import { databaseFlagProblems } from "../components/core/database-flags";
import { cloudProblems } from "./config-cloud";
import { cache, database, restoreDrillChecks, SECRET_NAME } from "./config-data";
import { checkNestedUnderRestricted, checkRedirects, checkRoute, edge } from "./config-edge";
import { formatIssues } from "./config-errors";
import { cidr, HOSTNAME, hostname, int, labelKey, labelValue, num, numberAsString, pattern } from "./config-fields";
import { alerts, uptimeProbe } from "./config-observability";
import { bucket, job, service, site } from "./config-services";
import { workloadChecks } from "./config-workloads";

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
    restoreDrillChecks(s, add);
    if (s.database && s.database.storageLimitGb !== 0 && s.database.storageLimitGb < s.database.storageGb) {
        add(["database", "storageLimitGb"], `expected 0 (no limit) or at least storageGb (${s.database.storageGb})`, s.database.storageLimitGb);
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
