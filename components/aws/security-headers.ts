import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

/** Arguments of {@link SecurityHeaders}. */
export interface SecurityHeadersArgs {
    /**
     * Prefix of the policy names (`acme-prod` → `acme-prod-security-headers`): a lowercase
     * letter, then up to 29 lowercase letters, digits or hyphens.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * `Content-Security-Policy` of every response: one line of printable ASCII, at most
     * 1,783 characters (CloudFront's limit for this header).
     * @default "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
     */
    contentSecurityPolicy?: string;
    /**
     * A CSP per route that overrides the default, keyed by a short route key (`api-admin`:
     * lowercase letters, digits, hyphens, at most 40). Each distinct CSP gets a policy of its
     * own (routes with the same CSP share one; one equal to the default uses the default's).
     * @default {}
     */
    routeContentSecurityPolicies?: Record<string, string>;
    /**
     * Further response headers (name → value) on every policy, e.g. `Permissions-Policy`.
     * At most 10; the values together at most 1,783 characters; never one of the security
     * headers set above.
     * @default {}
     */
    extraHeaders?: Record<string, string>;
}

/** Defaults of {@link SecurityHeadersArgs}. */
export const SECURITY_HEADERS_DEFAULTS = {
    contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    routeContentSecurityPolicies: {} as Record<string, string>,
    extraHeaders: {} as Record<string, string>,
};

/** HSTS max-age: two years, the HSTS preload list's recommendation (one year is its minimum). */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;
/** CloudFront quotas: CSP value length; custom headers per policy and their values' total length. */
export const MAX_CSP_LENGTH = 1783;
const MAX_EXTRA_HEADERS = 10;
const MAX_EXTRA_VALUES_LENGTH = 1783;

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;
const ROUTE_KEY = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const HEADER_VALUE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/;
/** Headers this policy manages itself (security headers) or CloudFront refuses as custom headers. */
const RESERVED_HEADERS = new Set([
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "x-xss-protection",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-headers",
    "access-control-allow-methods",
    "access-control-expose-headers",
    "access-control-max-age",
    "server-timing",
]);

function checkCsp(check: ArgsChecker, key: string, csp: unknown): void {
    if (!check.check(typeof csp === "string" && HEADER_VALUE.test(csp), key, "a Content-Security-Policy value: one line of printable ASCII, not empty", csp)) return;
    const length = (csp as string).length;
    check.check(length <= MAX_CSP_LENGTH, key, `at most ${MAX_CSP_LENGTH} characters (CloudFront's Content-Security-Policy limit)`, `${length} characters`);
}

/** Throws if CloudFront would refuse the policies; called before anything is registered. */
export function validateSecurityHeadersArgs(name: string, args: SecurityHeadersArgs): void {
    const check = new ArgsChecker(SecurityHeaders.TYPE, name);
    const cfg = { ...SECURITY_HEADERS_DEFAULTS, ...definedOnly(args) };
    // Required: `matches` would let a missing prefix through to a TypeError in the names.
    check.check(typeof args.namePrefix === "string" && NAME_PREFIX.test(args.namePrefix), "namePrefix",
        "a lowercase name prefix such as \"acme-prod\" (at most 30 characters)", args.namePrefix);
    checkCsp(check, "contentSecurityPolicy", cfg.contentSecurityPolicy);
    for (const [key, csp] of Object.entries(cfg.routeContentSecurityPolicies)) {
        check.matches(`routeContentSecurityPolicies.${key}`, key, ROUTE_KEY, "a route key of lowercase letters, digits and hyphens (at most 40) such as \"api-admin\"");
        checkCsp(check, `routeContentSecurityPolicies.${key}`, csp);
    }
    const extra = Object.entries(cfg.extraHeaders);
    check.check(extra.length <= MAX_EXTRA_HEADERS, "extraHeaders", `at most ${MAX_EXTRA_HEADERS} headers (CloudFront's custom header limit)`, `${extra.length} headers`);
    for (const [header, value] of extra) {
        const at = `extraHeaders.${header}`;
        check.matches(at, header, HEADER_NAME, "an HTTP header name such as \"Permissions-Policy\"");
        check.check(!RESERVED_HEADERS.has(header.toLowerCase()), at, "a header the security headers or CORS settings do not set", header);
        check.matches(at, value, HEADER_VALUE, "a header value: one line of printable ASCII, not empty");
    }
    const total = extra.reduce((sum, [, v]) => sum + (typeof v === "string" ? v.length : 0), 0);
    check.check(total <= MAX_EXTRA_VALUES_LENGTH, "extraHeaders", `values of at most ${MAX_EXTRA_VALUES_LENGTH} characters together (CloudFront's limit)`, `${total} characters`);
    check.throwIfAny();
}

/**
 * CloudFront response headers policies (global: no region) adding the security headers to
 * every response, overriding whatever the origin sent: HSTS for two years with
 * `includeSubDomains` and `preload` (preload-ready: submitting the domain to the list is
 * a separate, deliberate step), the CSP, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: strict-origin-when-cross-origin`, and any
 * extra headers. One policy for the default CSP and one per distinct route CSP; attach
 * `id` to every cache behaviour and `routeIds[key]` to the behaviours of that route.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const headers = new aws.SecurityHeaders("headers", {
 *     namePrefix: "acme-prod",
 *     contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'",
 *     routeContentSecurityPolicies: { "api-docs": "default-src 'self'; script-src 'self' 'unsafe-inline'" },
 * });
 * export const responseHeadersPolicyId = headers.id;
 * ```
 */
export class SecurityHeaders extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:SecurityHeaders";

    /** ID of the default policy: a cache behaviour's `responseHeadersPolicyId`. */
    readonly id: pulumi.Output<string>;
    /** ID of the policy of each route key in `routeContentSecurityPolicies`. */
    readonly routeIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: SecurityHeadersArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecurityHeadersArgs(name, args);
        super(SecurityHeaders.TYPE, name, {}, opts);
        const cfg = { ...SECURITY_HEADERS_DEFAULTS, ...definedOnly(args) };
        const extraHeaders = Object.entries(cfg.extraHeaders).map(([header, value]) => ({ header, value, override: true }));
        const policy = (suffix: string, csp: string, comment: string) => new aws.cloudfront.ResponseHeadersPolicy(`${name}${suffix ? `-${suffix}` : ""}`, {
            name: resourceName([cfg.namePrefix, "security-headers", suffix], 128),
            comment,
            securityHeadersConfig: {
                strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true, override: true },
                contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
                contentTypeOptions: { override: true },
                frameOptions: { frameOption: "DENY", override: true },
                referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
            },
            ...(extraHeaders.length ? { customHeadersConfig: { items: extraHeaders } } : {}),
        }, { parent: this });

        this.id = policy("", cfg.contentSecurityPolicy, `Security headers of ${cfg.namePrefix} managed by prodstack`).id;
        // One policy per distinct CSP, named after the first route key (sorted) that uses it.
        const byCsp = new Map<string, pulumi.Output<string>>([[cfg.contentSecurityPolicy, this.id]]);
        this.routeIds = {};
        for (const key of Object.keys(cfg.routeContentSecurityPolicies).sort()) {
            const csp = cfg.routeContentSecurityPolicies[key];
            if (!byCsp.has(csp)) byCsp.set(csp, policy(key, csp, `Security headers of ${cfg.namePrefix} route ${key} managed by prodstack`).id);
            this.routeIds[key] = byCsp.get(csp)!;
        }
        this.registerOutputs({ id: this.id, routeIds: this.routeIds });
    }
}
