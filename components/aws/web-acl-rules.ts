/**
 * The rules of a {@link WebAcl} (web-acl.ts) as WAFv2 receives them, their priorities, the
 * rate-window conversion and the capacity (WCU) estimate. Internal: not exported.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { normalizePrefix, resourceName } from "../core/internal";

type Rule = aws.types.input.wafv2.WebAclRule;
type Statement = aws.types.input.wafv2.WebAclRuleStatement;
type ScopeDown = aws.types.input.wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatement;

/**
 * Rule priorities (lower runs first). No rule allows, so nothing skips a later rule: deny
 * lists and route allowlists block first, then IP reputation, the rate limits (so floods
 * are not inspected further), then the request-inspecting managed groups.
 */
export const WEB_ACL_PRIORITIES = {
    denyIpv4: 10,
    denyIpv6: 11,
    denyRegions: 20,
    /** + the route's index in `routes`. */
    routeAllowlist: 100,
    ipReputation: 200,
    /** + the route's index in `routes`. */
    routeRateLimit: 300,
    rateLimit: 400,
    commonRuleSet: 500,
    knownBadInputs: 510,
    sqli: 520,
} as const;

/** Most routes a web ACL takes (keeps per-route priorities inside their block of 100). */
export const MAX_ROUTES = 100;

/**
 * AWS managed rule groups and their capacity (WCU, AWS Managed Rules list). `priority`
 * places each; `inspectsBody` marks the group whose `SizeRestrictions_BODY` may be counted.
 */
export const MANAGED_GROUPS = [
    { name: "AWSManagedRulesAmazonIpReputationList", wcu: 25, priority: WEB_ACL_PRIORITIES.ipReputation },
    { name: "AWSManagedRulesCommonRuleSet", wcu: 700, priority: WEB_ACL_PRIORITIES.commonRuleSet },
    { name: "AWSManagedRulesKnownBadInputsRuleSet", wcu: 200, priority: WEB_ACL_PRIORITIES.knownBadInputs },
    { name: "AWSManagedRulesSQLiRuleSet", wcu: 200, priority: WEB_ACL_PRIORITIES.sqli },
] as const;

/** Web ACL capacity included in the base price (WCUs above it are billed extra). */
export const MAX_WCU = 1500;

/** Statement costs (AWS WAF developer guide, rule statements): per statement, plus per text transformation. */
const WCU = { ipSet: 1, geo: 1, regex: 3, rateBased: 2, transformation: 10 } as const;

/** WAF rate-based windows, seconds, shortest first; a limit below 10 per window is refused. */
export const RATE_WINDOWS = [60, 120, 300, 600] as const;
export const MIN_RATE_LIMIT = 10;

/**
 * The exact WAF equivalent of `perMinute` requests per client per minute: the shortest
 * window whose limit (`perMinute × window / 60`) is a whole number of at least 10.
 * Undefined when none is (only for non-integers: every integer from 1 up converts).
 */
export function rateWindow(perMinute: number): { limit: number; evaluationWindowSec: number } | undefined {
    for (const window of RATE_WINDOWS) {
        const limit = (perMinute * window) / 60;
        if (Number.isInteger(limit) && limit >= MIN_RATE_LIMIT) return { limit, evaluationWindowSec: window };
    }
    return undefined;
}

/** A route's scope as the rules see it. */
export interface RouteScope {
    /**
     * Host of the route, lowercase.
     * @default none (every host)
     */
    host?: string;
    /**
     * Normalised prefix (`/`, `/admin`).
     * @default none (required)
     */
    prefix: string;
}

export { normalizePrefix };

/** `api.example.com` + `/admin` → `api-example-com-admin`; every host → `any-admin`. */
export function routeSlug(r: RouteScope): string {
    return resourceName([r.host ?? "any", r.prefix === "/" ? "" : r.prefix], 60);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** WAF's fixed limit on a regex pattern's length. */
export const MAX_REGEX_LENGTH = 200;

/** The Host header pattern of a route: its host, lowercase, with an optional trailing dot and port. */
export function hostRegex(host: string): string {
    return `^${escapeRegex(host)}\\.?(:[0-9]+)?$`;
}

/** The path pattern of a route: its prefix (lowercased) itself or anything below it. */
export function pathRegex(prefix: string): string {
    return `^${escapeRegex(prefix.toLowerCase())}(/|$)`;
}

/**
 * The match statements of a route, with their WCUs. The host is compared lowercased, with
 * an optional trailing dot and port (`API.example.com.:443` is the same host); the path
 * URL-decoded, normalised (`//`, `/./`, `/../`) and lowercased, so `/%41dmin` and `//admin`
 * are the route `/admin` too: another spelling never escapes its rules.
 */
function routeStatements(r: RouteScope): { statements: Statement[]; wcu: number } {
    const statements: Statement[] = [];
    let wcu = 0;
    if (r.host !== undefined) {
        statements.push({
            regexMatchStatement: {
                fieldToMatch: { singleHeader: { name: "host" } },
                regexString: hostRegex(r.host),
                textTransformations: [{ priority: 0, type: "LOWERCASE" }],
            },
        });
        wcu += WCU.regex + WCU.transformation;
    }
    if (r.prefix !== "/") {
        statements.push({
            regexMatchStatement: {
                fieldToMatch: { uriPath: {} },
                regexString: pathRegex(r.prefix),
                textTransformations: [
                    { priority: 0, type: "URL_DECODE" },
                    { priority: 1, type: "NORMALIZE_PATH" },
                    { priority: 2, type: "LOWERCASE" },
                ],
            },
        });
        wcu += WCU.regex + 3 * WCU.transformation;
    }
    return { statements, wcu };
}

/** One statement from several: none → undefined, one → itself, more → AND. */
function all(statements: Statement[]): Statement | undefined {
    if (statements.length === 0) return undefined;
    return statements.length === 1 ? statements[0] : { andStatement: { statements } };
}

/** CloudWatch metrics and sampled requests, as every rule and the ACL carry them. */
export function visibility(metricName: string): aws.types.input.wafv2.WebAclVisibilityConfig {
    return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** A planned rule and its capacity. */
export interface PlannedRule {
    /**
     * The rule as WAF receives it.
     * @default none (required)
     */
    rule: Rule;
    /**
     * Its capacity, in WCUs.
     * @default none (required)
     */
    wcu: number;
}

/** What the rule builders share: whether own rules count instead of block, and the metric prefix. */
export interface RuleContext {
    /**
     * Own rules count and managed groups override to count.
     * @default none (required)
     */
    preview: boolean;
    /**
     * Prefix of every rule's metric name (the ACL's name).
     * @default none (required)
     */
    metricPrefix: string;
}

function ownRule(ctx: RuleContext, name: string, priority: number, statement: Statement, blockStatus?: number): Rule {
    const block = blockStatus ? { block: { customResponse: { responseCode: blockStatus } } } : { block: {} };
    return {
        name,
        priority,
        action: ctx.preview ? { count: {} } : block,
        statement,
        visibilityConfig: visibility(`${ctx.metricPrefix}-${name}`),
    };
}

/** Blocks requests from an IP set (one per address family). */
export function denyIpSetRule(ctx: RuleContext, family: "ipv4" | "ipv6", ipSetArn: pulumi.Input<string>): PlannedRule {
    const priority = family === "ipv4" ? WEB_ACL_PRIORITIES.denyIpv4 : WEB_ACL_PRIORITIES.denyIpv6;
    return { rule: ownRule(ctx, `deny-${family}`, priority, { ipSetReferenceStatement: { arn: ipSetArn } }), wcu: WCU.ipSet };
}

/** Blocks requests from the listed countries. */
export function denyRegionsRule(ctx: RuleContext, countryCodes: string[]): PlannedRule {
    return {
        rule: ownRule(ctx, "deny-regions", WEB_ACL_PRIORITIES.denyRegions, { geoMatchStatement: { countryCodes } }),
        wcu: WCU.geo,
    };
}

/**
 * Blocks requests for the route from clients in none of its allowlist IP sets:
 * route AND NOT(in IPv4 set) AND NOT(in IPv6 set), which keeps nesting at the provider's
 * three levels. Allowed clients still meet every later rule (rate limits, managed groups).
 */
export function routeAllowlistRule(ctx: RuleContext, index: number, r: RouteScope, ipSetArns: pulumi.Input<string>[]): PlannedRule {
    const scope = routeStatements(r);
    const outside: Statement[] = ipSetArns.map((arn) => ({ notStatement: { statement: { ipSetReferenceStatement: { arn } } } }));
    const statement = all([...scope.statements, ...outside])!;
    return {
        rule: ownRule(ctx, `allowlist-${routeSlug(r)}`, WEB_ACL_PRIORITIES.routeAllowlist + index, statement),
        wcu: scope.wcu + ipSetArns.length * WCU.ipSet,
    };
}

/** A per-client-IP rate-based rule answering 429, optionally scoped to a route. */
export function rateRule(ctx: RuleContext, perMinute: number, route?: { index: number; scope: RouteScope }): PlannedRule {
    const window = rateWindow(perMinute)!;
    const scope = route ? routeStatements(route.scope) : { statements: [], wcu: 0 };
    const scopeDown = all(scope.statements) as ScopeDown | undefined;
    const name = route ? `rate-${routeSlug(route.scope)}` : "rate-per-client";
    const priority = route ? WEB_ACL_PRIORITIES.routeRateLimit + route.index : WEB_ACL_PRIORITIES.rateLimit;
    const statement: Statement = {
        rateBasedStatement: { aggregateKeyType: "IP", ...window, ...(scopeDown ? { scopeDownStatement: scopeDown } : {}) },
    };
    return { rule: ownRule(ctx, name, priority, statement, 429), wcu: WCU.rateBased + scope.wcu };
}

/** An AWS managed rule group; preview counts every match, `countBodySize` counts only oversize bodies. */
export function managedGroupRule(ctx: RuleContext, group: (typeof MANAGED_GROUPS)[number], countBodySize: boolean): PlannedRule {
    const overrides = countBodySize && group.name === "AWSManagedRulesCommonRuleSet"
        ? { ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] }
        : {};
    return {
        rule: {
            name: group.name,
            priority: group.priority,
            overrideAction: ctx.preview ? { count: {} } : { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group.name, ...overrides } },
            visibilityConfig: visibility(`${ctx.metricPrefix}-${group.name}`),
        },
        wcu: group.wcu,
    };
}
