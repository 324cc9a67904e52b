/**
 * The policies of the pack, as plain CrossGuard policy objects: `name`, `description`,
 * `enforcementLevel`, `configSchema` and `validateResource` / `validateStack`, plus
 * prodstack's metadata (roadmap item, category, enforcement by tier, types examined).
 *
 * Both worlds use these same objects: `policy/index.ts` hands them to `new PolicyPack`
 * for real `pulumi preview --policy-pack policy` runs, and `policy/run.ts` calls their
 * validators on an offline plan. Policy names are cloud-neutral; each policy combines one
 * check per cloud (`rules/gcp/*`, `rules/aws/*`). A policy without a check for a cloud the
 * stack uses is a gap the report shows (roadmap.ts `notYetOn`), never a pass.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { roadmapItemOf } from "./roadmap";
import * as awsCompute from "./rules/aws/compute";
import * as awsData from "./rules/aws/data";
import * as awsIam from "./rules/aws/iam";
import * as awsLabels from "./rules/aws/labels";
import * as awsNetwork from "./rules/aws/network";
import * as awsObservability from "./rules/aws/observability";
import * as awsStorage from "./rules/aws/storage";
import { isTier, labelSources, packageOf, resolveTier, SkipCheck, usesCloud, type Props } from "./rules/common";
import * as gcpCompute from "./rules/gcp/compute";
import * as gcpData from "./rules/gcp/data";
import * as gcpEdge from "./rules/gcp/edge";
import * as gcpIam from "./rules/gcp/iam";
import * as gcpLabels from "./rules/gcp/labels";
import * as gcpNetwork from "./rules/gcp/network";
import * as gcpObservability from "./rules/gcp/observability";
import type {
    Category,
    EnforcementLevel,
    ExaminedListener,
    HardeningPolicy,
    HardeningResourcePolicy,
    HardeningStackPolicy,
    ResourceCheck,
    RuleContext,
    StackCheck,
    StackValidationArgs,
    Tier,
} from "./types";

/** The pack's name, as `pulumi preview` shows it. */
export const PACK_NAME = "prodstack-hardening";

const MANDATORY: Record<Tier, EnforcementLevel> = { prod: "mandatory", "non-prod": "mandatory" };
const PROD_MANDATORY: Record<Tier, EnforcementLevel> = { prod: "mandatory", "non-prod": "advisory" };
const ADVISORY: Record<Tier, EnforcementLevel> = { prod: "advisory", "non-prod": "advisory" };

interface Definition {
    name: string;
    description: string;
    category: Category;
    enforcement: Record<Tier, EnforcementLevel>;
    severity: "low" | "medium" | "high" | "critical";
    /** Thresholds by tier; each becomes a config property of the same name. */
    defaults?: Record<Tier, Record<string, unknown>>;
    /** JSON schema of each threshold. */
    schema?: Record<string, PolicyConfigJSONSchema>;
    /** Required in prod only (HA, deletion protection): elsewhere the report shows it as not required. */
    prodOnly?: boolean;
}

const TIER_SCHEMA: PolicyConfigJSONSchema = {
    type: "string",
    enum: ["prod", "non-prod"],
    description: "Tier of the stack; without it the stack tag prodstack:tier or the resources' tier label decides, else prod.",
};

function common(def: Definition, types: readonly string[]) {
    const item = roadmapItemOf(def.name);
    if (!item) throw new Error(`policy ${def.name} is in no roadmap item (policy/roadmap.ts)`);
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcement.prod,
        severity: def.severity,
        tags: [`roadmap:${item.id}`, def.category],
        configSchema: { properties: { tier: TIER_SCHEMA, ...(def.schema ?? {}) } },
        roadmap: item.id,
        category: def.category,
        enforcement: def.enforcement,
        prodOnly: def.prodOnly === true,
        appliesTo: [...new Set(types)],
        defaults: def.defaults ?? { prod: {}, "non-prod": {} },
    };
}

/** The tier and the thresholds a check runs with. */
function contextFor(
    defaults: Record<Tier, Record<string, unknown>>,
    config: Props,
    stackTags: ReadonlyMap<string, string> | undefined,
    labelSources: ReadonlyArray<() => unknown>,
    listener?: ExaminedListener["onExamined"],
): RuleContext {
    const tier = resolveTier(config, stackTags, labelSources);
    const { tier: _tier, ...overrides } = config;
    return {
        tier,
        config: { ...defaults[tier], ...overrides },
        examined: (...resources) => resources.forEach((r) => listener?.(r.urn)),
    };
}

function resourcePolicy(def: Definition & { checks: ResourceCheck[] }): HardeningResourcePolicy {
    const types = def.checks.flatMap((c) => c.types);
    const base = common(def, types);
    return {
        ...base,
        kind: "resource",
        async validateResource(args, reportViolation) {
            const check = def.checks.find((c) => c.types.includes(args.type));
            if (!check) return args.notApplicable(`Policy only applies to resources of type ${listTypes(types)}`);
            const ctx = contextFor(base.defaults, args.getConfig<Props>(), args.stackTags, [
                ...labelSources(() => args.provider?.props),
                ...labelSources(() => args.props),
            ]);
            try {
                check.check(args, (message) => reportViolation(message), ctx);
            } catch (err) {
                if (err instanceof SkipCheck) args.notApplicable(err.reason);
                throw err;
            }
        },
    };
}

function stackPolicy(def: Definition & { checks: StackCheck[] }): HardeningStackPolicy {
    const base = common(def, def.checks.flatMap((c) => c.types));
    return {
        ...base,
        kind: "stack",
        async validateStack(args, reportViolation) {
            const providers = args.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
            const ctx = contextFor(
                base.defaults,
                args.getConfig<Props>(),
                args.stackTags,
                providers.flatMap((p) => labelSources(() => p.props)),
                (args as StackValidationArgs & ExaminedListener).onExamined,
            );
            const reasons: string[] = [];
            for (const check of def.checks) {
                try {
                    check.check(args.resources, reportViolation, ctx);
                } catch (err) {
                    if (!(err instanceof SkipCheck)) throw err;
                    reasons.push(err.reason);
                }
            }
            if (reasons.length === def.checks.length) {
                // A cloud of the stack that no check of this policy covers is a gap, not "nothing to check".
                const uncovered = ["gcp", "aws"].filter((c) => !base.appliesTo.some((t) => packageOf(t) === c) && usesCloud(args.resources, c));
                args.notApplicable([...new Set([...reasons, ...uncovered.map((c) => `not yet checked on ${c.toUpperCase()}`)])].join("; "));
            }
        },
    };
}

function listTypes(types: string[]): string {
    return types.length > 3 ? `${types.slice(0, 3).join(", ")} and ${types.length - 3} more` : types.join(", ");
}

const days = (description: string): PolicyConfigJSONSchema => ({ type: "integer", minimum: 0, description });

/** Every policy of the pack, in roadmap order. */
export const POLICIES: readonly HardeningPolicy[] = [
    stackPolicy({
        name: "https-only",
        description: "Plain-HTTP entry points only redirect to HTTPS.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.httpsOnly],
    }),
    stackPolicy({
        name: "tls-min-version",
        description: "HTTPS entry points accept TLS 1.2 or newer only.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.tlsMinVersion],
    }),
    stackPolicy({
        name: "security-headers",
        description: "Every public backend answers with HSTS, CSP, X-Content-Type-Options, frame protection and Referrer-Policy.",
        category: "security",
        enforcement: MANDATORY,
        severity: "medium",
        defaults: { prod: { minHstsMaxAgeSeconds: 31536000 }, "non-prod": { minHstsMaxAgeSeconds: 31536000 } },
        schema: { minHstsMaxAgeSeconds: { type: "integer", minimum: 0, description: "Smallest accepted HSTS max-age, seconds." } },
        checks: [gcpEdge.securityHeaders],
    }),
    stackPolicy({
        name: "waf-on-public-backends",
        description: "Every public backend service sits behind a Cloud Armor policy with enforced preconfigured WAF rules.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.wafOnPublicBackends],
    }),
    resourcePolicy({
        name: "cloud-run-ingress-via-load-balancer",
        description: "Cloud Run services accept traffic only through the load balancer (and its WAF), not directly from the internet.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.cloudRunIngressViaLoadBalancer],
    }),
    stackPolicy({
        name: "rate-limit-per-client",
        description: "Every public backend service has an enforced rate limit keyed per client.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.rateLimitPerClient],
    }),
    resourcePolicy({
        name: "db-no-public-ip",
        description: "Databases have no public IP address.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpData.dbNoPublicIp],
    }),
    resourcePolicy({
        name: "db-tls-required",
        description: "Databases refuse unencrypted connections.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpData.dbTlsRequired],
    }),
    resourcePolicy({
        name: "db-backups-pitr",
        description: "Databases have automated backups, point-in-time recovery and retention at or above the floor.",
        category: "data-loss",
        enforcement: MANDATORY,
        severity: "critical",
        defaults: { prod: { minRetainedBackups: 7, minPitrDays: 7 }, "non-prod": { minRetainedBackups: 3, minPitrDays: 1 } },
        schema: {
            minRetainedBackups: { type: "integer", minimum: 1, description: "Fewest automated backups to keep." },
            minPitrDays: days("Fewest days of transaction logs for point-in-time recovery."),
        },
        checks: [gcpData.dbBackupsPitr],
    }),
    resourcePolicy({
        name: "stateful-ha",
        description: "Databases and caches fail over across zones (mandatory in prod, advisory elsewhere).",
        category: "availability",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "high",
        checks: [gcpData.statefulHa],
    }),
    resourcePolicy({
        name: "stateful-deletion-protection",
        description: "Stateful resources (databases, caches; on AWS also KMS keys, secrets, registries and buckets) carry the protect option and the cloud's deletion safeguards (mandatory in prod).",
        category: "data-loss",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "critical",
        checks: [gcpData.statefulDeletionProtection, awsData.statefulDeletionProtection],
    }),
    resourcePolicy({
        name: "db-backups-survive-deletion",
        description: "Deleting a prod database keeps its automated backups and takes a final backup (prod only).",
        category: "data-loss",
        enforcement: PROD_MANDATORY,
        prodOnly: true,
        severity: "critical",
        checks: [gcpData.dbBackupsSurviveDeletion],
    }),
    resourcePolicy({
        name: "secrets-not-in-plain-env",
        description: "No secret reaches a workload as a plain environment variable; secrets come from the secret store (Secret Manager, Secrets Manager).",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpCompute.secretsNotInPlainEnv, awsCompute.secretsNotInPlainEnv],
    }),
    stackPolicy({
        name: "generated-secrets-not-in-plain-env",
        description: "Generated secrets (random passwords, keys) reach workloads only through the secret store, never as plain env or direct inputs.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpCompute.generatedSecretsNotInPlainEnv, awsCompute.generatedSecretsNotInPlainEnv],
    }),
    resourcePolicy({
        name: "secrets-store-encrypted",
        description: "Secrets in the secret store are encrypted with a customer-managed key, and those keys rotate.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsData.secretsStoreEncrypted],
    }),
    resourcePolicy({
        name: "iam-no-broad-roles",
        description: "No basic roles (owner, editor, viewer) or admin-level AWS managed policies, no project-wide admin or impersonation roles, token creation on a service account for itself only, no wildcard actions or resources where the action can be scoped, no public grants or trust, no authoritative project policy.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpIam.iamNoBroadRoles, awsIam.iamNoBroadRoles],
    }),
    resourcePolicy({
        name: "containers-hardened",
        description: "Containers run unprivileged, with a read-only root filesystem, in their own process and IPC namespaces.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsCompute.containersHardened],
    }),
    stackPolicy({
        name: "dedicated-service-identities",
        description: "Every workload runs as its own identity (a service account; an ECS task role apart from its execution role), never a default or shared one.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpCompute.dedicatedServiceIdentities, awsCompute.dedicatedServiceIdentities],
    }),
    stackPolicy({
        name: "uptime-and-alerts-per-public-host",
        description: "Every public host has an HTTPS uptime check and an alert that notifies someone (mandatory in prod).",
        category: "operations",
        enforcement: PROD_MANDATORY,
        severity: "high",
        checks: [gcpObservability.uptimeAndAlertsPerPublicHost],
    }),
    resourcePolicy({
        name: "alerts-have-runbooks",
        description: "Every alert policy carries a runbook: what fired, likely causes and first steps (mandatory in prod).",
        category: "operations",
        enforcement: PROD_MANDATORY,
        severity: "medium",
        checks: [gcpObservability.alertsHaveRunbooks],
    }),
    stackPolicy({
        name: "stateful-resources-alerted",
        description: "Every database and cache is watched by an alert policy that notifies someone.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [gcpObservability.statefulResourcesAlerted],
    }),
    stackPolicy({
        name: "jobs-and-workers-alerted",
        description: "Every Cloud Run job alerts on a failed execution and every worker pool on a crash loop, notifying someone.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [gcpObservability.jobsAndWorkersAlerted],
    }),
    stackPolicy({
        name: "log-retention-set",
        description: "Log retention is set explicitly, at or above the floor.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        defaults: { prod: { minRetentionDays: 30 }, "non-prod": { minRetentionDays: 7 } },
        schema: { minRetentionDays: days("Fewest days to keep logs.") },
        checks: [gcpObservability.logRetentionSet, awsObservability.logRetentionSet],
    }),
    resourcePolicy({
        name: "logs-encrypted",
        description: "Log groups are encrypted with a customer-managed key.",
        category: "security",
        enforcement: MANDATORY,
        severity: "medium",
        checks: [awsObservability.logsEncrypted],
    }),
    stackPolicy({
        name: "network-flow-logs",
        description: "Every network records its flows (accepted and rejected) to logs.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [awsNetwork.networkFlowLogs],
    }),
    resourcePolicy({
        name: "labels-present",
        description: "Every labelable resource carries the environment labels (tags on AWS), itself or through its provider's default labels or tags.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        defaults: {
            prod: { requiredLabels: ["environment", "tier", "managed-by"] },
            "non-prod": { requiredLabels: ["environment", "tier", "managed-by"] },
        },
        schema: { requiredLabels: { type: "array", items: { type: "string" }, description: "Label keys every resource needs." } },
        checks: [gcpLabels.labelsPresent, awsLabels.labelsPresent],
    }),
    stackPolicy({
        name: "buckets-private-uniform",
        description:
            "Buckets are private: uniform access and public access prevention on GCP; all four public access blocks, owner-enforced " +
            "ownership, default encryption and a TLS-only policy on S3. Only a CDN site origin may let anyone read objects.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpIam.bucketsPrivateUniform, awsStorage.bucketsPrivate],
    }),
    stackPolicy({
        name: "buckets-versioned",
        description: "Buckets keep earlier object versions (or a retention policy where versions make no sense, such as a log archive).",
        category: "data-loss",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpData.bucketsVersioned, awsStorage.bucketsVersioned],
    }),
    resourcePolicy({
        name: "redis-auth-tls",
        description: "Redis requires AUTH and TLS.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpData.redisAuthTls],
    }),
    resourcePolicy({
        name: "firewall-no-world-open-ingress",
        description: "No firewall or security group rule allows ingress from anywhere (the edge admits CloudFront's prefix list, not 0.0.0.0/0).",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpNetwork.firewallNoWorldOpenIngress, awsNetwork.firewallNoWorldOpenIngress],
    }),
    stackPolicy({
        name: "default-security-group-closed",
        description: "Every network's default security group is stripped of its rules, so nothing relies on its allow-all defaults.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsNetwork.defaultSecurityGroupClosed],
    }),
    stackPolicy({
        name: "workloads-private",
        description: "Tasks get no public IP and run in private subnets: the internet reaches them only through the load balancer.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [awsNetwork.workloadsPrivate],
    }),
    stackPolicy({
        name: "static-assets-on-cdn",
        description: "Backend buckets that serve a route do so through Cloud CDN.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpEdge.staticAssetsOnCdn],
    }),
    resourcePolicy({
        name: "autoscaling-bounded",
        description: "Autoscaled services have a maximum instance count.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [gcpCompute.autoscalingBounded, awsCompute.autoscalingBounded],
    }),
    resourcePolicy({
        name: "db-maintenance-window",
        description: "Databases have a fixed maintenance window.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpData.dbMaintenanceWindow],
    }),
    stackPolicy({
        name: "billing-budget",
        description: "A billing budget with threshold alerts watches the environment's spend.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpObservability.billingBudget],
    }),
    resourcePolicy({
        name: "images-pinned",
        description: "Workloads run images pinned by digest or an immutable version tag.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpCompute.imagesPinned, awsCompute.imagesPinned],
    }),
    resourcePolicy({
        name: "registry-hardened",
        description: "Image repositories keep tags immutable, scan every pushed image and encrypt with a customer-managed key.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsData.registryHardened],
    }),
];

/** The policy named `name`. */
export function policyNamed(name: string): HardeningPolicy | undefined {
    return POLICIES.find((p) => p.name === name);
}

/**
 * Pack config for `pulumi preview --policy-pack policy --policy-pack-config <file>`: each
 * policy's enforcement level and tier for `tier` (policy/config/<tier>.json holds it).
 */
export function packConfig(tier: Tier): Record<string, { enforcementLevel: EnforcementLevel; tier: Tier }> {
    if (!isTier(tier)) throw new Error(`unknown tier ${String(tier)}`);
    return Object.fromEntries(POLICIES.map((p) => [p.name, { enforcementLevel: p.enforcement[tier], tier }]));
}
