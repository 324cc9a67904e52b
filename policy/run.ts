/**
 * The offline policy runner: runs every policy of the pack against a plan document
 * (`prodstack plan`, `prodstack check PLAN.json`) by calling the same validators the real
 * pack registers, with arguments shaped as the engine shapes them (`ResourceValidationArgs`,
 * `StackValidationArgs`): `props` are the planned inputs, resource options are on `opts`,
 * the provider is `{type, props, urn, name}`, stack policies see parents and dependencies
 * as resource objects.
 */
import type { PlanDocument } from "../infra/plan/document";
import type { PlannedResource } from "../infra/plan/engine";
import { PACK_NAME, POLICIES } from "./policies";
import { ROADMAP } from "./roadmap";
import { isTier, labelMap, labelSources, listing, packageOf, usesCloud } from "./rules/common";
import type {
    EnforcementLevel,
    ExaminedListener,
    HardeningPolicy,
    PolicyResource,
    ResourceValidationArgs,
    StackValidationArgs,
    Tier,
} from "./types";

/** One violation, as `check` prints it and the plan JSON records it. */
export interface Violation {
    policy: string;
    roadmapItem: string;
    enforcementLevel: "mandatory" | "advisory";
    /** A full sentence naming the resource. */
    message: string;
    /** The resource in violation; null for a stack-wide finding (e.g. "no log retention is set"). */
    urn: string | null;
}

export type Verdict = "pass" | "fail" | "not-applicable";

/** How one policy fared. */
export interface PolicyOutcome {
    name: string;
    enforcementLevel: EnforcementLevel;
    verdict: Verdict | "disabled";
    /** Resources behind the verdict: those in violation on fail, those examined on pass. */
    resources: string[];
    /** Why the policy did not apply. */
    reason?: string;
}

/** How one roadmap item fared in this stack. */
export interface ReportItem {
    id: string;
    item: string;
    verdict: Verdict;
    /**
     * False when every policy of the item applies to prod only (HA, deletion protection) and
     * the tier is not prod: a failure is advisory and the report says "not required".
     */
    requiredInTier: boolean;
    policies: PolicyOutcome[];
    /**
     * Clouds of this stack that none of the item's policies checks yet, with why (the issue
     * that brings the rule). Present only when there are some: the item is then not judged
     * on that cloud, which the report says instead of passing it or calling it not applicable.
     */
    gaps?: Array<{ cloud: string; reason: string }>;
}

/** The policy run of one plan: the `policy` field of the plan JSON. */
export interface PolicyRun {
    pack: string;
    tier: Tier;
    /** Where the tier came from: "option" (given), "label" (the plan's tier label), "default" (none: prod). */
    tierSource: "option" | "label" | "default";
    /**
     * `notRequired`: failing items not required in this tier (counted in `fail` too);
     * `notYetChecked`: items with no rule yet for a cloud of this stack (not counted as not applicable).
     */
    summary: {
        mandatory: number;
        advisory: number;
        pass: number;
        fail: number;
        notApplicable: number;
        notRequired: number;
        notYetChecked: number;
    };
    violations: Violation[];
    report: ReportItem[];
}

export interface EvaluateOptions {
    /** The tier to enforce; by default the plan's `tier` label, else prod. */
    tier?: Tier;
    /** Per-policy config overrides (same shape as pack config, without enforcementLevel). */
    config?: Record<string, Record<string, unknown>>;
    /** The policies to run (tests); by default the whole pack. */
    policies?: readonly HardeningPolicy[];
}

/** Thrown by the offline `notApplicable`. */
class NotApplicable extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason ?? "not applicable");
}

/** The clouds the pack has rules for, by provider package, and their names in the report. */
const CLOUDS = ["gcp", "aws"];
const CLOUD_NAME: Record<string, string> = { gcp: "GCP", aws: "AWS" };

const typeCheck = (type: string) => (cls: unknown) => (cls as { __pulumiType?: string } | undefined)?.__pulumiType === type;

/**
 * The tier a plan declares: prodstack puts a `tier` label on its providers' default labels
 * (and on resources); the first one found wins.
 */
export function tierOfPlan(doc: Pick<PlanDocument, "resources">): Tier | undefined {
    const providers = doc.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    for (const r of [...providers, ...doc.resources]) {
        for (const labels of labelSources(() => r.inputs ?? {})) {
            const tier = labelMap(labels()).tier;
            if (isTier(tier)) return tier;
        }
    }
    return undefined;
}

/** The engine's view of a planned resource: options on `opts`, inputs as `props`. */
function optsOf(r: PlannedResource): PolicyResource["opts"] {
    return {
        protect: r.protect === true,
        ignoreChanges: r.ignoreChanges ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace === true,
        aliases: (r.aliases ?? [])
            .map((a) => (typeof a === "string" ? a : (a as { urn?: unknown } | null)?.urn))
            .filter((a): a is string => typeof a === "string" && a !== ""),
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

/** Builds the `PolicyResource` graph (parents, dependencies) of a plan. */
function policyResources(resources: PlannedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const providerOf = (urn: string | null) => {
        const p = urn ? resources.find((r) => r.urn === urn) : undefined;
        return p ? { type: p.type, props: p.inputs ?? {}, urn: p.urn, name: p.name } : undefined;
    };
    const out = resources.map((r) => {
        const pr: PolicyResource = {
            type: r.type,
            props: r.inputs ?? {},
            urn: r.urn,
            name: r.name,
            opts: optsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: typeCheck(r.type),
            asType: ((cls: unknown) => (typeCheck(r.type)(cls) ? r.inputs : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r.provider);
        if (provider) pr.provider = provider;
        byUrn.set(r.urn, pr);
        return pr;
    });
    resources.forEach((r, i) => {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent) out[i].parent = parent;
        out[i].dependencies = (r.dependsOn ?? []).map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
    });
    return out;
}

function describeError(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the pack against a plan document: the violations, and the hardening report (each
 * roadmap item: pass / fail / not applicable, with the resources behind the verdict).
 */
export async function evaluatePlan(doc: Pick<PlanDocument, "resources">, options: EvaluateOptions = {}): Promise<PolicyRun> {
    const policies = options.policies ?? POLICIES;
    const declared = tierOfPlan(doc);
    const tier = options.tier ?? declared ?? "prod";
    const tierSource = options.tier ? "option" : declared ? "label" : "default";
    const stackTags: ReadonlyMap<string, string> = new Map();
    const resources = policyResources(doc.resources);
    const violations: Violation[] = [];
    const outcomes = new Map<string, PolicyOutcome>();

    for (const policy of policies) {
        const level = policy.enforcement[tier];
        const outcome: PolicyOutcome = { name: policy.name, enforcementLevel: level, verdict: "not-applicable", resources: [] };
        outcomes.set(policy.name, outcome);
        if (level === "disabled") {
            outcome.verdict = "disabled";
            continue;
        }
        const reported: Violation["enforcementLevel"] = level === "advisory" ? "advisory" : "mandatory";
        const getConfig = <T extends object>() => ({ ...(options.config?.[policy.name] ?? {}), tier }) as unknown as T;
        const failing = new Set<string>();
        const report = (urn: string | null) => (message: string, reportedUrn?: string) => {
            const at = reportedUrn ?? urn;
            violations.push({ policy: policy.name, roadmapItem: policy.roadmap, enforcementLevel: reported, message, urn: at });
            failing.add(at ?? "(stack)");
        };
        const reasons = new Set<string>();
        const examined: string[] = [];

        if (policy.kind === "resource") {
            for (const r of resources) {
                if (!policy.appliesTo.includes(r.type)) continue;
                const args: ResourceValidationArgs = {
                    type: r.type,
                    props: r.props,
                    urn: r.urn,
                    name: r.name,
                    opts: r.opts,
                    stackTags,
                    isType: r.isType,
                    asType: r.asType as ResourceValidationArgs["asType"],
                    getConfig,
                    notApplicable,
                    ...(r.provider ? { provider: r.provider } : {}),
                };
                try {
                    await policy.validateResource(args, report(r.urn));
                    examined.push(r.urn);
                } catch (err) {
                    if (err instanceof NotApplicable) reasons.add(err.reason);
                    else report(r.urn)(`Policy ${policy.name} could not check ${r.type} "${r.name}": ${describeError(err)}.`);
                }
            }
            if (!examined.length && !reasons.size) reasons.add(`no ${listing(policy.appliesTo.map(String))} in this stack`);
        } else {
            const heard = new Set<string>();
            const args: StackValidationArgs & ExaminedListener = {
                resources,
                stackTags,
                getConfig,
                notApplicable,
                onExamined: (urn) => heard.add(urn),
            };
            try {
                await policy.validateStack(args, report(null));
                const fallback = resources.filter((r) => policy.appliesTo.includes(r.type)).map((r) => r.urn);
                examined.push(...(heard.size ? heard : fallback));
            } catch (err) {
                if (err instanceof NotApplicable) reasons.add(err.reason);
                else report(null)(`Policy ${policy.name} could not check the stack: ${describeError(err)}.`);
            }
        }

        if (failing.size) {
            outcome.verdict = "fail";
            outcome.resources = [...failing];
        } else if (examined.length || (policy.kind === "stack" && !reasons.size)) {
            outcome.verdict = "pass";
            outcome.resources = examined;
        } else {
            outcome.reason = [...reasons].join("; ");
        }
    }

    const stackClouds = CLOUDS.filter((c) => usesCloud(resources, c));
    const covers = (name: string, cloud: string) => !!policies.find((p) => p.name === name)?.appliesTo.some((t) => packageOf(t) === cloud);
    const report: ReportItem[] = ROADMAP.map((item) => {
        const ps = item.policies.map((n) => outcomes.get(n)).filter((o): o is PolicyOutcome => !!o);
        const gaps = stackClouds
            .filter((cloud) => !item.policies.some((n) => covers(n, cloud)))
            .map((cloud) => ({ cloud, reason: item.notYetOn?.[cloud as "aws"] ?? `no ${CLOUD_NAME[cloud]} rule yet` }));
        const verdict: Verdict = ps.some((p) => p.verdict === "fail")
            ? "fail"
            : ps.some((p) => p.verdict === "pass")
              ? "pass"
              : "not-applicable";
        const prodOnly = item.policies.every((n) => policies.find((p) => p.name === n)?.prodOnly === true);
        const requiredInTier = tier === "prod" || !prodOnly;
        return { id: item.id, item: item.item, verdict, requiredInTier, policies: ps, ...(gaps.length ? { gaps } : {}) };
    }).filter((i) => i.policies.length);

    return {
        pack: PACK_NAME,
        tier,
        tierSource,
        summary: {
            mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
            pass: report.filter((i) => i.verdict === "pass").length,
            fail: report.filter((i) => i.verdict === "fail").length,
            notApplicable: report.filter((i) => i.verdict === "not-applicable" && !i.gaps).length,
            notRequired: report.filter((i) => i.verdict === "fail" && !i.requiredInTier).length,
            notYetChecked: report.filter((i) => i.gaps).length,
        },
        violations,
        report,
    };
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

const VERDICT_LABEL: Record<Verdict, string> = { pass: "pass", fail: "FAIL", "not-applicable": "n/a " };
const MAX_LISTED = 4;

/** `name (type)` of a URN, or the URN itself. */
function resourceLabel(urn: string): string {
    if (urn === "(stack)") return "the stack";
    const parts = urn.split("::");
    if (parts.length < 4) return urn;
    const qualified = parts[2].split("$");
    return `${parts[3]} (${qualified[qualified.length - 1]})`;
}

/** The hardening report that ends `prodstack plan`: each roadmap item and the resources behind its verdict. */
export function renderHardeningReport(run: PolicyRun): string {
    const s = run.summary;
    const tierNote = run.tierSource === "default" ? " (no tier label in the plan: the strictest applies)" : "";
    const lines = [
        `Hardening report · tier ${run.tier}${tierNote} · ${s.pass} pass · ${s.fail - s.notRequired} fail · ` +
            `${s.notApplicable} not applicable${s.notRequired ? ` · ${s.notRequired} not required in this tier` : ""}` +
            `${s.notYetChecked ? ` · ${s.notYetChecked} not yet checked on ${listing([...new Set(run.report.flatMap((i) => i.gaps ?? []).map((g) => CLOUD_NAME[g.cloud]))])}` : ""} · ` +
            `violations: ${s.mandatory} mandatory, ${s.advisory} advisory`,
    ];
    const width = Math.max(...run.report.map((i) => i.item.length));
    for (const item of run.report) {
        const levels = new Set(run.violations.filter((v) => v.roadmapItem === item.id).map((v) => v.enforcementLevel));
        const level = levels.has("mandatory") ? " [mandatory]" : levels.size ? " [advisory]" : "";
        const notRequired = item.verdict === "fail" && !item.requiredInTier;
        const gap = item.gaps && item.verdict === "not-applicable";
        const label = notRequired ? "n/r " : gap ? "gap " : VERDICT_LABEL[item.verdict];
        lines.push(`  ${label}  ${item.item.padEnd(width)}  ${item.policies.map((p) => p.name).join(", ")}${level}`);
        for (const g of item.gaps ?? []) lines.push(`          not yet checked on ${CLOUD_NAME[g.cloud]}: ${g.reason}`);
        if (gap) continue;
        if (notRequired) {
            lines.push(`          not required in tier ${run.tier} (prod only); in prod it would need:`);
            for (const v of run.violations.filter((x) => x.roadmapItem === item.id)) lines.push(`          - ${v.message}`);
        } else if (item.verdict === "fail") {
            for (const v of run.violations.filter((x) => x.roadmapItem === item.id)) lines.push(`          - ${v.message}`);
        } else if (item.verdict === "pass") {
            const urns = [...new Set(item.policies.flatMap((p) => p.resources))];
            const shown = urns.slice(0, MAX_LISTED).map(resourceLabel);
            const more = urns.length > MAX_LISTED ? ` and ${urns.length - MAX_LISTED} more` : "";
            lines.push(`          checked: ${shown.join(", ")}${more}`);
        } else {
            const reasons = item.policies.map((p) => p.reason ?? (p.verdict === "disabled" ? "disabled for this tier" : "")).filter(Boolean);
            lines.push(`          ${[...new Set(reasons)].join("; ")}`);
        }
    }
    return lines.join("\n");
}

/** Violations as `check` prints them: one full sentence each, with the level and the URN. */
export function renderViolations(run: PolicyRun): string {
    const lines: string[] = [];
    for (const v of [...run.violations].sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1))) {
        lines.push(`${v.enforcementLevel === "mandatory" ? "MANDATORY" : "advisory "}  ${v.policy}: ${v.message}`);
        if (v.urn) lines.push(`           ${v.urn}`);
    }
    return lines.join("\n");
}
