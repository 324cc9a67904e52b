/**
 * The edge sections of the environment spec (infra/config.ts): a service's public routes,
 * the `edge` section (WAF, rate limits, redirects), and the cross-field checks of both.
 * The checks only see the parsed spec (types only: no runtime import cycle).
 */
import { z } from "zod";
import { ipRangeProblem } from "../components/core/ip-ranges";
import type { EnvironmentSpec, RouteSpec } from "./config";
import { cidr, hostname, int, pathPrefix, pattern } from "./config-fields";

const cspValue = pattern(/^[\x21-\x7e][\x20-\x7e]*$/, "a Content-Security-Policy header value: one line of printable ASCII");
const iamMember = pattern(
    /^(user|group|serviceAccount|domain):[^\s:]+$/,
    "an IAM member such as \"group:staff@example.com\" or \"user:ana@example.com\"",
);

export const route = z.strictObject({
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


export const edge = z.strictObject({
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

export type AddIssue = (path: (string | number)[], message: string, input: unknown, given?: string) => void;

/** Per-route checks: something to match on, valid allowlist ranges, IAP only where the cloud has it. */
export function checkRoute(s: EnvironmentSpec, at: (string | number)[], r: RouteSpec, add: AddIssue): void {
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
export function checkNestedUnderRestricted(s: EnvironmentSpec, add: AddIssue): void {
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
export function checkRedirects(s: EnvironmentSpec, domains: Set<string>, add: AddIssue): void {
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
