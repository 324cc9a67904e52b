import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArgsChecker,
    byTier,
    checkAllowlist,
    cloudWatchRetentionProblem,
    definedOnly,
    ipRangeProblem,
    isProd,
    resourceName,
    TIERS,
    type Tier,
} from "../core/internal";
import {
    denyIpSetRule,
    denyRegionsRule,
    hostRegex,
    managedGroupRule,
    MANAGED_GROUPS,
    MAX_REGEX_LENGTH,
    MAX_ROUTES,
    MAX_WCU,
    normalizePrefix,
    pathRegex,
    rateRule,
    routeAllowlistRule,
    routeSlug,
    visibility,
    type PlannedRule,
    type RouteScope,
    type RuleContext,
} from "./web-acl-rules";

/** `enforce` blocks what the rules match; `preview` only counts it (metrics and logs). */
export type WebAclMode = "enforce" | "preview";

/** A host + path prefix with a tighter rate limit or an IP allowlist of its own. */
export interface WebAclRoute {
    /**
     * Host of the route, lowercase (`api.example.com`); compared case-insensitively, with
     * an optional trailing dot or port. Omitted: every host.
     * @default none (every host)
     */
    host?: string;
    /**
     * Path prefix of the route (`/admin` covers `/admin` and `/admin/…`), compared
     * URL-decoded, normalised and lowercased so no other spelling escapes it.
     * @default "/"
     */
    pathPrefix?: string;
    /**
     * Only clients in these IPv4/IPv6 ranges (1 to 10) may use the route; WAF blocks
     * everyone else with 403. Allowed clients still meet the rate limits and managed rules.
     * @default none (every client)
     */
    allowIpRanges?: string[];
    /**
     * Requests per minute one client IP may send to this route before WAF answers 429;
     * at most the ACL's `requestsPerMinute` (every request also counts against that one).
     * @default none (only the ACL's limit)
     */
    requestsPerMinute?: number;
}

/** Arguments of {@link WebAcl}. */
export interface WebAclArgs {
    /**
     * Prefix of every name (`acme-prod` → web ACL `acme-prod-edge`, log group
     * `aws-waf-logs-acme-prod`): a lowercase letter, then up to 29 lowercase letters, digits
     * or hyphens.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Environment tier: prod refuses `mode: "preview"`; the log retention default depends on it.
     * @default none (required)
     */
    tier: Tier;
    /**
     * `preview` counts instead of blocking: managed groups get override action `count`, own
     * rules action `count`. For tuning false positives outside prod.
     * @default "enforce"
     */
    mode?: WebAclMode;
    /**
     * Requests per minute one client IP may send (to all hosts together) before WAF answers
     * 429, converted exactly to a WAF window: 60 s for 10 or more, else the shortest of
     * 120/300/600 s whose limit is at least 10 (2 per minute → 10 per 300 s).
     * @default 600
     */
    requestsPerMinute?: number;
    /**
     * Routes with a tighter rate limit or an IP allowlist of their own (at most 100).
     * @default []
     */
    routes?: WebAclRoute[];
    /**
     * Client IPv4/IPv6 addresses or ranges to block everywhere (an address becomes /32 or
     * /128); one IP set per address family, at most 10,000 ranges each.
     * @default []
     */
    denyIpRanges?: string[];
    /**
     * ISO 3166-1 alpha-2 country codes to block everywhere, e.g. `["KP"]`.
     * @default []
     */
    denyRegions?: string[];
    /**
     * Count (rather than block) the common rule set's `SizeRestrictions_BODY`, which blocks
     * bodies over 8 KB: set it where the API takes uploads. CloudFront WAF inspects only the
     * first 16 KB of a body either way.
     * @default false
     */
    allowLargeBodies?: boolean;
    /**
     * ARN of the KMS key in us-east-1 that encrypts the WAF log group (its policy must let
     * `logs.us-east-1.amazonaws.com` use it).
     * @default none (required)
     */
    logKmsKeyArn: pulumi.Input<string>;
    /**
     * Days WAF logs are kept; a CloudWatch Logs retention value.
     * @default 365 in prod, 30 otherwise
     */
    logRetentionDays?: number;
}

/** Defaults of {@link WebAclArgs}. */
export const WEB_ACL_DEFAULTS = {
    mode: "enforce" as WebAclMode,
    requestsPerMinute: 600,
    routes: [] as WebAclRoute[],
    denyIpRanges: [] as string[],
    denyRegions: [] as string[],
    allowLargeBodies: false,
};

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;
const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const PATH_PREFIX = /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*\/?)?$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:us-east-1:\d{12}:key\/[A-Za-z0-9-]+$/;
const MAX_SET_ADDRESSES = 10_000;

const isIpv6 = (range: string) => range.includes(":");

/** `198.51.100.7` → `198.51.100.7/32`, `2001:db8::1` → `2001:db8::1/128`: IP sets take CIDRs only. */
function asCidr(range: string): string {
    return range.includes("/") ? range : `${range}/${isIpv6(range) ? 128 : 32}`;
}

/** What is wrong with a deny-list range for a WAF IP set (which refuses /0), or undefined. */
function denyRangeProblem(range: unknown): string | undefined {
    return ipRangeProblem(range) ?? (/\/0$/.test(range as string) ? "a range narrower than /0 (WAF IP sets refuse /0)" : undefined);
}

function checkRoutes(check: ArgsChecker, routes: WebAclRoute[], aclLimit: number): void {
    if (!check.check(routes.length <= MAX_ROUTES, "routes", `at most ${MAX_ROUTES} routes`, routes.length)) return;
    const seen = new Set<string>();
    routes.forEach((r, i) => {
        const at = `routes[${i}]`;
        check.matchesIfGiven(`${at}.host`, r.host, HOST, "a lowercase hostname such as \"api.example.com\"");
        check.matchesIfGiven(`${at}.pathPrefix`, r.pathPrefix, PATH_PREFIX, "a path prefix such as \"/admin\"");
        // WAF refuses regex patterns over 200 characters; the route's are its host and prefix escaped.
        if (typeof r.host === "string") {
            check.check(hostRegex(r.host).length <= MAX_REGEX_LENGTH, `${at}.host`, `a host whose WAF pattern fits ${MAX_REGEX_LENGTH} characters (about 180 characters of host)`, r.host);
        }
        if (typeof r.pathPrefix === "string") {
            check.check(pathRegex(normalizePrefix(r.pathPrefix)).length <= MAX_REGEX_LENGTH, `${at}.pathPrefix`, `a path prefix whose WAF pattern fits ${MAX_REGEX_LENGTH} characters`, r.pathPrefix);
        }
        check.check(r.allowIpRanges !== undefined || r.requestsPerMinute !== undefined, at, "allowIpRanges, requestsPerMinute or both", r);
        // Rule and IP set names derive from the slug, so two routes must not share one.
        const slug = typeof r.pathPrefix === "string" || r.pathPrefix === undefined ? routeSlug(scopeOf(r)) : "";
        check.check(!seen.has(slug), at, "a host + path prefix no earlier route has", `${r.host ?? "*"}${normalizePrefix(r.pathPrefix)}`);
        seen.add(slug);
        if (r.allowIpRanges !== undefined) checkAllowlist(check, `${at}.allowIpRanges`, r.allowIpRanges);
        if (r.requestsPerMinute !== undefined) {
            check.check(
                Number.isInteger(r.requestsPerMinute) && r.requestsPerMinute >= 1 && r.requestsPerMinute <= aclLimit,
                `${at}.requestsPerMinute`,
                `an integer from 1 to ${aclLimit} (the ACL's requestsPerMinute, which counts this route's requests too)`,
                r.requestsPerMinute,
            );
        }
    });
}

/** Throws if `args` would be rejected by WAF or weaken it; called before anything is registered. */
export function validateWebAclArgs(name: string, args: WebAclArgs): void {
    const check = new ArgsChecker(WebAcl.TYPE, name);
    const cfg = { ...WEB_ACL_DEFAULTS, ...definedOnly(args) };
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "a lowercase name prefix such as \"acme-prod\" (at most 30 characters)");
    check.oneOf("tier", args.tier, TIERS);
    check.oneOf("mode", args.mode, ["enforce", "preview"] as WebAclMode[]);
    if (TIERS.includes(args.tier) && isProd(args.tier)) {
        check.check(args.mode !== "preview", "mode", "\"enforce\" in prod (preview the rules outside prod)", args.mode);
    }
    check.intInRange("requestsPerMinute", args.requestsPerMinute, 1, 1_000_000);
    const aclLimit = Number.isInteger(cfg.requestsPerMinute) ? cfg.requestsPerMinute : WEB_ACL_DEFAULTS.requestsPerMinute;
    checkRoutes(check, cfg.routes, aclLimit);
    cfg.denyIpRanges.forEach((range, i) => {
        const problem = denyRangeProblem(range);
        if (problem) check.fail(`denyIpRanges[${i}]`, problem, range);
    });
    for (const [family, ranges] of [["IPv4", cfg.denyIpRanges.filter((r) => !isIpv6(r))], ["IPv6", cfg.denyIpRanges.filter(isIpv6)]] as const) {
        check.check(ranges.length <= MAX_SET_ADDRESSES, "denyIpRanges", `at most ${MAX_SET_ADDRESSES} ${family} ranges (one WAF IP set)`, ranges.length);
    }
    cfg.denyRegions.forEach((code, i) => {
        check.matches(`denyRegions[${i}]`, code, /^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code such as \"KP\"");
    });
    check.matchesIfKnown("logKmsKeyArn", args.logKmsKeyArn, KMS_KEY_ARN, "the ARN of a KMS key in us-east-1 (where CloudFront WAF logs live)");
    if (args.logRetentionDays !== undefined) {
        const problem = cloudWatchRetentionProblem(args.logRetentionDays);
        if (problem) check.fail("logRetentionDays", problem, args.logRetentionDays);
    }
    check.throwIfAny();
}

/** The WCUs of `rules`, or an error naming the estimate when it is over the included capacity. */
function checkCapacity(name: string, rules: PlannedRule[]): number {
    const wcu = rules.reduce((sum, r) => sum + r.wcu, 0);
    const check = new ArgsChecker(WebAcl.TYPE, name);
    check.check(
        wcu <= MAX_WCU,
        "routes",
        `rules within the ${MAX_WCU} WCUs a web ACL includes (managed groups take 1125; each route rule 14 to 48)`,
        `an estimated ${wcu} WCUs`,
    );
    check.throwIfAny();
    return wcu;
}

const REGION = "us-east-1";

/**
 * A WAFv2 web ACL for CloudFront (scope `CLOUDFRONT`, in us-east-1): default allow; IPv4
 * and IPv6 deny-list IP sets and a country block; per-route IP allowlists (everyone else
 * blocked on that host + path); AWS IP reputation list; per-route and per-client rate
 * limits answering 429; the common, known-bad-inputs and SQL injection rule sets. No rule
 * allows, so every request meets every rule. Preview counts instead of blocking. Logs go
 * to `aws-waf-logs-<prefix>` (KMS-encrypted, authorization and cookie headers redacted).
 * The ACL's capacity is estimated at construction and refused above 1,500 WCUs.
 *
 * WAF has no ban duration: a client over a limit is blocked until its count over the
 * window falls below the limit again (Cloud Armor's `banSeconds` has no equivalent). WAF
 * adds the log group's resource policy itself on the first deploy, which needs
 * `logs:PutResourcePolicy` (at most 10 such policies per region and account).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const waf = new aws.WebAcl("edge-waf", {
 *     namePrefix: "acme-prod",
 *     tier: "prod",
 *     requestsPerMinute: 600,
 *     routes: [{ host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["198.51.100.0/24"] }],
 *     logKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 * });
 * export const webAclArn = waf.arn;
 * ```
 */
export class WebAcl extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:WebAcl";

    /** ARN of the web ACL: what a CloudFront distribution's `webAclId` takes. */
    readonly arn: pulumi.Output<string>;
    /** Name of the web ACL. */
    readonly name: pulumi.Output<string>;
    /** The ACL's CloudWatch metric name: the `WebACL` dimension of `AWS/WAFV2` metrics (with `Rule=ALL`). */
    readonly metricName: string;
    /** Metric name of each rule (the `Rule` dimension), by rule name. */
    readonly ruleMetricNames: Record<string, string>;
    /** Name of the log group WAF logs to. */
    readonly logGroupName: pulumi.Output<string>;
    /** Estimated capacity of the rules, in WCUs (at most 1,500). */
    readonly capacity: number;

    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        validateWebAclArgs(name, args);
        const cfg = { ...WEB_ACL_DEFAULTS, ...definedOnly(args) };
        const aclName = resourceName([cfg.namePrefix, "edge"], 128);
        const ctx: RuleContext = { preview: cfg.mode === "preview", metricPrefix: aclName };
        // Capacity first: a too-large ACL fails before anything is registered.
        const draft = planRules(ctx, cfg, { deny: () => "", allow: () => "" });
        const capacity = checkCapacity(name, draft);
        super(WebAcl.TYPE, name, {}, opts);
        const parent = { parent: this };

        const ipSet = (suffix: string, ranges: string[], description: string) => new aws.wafv2.IpSet(`${name}-${suffix}`, {
            region: REGION,
            scope: "CLOUDFRONT",
            name: resourceName([cfg.namePrefix, suffix], 128),
            description,
            ipAddressVersion: ranges.some(isIpv6) ? "IPV6" : "IPV4",
            addresses: ranges.map(asCidr),
        }, parent).arn;
        const rules = planRules(ctx, cfg, {
            deny: (family) => ipSet(`deny-${family}`, familyOf(cfg.denyIpRanges, family), `Blocked ${family} ranges managed by prodstack`),
            allow: (i, family) => ipSet(
                `allow-${family}-${routeSlug(scopeOf(cfg.routes[i]))}`,
                familyOf(cfg.routes[i].allowIpRanges ?? [], family),
                `Allowlisted ${family} ranges of a route managed by prodstack`,
            ),
        });

        const acl = new aws.wafv2.WebAcl(`${name}-acl`, {
            region: REGION,
            scope: "CLOUDFRONT",
            name: aclName,
            description: `CloudFront web ACL of ${cfg.namePrefix} managed by prodstack`,
            defaultAction: { allow: {} },
            rules: rules.map((r) => r.rule),
            visibilityConfig: visibility(aclName),
        }, parent);

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            region: REGION,
            // WAF logs only to destinations named aws-waf-logs-*.
            name: `aws-waf-logs-${cfg.namePrefix}`,
            retentionInDays: cfg.logRetentionDays ?? byTier(cfg.tier, { prod: 365, nonProd: 30 }),
            kmsKeyId: cfg.logKmsKeyArn,
        }, parent);
        new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
            region: REGION,
            resourceArn: acl.arn,
            logDestinationConfigs: [logGroup.arn],
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        }, parent);

        this.arn = acl.arn;
        this.name = acl.name;
        this.metricName = aclName;
        this.ruleMetricNames = Object.fromEntries(draft.map((r) => [r.rule.name as string, (r.rule.visibilityConfig as { metricName: string }).metricName]));
        this.logGroupName = logGroup.name;
        this.capacity = capacity;
        this.registerOutputs({ arn: this.arn, name: this.name, logGroupName: this.logGroupName });
    }
}

const FAMILIES = ["ipv4", "ipv6"] as const;

function familyOf(ranges: readonly string[], family: "ipv4" | "ipv6"): string[] {
    return ranges.filter((r) => (family === "ipv6") === isIpv6(r));
}

function scopeOf(r: WebAclRoute): RouteScope {
    return { ...(r.host !== undefined ? { host: r.host } : {}), prefix: normalizePrefix(r.pathPrefix) };
}

type Family = "ipv4" | "ipv6";

/** Where the rules get IP set ARNs: the deny set of a family, a route's allowlist set of a family. */
interface IpSets {
    deny(family: Family): pulumi.Input<string>;
    allow(routeIndex: number, family: Family): pulumi.Input<string>;
}

/** Every rule of the ACL, in priority order. */
function planRules(ctx: RuleContext, cfg: typeof WEB_ACL_DEFAULTS & WebAclArgs, sets: IpSets): PlannedRule[] {
    const rules: PlannedRule[] = [];
    for (const family of FAMILIES) {
        if (familyOf(cfg.denyIpRanges, family).length) rules.push(denyIpSetRule(ctx, family, sets.deny(family)));
    }
    if (cfg.denyRegions.length) rules.push(denyRegionsRule(ctx, cfg.denyRegions));
    cfg.routes.forEach((r, i) => {
        if (r.allowIpRanges === undefined) return;
        const families = FAMILIES.filter((f) => familyOf(r.allowIpRanges!, f).length);
        rules.push(routeAllowlistRule(ctx, i, scopeOf(r), families.map((f) => sets.allow(i, f))));
    });
    const [ipReputation, ...inspecting] = MANAGED_GROUPS;
    rules.push(managedGroupRule(ctx, ipReputation, cfg.allowLargeBodies));
    cfg.routes.forEach((r, i) => {
        if (r.requestsPerMinute !== undefined) rules.push(rateRule(ctx, r.requestsPerMinute, { index: i, scope: scopeOf(r) }));
    });
    rules.push(rateRule(ctx, cfg.requestsPerMinute));
    for (const group of inspecting) rules.push(managedGroupRule(ctx, group, cfg.allowLargeBodies));
    return rules;
}
