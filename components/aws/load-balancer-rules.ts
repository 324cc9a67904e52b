/**
 * The listener rules of a `LoadBalancer` and the checks of its routing args, apart from the
 * component so each stays small. Internal: not exported from `prodstack/aws`.
 *
 * ELB limits the rules must respect (ELB user guide, "Quotas for your Application Load
 * Balancers" and "Listener rules"): 100 rules per load balancer besides the default, 5
 * condition values per rule, priorities 1 to 50000 and unique per listener, host and path
 * patterns of 128 characters at most.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type ArgsChecker, PATH_PREFIX, resourceName } from "../core/internal";
import type { LoadBalancerArgs, LoadBalancerRoute, LoadBalancerTarget } from "./load-balancer";

/** Defaults of `LoadBalancerArgs`. */
export const LOAD_BALANCER_DEFAULTS = {
    accessLogsPrefix: "alb/access",
    connectionLogsPrefix: "alb/connection",
    idleTimeoutSeconds: 60,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    originHeaderName: "X-Origin-Verify",
    deletionProtection: false,
    cloudFrontPrefixListId: undefined as pulumi.Input<string> | undefined,
};

/**
 * Listener TLS policies that accept TLS 1.3 and 1.2 and nothing older (ELB user guide,
 * "Security policies for your Application Load Balancer"). TLS 1.3-only policies are left out:
 * Route 53 HTTPS health checks connect with TLS 1.2 at most.
 */
export const TLS12_SSL_POLICIES: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
];

/** ALB's quota of rules per load balancer (besides the default action). */
export const MAX_LISTENER_RULES = 100;
/** Longest host or path pattern ELB accepts. */
const MAX_PATTERN = 128;

const HOST = /^(?=.{1,128}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const LOG_PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** One listener rule: where it forwards, what it matches, its priority. */
export interface ListenerRulePlan {
    /**
     * Name of the target the rule forwards to.
     * @default always set
     */
    target: string;
    /**
     * Stable logical-name part (target, host, path), independent of the rule's position.
     * @default always set
     */
    key: string;
    /**
     * Priority: 10, 20, … in order of specificity.
     * @default always set
     */
    priority: number;
    /**
     * Host the rule matches.
     * @default none (every host)
     */
    host?: string;
    /**
     * `[]` for every path; `["/api", "/api/*"]` for the prefix `/api`.
     * @default always set
     */
    pathPatterns: string[];
}

/** `/api/` → `/api`; none or `/` → `/`. */
export function normalizedPrefix(pathPrefix: string | undefined): string {
    return (pathPrefix ?? "/").replace(/\/+$/, "") || "/";
}

/** The path patterns of a prefix: the prefix itself and everything below it. */
export function pathPatternsOf(pathPrefix: string | undefined): string[] {
    const prefix = normalizedPrefix(pathPrefix);
    return prefix === "/" ? [] : [prefix, `${prefix}/*`];
}

/** Stable logical-name part of a route's rule: target, host, path (never its position). */
export function ruleKey(target: string, route: LoadBalancerRoute): string {
    const prefix = normalizedPrefix(route.pathPrefix);
    return resourceName([target, route.host ?? "any-host", prefix === "/" ? "all-paths" : prefix], 80);
}

/**
 * The rules of every route, most specific first: longer path prefixes before shorter ones
 * (ELB evaluates the lowest priority first and stops at the first match), a host's route
 * before a host-less one of the same prefix, then in the order given (the sort is stable).
 * Priorities are 10, 20, …, so they depend only on the routes.
 */
export function listenerRulesOf(targets: LoadBalancerTarget[]): ListenerRulePlan[] {
    const all = targets.flatMap((t) => t.routes.map((r) => ({ t, r, prefix: normalizedPrefix(r.pathPrefix) })));
    all.sort((a, b) =>
        b.prefix.length - a.prefix.length
        || Number(a.r.host === undefined) - Number(b.r.host === undefined));
    return all.map(({ t, r }, i) => ({
        target: t.name,
        key: ruleKey(t.name, r),
        priority: (i + 1) * 10,
        ...(r.host !== undefined ? { host: r.host } : {}),
        pathPatterns: pathPatternsOf(r.pathPrefix),
    }));
}

/**
 * A listener rule condition as `aws.lb.ListenerRule` takes it, written out so that these
 * declarations need no `@pulumi/aws` (a GCP-only consumer type-checks them without it).
 */
export interface RuleCondition {
    /**
     * Host names the request's Host header must match.
     * @default no host condition
     */
    hostHeader?: {
        /**
         * The host names.
         * @default none (required)
         */
        values: string[];
    };
    /**
     * Path patterns the request's path must match.
     * @default no path condition
     */
    pathPattern?: {
        /**
         * The patterns.
         * @default none (required)
         */
        values: string[];
    };
    /**
     * A header the request must carry with one of the values.
     * @default no header condition
     */
    httpHeader?: {
        /**
         * The header's name.
         * @default none (required)
         */
        httpHeaderName: string;
        /**
         * Its accepted values.
         * @default none (required)
         */
        values: pulumi.Input<string>[];
    };
}

/**
 * The conditions of a rule: its host, its path patterns, and the secret origin header
 * CloudFront adds (without it no rule matches and the listener answers 403).
 */
export function ruleConditions(rule: ListenerRulePlan, header: { name: string; value: pulumi.Input<string> }): RuleCondition[] {
    return [
        ...(rule.host ? [{ hostHeader: { values: [rule.host] } }] : []),
        ...(rule.pathPatterns.length ? [{ pathPattern: { values: rule.pathPatterns } }] : []),
        { httpHeader: { httpHeaderName: header.name, values: [header.value] } },
    ];
}

/** Records the problems of the routing and listener args into `check`. */
export function checkLoadBalancerArgs(check: ArgsChecker, args: LoadBalancerArgs): void {
    const targets = args.targets;
    if (!Array.isArray(targets) || targets.length === 0) {
        check.fail("targets", "at least one target with routes", targets);
    } else {
        const names = new Set<string>();
        const routes = new Map<string, string>();
        const keys = new Set<string>();
        let count = 0;
        targets.forEach((t, i) => {
            const at = `targets[${i}]`;
            check.check(typeof t.name === "string" && /^[a-z][a-z0-9-]{0,19}$/.test(t.name), `${at}.name`, "a short lowercase name such as \"api\"", t.name);
            check.check(!names.has(t.name), `${at}.name`, "each target once", t.name);
            names.add(t.name);
            check.check(Number.isInteger(t.port) && t.port >= 1 && t.port <= 65535, `${at}.port`, "an integer from 1 to 65535", t.port);
            if (!check.check(Array.isArray(t.routes) && t.routes.length > 0, `${at}.routes`, "at least one route", t.routes)) return;
            t.routes.forEach((r, j) => {
                const rat = `${at}.routes[${j}]`;
                count++;
                check.check(r.host !== undefined || r.pathPrefix !== undefined, rat, "a host, a pathPrefix or both", r);
                check.matchesIfGiven(`${rat}.host`, r.host, HOST, "a lowercase hostname of at most 128 characters such as \"api.example.com\"");
                check.matchesIfGiven(`${rat}.pathPrefix`, r.pathPrefix, PATH_PREFIX, "a URL path prefix such as \"/api\"");
                // A name, host or prefix that is no string (from JavaScript or YAML) is reported above; it has no rule to compare.
                if ([t.name, r.host ?? "", r.pathPrefix ?? ""].some((v) => typeof v !== "string")) return;
                const prefix = normalizedPrefix(r.pathPrefix);
                check.check(`${prefix}/*`.length <= MAX_PATTERN, `${rat}.pathPrefix`, `a prefix of at most ${MAX_PATTERN - 2} characters (ELB path patterns stop at ${MAX_PATTERN}, "/*" included)`, r.pathPrefix);
                const where = `${r.host ?? "*"}${prefix}`;
                const other = routes.get(where);
                check.check(other === undefined, rat, `a route no other route has (${where} is routed by ${other} already)`, where);
                routes.set(where, rat);
                const key = ruleKey(t.name, r);
                check.check(other !== undefined || !keys.has(key), rat, "a route whose host and path differ from another's by more than punctuation (both would name the rule the same)", where);
                keys.add(key);
            });
        });
        check.check(count <= MAX_LISTENER_RULES, "targets", `at most ${MAX_LISTENER_RULES} routes in all (ALB's rule quota per load balancer)`, count);
    }
    check.intInRange("idleTimeoutSeconds", args.idleTimeoutSeconds, 1, 60);
    check.oneOf("sslPolicy", args.sslPolicy, TLS12_SSL_POLICIES);
    check.matchesIfGiven("originHeaderName", args.originHeaderName, /^(?!host$)[A-Za-z0-9-]{1,40}$/i, "a header name of 1-40 letters, digits or hyphens (not Host)");
    check.matchesIfGiven("accessLogsPrefix", args.accessLogsPrefix, LOG_PREFIX, "a prefix such as \"alb/access\" (no leading or trailing slash)");
    check.matchesIfGiven("connectionLogsPrefix", args.connectionLogsPrefix, LOG_PREFIX, "a prefix such as \"alb/connection\" (no leading or trailing slash)");
}
