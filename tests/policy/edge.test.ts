import { policyNamed } from "../../policy/policies";
import { r, unknownAt, urn, validateResource, validateStack, type StackResource } from "./harness";

const T = {
    httpProxy: "gcp:compute/targetHttpProxy:TargetHttpProxy",
    httpsProxy: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    urlMap: "gcp:compute/uRLMap:URLMap",
    sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
    backendService: "gcp:compute/backendService:BackendService",
    backendBucket: "gcp:compute/backendBucket:BackendBucket",
    securityPolicy: "gcp:compute/securityPolicy:SecurityPolicy",
    securityPolicyRule: "gcp:compute/securityPolicyRule:SecurityPolicyRule",
    runService: "gcp:cloudrunv2/service:Service",
};

const HEADERS = [
    "Strict-Transport-Security: max-age=31536000; includeSubDomains",
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    "Referrer-Policy: strict-origin-when-cross-origin",
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'",
];

const wafRule = (overrides: Record<string, unknown> = {}) => ({
    action: "deny(403)",
    priority: 1000,
    match: { expr: { expression: "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1})" } },
    preview: false,
    ...overrides,
});
const throttleRule = (enforceOnKey?: string) => ({
    action: "throttle",
    priority: 2000,
    match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
    rateLimitOptions: {
        conformAction: "allow",
        exceedAction: "deny(429)",
        rateLimitThreshold: { count: 600, intervalSec: 60 },
        ...(enforceOnKey ? { enforceOnKey } : {}),
    },
});
const defaultRule = { action: "allow", priority: 2147483647, match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } };

function armor(rules: unknown[], name = "edge-waf-policy"): StackResource {
    return r(T.securityPolicy, name, { name: "acme-prod-waf", rules: [...rules, defaultRule] });
}
function backend(policy?: StackResource, extra: Record<string, unknown> = {}): StackResource {
    return r(
        T.backendService,
        "edge-api-backend",
        {
            name: "acme-prod-api-backend",
            loadBalancingScheme: "EXTERNAL_MANAGED",
            customResponseHeaders: HEADERS,
            ...(policy ? { securityPolicy: `${policy.name}-id` } : {}),
            ...extra,
        },
        policy ? [policy] : [],
    );
}

describe("https-only", () => {
    const redirect = r(T.urlMap, "edge-http-redirect", {
        name: "acme-prod-edge-redirect",
        defaultUrlRedirect: { httpsRedirect: true, stripQuery: false, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT" },
    });

    it("passes when the HTTP proxy's URL map only redirects to HTTPS", async () => {
        const proxy = r(T.httpProxy, "edge-http", { name: "acme-prod-edge-http", urlMap: "edge-http-redirect-id" }, [redirect]);
        expect(await validateStack("https-only", [redirect, proxy])).toEqual({ messages: [], urns: [] });
    });

    it("fails an HTTP proxy whose URL map serves a backend", async () => {
        const api = backend();
        const serving = r(T.urlMap, "edge-https", { name: "acme-prod-edge", defaultService: "edge-api-backend-id" }, [api]);
        const proxy = r(T.httpProxy, "edge-http", { name: "acme-prod-edge-http", urlMap: "edge-https-id" }, [serving]);
        const out = await validateStack("https-only", [api, serving, proxy]);
        expect(out.messages).toEqual([
            'HTTP proxy "edge-http" serves plain HTTP: its URL map "edge-https" must only redirect to HTTPS ' +
                "(defaultUrlRedirect.httpsRedirect: true and no backend services).",
        ]);
        expect(out.urns).toEqual([urn(proxy)]);
    });

    it("fails an HTTP proxy whose URL map is not in the stack", async () => {
        const proxy = r(T.httpProxy, "edge-http", { urlMap: "projects/p/global/urlMaps/elsewhere" });
        expect((await validateStack("https-only", [proxy])).messages).toEqual([
            'HTTP proxy "edge-http" serves plain HTTP through a URL map outside this stack, so its redirect to HTTPS ' +
                "cannot be verified; point it at a URL map whose defaultUrlRedirect has httpsRedirect: true.",
        ]);
    });

    it("resolves the URL map through the engine's property dependencies when the reference is unknown", async () => {
        const proxy: StackResource = { ...r(T.httpProxy, "edge-http", {}), propertyDeps: { urlMap: [redirect] } };
        expect((await validateStack("https-only", [redirect, proxy])).messages).toEqual([]);
    });

    it("does not apply without a load balancer", async () => {
        expect((await validateStack("https-only", [])).notApplicable).toBe("no load balancer in this stack; no AWS load balancer listener in this stack; no CloudFront distribution in this stack");
    });
});

describe("tls-min-version", () => {
    const ssl = (minTlsVersion?: string) =>
        r(T.sslPolicy, "edge-tls", { name: "acme-prod-edge-tls", profile: "RESTRICTED", ...(minTlsVersion ? { minTlsVersion } : {}) });

    it("passes an HTTPS proxy with a TLS 1.2 SSL policy", async () => {
        const policy = ssl("TLS_1_2");
        const proxy = r(T.httpsProxy, "edge-https", { sslPolicy: "edge-tls-id", urlMap: "edge-https-id" }, [policy]);
        expect((await validateStack("tls-min-version", [policy, proxy])).messages).toEqual([]);
    });

    it("fails an SSL policy that leaves the minimum at TLS 1.0", async () => {
        const policy = ssl();
        const proxy = r(T.httpsProxy, "edge-https", { sslPolicy: "edge-tls-id" }, [policy]);
        expect((await validateStack("tls-min-version", [policy, proxy])).messages).toEqual([
            'SSL policy "edge-tls" accepts TLS versions below 1.2 (minTlsVersion is not set and defaults to TLS_1_0); ' +
                "set minTlsVersion to TLS_1_2 or TLS_1_3.",
        ]);
        expect((await validateStack("tls-min-version", [ssl("TLS_1_1")])).messages[0]).toContain("(minTlsVersion is TLS_1_1)");
    });

    it("fails an HTTPS proxy without an SSL policy", async () => {
        const proxy = r(T.httpsProxy, "edge-https", { urlMap: "edge-https-id" });
        expect((await validateStack("tls-min-version", [proxy])).messages).toEqual([
            'HTTPS proxy "edge-https" has no SSL policy, so Google\'s default accepts TLS 1.0 and 1.1; ' +
                "attach an SSL policy with minTlsVersion TLS_1_2.",
        ]);
    });
});

describe("security-headers", () => {
    it("passes a backend that sets every header itself", async () => {
        expect((await validateStack("security-headers", [backend()])).messages).toEqual([]);
    });

    it("accepts headers added by the URL map that routes to the backend", async () => {
        const bucket = r(T.backendBucket, "edge-web-backend", { bucketName: "web" });
        const map = r(
            T.urlMap,
            "edge-https",
            {
                defaultService: "edge-web-backend-id",
                headerAction: {
                    responseHeadersToAdds: HEADERS.map((h) => {
                        const [headerName, ...rest] = h.split(": ");
                        return { headerName, headerValue: rest.join(": "), replace: true };
                    }),
                },
            },
            [bucket],
        );
        expect((await validateStack("security-headers", [bucket, map])).messages).toEqual([]);
    });

    it("names every missing header of a public backend", async () => {
        const bucket = r(T.backendBucket, "edge-web-backend", {
            bucketName: "web",
            customResponseHeaders: ["Strict-Transport-Security: max-age=300", "Content-Security-Policy: default-src 'self'"],
        });
        const out = await validateStack("security-headers", [bucket]);
        expect(out.messages).toEqual([
            'Backend bucket "edge-web-backend" sends responses without Strict-Transport-Security (max-age of at least 31536000), ' +
                "X-Content-Type-Options: nosniff, X-Frame-Options (or a CSP frame-ancestors directive) and Referrer-Policy; " +
                "add them to its customResponseHeaders or to the headerAction of the URL map that routes to it.",
        ]);
        expect(out.urns).toEqual([urn(bucket)]);
    });

    it("checks a route's backend with its own CSP like any other: the override must still carry HSTS and the rest", async () => {
        const adminCsp = "Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        const route = (name: string, headers: string[]) => r(T.backendService, name, { loadBalancingScheme: "EXTERNAL_MANAGED", customResponseHeaders: headers });
        const good = route("edge-api-admin-backend", [...HEADERS.slice(0, 4), adminCsp]);
        const bad = route("edge-api-login-backend", [adminCsp, "X-Frame-Options: DENY"]);
        const out = await validateStack("security-headers", [backend(), good, bad]);
        expect(out.messages).toEqual([
            'Backend service "edge-api-login-backend" sends responses without Strict-Transport-Security (max-age of at least 31536000), ' +
                "X-Content-Type-Options: nosniff and Referrer-Policy; add them to its customResponseHeaders or to the headerAction of the URL map that routes to it.",
        ]);
        expect(out.urns).toEqual([urn(bad)]);
    });

    it("ignores internal backends", async () => {
        const internal = r(T.backendService, "internal", { loadBalancingScheme: "INTERNAL_MANAGED" });
        expect((await validateStack("security-headers", [internal])).notApplicable).toBe("no public backend in this stack; no CloudFront distribution in this stack");
    });
});

describe("waf-on-public-backends", () => {
    it("passes a backend service whose Cloud Armor policy enforces a preconfigured WAF rule", async () => {
        const policy = armor([wafRule()]);
        expect((await validateStack("waf-on-public-backends", [policy, backend(policy)])).messages).toEqual([]);
    });

    it("counts WAF rules defined as separate SecurityPolicyRule resources", async () => {
        const policy = armor([]);
        const rule = r(T.securityPolicyRule, "edge-waf-sqli", { securityPolicy: "acme-prod-waf", ...wafRule() }, [policy]);
        expect((await validateStack("waf-on-public-backends", [policy, rule, backend(policy)])).messages).toEqual([]);
    });

    it("fails a public backend service without a Cloud Armor policy", async () => {
        const api = backend();
        expect(await validateStack("waf-on-public-backends", [api])).toEqual({
            messages: [
                'Backend service "edge-api-backend" has no Cloud Armor security policy, so no WAF inspects its traffic; ' +
                    "attach one (securityPolicy) with preconfigured WAF rules.",
            ],
            urns: [urn(api)],
        });
    });

    it("fails a policy whose WAF rules only preview", async () => {
        const policy = armor([wafRule({ preview: true })]);
        expect((await validateStack("waf-on-public-backends", [policy, backend(policy)])).messages).toEqual([
            'Cloud Armor policy "edge-waf-policy" on backend service "edge-api-backend" has no enforced preconfigured WAF rule; ' +
                "add a deny rule matching evaluatePreconfiguredWaf(...) that is not in preview.",
        ]);
    });

    it("passes an allowlisted route whose allowlist is the rate-limit rule after the WAF, with a deny default", async () => {
        const allowlisted = { ...throttleRule("IP"), match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["203.0.113.0/24"] } } };
        const policy = r(T.securityPolicy, "admin-waf-policy", {
            rules: [wafRule(), allowlisted, { ...defaultRule, action: "deny(403)" }],
        });
        expect((await validateStack("waf-on-public-backends", [policy, backend(policy)])).messages).toEqual([]);
        expect((await validateStack("rate-limit-per-client", [policy, backend(policy)])).messages).toEqual([]);
    });

    it("fails an allowlist that lets its ranges through before the WAF rules", async () => {
        const early = { action: "allow", priority: 500, match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["203.0.113.0/24"] } } };
        const policy = r(T.securityPolicy, "admin-waf-policy", { rules: [early, wafRule(), throttleRule("IP"), { ...defaultRule, action: "deny(403)" }] });
        const out = await validateStack("waf-on-public-backends", [policy, backend(policy)]);
        expect(out.messages).toEqual([
            'Cloud Armor policy "admin-waf-policy" on backend service "edge-api-backend" lets requests through at priority 500, before its WAF rules, ' +
                "so they skip the WAF (an allowlist must still pass the WAF); give those rules a priority after the WAF rules.",
        ]);
        expect((await validateStack("rate-limit-per-client", [policy, backend(policy)])).messages).toEqual([
            'Cloud Armor policy "admin-waf-policy" on backend service "edge-api-backend" allows requests at priority 500 before its per-client rate limit, ' +
                "so those clients are never limited; give those rules a priority after the rate-limit rule.",
        ]);
    });

    it("fails a backend service with no securityPolicy that merely depends on a Cloud Armor policy", async () => {
        const policy = armor([wafRule()]);
        const api = r(T.backendService, "edge-api-backend", { ...backend().props }, [policy]);
        expect((await validateStack("waf-on-public-backends", [policy, api])).messages).toEqual([
            'Backend service "edge-api-backend" has no Cloud Armor security policy, so no WAF inspects its traffic; ' +
                "attach one (securityPolicy) with preconfigured WAF rules.",
        ]);
    });

    it("falls back to the dependency when securityPolicy is set but unknown (a first preview)", async () => {
        const policy = armor([wafRule()]);
        const props = { ...backend().props };
        Object.defineProperty(props, "securityPolicy", {
            enumerable: true,
            get() {
                throw new Error("The value at .securityPolicy can't be known during preview");
            },
        });
        const api = r(T.backendService, "edge-api-backend", props, [policy]);
        expect((await validateStack("waf-on-public-backends", [policy, api])).messages).toEqual([]);
    });

    it("does not apply to backend buckets alone (Cloud Armor cannot put WAF rules on them)", async () => {
        const bucket = r(T.backendBucket, "edge-web-backend", { bucketName: "web" });
        expect((await validateStack("waf-on-public-backends", [bucket])).notApplicable).toBe("no public backend service in this stack; no CloudFront distribution in this stack");
    });
});

describe("cloud-run-ingress-via-load-balancer", () => {
    it("passes a service reachable only through the load balancer", async () => {
        const out = await validateResource("cloud-run-ingress-via-load-balancer", T.runService, {
            location: "europe-west1",
            ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        });
        expect(out).toEqual({ messages: [], urns: [] });
    });

    it("fails a service open to the internet, also by default", async () => {
        const open = await validateResource("cloud-run-ingress-via-load-balancer", T.runService, { location: "europe-west1" }, { name: "api-service" });
        expect(open.messages).toEqual([
            'Cloud Run service "api-service" accepts requests from the internet directly (ingress is not set and defaults to ' +
                "INGRESS_TRAFFIC_ALL), bypassing the load balancer's WAF and rate limits; set ingress to INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER.",
        ]);
        const all = await validateResource("cloud-run-ingress-via-load-balancer", T.runService, { ingress: "INGRESS_TRAFFIC_ALL" });
        expect(all.messages[0]).toContain("(ingress INGRESS_TRAFFIC_ALL)");
    });

    it("marks other types not applicable", async () => {
        const out = await validateResource("cloud-run-ingress-via-load-balancer", "gcp:storage/bucket:Bucket", {});
        expect(out.notApplicable).toBe("Policy only applies to resources of type gcp:cloudrunv2/service:Service");
    });
});

describe("rate-limit-per-client", () => {
    it("passes a throttle rule keyed on the client IP", async () => {
        const policy = armor([wafRule(), throttleRule("IP")]);
        expect((await validateStack("rate-limit-per-client", [policy, backend(policy)])).messages).toEqual([]);
    });

    it("fails a rate limit shared by all clients (enforceOnKey ALL, the default)", async () => {
        const policy = armor([throttleRule()]);
        expect((await validateStack("rate-limit-per-client", [policy, backend(policy)])).messages).toEqual([
            'Cloud Armor policy "edge-waf-policy" on backend service "edge-api-backend" rate limits all traffic together ' +
                "(enforceOnKey ALL), so one client can use up everyone's quota; add an enforced rule keyed per client " +
                "(enforceOnKey IP, XFF_IP or HTTP_HEADER).",
        ]);
    });

    it("fails a policy without any rate limit, and a backend without a policy", async () => {
        const policy = armor([wafRule()]);
        expect((await validateStack("rate-limit-per-client", [policy, backend(policy)])).messages[0]).toContain(
            "has no throttle or rate_based_ban rule;",
        );
        expect((await validateStack("rate-limit-per-client", [backend()])).messages).toEqual([
            'Backend service "edge-api-backend" has no Cloud Armor security policy, so nothing limits the request rate of a client.',
        ]);
    });
});

describe("static-assets-on-cdn", () => {
    const site = (enableCdn: boolean) => r(T.backendBucket, "edge-web-backend", { bucketName: "web", enableCdn });
    const unrouted = r(T.backendBucket, "edge-unrouted", { bucketName: "unrouted", enableCdn: false });
    const map = (bucket: StackResource) =>
        r(
            T.urlMap,
            "edge-https",
            {
                defaultService: "edge-unrouted-id",
                hostRules: [{ hosts: ["app.example.com"], pathMatcher: "app" }],
                pathMatchers: [{ name: "app", defaultService: `${bucket.name}-id` }],
            },
            [unrouted, bucket],
        );

    it("passes a routed bucket on the CDN and ignores the catch-all default behind host rules", async () => {
        const bucket = site(true);
        expect(await validateStack("static-assets-on-cdn", [unrouted, bucket, map(bucket)])).toEqual({ messages: [], urns: [] });
    });

    it("fails a routed bucket served without the CDN", async () => {
        const bucket = site(false);
        const out = await validateStack("static-assets-on-cdn", [unrouted, bucket, map(bucket)]);
        expect(out.messages).toEqual([
            'Backend bucket "edge-web-backend" serves static assets without Cloud CDN; set enableCdn: true to cache them at the edge.',
        ]);
        expect(out.urns).toEqual([urn(bucket)]);
    });
});

// Branches of the edge rules the examples above leave out, each with a compliant and a
// violating stack whose message names what is wrong (mutation testing, docs/testing.md).
describe("https-only: what counts as serving backends", () => {
    const redirectOnly = { defaultUrlRedirect: { httpsRedirect: true } };
    const check = async (mapProps: Record<string, unknown>) => {
        const map = r(T.urlMap, "edge-http-redirect", { name: "acme-prod-edge-redirect", ...mapProps });
        const proxy = r(T.httpProxy, "edge-http", { urlMap: "edge-http-redirect-id" }, [map]);
        return (await validateStack("https-only", [map, proxy])).messages;
    };
    const FAIL = [
        'HTTP proxy "edge-http" serves plain HTTP: its URL map "edge-http-redirect" must only redirect to HTTPS ' +
            "(defaultUrlRedirect.httpsRedirect: true and no backend services).",
    ];

    it("passes a redirect whose path matchers only redirect too", async () => {
        expect(await check({ ...redirectOnly, pathMatchers: [{ name: "m", defaultUrlRedirect: { httpsRedirect: true }, pathRules: [{ paths: ["/a"], urlRedirect: { httpsRedirect: true } }] }] })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
        ["a redirect that is not to HTTPS", { defaultUrlRedirect: { httpsRedirect: false, hostRedirect: "example.com" } }],
        ["a default route action next to the redirect", { ...redirectOnly, defaultRouteAction: { weightedBackendServices: [{ backendService: "b", weight: 100 }] } }],
        ["a path matcher's default service", { ...redirectOnly, pathMatchers: [{ name: "m", defaultService: "edge-api-backend-id" }] }],
        ["a path matcher's default route action", { ...redirectOnly, pathMatchers: [{ name: "m", defaultRouteAction: { urlRewrite: { pathPrefixRewrite: "/" } } }] }],
        ["a path rule's service", { ...redirectOnly, pathMatchers: [{ name: "m", defaultUrlRedirect: { httpsRedirect: true }, pathRules: [{ paths: ["/api/*"], service: "edge-api-backend-id" }] }] }],
        ["a route rule's route action", { ...redirectOnly, pathMatchers: [{ name: "m", defaultUrlRedirect: { httpsRedirect: true }, routeRules: [{ priority: 1, routeAction: { weightedBackendServices: [] } }] }] }],
    ])("fails %s", async (_label, props) => {
        expect(await check(props)).toEqual(FAIL);
    });

    it("examines proxies and forwarding rules even without plain HTTP", async () => {
        const https = r(T.httpsProxy, "edge-https", {});
        expect(await validateStack("https-only", [https])).toEqual({ messages: [], urns: [] });
        const rule = r("gcp:compute/globalForwardingRule:GlobalForwardingRule", "edge-https-rule", { portRange: "443" });
        expect(await validateStack("https-only", [rule])).toEqual({ messages: [], urns: [] });
    });
});

describe("tls-min-version: accepted versions and references", () => {
    it("passes TLS 1.3 and a proxy using an SSL policy managed elsewhere", async () => {
        const policy = r(T.sslPolicy, "edge-tls", { minTlsVersion: "TLS_1_3" });
        const proxy = r(T.httpsProxy, "edge-https", { sslPolicy: "projects/p/global/sslPolicies/shared" });
        expect(await validateStack("tls-min-version", [policy, proxy])).toEqual({ messages: [], urns: [] });
    });

    it("reports an old SSL policy on the policy itself, and does not apply without HTTPS", async () => {
        const policy = r(T.sslPolicy, "edge-tls", { minTlsVersion: "TLS_1_0" });
        const out = await validateStack("tls-min-version", [policy]);
        expect(out.messages).toEqual([
            'SSL policy "edge-tls" accepts TLS versions below 1.2 (minTlsVersion is TLS_1_0); set minTlsVersion to TLS_1_2 or TLS_1_3.',
        ]);
        expect(out.urns).toEqual([urn(policy)]);
        expect((await validateStack("tls-min-version", [])).notApplicable).toBe("no HTTPS proxy or SSL policy in this stack; no AWS HTTPS listener in this stack; no CloudFront distribution in this stack");
    });
});

describe("security-headers: each header, where it comes from", () => {
    const without = (name: string) => HEADERS.filter((h) => !h.startsWith(`${name}:`));
    const messagesFor = async (headers: string[], config?: Record<string, unknown>) =>
        (await validateStack("security-headers", [backend(undefined, { customResponseHeaders: headers })], config ? { config } : {})).messages;
    const missing = (list: string) =>
        `Backend service "edge-api-backend" sends responses without ${list}; add them to its customResponseHeaders ` +
        "or to the headerAction of the URL map that routes to it.";

    it("names a missing Content-Security-Policy alone", async () => {
        expect(await messagesFor(without("Content-Security-Policy"))).toEqual([missing("Content-Security-Policy")]);
    });

    it("names a missing Referrer-Policy or X-Content-Type-Options alone", async () => {
        expect(await messagesFor(without("Referrer-Policy"))).toEqual([missing("Referrer-Policy")]);
        expect(await messagesFor(without("X-Content-Type-Options"))).toEqual([missing("X-Content-Type-Options: nosniff")]);
        expect(await messagesFor([...without("X-Content-Type-Options"), "X-Content-Type-Options: sniff"])).toEqual([missing("X-Content-Type-Options: nosniff")]);
    });

    it("takes header names and values in any case and spacing", async () => {
        expect(await messagesFor([
            "strict-transport-security:MAX-AGE = 31536000",
            "x-content-type-options:  NoSniff ",
            "x-frame-options: sameorigin",
            "referrer-policy: no-referrer",
            "content-security-policy: default-src 'self'",
        ])).toEqual([]);
    });

    it("accepts a CSP frame-ancestors directive instead of X-Frame-Options, and nothing else instead of it", async () => {
        expect(await messagesFor(without("X-Frame-Options"))).toEqual([]);
        const noFrameAncestors = [...without("X-Frame-Options").filter((h) => !h.startsWith("Content-Security-Policy")), "Content-Security-Policy: default-src 'self'"];
        expect(await messagesFor(noFrameAncestors)).toEqual([missing("X-Frame-Options (or a CSP frame-ancestors directive)")]);
        expect(await messagesFor([...noFrameAncestors, "X-Frame-Options: ALLOW-FROM https://example.com"])).toEqual([
            missing("X-Frame-Options (or a CSP frame-ancestors directive)"),
        ]);
        expect(await messagesFor([...noFrameAncestors, "X-Frame-Options: DENY, SAMEORIGIN"])).toEqual([
            missing("X-Frame-Options (or a CSP frame-ancestors directive)"),
        ]);
    });

    it("holds HSTS to the configured floor on both sides of it", async () => {
        const hsts = (maxAge: number) => [...without("Strict-Transport-Security"), `Strict-Transport-Security: max-age=${maxAge}`];
        expect(await messagesFor(hsts(31536000))).toEqual([]);
        expect(await messagesFor(hsts(31535999))).toEqual([missing("Strict-Transport-Security (max-age of at least 31536000)")]);
        expect(await messagesFor(hsts(600), { minHstsMaxAgeSeconds: 600 })).toEqual([]);
        expect(await messagesFor(hsts(599), { minHstsMaxAgeSeconds: 600 })).toEqual([missing("Strict-Transport-Security (max-age of at least 600)")]);
        expect(await messagesFor([...without("Strict-Transport-Security"), "Strict-Transport-Security: includeSubDomains"])).toEqual([
            missing("Strict-Transport-Security (max-age of at least 31536000)"),
        ]);
    });

    it("skips header lines without a name", async () => {
        expect(await messagesFor([...without("Referrer-Policy"), ": strict-origin", "Referrer-Policy strict-origin"])).toEqual([missing("Referrer-Policy")]);
    });

    const headerAction = (lines: string[]) => ({
        responseHeadersToAdds: lines.map((h) => {
            const [headerName, ...rest] = h.split(": ");
            return { headerName, headerValue: rest.join(": "), replace: true };
        }),
    });
    const api = () => backend(undefined, { customResponseHeaders: [] });
    const other = () => r(T.backendService, "edge-other-backend", { loadBalancingScheme: "EXTERNAL_MANAGED", customResponseHeaders: HEADERS });

    it("adds the headers of the path matcher and of the route rules that route to the backend", async () => {
        const backendSvc = api();
        const viaMatcher = r(T.urlMap, "edge-https", {
            defaultService: "edge-other-backend-id",
            pathMatchers: [{ name: "api", defaultService: "edge-api-backend-id", headerAction: headerAction(HEADERS.slice(0, 3)), routeRules: [{ priority: 1, headerAction: headerAction(HEADERS.slice(3)) }] }],
        }, [backendSvc]);
        expect((await validateStack("security-headers", [backendSvc, other(), viaMatcher])).messages).toEqual([]);
    });

    it("does not credit a backend with the headers of a path matcher that routes elsewhere", async () => {
        const backendSvc = api();
        const map = r(T.urlMap, "edge-https", {
            defaultService: "edge-api-backend-id",
            pathMatchers: [
                { name: "api", defaultService: "edge-api-backend-id" },
                { name: "other", defaultService: "edge-other-backend-id", headerAction: headerAction(HEADERS) },
            ],
        }, [backendSvc]);
        const out = await validateStack("security-headers", [backendSvc, other(), map]);
        expect(out.messages).toHaveLength(1);
        expect(out.urns).toEqual([urn(backendSvc)]);
        expect(out.messages[0]).toMatch(/^Backend service "edge-api-backend" sends responses without Strict-Transport-Security/);
    });

    it("does not credit a backend with the headers of a URL map that does not route to it", async () => {
        const backendSvc = api();
        const map = r(T.urlMap, "edge-other", { defaultService: "edge-other-backend-id", headerAction: headerAction(HEADERS) });
        expect((await validateStack("security-headers", [backendSvc, other(), map])).urns).toEqual([urn(backendSvc)]);
    });

    it("checks EXTERNAL and default-scheme backend services, and public backend buckets, but not internal ones", async () => {
        for (const loadBalancingScheme of ["EXTERNAL", undefined]) {
            const svc = r(T.backendService, "legacy", { ...(loadBalancingScheme ? { loadBalancingScheme } : {}) });
            expect((await validateStack("security-headers", [svc])).urns).toEqual([urn(svc)]);
        }
        const internalBucket = r(T.backendBucket, "internal-bucket", { loadBalancingScheme: "INTERNAL_MANAGED" });
        expect((await validateStack("security-headers", [internalBucket])).notApplicable).toBe("no public backend in this stack; no CloudFront distribution in this stack");
        const internalSelfManaged = r(T.backendService, "mesh", { loadBalancingScheme: "INTERNAL_SELF_MANAGED" });
        expect((await validateStack("security-headers", [internalSelfManaged])).notApplicable).toBe("no public backend in this stack; no CloudFront distribution in this stack");
    });
});

describe("waf-on-public-backends: which rules and policies count", () => {
    const check = async (rules: unknown[]) => {
        const policy = armor(rules);
        return (await validateStack("waf-on-public-backends", [policy, backend(policy)])).messages;
    };
    const NO_WAF =
        'Cloud Armor policy "edge-waf-policy" on backend service "edge-api-backend" has no enforced preconfigured WAF rule; ' +
        "add a deny rule matching evaluatePreconfiguredWaf(...) that is not in preview.";

    it("counts evaluatePreconfiguredExpr and any deny status", async () => {
        expect(await check([wafRule({ action: "deny(404)", match: { expr: { expression: "evaluatePreconfiguredExpr('xss-stable')" } } })])).toEqual([]);
    });

    it("does not count a WAF expression that allows, throttles, or a deny without a WAF expression", async () => {
        expect(await check([wafRule({ action: "allow" })])).toEqual([NO_WAF]);
        expect(await check([wafRule({ action: "throttle" })])).toEqual([NO_WAF]);
        expect(await check([wafRule({ match: { expr: { expression: "origin.region_code == 'XX'" } } })])).toEqual([NO_WAF]);
    });

    it("names a Cloud Armor policy managed outside the stack", async () => {
        const api = backend(undefined, { securityPolicy: "projects/p/global/securityPolicies/shared" });
        expect((await validateStack("waf-on-public-backends", [api])).messages).toEqual([
            'Backend service "edge-api-backend" uses a Cloud Armor policy outside this stack, so its WAF rules cannot be verified; ' +
                "manage the policy in this stack.",
        ]);
    });

    it("does not take an edge security policy for the backend policy", async () => {
        const edge = r(T.securityPolicy, "edge-policy", { name: "acme-prod-edge", type: "CLOUD_ARMOR_EDGE", rules: [wafRule(), defaultRule] });
        const api = backend(undefined, { securityPolicy: "edge-policy-id", edgeSecurityPolicy: "edge-policy-id" });
        expect((await validateStack("waf-on-public-backends", [edge, api])).messages).toEqual([
            'Backend service "edge-api-backend" uses a Cloud Armor policy outside this stack, so its WAF rules cannot be verified; ' +
                "manage the policy in this stack.",
        ]);
    });

    it("does not count a separate rule that belongs to another policy", async () => {
        const policy = armor([]);
        const otherPolicy = r(T.securityPolicy, "other-policy", { name: "acme-prod-other", rules: [defaultRule] });
        const rule = r(T.securityPolicyRule, "other-waf", { securityPolicy: "acme-prod-other", ...wafRule() }, [otherPolicy]);
        expect((await validateStack("waf-on-public-backends", [policy, otherPolicy, rule, backend(policy)])).messages).toEqual([NO_WAF]);
    });
});

describe("rate-limit-per-client: which keys count as per client", () => {
    const check = async (...rules: unknown[]) => {
        const policy = armor(rules);
        return (await validateStack("rate-limit-per-client", [policy, backend(policy)])).messages;
    };
    const GLOBAL = "rate limits all traffic together (enforceOnKey ALL)";

    it.each(["IP", "XFF_IP", "HTTP_HEADER", "HTTP_COOKIE"])("passes a throttle keyed on %s", async (key) => {
        expect(await check(throttleRule(key))).toEqual([]);
    });

    it("counts an explicit enforceOnKey ALL, and an empty key, as global", async () => {
        for (const key of ["ALL", ""]) {
            const messages = await check({ ...throttleRule(), rateLimitOptions: { ...throttleRule().rateLimitOptions, enforceOnKey: key } });
            expect(messages).toHaveLength(1);
            expect(messages[0]).toContain(GLOBAL);
        }
    });

    it("reads enforceOnKeyConfigs, and passes a rate-based ban keyed per client", async () => {
        const configs = (...types: string[]) => ({ ...throttleRule(), rateLimitOptions: { ...throttleRule().rateLimitOptions, enforceOnKeyConfigs: types.map((enforceOnKeyType) => ({ enforceOnKeyType })) } });
        expect(await check(configs("ALL", "IP"))).toEqual([]);
        expect((await check(configs("ALL")))[0]).toContain(GLOBAL);
        expect(await check({ ...throttleRule("IP"), action: "rate_based_ban", rateLimitOptions: { ...throttleRule("IP").rateLimitOptions, banDurationSec: 600 } })).toEqual([]);
    });

    it("does not count a rule in preview, nor a per-client key on a non-rate-limit rule", async () => {
        expect((await check({ ...throttleRule("IP"), preview: true }))[0]).toContain("has no throttle or rate_based_ban rule;");
        expect((await check({ ...throttleRule("IP"), action: "deny(429)" }))[0]).toContain("has no throttle or rate_based_ban rule;");
    });

    it("lists every policy of a backend in its message", async () => {
        const a = armor([wafRule()], "edge-waf-a");
        const b = armor([], "edge-waf-b");
        const api = r(T.backendService, "edge-api-backend", { loadBalancingScheme: "EXTERNAL_MANAGED", securityPolicy: ["edge-waf-a-id", "edge-waf-b-id"] }, [a, b]);
        expect((await validateStack("rate-limit-per-client", [a, b, api])).messages).toEqual([
            'Cloud Armor policy "edge-waf-a" and Cloud Armor policy "edge-waf-b" on backend service "edge-api-backend" has no throttle or rate_based_ban rule; ' +
                "add an enforced rule keyed per client (enforceOnKey IP, XFF_IP or HTTP_HEADER).",
        ]);
    });
});

describe("cloud-run-ingress-via-load-balancer: internal-only", () => {
    it("passes a service reachable only from inside the project", async () => {
        expect((await validateResource("cloud-run-ingress-via-load-balancer", T.runService, { ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" })).messages).toEqual([]);
    });
});

describe("static-assets-on-cdn: which buckets serve a route", () => {
    const bucket = (name: string, enableCdn = false) => r(T.backendBucket, name, { bucketName: name, enableCdn });
    const NO_CDN = (name: string) => `Backend bucket "${name}" serves static assets without Cloud CDN; set enableCdn: true to cache them at the edge.`;

    it("counts the default of a URL map without host rules as routed", async () => {
        const web = bucket("web");
        const map = r(T.urlMap, "edge-https", { defaultService: "web-id" }, [web]);
        expect((await validateStack("static-assets-on-cdn", [web, map])).messages).toEqual([NO_CDN("web")]);
    });

    it("counts every bucket a URL map depends on when its references cannot be read", async () => {
        const web = bucket("web");
        const map: StackResource = { ...r(T.urlMap, "edge-https", {}, [web]), propertyDeps: { defaultService: [web] } };
        expect((await validateStack("static-assets-on-cdn", [web, map])).messages).toEqual([NO_CDN("web")]);
    });

    it("does not apply when no bucket serves a route, and skips internal buckets", async () => {
        expect((await validateStack("static-assets-on-cdn", [bucket("lonely")])).notApplicable).toBe("no backend bucket serves a route in this stack; no CloudFront distribution with an S3 origin in this stack");
        const internal = r(T.backendBucket, "internal", { bucketName: "i", loadBalancingScheme: "INTERNAL_MANAGED" });
        const map = r(T.urlMap, "edge-https", { defaultService: "internal-id" }, [internal]);
        expect((await validateStack("static-assets-on-cdn", [internal, map])).notApplicable).toBe("no backend bucket serves a route in this stack; no CloudFront distribution with an S3 origin in this stack");
    });

    it("does not count a bucket that only a path matcher of another bucket's map could route to", async () => {
        const web = bucket("web", true);
        const docs = bucket("docs");
        const map = r(T.urlMap, "edge-https", {
            defaultService: "docs-id",
            hostRules: [{ hosts: ["app.example.com"], pathMatcher: "app" }],
            pathMatchers: [{ name: "app", defaultService: "web-id" }],
        }, [web, docs]);
        expect(await validateStack("static-assets-on-cdn", [web, docs, map])).toEqual({ messages: [], urns: [] });
    });
});


const CF_DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const AWS_WAF = ["aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclRule:WebAclRule"];

describe("edge stack policies: what each looks at", () => {
    it.each([
        ["https-only", [T.httpProxy, T.httpsProxy, T.urlMap, "gcp:compute/globalForwardingRule:GlobalForwardingRule",
            "aws:lb/listener:Listener", "aws:alb/listener:Listener", "aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule", CF_DISTRIBUTION]],
        ["tls-min-version", [T.httpsProxy, T.sslPolicy, "aws:lb/listener:Listener", "aws:alb/listener:Listener", CF_DISTRIBUTION]],
        ["security-headers", [T.backendService, T.backendBucket, T.urlMap, CF_DISTRIBUTION, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"]],
        ["waf-on-public-backends", [T.backendService, T.securityPolicy, T.securityPolicyRule, CF_DISTRIBUTION, ...AWS_WAF, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"]],
        ["rate-limit-per-client", [T.backendService, T.securityPolicy, T.securityPolicyRule, CF_DISTRIBUTION, ...AWS_WAF]],
        ["static-assets-on-cdn", [T.backendBucket, T.urlMap, CF_DISTRIBUTION, "aws:cloudfront/cachePolicy:CachePolicy"]],
    ])("%s applies to its resource types", (name, types) => {
        expect([...policyNamed(name)!.appliesTo].sort()).toEqual([...types].sort());
    });
});

describe("edge rules: branches found by mutation testing", () => {
    const redirectMap = (props: Record<string, unknown>) => r(T.urlMap, "edge-http-redirect", { defaultUrlRedirect: { httpsRedirect: true }, ...props });
    const httpOnly = async (map: StackResource) =>
        (await validateStack("https-only", [map, r(T.httpProxy, "edge-http", { urlMap: "edge-http-redirect-id" }, [map])])).messages;

    it("https-only fails a redirect map with a default service, or one serving rule among redirecting ones", async () => {
        expect(await httpOnly(redirectMap({ defaultService: "edge-api-backend-id" }))).toHaveLength(1);
        const mixed = redirectMap({
            pathMatchers: [{ name: "m", defaultUrlRedirect: { httpsRedirect: true }, pathRules: [{ paths: ["/old"], urlRedirect: { httpsRedirect: true } }, { paths: ["/api"], service: "edge-api-backend-id" }] }],
        });
        expect(await httpOnly(mixed)).toHaveLength(1);
    });

    it("tls-min-version finds a proxy's SSL policy through the engine's property dependencies", async () => {
        const policy = r(T.sslPolicy, "edge-tls", { minTlsVersion: "TLS_1_2" });
        const proxy: StackResource = { ...r(T.httpsProxy, "edge-https", {}), propertyDeps: { sslPolicy: [policy] } };
        expect(await validateStack("tls-min-version", [policy, proxy])).toEqual({ messages: [], urns: [] });
    });

    it("security-headers treats a backend service whose scheme is unknown as public", async () => {
        const svc = r(T.backendService, "edge-api-backend", unknownAt({ customResponseHeaders: [] }, "loadBalancingScheme"));
        expect((await validateStack("security-headers", [svc])).urns).toEqual([urn(svc)]);
    });

    it("security-headers trims header names and ignores lines without a colon", async () => {
        const base = HEADERS.filter((h) => !h.startsWith("Referrer-Policy"));
        const check = async (lines: string[]) => (await validateStack("security-headers", [backend(undefined, { customResponseHeaders: lines })])).messages;
        expect(await check([...base, " Referrer-Policy : no-referrer"])).toEqual([]);
        expect((await check([...base, "Referrer-Policy;"]))[0]).toContain("without Referrer-Policy;");
    });

    const headerAction = {
        responseHeadersToAdds: HEADERS.map((h) => {
            const [headerName, ...rest] = h.split(": ");
            return { headerName, headerValue: rest.join(": ") };
        }),
    };
    const bare = () => backend(undefined, { customResponseHeaders: [] });

    it("security-headers credits a URL map that routes to the backend through its default route action", async () => {
        const svc = bare();
        const map = r(T.urlMap, "edge-https", { defaultRouteAction: { weightedBackendServices: [{ backendService: "edge-api-backend-id", weight: 100 }] }, headerAction }, [svc]);
        expect((await validateStack("security-headers", [svc, map])).messages).toEqual([]);
    });

    it("security-headers credits every path matcher when none names the backend by a known value", async () => {
        const svc = bare();
        const map: StackResource = {
            ...r(T.urlMap, "edge-https", { pathMatchers: [{ name: "api", headerAction }] }, [svc]),
            propertyDeps: { pathMatchers: [svc] },
        };
        expect((await validateStack("security-headers", [svc, map])).messages).toEqual([]);
    });

    it("security-headers skips a path matcher with unknown references once another names the backend", async () => {
        const svc = bare();
        const map = r(T.urlMap, "edge-https", {
            pathMatchers: [null, { name: "api", defaultService: "edge-api-backend-id" }, unknownAt({ name: "other", headerAction }, "defaultService")],
        }, [svc]);
        expect((await validateStack("security-headers", [svc, map])).urns).toEqual([urn(svc)]);
    });

    it("waf-on-public-backends passes a backend when one of its policies has the WAF rules", async () => {
        const a = armor([wafRule()], "edge-waf-a");
        const b = r(T.securityPolicy, "edge-waf-b", { name: "acme-prod-waf-b", rules: [] });
        const api = r(T.backendService, "edge-api-backend", { loadBalancingScheme: "EXTERNAL_MANAGED", securityPolicy: ["edge-waf-a-id", "edge-waf-b-id"] }, [a, b]);
        expect((await validateStack("waf-on-public-backends", [a, b, api])).messages).toEqual([]);
    });

    describe("static-assets-on-cdn", () => {
        const bucket = (name: string, enableCdn = false) => r(T.backendBucket, name, { bucketName: name, enableCdn });
        const hosts = [{ hosts: ["app.example.com"], pathMatcher: "app" }];
        const noRoute = "no backend bucket serves a route in this stack; no CloudFront distribution with an S3 origin in this stack";

        it("does not count a catch-all default behind host rules when the path matchers route to a service", async () => {
            const unrouted = bucket("unrouted");
            const map = r(T.urlMap, "edge-https", { defaultService: "unrouted-id", hostRules: hosts, pathMatchers: [{ name: "app", defaultService: "edge-api-backend-id" }] }, [unrouted]);
            expect((await validateStack("static-assets-on-cdn", [unrouted, map])).notApplicable).toBe(noRoute);
        });

        it("does not count a bucket the map does not reference", async () => {
            const lonely = bucket("lonely");
            const map = r(T.urlMap, "edge-https", { defaultService: "edge-api-backend-id", pathMatchers: [{ name: "app", defaultService: "edge-api-backend-id" }] });
            expect((await validateStack("static-assets-on-cdn", [lonely, map])).notApplicable).toBe(noRoute);
        });

        it("does not count a bucket linked only by dependency when the path matchers name another bucket", async () => {
            const web = bucket("web", true);
            const other = bucket("other");
            const map: StackResource = {
                ...r(T.urlMap, "edge-https", { defaultService: "web-id", pathMatchers: [{ name: "app", defaultService: "web-id" }] }, [web, other]),
                propertyDeps: { pathMatchers: [web, other] },
            };
            expect(await validateStack("static-assets-on-cdn", [web, other, map])).toEqual({ messages: [], urns: [] });
        });

        it("counts every linked bucket when the path matchers are unknown", async () => {
            const web = bucket("web");
            const map: StackResource = { ...r(T.urlMap, "edge-https", unknownAt({ hostRules: hosts }, "pathMatchers"), [web]), propertyDeps: { pathMatchers: [web] } };
            expect((await validateStack("static-assets-on-cdn", [web, map])).urns).toEqual([urn(web)]);
        });

        it("treats unknown host rules as present: the default then answers only unknown hosts", async () => {
            const web = bucket("web", true);
            const unrouted = bucket("unrouted");
            const map = r(T.urlMap, "edge-https", unknownAt({ defaultService: "unrouted-id", pathMatchers: [{ name: "app", defaultService: "web-id" }] }, "hostRules"), [web, unrouted]);
            expect(await validateStack("static-assets-on-cdn", [web, unrouted, map])).toEqual({ messages: [], urns: [] });
        });
    });
});
