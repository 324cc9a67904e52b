/** GCP edge rules: the global external Application Load Balancer, Cloud Armor, Cloud CDN. */
import type { PolicyResource, ResourceCheck, RuleContext, StackCheck } from "../../types";
import { arr, get, isSet, known, linked, listing, missingSecurityHeaders, ofTypes, refersTo, skip, str, stringsIn, type Props } from "../common";
import { T, what, whatLower } from "./types";

// ---------------------------------------------------------------------------
// Shared look-ups
// ---------------------------------------------------------------------------

/** Backend services an internet client can reach (EXTERNAL is the default scheme). */
export function isPublicBackendService(r: PolicyResource): boolean {
    const scheme = str(known(() => r.props.loadBalancingScheme, ""));
    return scheme === "" || scheme === "EXTERNAL" || scheme === "EXTERNAL_MANAGED";
}

/** Backend buckets of the external load balancer (INTERNAL_MANAGED is the only internal scheme). */
export function isPublicBackendBucket(r: PolicyResource): boolean {
    return str(known(() => r.props.loadBalancingScheme, "")) !== "INTERNAL_MANAGED";
}

/** Public backend services and buckets of the stack. */
function publicBackends(resources: PolicyResource[]): { services: PolicyResource[]; buckets: PolicyResource[] } {
    return {
        services: ofTypes(resources, T.backendService).filter(isPublicBackendService),
        buckets: ofTypes(resources, T.backendBucket).filter(isPublicBackendBucket),
    };
}

const isEdgePolicy = (p: PolicyResource) => str(known(() => p.props.type, "")) === "CLOUD_ARMOR_EDGE";

/** The backend (not edge) Cloud Armor policies attached to a backend service. */
function armorPoliciesOf(service: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    const policies = ofTypes(resources, T.securityPolicy).filter((p) => !isEdgePolicy(p));
    return linked(service, policies, ["securityPolicy"]);
}

/**
 * Each public backend service with its backend Cloud Armor policies, all marked examined.
 * Not applicable when the stack has no public backend service.
 */
function armoredPublicServices(resources: PolicyResource[], ctx: RuleContext): Array<{ service: PolicyResource; policies: PolicyResource[] }> {
    const { services } = publicBackends(resources);
    if (!services.length) skip("no public backend service in this stack");
    return services.map((service) => {
        const policies = armorPoliciesOf(service, resources);
        ctx.examined(service, ...policies);
        return { service, policies };
    });
}

/** A Cloud Armor policy's rules: inline `rules` plus SecurityPolicyRule resources pointing at it. */
function rulesOf(policy: PolicyResource, resources: PolicyResource[]): Props[] {
    const inline = arr(policy.props.rules) as Props[];
    const separate = ofTypes(resources, T.securityPolicyRule)
        .filter((rule) => linked(rule, [policy], ["securityPolicy"]).length > 0)
        .map((rule) => rule.props);
    return [...inline, ...separate];
}

const enforced = (rule: Props) => rule.preview !== true;

/** A rule that denies what Google's preconfigured WAF expressions (OWASP CRS) detect. */
function isWafRule(rule: Props): boolean {
    const expr = str(get(rule, "match.expr.expression"));
    return enforced(rule) && /^deny/.test(str(rule.action)) && /evaluatePreconfigured(Waf|Expr)\(/.test(expr);
}

const PER_CLIENT = (key: unknown) => typeof key === "string" && key !== "" && key !== "ALL";

/** A throttle / rate-based-ban rule keyed on the client rather than on all traffic. */
function rateLimitKind(rule: Props): "per-client" | "global" | undefined {
    const action = str(rule.action);
    if (!enforced(rule) || (action !== "throttle" && action !== "rate_based_ban")) return undefined;
    const options = (rule.rateLimitOptions ?? {}) as Props;
    const keys = [options.enforceOnKey, ...arr(options.enforceOnKeyConfigs).map((c) => get(c, "enforceOnKeyType"))];
    return keys.some(PER_CLIENT) ? "per-client" : "global";
}

/** Rules that end evaluation with an allow for matching requests: `allow`, and the conforming side of rate limits. */
function allowsEarly(rule: Props): boolean {
    return enforced(rule) && ["allow", "throttle", "rate_based_ban"].includes(str(rule.action));
}

/**
 * Rules that let requests through before the first rule `isTarget` picks (an allowlisted
 * route's `allow` placed ahead of the WAF, say): matching requests skip that rule entirely.
 */
function allowedBefore(rules: Props[], isTarget: (r: Props) => boolean): Props[] {
    const first = Math.min(...rules.filter(isTarget).map((r) => Number(r.priority)));
    return rules.filter((r) => !isTarget(r) && allowsEarly(r) && Number(r.priority) < first);
}

const priorities = (rules: Props[]) => listing(rules.map((r) => String(r.priority)));

/** Whether a URL map sends traffic to backends (rather than only redirecting). */
function servesBackends(map: Props): boolean {
    if (isSet(map, "defaultService") || isSet(map, "defaultRouteAction")) return true;
    return arr(map.pathMatchers).some((m) => {
        if (isSet(m, "defaultService") || isSet(m, "defaultRouteAction")) return true;
        const rules = [...arr(get(m, "pathRules")), ...arr(get(m, "routeRules"))];
        return rules.some((r) => isSet(r, "service") || isSet(r, "routeAction"));
    });
}

// ---------------------------------------------------------------------------
// https-only
// ---------------------------------------------------------------------------

export const httpsOnly: StackCheck = {
    types: [T.forwardingRule, T.httpProxy, T.httpsProxy, T.urlMap],
    check(resources, report, ctx) {
        const httpProxies = ofTypes(resources, T.httpProxy);
        if (!httpProxies.length && !ofTypes(resources, T.httpsProxy, T.forwardingRule).length) {
            return skip("no load balancer in this stack");
        }
        const maps = ofTypes(resources, T.urlMap);
        ctx.examined(...ofTypes(resources, T.forwardingRule, T.httpsProxy), ...httpProxies);
        for (const proxy of httpProxies) {
            const targets = linked(proxy, maps, ["urlMap"]);
            if (!targets.length) {
                report(
                    `${what(proxy)} serves plain HTTP through a URL map outside this stack, so its redirect to HTTPS ` +
                        "cannot be verified; point it at a URL map whose defaultUrlRedirect has httpsRedirect: true.",
                    proxy.urn,
                );
                continue;
            }
            ctx.examined(...targets);
            for (const map of targets) {
                const redirects = get(map.props, "defaultUrlRedirect.httpsRedirect") === true;
                if (!redirects || servesBackends(map.props)) {
                    report(
                        `${what(proxy)} serves plain HTTP: its ${whatLower(map)} must only redirect to HTTPS ` +
                            "(defaultUrlRedirect.httpsRedirect: true and no backend services).",
                        proxy.urn,
                    );
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// tls-min-version
// ---------------------------------------------------------------------------

const MODERN_TLS = ["TLS_1_2", "TLS_1_3"];

export const tlsMinVersion: StackCheck = {
    types: [T.httpsProxy, T.sslPolicy],
    check(resources, report, ctx) {
        const sslPolicies = ofTypes(resources, T.sslPolicy);
        const proxies = ofTypes(resources, T.httpsProxy);
        if (!sslPolicies.length && !proxies.length) return skip("no HTTPS proxy or SSL policy in this stack");
        ctx.examined(...sslPolicies, ...proxies);
        for (const policy of sslPolicies) {
            const min = str(policy.props.minTlsVersion);
            if (!MODERN_TLS.includes(min)) {
                const now = min ? `minTlsVersion is ${min}` : "minTlsVersion is not set and defaults to TLS_1_0";
                report(`${what(policy)} accepts TLS versions below 1.2 (${now}); set minTlsVersion to TLS_1_2 or TLS_1_3.`, policy.urn);
            }
        }
        for (const proxy of proxies) {
            if (!linked(proxy, sslPolicies, ["sslPolicy"]).length && !isSet(proxy.props, "sslPolicy")) {
                report(
                    `${what(proxy)} has no SSL policy, so Google's default accepts TLS 1.0 and 1.1; ` +
                        "attach an SSL policy with minTlsVersion TLS_1_2.",
                    proxy.urn,
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// security-headers
// ---------------------------------------------------------------------------

/** `["Name: value"]` → lower-case name → value. */
function parseHeaderLines(lines: unknown): Map<string, string> {
    const out = new Map<string, string>();
    for (const line of arr(lines)) {
        const text = str(line);
        const cut = text.indexOf(":");
        if (cut > 0) out.set(text.slice(0, cut).trim().toLowerCase(), text.slice(cut + 1).trim());
    }
    return out;
}

function addHeaderAction(into: Map<string, string>, read: () => unknown): void {
    // A header unknown during a real preview is left out (the check runs again at `pulumi up`).
    const headers = known(() => arr(get(read(), "responseHeadersToAdds")).map((h) => [str(get(h, "headerName")).toLowerCase(), str(get(h, "headerValue"))]), []);
    for (const [name, value] of headers) if (name) into.set(name, value);
}

/** Strings of a path matcher that can name a backend (header actions excluded). */
function routingStrings(matcher: unknown): string[] {
    if (!matcher || typeof matcher !== "object") return [];
    const { headerAction: _h, ...rest } = matcher as Props;
    return stringsIn(rest);
}

/** The response headers a backend's responses carry: its own plus those of URL maps routing to it. */
function headersOf(backend: PolicyResource, maps: PolicyResource[]): Map<string, string> {
    const headers = parseHeaderLines(known(() => backend.props.customResponseHeaders, []));
    for (const map of maps) {
        if (!linked(map, [backend], ["defaultService", "defaultRouteAction", "pathMatchers"]).length) continue;
        addHeaderAction(headers, () => map.props.headerAction);
        const matchers = known(() => arr(map.props.pathMatchers), []);
        // Whether a matcher names the backend: undefined when its references are unknown (real preview).
        const routesTo = (m: unknown) => known(() => routingStrings(m).some((v) => refersTo(v, backend)), undefined);
        // Offline, references the mocks cannot compute are absent, and during a real preview they
        // are unknown; unless some matcher names the backend, every matcher may route to it.
        const byValue = matchers.some((m) => routesTo(m) === true);
        for (const m of matchers) {
            if (byValue && routesTo(m) !== true) continue;
            addHeaderAction(headers, () => get(m, "headerAction"));
            for (const rr of known(() => arr(get(m, "routeRules")), [])) addHeaderAction(headers, () => get(rr, "headerAction"));
        }
    }
    return headers;
}

function missingHeaders(h: Map<string, string>, minHstsMaxAge: number): string[] {
    return missingSecurityHeaders({
        hstsMaxAge: Number(/max-age\s*=\s*(\d+)/i.exec(h.get("strict-transport-security") ?? "")?.[1] ?? NaN),
        nosniff: (h.get("x-content-type-options") ?? "").toLowerCase() === "nosniff",
        csp: h.get("content-security-policy") ?? "",
        frameOptions: h.get("x-frame-options") ?? "",
        referrerPolicy: h.get("referrer-policy") ?? "",
    }, minHstsMaxAge);
}

export const securityHeaders: StackCheck = {
    types: [T.backendService, T.backendBucket, T.urlMap],
    check(resources, report, ctx) {
        const { services, buckets } = publicBackends(resources);
        if (!services.length && !buckets.length) return skip("no public backend in this stack");
        const maps = ofTypes(resources, T.urlMap);
        const minHsts = Number(ctx.config.minHstsMaxAgeSeconds);
        ctx.examined(...services, ...buckets);
        for (const backend of [...services, ...buckets]) {
            const missing = missingHeaders(headersOf(backend, maps), minHsts);
            if (missing.length) {
                report(
                    `${what(backend)} sends responses without ${listing(missing)}; add them to its customResponseHeaders ` +
                        "or to the headerAction of the URL map that routes to it.",
                    backend.urn,
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// waf-on-public-backends
// ---------------------------------------------------------------------------

/**
 * Backend services (code) need enforced WAF rules. Backend buckets are out of scope: they
 * serve static files, and Cloud Armor can attach only edge (IP / region) policies to them.
 */
export const wafOnPublicBackends: StackCheck = {
    types: [T.backendService, T.securityPolicy, T.securityPolicyRule],
    check(resources, report, ctx) {
        for (const { service, policies } of armoredPublicServices(resources, ctx)) {
            if (!policies.length) {
                report(
                    isSet(service.props, "securityPolicy")
                        ? `${what(service)} uses a Cloud Armor policy outside this stack, so its WAF rules cannot be verified; ` +
                              "manage the policy in this stack."
                        : `${what(service)} has no Cloud Armor security policy, so no WAF inspects its traffic; ` +
                              "attach one (securityPolicy) with preconfigured WAF rules.",
                    service.urn,
                );
                continue;
            }
            if (!policies.some((p) => rulesOf(p, resources).some(isWafRule))) {
                report(
                    `${listing(policies.map(what))} on ${whatLower(service)} has no enforced preconfigured WAF rule; ` +
                        "add a deny rule matching evaluatePreconfiguredWaf(...) that is not in preview.",
                    service.urn,
                );
                continue;
            }
            for (const p of policies) {
                const early = allowedBefore(rulesOf(p, resources), isWafRule);
                if (early.length) {
                    report(
                        `${what(p)} on ${whatLower(service)} lets requests through at priority ${priorities(early)}, before its WAF rules, ` +
                            "so they skip the WAF (an allowlist must still pass the WAF); give those rules a priority after the WAF rules.",
                        service.urn,
                    );
                }
            }
        }
    },
};

/** Cloud Run must be reachable only through the load balancer, or the WAF and rate limits are bypassed. */
export const cloudRunIngressViaLoadBalancer: ResourceCheck = {
    types: [T.runService],
    check(args, report) {
        const ingress = str(args.props.ingress);
        if (ingress === "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" || ingress === "INGRESS_TRAFFIC_INTERNAL_ONLY") return;
        const now = ingress ? `ingress ${ingress}` : "ingress is not set and defaults to INGRESS_TRAFFIC_ALL";
        report(
            `${what(args)} accepts requests from the internet directly (${now}), bypassing the load balancer's WAF and ` +
                "rate limits; set ingress to INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER.",
        );
    },
};

// ---------------------------------------------------------------------------
// rate-limit-per-client
// ---------------------------------------------------------------------------

export const rateLimitPerClient: StackCheck = {
    types: [T.backendService, T.securityPolicy, T.securityPolicyRule],
    check(resources, report, ctx) {
        for (const { service, policies } of armoredPublicServices(resources, ctx)) {
            if (!policies.length) {
                report(`${what(service)} has no Cloud Armor security policy, so nothing limits the request rate of a client.`, service.urn);
                continue;
            }
            const kinds = policies.flatMap((p) => rulesOf(p, resources).map(rateLimitKind));
            if (kinds.includes("per-client")) {
                for (const p of policies) {
                    const rules = rulesOf(p, resources);
                    if (!rules.some((r) => rateLimitKind(r) === "per-client")) continue;
                    const early = allowedBefore(rules, (r) => rateLimitKind(r) === "per-client").filter((r) => !rateLimitKind(r));
                    if (early.length) {
                        report(
                            `${what(p)} on ${whatLower(service)} allows requests at priority ${priorities(early)} before its per-client rate limit, ` +
                                "so those clients are never limited; give those rules a priority after the rate-limit rule.",
                            service.urn,
                        );
                    }
                }
                continue;
            }
            const why = kinds.includes("global")
                ? "rate limits all traffic together (enforceOnKey ALL), so one client can use up everyone's quota"
                : "has no throttle or rate_based_ban rule";
            report(
                `${listing(policies.map(what))} on ${whatLower(service)} ${why}; add an enforced rule keyed per client ` +
                    "(enforceOnKey IP, XFF_IP or HTTP_HEADER).",
                service.urn,
            );
        }
    },
};

// ---------------------------------------------------------------------------
// static-assets-on-cdn
// ---------------------------------------------------------------------------

/**
 * Backend buckets that serve a route: named by a path matcher, or the default of a URL map
 * without host rules. A map's default behind host rules only answers unknown hosts (often an
 * empty bucket that returns 403) and needs no CDN. When the map's references cannot be read
 * (unknown during preview, absent offline), every bucket it depends on counts as routed.
 */
function routedBuckets(resources: PolicyResource[]): PolicyResource[] {
    const buckets = ofTypes(resources, T.backendBucket).filter(isPublicBackendBucket);
    const routed = new Set<PolicyResource>();
    for (const map of ofTypes(resources, T.urlMap)) {
        const refs = known(() => stringsIn(map.props.pathMatchers), undefined);
        const mapDefault = known(() => map.props.defaultService, undefined);
        const hasHosts = known(() => arr(map.props.hostRules).length > 0, true);
        for (const b of buckets) {
            if (!linked(map, [b], ["defaultService", "pathMatchers"]).length) continue;
            const byValue = refs !== undefined && (refs.some((v) => refersTo(v, b)) || (!hasHosts && refersTo(mapDefault, b)));
            const unreadable = refs === undefined || (!refs.some((v) => buckets.some((x) => refersTo(v, x))) && !refersTo(mapDefault, b));
            if (byValue || unreadable) routed.add(b);
        }
    }
    return [...routed];
}

export const staticAssetsOnCdn: StackCheck = {
    types: [T.backendBucket, T.urlMap],
    check(resources, report, ctx) {
        const buckets = routedBuckets(resources);
        if (!buckets.length) return skip("no backend bucket serves a route in this stack");
        ctx.examined(...buckets);
        for (const b of buckets) {
            if (b.props.enableCdn !== true) {
                report(`${what(b)} serves static assets without Cloud CDN; set enableCdn: true to cache them at the edge.`, b.urn);
            }
        }
    },
};
