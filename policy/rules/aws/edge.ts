/** AWS edge rules: the WAF on every CloudFront distribution, per-client rate limits, security headers. */
import type { PolicyResource, RuleContext, StackCheck } from "../../types";
import { arr, get, isSet, known, linked, listing, missingSecurityHeaders, ofTypes, refersTo, skip, str, type Props } from "../common";
import { T, what, whatLower } from "./types";

// ---------------------------------------------------------------------------
// Shared look-ups
// ---------------------------------------------------------------------------

/**
 * Whether `value` (a `webAclId`, `resourceArn` or `webAclArn`) names `acl`: its URN or
 * placeholder ID, its ARN when known, or an ARN of its name (`…/webacl/<name>/<id>`).
 */
function namesAcl(value: unknown, acl: PolicyResource): boolean {
    if (typeof value !== "string" || value === "") return false;
    if (refersTo(value, acl) || value === known(() => acl.props.arn, undefined)) return true;
    const name = known(() => acl.props.name, undefined);
    return typeof name === "string" && name !== "" && value.includes(`/webacl/${name}/`);
}

/** The web ACLs of the stack that `r` points at through `prop`. */
function aclsNamedBy(r: PolicyResource, acls: PolicyResource[], prop: string): PolicyResource[] {
    const found = new Set(linked(r, acls, [prop]));
    const value = known(() => r.props[prop], undefined);
    for (const acl of acls) if (namesAcl(value, acl)) found.add(acl);
    return [...found];
}

/** Each CloudFront distribution with the web ACLs it uses, all marked examined; not applicable without one. */
function guardedDistributions(resources: PolicyResource[], ctx: RuleContext): Array<{ distribution: PolicyResource; acls: PolicyResource[] }> {
    const distributions = ofTypes(resources, T.distribution);
    if (!distributions.length) skip("no CloudFront distribution in this stack");
    const acls = ofTypes(resources, T.webAcl);
    return distributions.map((distribution) => {
        const used = aclsNamedBy(distribution, acls, "webAclId");
        ctx.examined(distribution, ...used);
        return { distribution, acls: used };
    });
}

/** A web ACL's rules: inline `rules` plus WebAclRule resources pointing at it. */
function rulesOf(acl: PolicyResource, resources: PolicyResource[]): Props[] {
    const inline = known(() => arr(acl.props.rules) as Props[], []);
    const separate = ofTypes(resources, T.webAclRule).filter((r) => aclsNamedBy(r, [acl], "webAclArn").length > 0).map((r) => r.props);
    return [...inline, ...separate];
}

/** Rules that end evaluation with an allow: matching requests skip every later rule. */
const allows = (rule: Props) => get(rule, "action.allow") !== undefined;

/** Allow rules placed before the first rule `isTarget` picks. */
function allowedBefore(rules: Props[], isTarget: (r: Props) => boolean): Props[] {
    const first = Math.min(...rules.filter(isTarget).map((r) => Number(r.priority)));
    return rules.filter((r) => !isTarget(r) && allows(r) && Number(r.priority) < first);
}

const priorities = (rules: Props[]) => listing(rules.map((r) => String(r.priority)));

/** The report for a distribution without a web ACL of this stack. */
function reportUnguarded(distribution: PolicyResource, report: (message: string, urn?: string) => void, what_: string): void {
    report(
        isSet(distribution.props, "webAclId")
            ? `${what(distribution)} uses a web ACL outside this stack, so its ${what_} cannot be verified; manage the web ACL in this stack.`
            : `${what(distribution)} has no WAF web ACL (webAclId), so ${what_ === "WAF rules" ? "no WAF inspects its traffic" : "nothing limits the request rate of a client"}; ` +
                  "attach a CLOUDFRONT-scope aws.wafv2.WebAcl by its ARN.",
        distribution.urn,
    );
}

// ---------------------------------------------------------------------------
// waf-on-public-backends
// ---------------------------------------------------------------------------

/** AWS managed rule groups every distribution's web ACL must enforce. */
export const REQUIRED_MANAGED_GROUPS = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
];

const managedGroupOf = (rule: Props) => str(get(rule, "statement.managedRuleGroupStatement.name"));
/** A managed group that blocks what its rules block: override action `none`, not `count`. */
const enforcesGroup = (rule: Props) => managedGroupOf(rule) !== "" && get(rule, "overrideAction.none") !== undefined;

const REDACTED = ["authorization", "cookie"];

/** Problems with the logging of `acl`: none, or logs that keep credentials. */
function loggingProblem(acl: PolicyResource, resources: PolicyResource[]): string | undefined {
    const configs = ofTypes(resources, T.webAclLogging).filter((c) => aclsNamedBy(c, [acl], "resourceArn").length > 0);
    if (!configs.length) return "is not logged; add an aws.wafv2.WebAclLoggingConfiguration to an aws-waf-logs-* destination";
    const redacted = new Set(configs.flatMap((c) => known(() => arr(c.props.redactedFields), []).map((f) => str(get(f, "singleHeader.name")).toLowerCase())));
    const kept = REDACTED.filter((h) => !redacted.has(h));
    return kept.length ? `logs the ${listing(kept)} header${kept.length > 1 ? "s" : ""} in clear; add ${kept.length > 1 ? "them" : "it"} to redactedFields (singleHeader)` : undefined;
}

/**
 * Every CloudFront distribution has a web ACL of this stack that enforces the AWS managed
 * rule groups (IP reputation, common, known bad inputs, SQL injection), lets nothing through
 * ahead of them, and is logged with credentials redacted.
 */
export const wafOnDistributions: StackCheck = {
    types: [T.distribution, T.webAcl, T.webAclRule, T.webAclLogging],
    check(resources, report, ctx) {
        for (const { distribution, acls } of guardedDistributions(resources, ctx)) {
            if (!acls.length) {
                reportUnguarded(distribution, report, "WAF rules");
                continue;
            }
            for (const acl of acls) {
                const rules = rulesOf(acl, resources);
                const missing = REQUIRED_MANAGED_GROUPS.filter((g) => !rules.some((r) => managedGroupOf(r) === g && enforcesGroup(r)));
                if (missing.length) {
                    report(
                        `${what(acl)} on ${whatLower(distribution)} does not enforce ${listing(missing)}; add each as a managed rule group ` +
                            "with overrideAction none (count only previews it).",
                        distribution.urn,
                    );
                } else {
                    const early = allowedBefore(rules, enforcesGroup);
                    if (early.length) {
                        report(
                            `${what(acl)} on ${whatLower(distribution)} allows requests at priority ${priorities(early)}, before its managed rule groups, ` +
                                "so they skip the WAF; give those rules a priority after the managed groups, or block the others instead.",
                            distribution.urn,
                        );
                    }
                }
                const problem = loggingProblem(acl, resources);
                if (problem) report(`${what(acl)} on ${whatLower(distribution)} ${problem}.`, distribution.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// rate-limit-per-client
// ---------------------------------------------------------------------------

const ENFORCING = ["block", "captcha", "challenge"];

/** How a rate-based rule limits: per client over all traffic, or some weaker way (and which). */
function rateKind(rule: Props): "per-client" | "global" | "scoped" | "counting" | undefined {
    const rate = get(rule, "statement.rateBasedStatement") as Props | undefined;
    if (!rate) return undefined;
    if (!ENFORCING.some((a) => get(rule, `action.${a}`) !== undefined)) return "counting";
    if (str(rate.aggregateKeyType || "IP") === "CONSTANT") return "global";
    return rate.scopeDownStatement ? "scoped" : "per-client";
}

const WHY_NOT: Record<string, string> = {
    global: "limits all traffic together (aggregateKeyType CONSTANT), so one client can use up everyone's quota",
    scoped: "limits clients only on some requests (a scope-down statement), so the rest go unlimited",
    counting: "only counts clients over its rate limit (action count)",
};

/** Every CloudFront distribution's web ACL blocks clients over a rate limit keyed per client, over all traffic. */
export const rateLimitPerClient: StackCheck = {
    types: [T.distribution, T.webAcl, T.webAclRule],
    check(resources, report, ctx) {
        for (const { distribution, acls } of guardedDistributions(resources, ctx)) {
            if (!acls.length) {
                reportUnguarded(distribution, report, "rate limits");
                continue;
            }
            const byAcl = acls.map((acl) => ({ acl, rules: rulesOf(acl, resources) }));
            const kinds = byAcl.flatMap(({ rules }) => rules.map(rateKind));
            if (!kinds.includes("per-client")) {
                const weaker = (["global", "scoped", "counting"] as const).find((k) => kinds.includes(k));
                report(
                    `${listing(acls.map(what))} on ${whatLower(distribution)} ${weaker ? WHY_NOT[weaker] : "has no rate-based rule"}; add a rate-based ` +
                        "rule keyed per client (aggregateKeyType IP) over all requests that blocks.",
                    distribution.urn,
                );
                continue;
            }
            for (const { acl, rules } of byAcl) {
                if (!rules.some((r) => rateKind(r) === "per-client")) continue;
                const early = allowedBefore(rules, (r) => rateKind(r) === "per-client");
                if (early.length) {
                    report(
                        `${what(acl)} on ${whatLower(distribution)} allows requests at priority ${priorities(early)} before its per-client rate limit, ` +
                            "so those clients are never limited; give those rules a priority after the rate-based rule.",
                        distribution.urn,
                    );
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// security-headers
// ---------------------------------------------------------------------------

/** The cache behaviours of a distribution: the default one (under `defaultCacheBehavior`) and the ordered ones. */
function behavioursOf(distribution: PolicyResource): Array<{ label: string; prop: string; behaviour: Props }> {
    const ordered = known(() => arr(distribution.props.orderedCacheBehaviors) as Props[], []);
    return [
        { label: "default behaviour", prop: "defaultCacheBehavior", behaviour: known(() => (distribution.props.defaultCacheBehavior ?? {}) as Props, {}) },
        ...ordered.map((b) => ({ label: `behaviour ${str(b.pathPattern) || "?"}`, prop: "orderedCacheBehaviors", behaviour: b })),
    ];
}

const UNKNOWN = Symbol("unknown");

/** What a response headers policy leaves out of the security headers. */
function missingHeaders(policy: Props, minHstsMaxAge: number): string[] {
    const config = (policy.securityHeadersConfig ?? {}) as Props;
    return missingSecurityHeaders({
        hstsMaxAge: Number(get(config, "strictTransportSecurity.accessControlMaxAgeSec") ?? NaN),
        nosniff: config.contentTypeOptions !== undefined && config.contentTypeOptions !== null,
        csp: str(get(config, "contentSecurityPolicy.contentSecurityPolicy")),
        frameOptions: str(get(config, "frameOptions.frameOption")),
        referrerPolicy: str(get(config, "referrerPolicy.referrerPolicy")),
    }, minHstsMaxAge);
}

/** Every behaviour of every distribution adds HSTS, nosniff, frame protection, a CSP and a referrer policy. */
export const securityHeaders: StackCheck = {
    types: [T.distribution, T.responseHeadersPolicy],
    check(resources, report, ctx) {
        const distributions = ofTypes(resources, T.distribution);
        if (!distributions.length) return skip("no CloudFront distribution in this stack");
        const policies = ofTypes(resources, T.responseHeadersPolicy);
        const minHsts = Number(ctx.config.minHstsMaxAgeSeconds);
        for (const distribution of distributions) {
            ctx.examined(distribution);
            for (const { label, prop, behaviour } of behavioursOf(distribution)) {
                const id = known<unknown>(() => behaviour.responseHeadersPolicyId, UNKNOWN);
                // The ID names the policy; while unknown (a first preview), any policy the behaviours depend on may be it.
                const used = id === UNKNOWN ? linked(distribution, policies, [prop]) : policies.filter((p) => refersTo(id, p));
                ctx.examined(...used);
                if (!used.length) {
                    report(
                        id === UNKNOWN || !str(id)
                            ? `${what(distribution)} ${label} has no response headers policy, so its responses carry no security headers; ` +
                                  "set responseHeadersPolicyId to a policy with HSTS, CSP, nosniff, frame options and a referrer policy."
                            : `${what(distribution)} ${label} uses a response headers policy outside this stack (${str(id)}), so its headers cannot be verified ` +
                                  "(AWS's managed SecurityHeadersPolicy sets no CSP); manage the policy in this stack.",
                        distribution.urn,
                    );
                    continue;
                }
                for (const policy of used) {
                    const missing = missingHeaders(policy.props, minHsts);
                    if (missing.length) {
                        report(
                            `${what(distribution)} ${label} answers through ${whatLower(policy)} without ${listing(missing)}; ` +
                                "add them to its securityHeadersConfig.",
                            distribution.urn,
                        );
                    }
                }
            }
        }
    },
};
