import { SecurityHeaders, validateSecurityHeadersArgs, type SecurityHeadersArgs } from "../../../components/aws/security-headers";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
const ARGS: SecurityHeadersArgs = { namePrefix: "acme-prod" };
const DEFAULT_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
const securityHeadersConfig = (csp: string) => ({
    strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
    contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
});

describe("aws SecurityHeaders", () => {
    it("creates one global response headers policy with HSTS preload, the default CSP, nosniff, DENY and a referrer policy", async () => {
        const inv = await plan(() => new SecurityHeaders("headers", ARGS));
        expect(inv.counts()).toEqual({ "prodstack:aws:SecurityHeaders": 1, [POLICY]: 1 });
        expect(inv.one(POLICY).parent).toBe(inv.one("prodstack:aws:SecurityHeaders").urn);
        // Global resource: no region input.
        expect(inv.one(POLICY).inputs).toEqual({
            name: "acme-prod-security-headers",
            comment: "Security headers of acme-prod managed by prodstack",
            securityHeadersConfig: securityHeadersConfig(DEFAULT_CSP),
        });
    });

    it("gives each distinct route CSP a policy of its own and shares equal ones", async () => {
        let headers: SecurityHeaders | undefined;
        const inv = await plan(() => (headers = new SecurityHeaders("headers", {
            ...ARGS,
            contentSecurityPolicy: "default-src 'self'",
            routeContentSecurityPolicies: {
                "docs-b": "default-src 'self'; script-src 'unsafe-inline'",
                "docs-a": "default-src 'self'; script-src 'unsafe-inline'",
                "same-as-default": "default-src 'self'",
            },
        })));
        expect(inv.ofType(POLICY)).toHaveLength(2);
        expect(inv.named("headers", POLICY).inputs.securityHeadersConfig).toEqual(securityHeadersConfig("default-src 'self'"));
        expect(inv.named("headers-docs-a", POLICY).inputs).toEqual({
            name: "acme-prod-security-headers-docs-a",
            comment: "Security headers of acme-prod route docs-a managed by prodstack",
            securityHeadersConfig: securityHeadersConfig("default-src 'self'; script-src 'unsafe-inline'"),
        });
        const ids = await Promise.all([headers!.id, headers!.routeIds["docs-a"], headers!.routeIds["docs-b"], headers!.routeIds["same-as-default"]]
            .map((o) => new Promise<string>((resolve) => o.apply(resolve))));
        expect(ids[1]).toBe(ids[2]);
        expect(ids[3]).toBe(ids[0]);
        expect(ids[0]).not.toBe(ids[1]);
    });

    it("summarises in one line what CloudFront receives", async () => {
        const inv = await plan(() => new SecurityHeaders("headers", { ...ARGS, routeContentSecurityPolicies: { docs: "default-src 'none'" } }));
        expect(summarize(SecurityHeaders.TYPE, inv.resources)).toBe(
            "2 policies · HSTS 63072000 s + subdomains + preload · CSP · nosniff · frame DENY · referrer strict-origin-when-cross-origin",
        );
    });

    it("adds extra headers as overriding custom headers", async () => {
        const inv = await plan(() => new SecurityHeaders("headers", { ...ARGS, extraHeaders: { "Permissions-Policy": "camera=(), microphone=()" } }));
        expect(inv.one(POLICY).inputs.customHeadersConfig).toEqual({ items: [{ header: "Permissions-Policy", value: "camera=(), microphone=()", override: true }] });
    });

    it("registers nothing when the CSP is too long for CloudFront", async () => {
        const { error, inv } = await rejectedArgs(() => new SecurityHeaders("headers", { ...ARGS, contentSecurityPolicy: `default-src ${"a".repeat(1772)}` }));
        expect(error.problems).toEqual(["contentSecurityPolicy: expected at most 1783 characters (CloudFront's Content-Security-Policy limit), got \"1784 characters\""]);
        expect(inv.ofType(POLICY)).toHaveLength(0);
    });

    describe("validation", () => {
        const problemsOf = (args: Partial<SecurityHeadersArgs>) => argProblems(() => validateSecurityHeadersArgs("headers", { ...ARGS, ...args }));
        const tenHeaders = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`X-Extra-${i}`, "1"]));

        it.each<[string, Partial<SecurityHeadersArgs>]>([
            ["the documented defaults", {}],
            ["a CSP of 1783 characters", { contentSecurityPolicy: `default-src ${"a".repeat(1771)}` }],
            ["a 40-character route key", { routeContentSecurityPolicies: { [`a${"b".repeat(39)}`]: "default-src 'none'" } }],
            ["a 1-character route key", { routeContentSecurityPolicies: { a: "default-src 'none'" } }],
            ["a 30-character name prefix", { namePrefix: `a${"b".repeat(29)}` }],
            ["ten extra headers", { extraHeaders: tenHeaders }],
            ["extra values of 1783 characters together", { extraHeaders: { "X-A": "a".repeat(1000), "X-B": "b".repeat(783) } }],
        ])("accepts %s", (_label, args) => {
            expect(problemsOf(args)).toEqual([]);
        });

        it.each<[string, Partial<SecurityHeadersArgs>, string]>([
            ["an upper-case prefix", { namePrefix: "Acme" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod" (at most 30 characters), got "Acme"'],
            ["a name prefix with an underscore", { namePrefix: "acme_prod" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod" (at most 30 characters), got "acme_prod"'],
            ["a 31-character name prefix", { namePrefix: `a${"b".repeat(30)}` }, `namePrefix: expected a lowercase name prefix such as "acme-prod" (at most 30 characters), got "a${"b".repeat(30)}"`],
            ["no name prefix", { namePrefix: undefined as never }, 'namePrefix: expected a lowercase name prefix such as "acme-prod" (at most 30 characters), got nothing'],
            ["a CSP given as a list", { contentSecurityPolicy: ["default-src 'self'"] as never },
                "contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got [\"default-src 'self'\"]"],
            ["an extra header value given as a number", { extraHeaders: { "X-A": 5 as never } }, "extraHeaders.X-A: expected a header value: one line of printable ASCII, not empty, got 5"],
            ["an empty CSP", { contentSecurityPolicy: "" }, 'contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got ""'],
            ["a CSP over two lines", { contentSecurityPolicy: "default-src 'self';\nscript-src 'self'" },
                "contentSecurityPolicy: expected a Content-Security-Policy value: one line of printable ASCII, not empty, got \"default-src 'self';\\nscript-src 'self'\""],
            ["a route CSP of 1784 characters", { routeContentSecurityPolicies: { docs: `default-src ${"a".repeat(1772)}` } },
                "routeContentSecurityPolicies.docs: expected at most 1783 characters (CloudFront's Content-Security-Policy limit), got \"1784 characters\""],
            ["a 41-character route key", { routeContentSecurityPolicies: { [`a${"b".repeat(40)}`]: "default-src 'none'" } },
                `routeContentSecurityPolicies.a${"b".repeat(40)}: expected a route key of lowercase letters, digits and hyphens (at most 40) such as "api-admin", got "a${"b".repeat(40)}"`],
            ["eleven extra headers", { extraHeaders: { ...tenHeaders, "X-Extra-10": "1" } }, 'extraHeaders: expected at most 10 headers (CloudFront\'s custom header limit), got "11 headers"'],
            ["extra values of 1784 characters together", { extraHeaders: { "X-A": "a".repeat(1000), "X-B": "b".repeat(784) } },
                'extraHeaders: expected values of at most 1783 characters together (CloudFront\'s limit), got "1784 characters"'],
            ["a security header as an extra header", { extraHeaders: { "strict-transport-security": "max-age=1" } },
                'extraHeaders.strict-transport-security: expected a header the security headers or CORS settings do not set, got "strict-transport-security"'],
            ["a header name with a space", { extraHeaders: { "X Bad": "1" } }, 'extraHeaders.X Bad: expected an HTTP header name such as "Permissions-Policy", got "X Bad"'],
            ["an empty header value", { extraHeaders: { "X-Empty": "" } }, 'extraHeaders.X-Empty: expected a header value: one line of printable ASCII, not empty, got ""'],
        ])("rejects %s", (_label, args, problem) => {
            expect(problemsOf(args)).toEqual([problem]);
        });

        // Set by the policy itself (security headers) or refused by CloudFront as custom headers (CORS, Server-Timing).
        it.each([
            "Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-XSS-Protection",
            "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
            "Access-Control-Expose-Headers", "Access-Control-Max-Age", "Server-Timing",
        ])("refuses %s as an extra header", (header) => {
            expect(problemsOf({ extraHeaders: { [header]: "1" } })).toEqual([`extraHeaders.${header}: expected a header the security headers or CORS settings do not set, got "${header}"`]);
        });
    });
});
