/**
 * How a policy of the pack is defined: enforcement by tier, the builders that turn a
 * definition plus one check per cloud into a CrossGuard resource or stack policy, and the
 * context (tier, thresholds) each check runs with.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { roadmapItemOf } from "./roadmap";
import { labelSources, packageOf, resolveTier, SkipCheck, usesCloud, type Props } from "./rules/common";
import type {
    Category,
    EnforcementLevel,
    ExaminedListener,
    HardeningResourcePolicy,
    HardeningStackPolicy,
    ResourceCheck,
    RuleContext,
    StackCheck,
    StackValidationArgs,
    Tier,
} from "./types";

export const MANDATORY: Record<Tier, EnforcementLevel> = { prod: "mandatory", "non-prod": "mandatory" };
export const PROD_MANDATORY: Record<Tier, EnforcementLevel> = { prod: "mandatory", "non-prod": "advisory" };
export const ADVISORY: Record<Tier, EnforcementLevel> = { prod: "advisory", "non-prod": "advisory" };

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

export function resourcePolicy(def: Definition & { checks: ResourceCheck[] }): HardeningResourcePolicy {
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

export function stackPolicy(def: Definition & { checks: StackCheck[] }): HardeningStackPolicy {
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

export const days = (description: string): PolicyConfigJSONSchema => ({ type: "integer", minimum: 0, description });
