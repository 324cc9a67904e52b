import { Edge, type EdgeArgs } from "../../../components/gcp/cdn";
import { restrictedRoutes, routeSlug, routesForHost, type Route } from "../../../components/gcp/edge-routes";
import { validateEdgeArgs } from "../../../components/gcp/edge-validation";
import { summarize } from "../../../infra/plan/summaries";
import { matcherFor } from "../../helpers/edge";
import { argProblems, memo, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const BACKEND = "gcp:compute/backendService:BackendService";
const NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup";
const POLICY = "gcp:compute/securityPolicy:SecurityPolicy";
const IAP_MEMBER = "gcp:iap/webBackendServiceIamMember:WebBackendServiceIamMember";
const CERT = "gcp:certificatemanager/certificate:Certificate";

const CSP = "default-src 'self'; frame-ancestors 'none'";
const ADMIN_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/** The portal shape: the API on its host and under /api of the app host, an admin and a login route. */
const ARGS: EdgeArgs = {
    namePrefix: "acme-prod",
    tier: "prod",
    domains: ["api.example.com", "app.example.com"],
    services: [{
        name: "api",
        region: "europe-west1",
        cloudRunService: "acme-prod-api",
        routes: [
            { host: "api.example.com" },
            { host: "app.example.com", pathPrefix: "/api" },
            { host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"], contentSecurityPolicy: ADMIN_CSP },
            { host: "api.example.com", pathPrefix: "/auth/login", requestsPerMinute: 30 },
            { host: "app.example.com", pathPrefix: "/staff", iapMembers: ["group:staff@example.com"] },
        ],
    }],
    sites: [{ name: "web", host: "app.example.com", spaFallback: true }],
    bucketLocation: "europe-west1",
    bucketNamePrefix: "acme-web-prod",
    contentSecurityPolicy: CSP,
    armor: { requestsPerMinute: 600, banSeconds: 300 },
    redirects: [{ from: "www.example.com", to: "app.example.com" }],
};

const edge = (args: Partial<EdgeArgs> = {}) => plan(() => new Edge("edge", { ...ARGS, ...args }));
const backend = (inv: Inventory, name: string) => inv.named(name, BACKEND).inputs as Record<string, any>;
const header = (b: Record<string, any>, name: string) =>
    (b.customResponseHeaders as string[]).find((h) => h.startsWith(`${name}: `))?.slice(name.length + 2);

describe("gcp Edge routes", () => {
    // Planned by the first test that reads it, not in a beforeAll: what a beforeAll runs makes
    // static mutants that re-run every related test file (docs/testing.md). `memo` re-plans
    // per test under mutation testing, so every test reading it covers the component's code.
    const routed = memo(() => edge());

    it("serves one service on several hosts and paths from one NEG, plain routes sharing one backend", async () => {
        const inv = await routed();
        expect(inv.ofType(NEG)).toHaveLength(1);
        expect(inv.ofType(BACKEND).map((b) => b.name).sort()).toEqual([
            "edge-api-api-example-com-admin-backend",
            "edge-api-api-example-com-auth-login-backend",
            "edge-api-app-example-com-staff-backend",
            "edge-api-backend",
        ]);
        const shared = `${inv.named("edge-api-backend", BACKEND).name}-id`;
        expect(matcherFor(inv, "api.example.com").defaultService).toBe(shared);
        expect(matcherFor(inv, "app.example.com").pathRules).toContainEqual({ paths: ["/api", "/api/*"], service: shared });
        for (const b of inv.ofType(BACKEND)) expect(b.inputs.backends).toEqual([{ group: `${inv.one(NEG).name}-id` }]);
    });

    it("routes the restricted paths to their own backends, longest prefix first", async () => {
        const inv = await routed();
        const rules = matcherFor(inv, "api.example.com").pathRules;
        expect(rules).toContainEqual({ paths: ["/admin", "/admin/*"], service: "edge-api-api-example-com-admin-backend-id" });
        expect(rules).toContainEqual({ paths: ["/auth/login", "/auth/login/*"], service: "edge-api-api-example-com-auth-login-backend-id" });
    });

    it("denies everyone outside an allowlist with 403, after the OWASP rules and with a rate limit for the allowed", async () => {
        const inv = await routed();
        const policy = inv.named("edge-api-api-example-com-admin-waf-policy", POLICY).inputs as Record<string, any>;
        expect(policy.name).toBe("acme-prod-waf-api-api-example-com-admin");
        expect(backend(inv, "edge-api-api-example-com-admin-backend").securityPolicy).toBe("edge-api-api-example-com-admin-waf-policy-id");
        const rules = policy.rules as Array<Record<string, any>>;
        const limit = rules.find((r) => r.rateLimitOptions)!;
        expect(limit).toMatchObject({
            priority: 2001,
            action: "rate_based_ban",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["203.0.113.0/24"] } },
            rateLimitOptions: { conformAction: "allow", exceedAction: "deny(429)", enforceOnKey: "IP", rateLimitThreshold: { count: 600, intervalSec: 60 } },
        });
        expect(rules.at(-1)).toMatchObject({ priority: 2147483647, action: "deny(403)", match: { config: { srcIpRanges: ["*"] } } });
        const owasp = rules.filter((r) => String(r.match?.expr?.expression).startsWith("evaluatePreconfiguredWaf"));
        expect(owasp).toHaveLength(8);
        expect(Math.max(...owasp.map((r) => r.priority))).toBeLessThan(limit.priority);
    });

    it("gives a login route its tighter limit and leaves the edge's policy on the plain routes", async () => {
        const inv = await routed();
        const login = inv.named("edge-api-api-example-com-auth-login-waf-policy", POLICY).inputs as Record<string, any>;
        expect(login.rules.find((r: any) => r.rateLimitOptions).rateLimitOptions.rateLimitThreshold).toEqual({ count: 30, intervalSec: 60 });
        expect(login.rules.at(-1)).toMatchObject({ action: "allow" });
        expect(backend(inv, "edge-api-backend").securityPolicy).toBe("edge-waf-policy-id");
        // IAP and CSP alone need no policy of their own.
        expect(backend(inv, "edge-api-app-example-com-staff-backend").securityPolicy).toBe("edge-waf-policy-id");
    });

    it("denies other spellings of the restricted paths (/Admin, /%61dmin) on every other backend's policy", async () => {
        const inv = await routed();
        const restrictedRules = (policy: string) => (inv.named(policy, POLICY).inputs.rules as Array<Record<string, any>>)
            .filter((r) => r.priority >= 300 && r.priority < 1000)
            .map((r) => [r.priority, r.action, r.match.expr.expression]);
        const admin = "request.headers['host'].lower().startsWith('api.example.com') && " +
            "(request.path.lower().urlDecode() == '/admin' || request.path.lower().urlDecode().startsWith('/admin/'))";
        const staff = "request.headers['host'].lower().startsWith('app.example.com') && " +
            "(request.path.lower().urlDecode() == '/staff' || request.path.lower().urlDecode().startsWith('/staff/'))";
        expect(restrictedRules("edge-waf-policy")).toEqual([[300, "deny(403)", admin], [301, "deny(403)", staff]]);
        expect(restrictedRules("edge-api-api-example-com-auth-login-waf-policy")).toEqual([[300, "deny(403)", admin], [301, "deny(403)", staff]]);
        // The admin route's own policy guards the other restricted path only.
        expect(restrictedRules("edge-api-api-example-com-admin-waf-policy")).toEqual([[300, "deny(403)", staff]]);
    });

    it("overrides only the CSP of a route: HSTS and the other headers stay", async () => {
        const inv = await routed();
        const admin = backend(inv, "edge-api-api-example-com-admin-backend");
        expect(header(admin, "Content-Security-Policy")).toBe(ADMIN_CSP);
        expect(header(admin, "Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
        expect(header(admin, "X-Content-Type-Options")).toBe("nosniff");
        expect(header(admin, "X-Frame-Options")).toBe("DENY");
        expect(header(backend(inv, "edge-api-backend"), "Content-Security-Policy")).toBe(CSP);
    });

    it("puts IAP in front of a route and lets only its members through", async () => {
        const inv = await routed();
        expect(backend(inv, "edge-api-app-example-com-staff-backend").iap).toEqual({ enabled: true });
        expect(backend(inv, "edge-api-backend").iap).toBeUndefined();
        const grant = inv.one(IAP_MEMBER);
        expect(grant.inputs).toEqual({
            webBackendService: inv.named("edge-api-app-example-com-staff-backend", BACKEND).inputs.name,
            role: "roles/iap.httpsResourceAccessor",
            member: "group:staff@example.com",
        });
    });

    it("redirects www permanently to the app host, keeping path and query, with a certificate and DNS records of its own", async () => {
        const inv = await routed();
        expect(matcherFor(inv, "www.example.com")).toEqual({
            name: "redirect-www-example-com",
            defaultUrlRedirect: { hostRedirect: "app.example.com", httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
        });
        expect(inv.ofType(CERT).map((c) => (c.inputs.managed as any).domains[0]).sort()).toEqual(["api.example.com", "app.example.com", "www.example.com"]);
    });

    it("watches every route policy in the WAF-denials alert", async () => {
        const run = await plan(() => ({ names: new Edge("edge", ARGS).securityPolicyNames }));
        expect(run.outputs.names).toEqual([
            "acme-prod-waf",
            "acme-prod-waf-api-api-example-com-admin",
            "acme-prod-waf-api-api-example-com-auth-login",
        ]);
    });

    it("summarises the routes, restrictions and redirects", async () => {
        const inv = await routed();
        const edgeUrn = inv.one("prodstack:gcp:Edge").urn;
        const descendants = inv.resources.filter((r) => r.urn !== edgeUrn && r.urn.includes("prodstack:gcp:Edge$"));
        expect(summarize(Edge.TYPE, descendants)).toBe(
            "2 hosts · TLS ≥ 1.2 (RESTRICTED) · HTTP→HTTPS 301 · 4 services + 1 site backend · Cloud Armor (OWASP enforce, 600 req/min/IP) · " +
                "routes: 1 allowlisted, 1 behind IAP, 1 with its own rate limit, 1 with its own CSP · redirect www.example.com → app.example.com · IPv4 + IPv6",
        );
    });

    it("keeps the single host / pathPrefix form for one plain route", async () => {
        const single = await edge({ services: [{ name: "api", region: "europe-west1", cloudRunService: "acme-prod-api", host: "api.example.com" }], redirects: [] });
        expect(single.ofType(BACKEND).map((b) => b.name)).toEqual(["edge-api-backend"]);
        expect(routeSlug({ pathPrefix: "/admin/" })).toBe("any-admin");
    });

    it("rejects bad route settings with the route's key path, before registering anything", async () => {
        const { error, inv: none } = await rejectedArgs(() => new Edge("edge", {
            ...ARGS,
            services: [{
                name: "api",
                region: "europe-west1",
                cloudRunService: "acme-prod-api",
                host: "api.example.com",
                routes: [
                    { host: "api.example.com", allowIpRanges: ["10.0.0.1/8", "0.0.0.0/0"] },
                    { host: "app.example.com", pathPrefix: "/staff", iapMembers: ["allUsers"], requestsPerMinute: 20_000, contentSecurityPolicy: "" },
                ],
            }, {
                name: "reports",
                region: "europe-west1",
                cloudRunService: "acme-prod-reports",
                routes: [{ host: "app.example.com", pathPrefix: "/Staff/reports" }],
            }],
            redirects: [{ from: "app.example.com", to: "app.example.com" }],
        }));
        expect(none.resources).toEqual([]);
        expect(error.problems).toEqual([
            'services[0]: expected either routes or host / pathPrefix, not both, got {"name":"api"}',
            'services[0].routes[0].allowIpRanges[0]: expected a network address without host bits, such as "10.0.0.0/8", got "10.0.0.1/8"',
            'services[0].routes[0].allowIpRanges[1]: expected a range narrower than the whole internet (an allowlist of everyone restricts nothing), got "0.0.0.0/0"',
            'services[0].routes[1].iapMembers[0]: expected an IAM member such as "group:staff@example.com" (never allUsers), got "allUsers"',
            'services[0].routes[1].contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got ""',
            "services[0].routes[1].requestsPerMinute: expected at most 10000 while banSeconds > 0 (Cloud Armor's rate-based ban limit; set banSeconds to 0 to throttle instead), got 20000",
            'services[1].routes[0]: expected a path outside the restricted route app.example.com/staff (its paths in any spelling are denied on every other backend), got "app.example.com/Staff/reports"',
            'redirects[0].from: expected a host that is not one of the domains (it only redirects), got "app.example.com"',
            'redirects[0].to: expected a host other than `from`, got "app.example.com"',
        ]);
    });
});

/** validateEdgeArgs directly (no plan): every pattern and bound of the edge's args at both sides. */
describe("gcp Edge validation", () => {
    const API = { name: "api", region: "europe-west1", cloudRunService: "acme-prod-api" };
    const BASE: EdgeArgs = {
        namePrefix: "acme-prod",
        tier: "prod",
        domains: ["api.example.com", "app.example.com"],
        services: [{ ...API, host: "api.example.com" }],
        bucketLocation: "europe-west1",
    };
    const problemsOf = (args: Partial<EdgeArgs>) => argProblems(() => validateEdgeArgs("edge", { ...BASE, ...args }));
    const bad = (key: string, expected: string, value: unknown) => [`${key}: expected ${expected}, got ${JSON.stringify(value)}`];
    const NAME = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
    const PREFIX = 'a URL path prefix starting with "/" such as "/api"';
    const HOST = 'a lowercase DNS hostname such as "api.example.com"';

    it("accepts the minimal edge", () => {
        expect(problemsOf({})).toEqual([]);
    });

    it.each([
        ["namePrefix", "a", []],
        ["namePrefix", `a${"b".repeat(29)}`, []],
        ["namePrefix", `a${"b".repeat(30)}`, bad("namePrefix", 'a lowercase name prefix such as "acme-prod"', `a${"b".repeat(30)}`)],
        ["namePrefix", "-acme", bad("namePrefix", 'a lowercase name prefix such as "acme-prod"', "-acme")],
        ["namePrefix", "acme!", bad("namePrefix", 'a lowercase name prefix such as "acme-prod"', "acme!")],
        ["tier", "non-prod", []],
        ["tier", "dev", ['tier: expected one of "prod", "non-prod", got "dev"']],
        ["bucketLocation", "us-central1", []],
        ["bucketLocation", "EU", []],
        ["bucketLocation", "ASIA", []],
        ["bucketLocation", "nam4", []],
        ["bucketLocation", "europe-west10", []],
        ...["E", "EUROP", "europe-west", "europe-west1 ", " EU", "eu-"].map((v) =>
            ["bucketLocation", v, bad("bucketLocation", 'a region such as "europe-west1" or a multi-region such as "EU"', v)]),
        ["bucketNamePrefix", "ab", []],
        ["bucketNamePrefix", `a${"b".repeat(40)}`, []],
        ["bucketNamePrefix", "acme-goog", []],
        ...["a", `a${"b".repeat(41)}`, "goog-web", "my-google-web", "-acme", "Acme", "acme!"].map((v) =>
            ["bucketNamePrefix", v, bad("bucketNamePrefix", '2-41 lowercase letters, digits or hyphens, not starting with "goog" nor containing "google" (such as the project ID)', v)]),
        ["certificateMode", "classic", []],
        ["certificateMode", "self-managed", ['certificateMode: expected one of "certificate-manager", "classic", got "self-managed"']],
        ["sslProfile", "MODERN", []],
        ["sslProfile", "RESTRICTED", []],
        ["sslProfile", "COMPATIBLE", ['sslProfile: expected one of "RESTRICTED", "MODERN", got "COMPATIBLE"']],
        ["hstsMaxAgeSeconds", 299, ["hstsMaxAgeSeconds: expected an integer from 300 to 63072000, got 299"]],
        ["hstsMaxAgeSeconds", 300, []],
        ["hstsMaxAgeSeconds", 63_072_000, []],
        ["hstsMaxAgeSeconds", 63_072_001, ["hstsMaxAgeSeconds: expected an integer from 300 to 63072000, got 63072001"]],
        ["dnsZone", "a", []],
        ["dnsZone", `a${"b".repeat(61)}c`, []],
        ...[`a${"b".repeat(62)}c`, "example-", "1example", "example-com."].map((v) =>
            ["dnsZone", v, bad("dnsZone", "the name of an existing Cloud DNS managed zone", v)]),
    ] as Array<[keyof EdgeArgs, unknown, string[]]>)("%s %j", (key, value, problems) => {
        expect(problemsOf({ [key]: value })).toEqual(problems);
    });

    it.each([
        ["a", []],
        [`a${"b".repeat(18)}c`, []],
        [`a${"b".repeat(19)}c`, bad("services[0].name", NAME, `a${"b".repeat(19)}c`)],
        ["api-", bad("services[0].name", NAME, "api-")],
        ["1api", bad("services[0].name", NAME, "1api")],
        ["-api", bad("services[0].name", NAME, "-api")],
        ["api!", bad("services[0].name", NAME, "api!")],
    ])("service name %j", (name, problems) => {
        expect(problemsOf({ services: [{ ...API, name, host: "api.example.com" }] })).toEqual(problems);
    });

    it.each([
        ["europe-west1", []],
        ["northamerica-northeast2", []],
        ["europe-west10", []],
        ...["europe-west", "europe-west1a", "Europe-west1", "eu-west1 ", " eu-west1", "europe"].map((v) =>
            [v, bad("services[0].region", 'a GCP region such as "europe-west1"', v)]),
    ] as Array<[string, string[]]>)("service region %j", (region, problems) => {
        expect(problemsOf({ services: [{ ...API, region, host: "api.example.com" }] })).toEqual(problems);
    });

    it("publishes sites alone, names them like services, never 'unrouted', and keeps their cache TTL in range", () => {
        const site = { name: "web", host: "app.example.com" };
        expect(problemsOf({ services: [], sites: [site] })).toEqual([]);
        expect(problemsOf({ services: [], sites: [] })).toEqual(["services: expected at least one service or site to publish, got []"]);
        expect(problemsOf({ services: undefined, sites: undefined })).toEqual(["services: expected at least one service or site to publish, got []"]);
        expect(problemsOf({ sites: [{ ...site, name: "Web" }, { name: "docs", pathPrefix: "/docs" }, { name: "docs", pathPrefix: "/help" }] })).toEqual([
            ...bad("sites[0].name", NAME, "Web"),
            'sites[2].name: expected a name unique among sites, got "docs"',
        ]);
        expect(problemsOf({ sites: [{ ...site, name: "unrouted" }] })).toEqual(['sites[0].name: expected a name other than "unrouted" (the edge\'s own bucket), got "unrouted"']);
        for (const [ttl, ok] of [[-1, false], [0, true], [31_536_000, true], [31_536_001, false]] as const) {
            expect(problemsOf({ sites: [{ ...site, cacheTtlSeconds: ttl }] })).toEqual(ok ? [] : [`sites[0].cacheTtlSeconds: expected an integer from 0 to 31536000, got ${ttl}`]);
        }
        expect(problemsOf({ sites: [{ ...site, pathPrefix: "docs" }] })).toEqual(bad("sites[0].pathPrefix", PREFIX, "docs"));
        expect(problemsOf({ sites: [{ ...site, host: "api.example.com" }] })).toEqual([
            'sites[0]: expected a route no other service or site uses (services[0] already serves api.example.com/), got "api.example.com/"',
        ]);
    });

    it("checks each route's host and prefix, and needs routes or host / pathPrefix, never both", () => {
        const routes = (...rs: object[]) => problemsOf({ services: [{ ...API, routes: rs }] });
        expect(routes({ host: "api.example.com" }, { pathPrefix: "/api" }, { host: "app.example.com", pathPrefix: "/v1/" })).toEqual([]);
        expect(problemsOf({ services: [{ ...API, routes: [] }] })).toEqual(["services[0].routes: expected at least one route, got []"]);
        expect(problemsOf({ services: [{ ...API, pathPrefix: "/api", routes: [{ host: "api.example.com" }] }] })).toEqual([
            'services[0]: expected either routes or host / pathPrefix, not both, got {"name":"api"}',
        ]);
        expect(routes({})).toEqual(["services[0].routes[0]: expected a host, a pathPrefix or both, got {}"]);
        expect(problemsOf({ services: [{ ...API }] })).toEqual(['services[0]: expected a host, a pathPrefix or both, got {"name":"api"}']);
        expect(routes({ host: 42 }, { host: "API.example.com" }, { host: "www.example.com" }, { pathPrefix: "api" })).toEqual([
            ...bad("services[0].routes[0].host", HOST, 42),
            ...bad("services[0].routes[1].host", HOST, "API.example.com"),
            'services[0].routes[2].host: expected one of the domains (api.example.com, app.example.com), got "www.example.com"',
            ...bad("services[0].routes[3].pathPrefix", PREFIX, "api"),
        ]);
        // Values that are no strings are rejected as such, even when their text would match.
        expect(routes({ host: ["api.example.com"] }, { pathPrefix: ["/api"] })).toEqual([
            ...bad("services[0].routes[0].host", HOST, ["api.example.com"]),
            ...bad("services[0].routes[1].pathPrefix", PREFIX, ["/api"]),
        ]);
        expect(problemsOf({ services: [{ ...API, routes: "/api" as never }] })).toEqual(['services[0].routes: expected at least one route, got "/api"']);
        // An invalid prefix claims no route: the same typo twice is reported twice, not as a duplicate.
        expect(problemsOf({ services: [{ ...API, pathPrefix: "api" }, { ...API, name: "other", pathPrefix: "api" }] })).toEqual([
            ...bad("services[0].pathPrefix", PREFIX, "api"),
            ...bad("services[1].pathPrefix", PREFIX, "api"),
        ]);
        expect(problemsOf({ domains: "api.example.com" as never, services: [{ ...API, host: "api.example.com" }] })).toEqual([
            'domains: expected at least one domain to issue a certificate for, got "api.example.com"',
            'services[0].host: expected one of the domains (none listed), got "api.example.com"',
        ]);
        expect(problemsOf({ domains: [], services: [{ ...API, host: "api.example.com" }] })).toEqual([
            "domains: expected at least one domain to issue a certificate for, got []",
            'services[0].host: expected one of the domains (none listed), got "api.example.com"',
        ]);
        // The same host + prefix in another spelling is the same route.
        expect(routes({ pathPrefix: "/api" }, { pathPrefix: "/api/" })).toEqual([
            'services[0].routes[1]: expected a route no other service or site uses (services[0].routes[0] already serves */api), got "*/api"',
        ]);
    });

    it("needs routes with settings of their own to differ after slugging (they name a backend each)", () => {
        const own = (pathPrefix: string) => ({ host: "api.example.com", pathPrefix, requestsPerMinute: 100 });
        expect(problemsOf({ services: [{ ...API, routes: [own("/a-b"), own("/a/b")] }] })).toEqual([
            "services[0].routes[1]: expected a route whose host and path differ from the other routes' after slugging (api-example-com-a-b), got " +
                '{"host":"api.example.com","pathPrefix":"/a/b","requestsPerMinute":100}',
        ]);
        // Each setting of its own gives a route its own backend, so its slug must be unique.
        for (const setting of [{ allowIpRanges: ["203.0.113.0/24"] }, { iapMembers: ["group:staff@example.com"] }, { banSeconds: 60 }, { contentSecurityPolicy: "default-src 'none'" }]) {
            const routes = ["/a-b", "/a/b"].map((pathPrefix) => ({ host: "app.example.com", pathPrefix, ...setting }));
            expect(problemsOf({ services: [{ ...API, routes }] })).toEqual([
                expect.stringMatching(/^services\[0\]\.routes\[1\]: expected a route whose host and path differ from the other routes' after slugging \(app-example-com-a-b\), got \{"host":"app\.example\.com","pathPrefix":"\/a\/b",/),
            ]);
        }
        // Plain routes share the service's backend: no slug to collide.
        expect(problemsOf({ services: [{ ...API, routes: [{ host: "api.example.com", pathPrefix: "/a-b" }, { host: "api.example.com", pathPrefix: "/a/b" }] }] })).toEqual([]);
        // Slugs are per service: another service may have the same one.
        expect(problemsOf({ services: [{ ...API, routes: [own("/a-b")] }, { ...API, name: "other", routes: [own("/a/b")] }] })).toEqual([]);
    });

    it("keeps other routes from living below a restricted route, on its host or on every host", () => {
        const admin = (host?: string) => ({ ...API, name: "admin", routes: [{ ...(host ? { host } : {}), pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"] }] });
        const other = (route: object) => ({ ...API, name: "other", ...route });
        const under = (at: string, got: string, restricted: string) =>
            `${at}: expected a path outside the restricted route ${restricted} (its paths in any spelling are denied on every other backend), got "${got}"`;
        expect(problemsOf({ services: [admin("api.example.com"), other({ host: "api.example.com", pathPrefix: "/ADMIN/x" })] })).toEqual([
            under("services[1]", "api.example.com/ADMIN/x", "api.example.com/admin"),
        ]);
        expect(problemsOf({ services: [admin(), other({ routes: [{ host: "app.example.com", pathPrefix: "/admin/x/" }, { pathPrefix: "/admin/y" }] })] })).toEqual([
            under("services[1].routes[0]", "app.example.com/admin/x", "*/admin"),
            under("services[1].routes[1]", "*/admin/y", "*/admin"),
        ]);
        // Another host, a sibling prefix, or a restricted "/" (nothing below it to guard) are fine.
        expect(problemsOf({ services: [admin("api.example.com"), other({ host: "app.example.com", pathPrefix: "/admin/x" })] })).toEqual([]);
        expect(problemsOf({ services: [admin("api.example.com"), other({ host: "api.example.com", pathPrefix: "/adminx" })] })).toEqual([]);
        expect(problemsOf({ services: [{ ...API, routes: [{ host: "api.example.com", iapMembers: ["group:staff@example.com"] }] }, other({ host: "api.example.com", pathPrefix: "/x" })] })).toEqual([]);
        // An invalid prefix anywhere is reported once, by its own check, not compared.
        expect(problemsOf({ services: [admin("api.example.com"), other({ routes: [{ pathPrefix: "/admin/x" }, { pathPrefix: "/admin/x y" }] })] })).toEqual(
            bad("services[1].routes[1].pathPrefix", PREFIX, "/admin/x y"),
        );
        expect(problemsOf({ services: [admin("api.example.com"), other({ host: "api.example.com", pathPrefix: ["/admin/x"] })] })).toEqual(
            bad("services[1].pathPrefix", PREFIX, ["/admin/x"]),
        );
        expect(problemsOf({ services: [admin("api.example.com"), other({ routes: "/admin/x" })] })).toEqual([
            'services[1].routes: expected at least one route, got "/admin/x"',
        ]);
    });

    it.each([
        [["user:a@example.com", "group:staff@example.com", "serviceAccount:ci@acme.iam.gserviceaccount.com", "domain:example.com"], []],
        [[], ["services[0].routes[0].iapMembers: expected at least one IAM member, got []"]],
        ...["allUsers", "owner:a@example.com", "xuser:a@example.com", "user:a@example.com ", "user:a b", "user:a:b", "user:"].map((m) =>
            [[m], [`services[0].routes[0].iapMembers[0]: expected an IAM member such as "group:staff@example.com" (never allUsers), got ${JSON.stringify(m)}`]]),
    ] as Array<[string[], string[]]>)("IAP members %j", (iapMembers, problems) => {
        expect(problemsOf({ services: [{ ...API, routes: [{ host: "api.example.com", iapMembers }] }] })).toEqual(problems);
    });

    it.each([
        ["a", true],
        ["default-src 'self' https://cdn.example.com; img-src * data:~", true],
        ...[" a", "a\tb", "a\n", "a\u007f", "café", ""].map((v) => [v, false]),
    ] as Array<[string, boolean]>)("route CSP %j", (contentSecurityPolicy, ok) => {
        expect(problemsOf({ services: [{ ...API, routes: [{ host: "api.example.com", contentSecurityPolicy }] }] })).toEqual(ok ? [] : [
            `services[0].routes[0].contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got ${JSON.stringify(contentSecurityPolicy)}`,
        ]);
    });

    it("checks a route's rate limit with the edge's ban (or limit) where the route sets only one of them", () => {
        const route = (r: object, armor?: EdgeArgs["armor"]) => problemsOf({ armor, services: [{ ...API, routes: [{ host: "api.example.com", ...r }] }] });
        const TOO_MANY = "services[0].routes[0].requestsPerMinute: expected at most 10000 while banSeconds > 0 (Cloud Armor's rate-based ban limit; set banSeconds to 0 to throttle instead), got 20000";
        expect(route({ requestsPerMinute: 20_000 }, { banSeconds: 0 })).toEqual([]);
        expect(route({ requestsPerMinute: 20_000 })).toEqual([TOO_MANY]);
        expect(route({ banSeconds: 300 }, { requestsPerMinute: 20_000, banSeconds: 0 })).toEqual([TOO_MANY]);
        expect(route({ banSeconds: 60 })).toEqual([]);
        expect(route({ requestsPerMinute: 0 })).toEqual(["services[0].routes[0].requestsPerMinute: expected an integer from 1 to 1000000, got 0"]);
        expect(route({ banSeconds: 86_401 })).toEqual(["services[0].routes[0].banSeconds: expected an integer from 0 to 86400, got 86401"]);
        // A route without limits of its own takes the edge's, which are checked once, under armor.
        expect(route({}, { requestsPerMinute: 20_000 })).toEqual([
            "armor.requestsPerMinute: expected at most 10000 while banSeconds > 0 (Cloud Armor's rate-based ban limit; set banSeconds to 0 to throttle instead), got 20000",
        ]);
    });

    it("redirects only hosts that are no domain, each once, to another valid host", () => {
        const redirect = (...redirects: Array<{ from: string; to: string }>) => problemsOf({ redirects });
        expect(redirect({ from: "www.example.com", to: "app.example.com" }, { from: "example.com", to: "app.example.com" })).toEqual([]);
        expect(redirect({ from: ["www.example.com"], to: ["app.example.com"] } as never)).toEqual([
            ...bad("redirects[0].from", HOST, ["www.example.com"]),
            ...bad("redirects[0].to", HOST, ["app.example.com"]),
        ]);
        expect(redirect({ from: "WWW.example.com", to: "app" })).toEqual([
            ...bad("redirects[0].from", HOST, "WWW.example.com"),
            ...bad("redirects[0].to", HOST, "app"),
        ]);
        expect(redirect({ from: "www.example.com", to: "app.example.com" }, { from: "www.example.com", to: "api.example.com" })).toEqual([
            'redirects[1].from: expected each redirect host once, got "www.example.com"',
        ]);
        expect(redirect({ from: "www.example.com", to: "www.example.com" })).toEqual(['redirects[0].to: expected a host other than `from`, got "www.example.com"']);
        expect(redirect({ from: "api.example.com", to: "app.example.com" })).toEqual([
            'redirects[0].from: expected a host that is not one of the domains (it only redirects), got "api.example.com"',
        ]);
    });
});

describe("gcp Edge route helpers", () => {
    const API = { name: "api", region: "europe-west1", cloudRunService: "acme-prod-api" };

    it.each([
        [{ host: "api.example.com" }, "api-example-com"],
        [{ host: "api.example.com", pathPrefix: "/" }, "api-example-com"],
        [{ host: "api.example.com", pathPrefix: "/auth/login/" }, "api-example-com-auth-login"],
        [{ pathPrefix: "/admin" }, "any-admin"],
        [{ host: "a-very-long-host-name.example.com", pathPrefix: "/and/a/long/path" }, "a-very-long-host-name-example-com-9e2c50"],
    ])("slugs route %j as %s", (route, slug) => {
        expect(routeSlug(route)).toBe(slug);
    });

    it("lists the restricted routes below / with their normalised prefix, host only where given", () => {
        expect(restrictedRoutes([
            { ...API, routes: [
                { host: "api.example.com", allowIpRanges: ["203.0.113.0/24"] },
                { pathPrefix: "/admin/", iapMembers: ["group:staff@example.com"] },
                { host: "api.example.com", pathPrefix: "/ops", allowIpRanges: ["203.0.113.0/24"] },
                { host: "api.example.com", pathPrefix: "/login", requestsPerMinute: 30, contentSecurityPolicy: "default-src 'none'" },
                { pathPrefix: "/x" },
            ] },
            { ...API, name: "other", pathPrefix: "/other" },
        ])).toStrictEqual([{ pathPrefix: "/admin" }, { host: "api.example.com", pathPrefix: "/ops" }]);
    });

    it("serves a host its own routes and the every-host routes whose prefix it does not use itself", () => {
        const route = (host: string | undefined, prefix: string): Route => ({ ...(host ? { host } : {}), prefix, backendId: `${host ?? "any"}${prefix}` as never });
        const all = [route("api.example.com", "/a"), route("api.example.com", "/b"), route(undefined, "/a"), route(undefined, "/c"), route("app.example.com", "/c")];
        expect(routesForHost("api.example.com", all).map((r) => r.backendId)).toEqual(["api.example.com/a", "api.example.com/b", "any/c"]);
        expect(routesForHost("app.example.com", all).map((r) => r.backendId)).toEqual(["app.example.com/c", "any/a"]);
    });
});
