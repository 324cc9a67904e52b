/**
 * Shapes shared by the policy pack, its cloud rule modules and the offline runner.
 * Only types from `@pulumi/policy` are imported here: loading its runtime starts a
 * gRPC server, which only the real pack entry (`policy/index.ts`) may do.
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

export type { EnforcementLevel, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs };

/** The environment tier (`prodstack:tier`): prod is stricter than non-prod. */
export type Tier = "prod" | "non-prod";
export const TIERS: readonly Tier[] = ["prod", "non-prod"];

/** Why a policy exists; decides its enforcement (security and data loss are mandatory). */
export type Category = "security" | "data-loss" | "availability" | "operations" | "hygiene";

/** Settings every check sees: the tier and the policy's config merged over its tier defaults. */
export interface RuleContext {
    tier: Tier;
    config: Record<string, unknown>;
    /**
     * Records a resource a stack check judged, for the hardening report's "resources behind
     * the verdict" (the offline runner listens; in a real engine it does nothing).
     */
    examined(...resources: PolicyResource[]): void;
}

/** The extra argument the offline runner passes a stack policy to hear what it examined. */
export interface ExaminedListener {
    onExamined?: (urn: string) => void;
}

/** A violation as a check reports it: a full sentence naming the resource, optionally its URN. */
export type Report = (message: string, urn?: string) => void;

/**
 * One cloud's half of a resource policy: the type tokens it understands and the check.
 * A check calls `skip(reason)` (rules/common.ts) when the resource is not applicable
 * (e.g. a read replica for the backup policy).
 */
export interface ResourceCheck {
    types: readonly string[];
    check(args: ResourceValidationArgs, report: Report, ctx: RuleContext): void;
}

/**
 * One cloud's half of a stack policy: it sees every resource of the stack. `types` are
 * the resource types it examines (listed in the hardening report). It calls
 * `skip(reason)` when there is nothing to check (e.g. no public host).
 */
export interface StackCheck {
    types: readonly string[];
    check(resources: PolicyResource[], report: Report, ctx: RuleContext): void;
}

/** What prodstack adds to a CrossGuard policy (the engine ignores these fields). */
export interface PolicyMeta {
    /** The roadmap item this policy verifies (`policy/roadmap.ts`). */
    roadmap: string;
    category: Category;
    /** Enforcement by tier; `enforcementLevel` (used without pack config) is the prod level. */
    enforcement: Record<Tier, EnforcementLevel>;
    /** Required in prod only (HA, deletion protection); other tiers report it as not required. */
    prodOnly: boolean;
    /** Resource types the policy examines, every cloud. */
    appliesTo: readonly string[];
    /** Config defaults by tier (thresholds); pack config overrides them. */
    defaults: Record<Tier, Record<string, unknown>>;
}

export type HardeningResourcePolicy = ResourceValidationPolicy &
    PolicyMeta & {
        kind: "resource";
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => Promise<void>;
    };

export type HardeningStackPolicy = StackValidationPolicy &
    PolicyMeta & {
        kind: "stack";
        validateStack: (args: StackValidationArgs, report: ReportViolation) => Promise<void>;
    };

/** A policy of the pack: a plain CrossGuard policy object plus prodstack's metadata. */
export type HardeningPolicy = HardeningResourcePolicy | HardeningStackPolicy;

export type { PolicyConfigSchema };
