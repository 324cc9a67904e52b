/**
 * Routes of the edge: the per-route settings a service route may carry, redirect hosts, the
 * security headers, and the URL map's path matchers. Used by {@link Edge} (cdn.ts).
 */
import type * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, checkAllowlist, normalizePrefix, resourceName } from "../core/internal";
import type { EdgeService } from "./cdn";
import { checkArmorSettings, type ArmorSettings } from "./waf";

/**
 * One host + path prefix a service answers on, with optional access restrictions and edge
 * settings of its own. A route with any of them gets a backend service of its own (on the
 * same serverless NEG) carrying them; plain routes share the service's backend.
 */
export interface EdgeRoute {
    /**
     * Host of the route; one of the edge's domains. Omitted: every host.
     * @default none (every host)
     */
    host?: string;
    /**
     * Path prefix of the route, e.g. `/api`. The service sees the full path.
     * @default "/"
     */
    pathPrefix?: string;
    /**
     * Only clients in these IPv4/IPv6 ranges (at most 10) reach the route; Cloud Armor
     * answers everyone else with 403. The OWASP rules and the rate limit still apply.
     * @default none (every client)
     */
    allowIpRanges?: string[];
    /**
     * Identity-Aware Proxy in front of the route: only these IAM members
     * (`user:…`, `group:…`, `serviceAccount:…`, `domain:…`) get through, after signing in.
     * Uses the Google-managed OAuth client.
     * @default none (no IAP)
     */
    iapMembers?: string[];
    /**
     * Requests per minute per client IP on this route (see `ArmorSettings.requestsPerMinute`).
     * @default the edge's `armor.requestsPerMinute`
     */
    requestsPerMinute?: number;
    /**
     * Ban duration on this route when a client exceeds its limit; 0 throttles.
     * @default the edge's `armor.banSeconds`
     */
    banSeconds?: number;
    /**
     * `Content-Security-Policy` on this route's responses; the other security headers
     * (HSTS, nosniff, frame denial, Referrer-Policy) stay as everywhere else.
     * @default the edge's `contentSecurityPolicy`
     */
    contentSecurityPolicy?: string;
}

/** A host that answers only with a permanent redirect to another host (`www` → apex). */
export interface EdgeRedirect {
    /**
     * Host to redirect from, e.g. `www.example.com`; it gets a certificate and DNS records
     * but serves nothing else, so it must not be one of the domains.
     * @default none (required)
     */
    from: string;
    /**
     * Host to redirect to, e.g. `example.com`; path and query are kept.
     * @default none (required)
     */
    to: string;
}

/** The routes of a service: `routes`, or the single route of `host` / `pathPrefix`. */
export function routesOf(svc: EdgeService): EdgeRoute[] {
    return svc.routes ?? [{ host: svc.host, pathPrefix: svc.pathPrefix }];
}

/** Whether a route needs a backend service of its own (access or edge settings of its own). */
export function hasOwnSettings(r: EdgeRoute): boolean {
    return r.allowIpRanges !== undefined || r.iapMembers !== undefined || r.requestsPerMinute !== undefined
        || r.banSeconds !== undefined || r.contentSecurityPolicy !== undefined;
}

/** Whether a route lets only some clients through (allowlist or IAP). */
export function isRestricted(r: EdgeRoute): boolean {
    return r.allowIpRanges !== undefined || r.iapMembers !== undefined;
}

/** The host + prefix of every restricted route below `/` (a restricted `/` has no other spelling to guard). */
export function restrictedRoutes(services: readonly EdgeService[]): Array<{ host?: string; pathPrefix: string }> {
    return services.flatMap((svc) => routesOf(svc))
        .filter((r) => isRestricted(r) && normalizePrefix(r.pathPrefix) !== "/")
        .map((r) => ({ ...(r.host !== undefined ? { host: r.host } : {}), pathPrefix: normalizePrefix(r.pathPrefix) }));
}

/**
 * `api.example.com` + `/admin` → `api-example-com-admin`; a route on every host → `any-admin`;
 * `/` adds nothing (resourceName drops what is not a letter or digit).
 */
export function routeSlug(r: EdgeRoute): string {
    return resourceName([r.host ?? "any", normalizePrefix(r.pathPrefix)], 40);
}

export const CSP_VALUE = /^[\x21-\x7e][\x20-\x7e]*$/;
export const CSP_EXPECTED = "a Content-Security-Policy value: one line of printable ASCII, not empty";
const IAM_MEMBER = /^(user|group|serviceAccount|domain):[^\s:]+$/;

export { normalizePrefix };

/** The security headers the edge adds to every response, as `Name: value` lines. */
export function securityHeaders(contentSecurityPolicy: string, hstsMaxAgeSeconds: number): string[] {
    return [
        `Strict-Transport-Security: max-age=${hstsMaxAgeSeconds}; includeSubDomains`,
        "X-Content-Type-Options: nosniff",
        "X-Frame-Options: DENY",
        "Referrer-Policy: strict-origin-when-cross-origin",
        `Content-Security-Policy: ${contentSecurityPolicy}`,
    ];
}

/** Records every problem with a route's own settings under its key path `at`. */
export function checkRouteSettings(check: ArgsChecker, at: string, r: EdgeRoute, armor: ArmorSettings | undefined): void {
    if (r.allowIpRanges !== undefined) checkAllowlist(check, `${at}.allowIpRanges`, r.allowIpRanges);
    if (r.iapMembers !== undefined) {
        if (check.check(Array.isArray(r.iapMembers) && r.iapMembers.length > 0, `${at}.iapMembers`, "at least one IAM member", r.iapMembers)) {
            r.iapMembers.forEach((m, k) => {
                check.matches(`${at}.iapMembers[${k}]`, m, IAM_MEMBER, "an IAM member such as \"group:staff@example.com\" (never allUsers)");
            });
        }
    }
    check.matchesIfGiven(`${at}.contentSecurityPolicy`, r.contentSecurityPolicy, CSP_VALUE, CSP_EXPECTED);
    if (r.requestsPerMinute !== undefined || r.banSeconds !== undefined) {
        checkArmorSettings(check, {
            requestsPerMinute: r.requestsPerMinute ?? armor?.requestsPerMinute,
            banSeconds: r.banSeconds ?? armor?.banSeconds,
        }, `${at}.`);
    }
}

/** One route of the URL map: where a host + path prefix goes. */
export interface Route {
    /**
     * Host of the route.
     * @default none (every host)
     */
    host?: string;
    /**
     * Normalised path prefix (`/`, `/api`).
     * @default none (required)
     */
    prefix: string;
    /**
     * Backend service or bucket the route leads to.
     * @default none (required)
     */
    backendId: pulumi.Output<string>;
    /**
     * For SPA sites: the bucket to fetch the index from and its path.
     * @default none (no SPA fallback)
     */
    spa?: {
        /**
         * Backend bucket holding the index.
         * @default none (required)
         */
        backendId: pulumi.Output<string>;
        /**
         * Path of the index page.
         * @default none (required)
         */
        indexPath: string;
    };
}

export type PathMatcher = gcp.types.input.compute.URLMapPathMatcher;
type PathRule = gcp.types.input.compute.URLMapPathMatcherPathRule;

/** Routes a path matcher serves for `host`: its own routes, plus every-host routes it does not override. */
export function routesForHost(host: string, all: readonly Route[]): Route[] {
    const own = all.filter((r) => r.host === host);
    const shared = all.filter((r) => r.host === undefined && !own.some((o) => o.prefix === r.prefix));
    return [...own, ...shared];
}

/** SPA fallback: a 404 from the bucket becomes its index page with status 200. */
function spaPolicy(spa: NonNullable<Route["spa"]>): PathRule["customErrorResponsePolicy"] {
    return {
        errorResponseRules: [{ matchResponseCodes: ["404"], path: spa.indexPath, overrideResponseCode: 200 }],
        errorService: spa.backendId,
    };
}

/**
 * A path matcher for `routes`. Path rules match longest-prefix first regardless of order,
 * so `/api/*` wins over a site's `/*`. A site at `/` is the matcher's default and, when it
 * is an SPA, also gets a `/*` rule that carries the fallback: the policy then applies to
 * the site only, never to services' 404s.
 */
export function pathMatcher(name: string, routes: readonly Route[], fallbackId: pulumi.Output<string> | undefined): PathMatcher {
    const root = routes.find((r) => r.prefix === "/");
    const pathRules: PathRule[] = [];
    for (const r of routes) {
        const policy = r.spa ? { customErrorResponsePolicy: spaPolicy(r.spa) } : {};
        if (r.prefix === "/") {
            if (r.spa) pathRules.push({ paths: ["/*"], service: r.backendId, ...policy });
            continue;
        }
        pathRules.push({ paths: [r.prefix, `${r.prefix}/*`], service: r.backendId, ...policy });
    }
    return {
        name,
        defaultService: root ? root.backendId : fallbackId!,
        ...(pathRules.length > 0 ? { pathRules } : {}),
    };
}

