import { Edge, type EdgeArgs } from "../../../components/gcp/cdn";
import { routeSlug } from "../../../components/gcp/edge-routes";
import { summarize } from "../../../infra/plan/summaries";
import { matcherFor } from "../../helpers/edge";
import { memo, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

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
