import { r, urn, validateResource, validateStack, type StackResource } from "./harness";

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
        expect((await validateStack("https-only", [])).notApplicable).toBe("no load balancer in this stack");
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
        expect((await validateStack("security-headers", [internal])).notApplicable).toBe("no public backend in this stack");
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
        expect((await validateStack("waf-on-public-backends", [bucket])).notApplicable).toBe("no public backend service in this stack");
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
