/**
 * Validation of {@link DistributionArgs}: everything CloudFront, ACM, WAF or Route 53 would
 * reject, and routes that could not work, checked before {@link Distribution} registers
 * anything. Internal.
 */
import { ArgsChecker, cloudWatchRetentionProblem, definedOnly, HOSTNAME, HOSTNAME_EXPECTED, normalizePrefix, PATH_PREFIX } from "../core/internal";
import type { DistributionArgs } from "./distribution-types";

/** Defaults of {@link DistributionArgs}. */
export const DISTRIBUTION_DEFAULTS = {
    apiOrigins: [] as NonNullable<DistributionArgs["apiOrigins"]>,
    apiRoutes: [] as NonNullable<DistributionArgs["apiRoutes"]>,
    sites: [] as NonNullable<DistributionArgs["sites"]>,
    logRetentionDays: 365,
    priceClass: "PriceClass_All" as NonNullable<DistributionArgs["priceClass"]>,
};

/** Per-origin and per-site defaults. */
export const ORIGIN_DEFAULTS = { readTimeoutSeconds: 30, cacheTtlSeconds: 3600 };

/** CloudFront's longest origin read timeout without a quota increase (CloudFront quotas). */
export const MAX_ORIGIN_READ_TIMEOUT = 60;

/** Path prefixes a distribution can route: CloudFront's default quota is 25 cache behaviours, two per prefix. */
export const MAX_PATH_PREFIXES = 12;

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;
const ORIGIN_NAME = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const ORIGIN_NAME_EXPECTED = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
const PRICE_CLASSES = ["PriceClass_All", "PriceClass_200", "PriceClass_100"] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/;
/**
 * Headers CloudFront refuses as custom origin headers (CloudFront developer guide, "Custom
 * headers that CloudFront can't add to origin requests"); `X-Amz-` and `X-Edge-` prefixes too.
 */
const FORBIDDEN_ORIGIN_HEADERS = [
    "cache-control", "connection", "content-length", "cookie", "host", "if-match", "if-modified-since", "if-none-match",
    "if-range", "if-unmodified-since", "max-forwards", "pragma", "proxy-authorization", "proxy-connection", "range",
    "request-range", "te", "trailer", "transfer-encoding", "upgrade", "via", "x-real-ip",
];

export { normalizePrefix };

/** Throws if `args` would be rejected by the cloud or make no sense; called before anything is registered. */
export function validateDistributionArgs(type: string, name: string, args: DistributionArgs): void {
    const check = new ArgsChecker(type, name);
    const cfg = { ...DISTRIBUTION_DEFAULTS, ...definedOnly(args) };
    // Required: `matches` would let a missing prefix through to a TypeError in the names.
    check.check(typeof args.namePrefix === "string" && NAME_PREFIX.test(args.namePrefix), "namePrefix", "a lowercase name prefix such as \"acme-prod\"", args.namePrefix);
    check.check(typeof args.host === "string" && HOSTNAME.test(args.host), "host", HOSTNAME_EXPECTED, args.host);
    // us-east-1 exists in the `aws` partition only (China and GovCloud have regions of their own).
    check.matchesIfKnown("certificateArn", args.certificateArn, /^arn:aws:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/,
        "an ACM certificate ARN in us-east-1 (CloudFront takes certificates from us-east-1 only)");
    check.matchesIfKnown("webAclArn", args.webAclArn, /^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[a-f0-9-]+$/,
        "the ARN of a WAFv2 web ACL of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)");
    check.check(args.responseHeadersPolicyId !== undefined && args.responseHeadersPolicyId !== "", "responseHeadersPolicyId",
        "the ID of a response headers policy (security headers on every response)", args.responseHeadersPolicyId);
    check.matchesIfKnown("logsKmsKeyArn", args.logsKmsKeyArn, /^arn:aws:kms:us-east-1:\d{12}:key\/[A-Za-z0-9-]+$/, "the ARN of a KMS key in us-east-1");
    check.matchesIfGivenAndKnown("dnsZoneId", args.dnsZoneId, /^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone ID such as \"Z0123456789ABCDEFGHIJ\"");
    check.oneOf("priceClass", args.priceClass, PRICE_CLASSES);
    const retention = args.logRetentionDays === undefined ? undefined : cloudWatchRetentionProblem(args.logRetentionDays);
    if (retention) check.fail("logRetentionDays", retention, args.logRetentionDays);

    if (args.redirectTo !== undefined) {
        if (check.check(typeof args.redirectTo === "string" && HOSTNAME.test(args.redirectTo), "redirectTo", HOSTNAME_EXPECTED, args.redirectTo)) {
            check.check(args.redirectTo !== args.host, "redirectTo", "a host other than `host`", args.redirectTo);
        }
        const serves = cfg.apiRoutes.length + cfg.sites.length;
        check.check(serves === 0, "redirectTo", "no apiRoutes or sites with redirectTo (a redirect host serves nothing else)", args.redirectTo);
    } else if (cfg.apiRoutes.length === 0 && cfg.sites.length === 0) {
        check.fail("apiRoutes", "at least one API route or site (or redirectTo)", cfg.apiRoutes);
    }

    const origins = new Set<string>();
    cfg.apiOrigins.forEach((o, i) => {
        const at = `apiOrigins[${i}]`;
        check.matches(`${at}.name`, o.name, ORIGIN_NAME, ORIGIN_NAME_EXPECTED);
        check.check(!origins.has(o.name), `${at}.name`, "a name unique among apiOrigins", o.name);
        origins.add(o.name);
        check.matchesIfKnown(`${at}.domainName`, o.domainName, /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
            "a DNS name the origin's certificate covers (CloudFront connects over HTTPS only)");
        check.intInRange(`${at}.readTimeoutSeconds`, o.readTimeoutSeconds, 1, MAX_ORIGIN_READ_TIMEOUT);
        for (const header of Object.keys(o.customHeaders ?? {})) {
            const lower = header.toLowerCase();
            const allowed = HEADER_NAME.test(header) && !FORBIDDEN_ORIGIN_HEADERS.includes(lower) && !/^x-(amz|edge)-/.test(lower);
            check.check(allowed, `${at}.customHeaders.${header}`, "a header name CloudFront may add to origin requests (not Host, Cookie, X-Amz-*, X-Edge-* ...)", header);
        }
    });

    const claimed = new Map<string, string>();
    const claim = (at: string, prefix: string | undefined): void => {
        if (prefix !== undefined && !check.check(typeof prefix === "string" && PATH_PREFIX.test(prefix), `${at}.pathPrefix`,
            "a URL path prefix starting with \"/\" such as \"/api\"", prefix)) return;
        const path = normalizePrefix(prefix);
        const owner = claimed.get(path);
        if (owner) check.fail(`${at}.pathPrefix`, `a path no other route or site of ${args.host} uses (${owner} already serves ${path})`, path);
        claimed.set(path, at);
    };
    cfg.apiRoutes.forEach((r, i) => {
        const at = `apiRoutes[${i}]`;
        check.check(origins.has(r.origin), `${at}.origin`, `one of the apiOrigins (${[...origins].join(", ") || "none given"})`, r.origin);
        claim(at, r.pathPrefix);
    });
    const siteNames = new Set<string>();
    cfg.sites.forEach((s, i) => {
        const at = `sites[${i}]`;
        check.matches(`${at}.name`, s.name, ORIGIN_NAME, ORIGIN_NAME_EXPECTED);
        check.check(!siteNames.has(s.name), `${at}.name`, "a name unique among sites", s.name);
        siteNames.add(s.name);
        check.intInRange(`${at}.cacheTtlSeconds`, s.cacheTtlSeconds, 0, 31_536_000);
        claim(at, s.pathPrefix);
    });
    // Each prefix but "/" takes two cache behaviours (`/api` and `/api/*`).
    const prefixes = [...claimed.keys()].filter((p) => p !== "/").length;
    check.check(prefixes <= MAX_PATH_PREFIXES, "apiRoutes", `at most ${MAX_PATH_PREFIXES} path prefixes besides "/" for routes and sites together (CloudFront's default quota of 25 cache behaviours; each prefix takes two)`, `${prefixes} prefixes`);
    check.throwIfAny();
}

