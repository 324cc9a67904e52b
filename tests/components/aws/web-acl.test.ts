import { validateWebAclArgs, WebAcl, type WebAclArgs } from "../../../components/aws/web-acl";
import { rateWindow } from "../../../components/aws/web-acl-rules";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const ACL = "aws:wafv2/webAcl:WebAcl";
const IP_SET = "aws:wafv2/ipSet:IpSet";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: WebAclArgs = { namePrefix: "acme-prod", tier: "prod", logKmsKeyArn: KEY };

const webAcl = (args: Partial<WebAclArgs> = {}) => plan(() => new WebAcl("waf", { ...ARGS, ...args }));
const rulesOf = (inv: Inventory) => inv.one(ACL).inputs.rules as any[];
const ruleNamed = (inv: Inventory, name: string) => rulesOf(inv).find((r) => r.name === name);
const ipSetArn = (inv: Inventory, name: string) =>
    `arn:aws:wafv2:us-east-1:123456789012:global/ipset/${String(inv.named(name, IP_SET).inputs.name)}/`;
const vis = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const HOST_API = {
    regexMatchStatement: {
        fieldToMatch: { singleHeader: { name: "host" } },
        regexString: "^api\\.example\\.com\\.?(:[0-9]+)?$",
        textTransformations: [{ priority: 0, type: "LOWERCASE" }],
    },
};
const PATH_ADMIN = {
    regexMatchStatement: {
        fieldToMatch: { uriPath: {} },
        regexString: "^/admin(/|$)",
        textTransformations: [{ priority: 0, type: "URL_DECODE" }, { priority: 1, type: "NORMALIZE_PATH" }, { priority: 2, type: "LOWERCASE" }],
    },
};

describe("aws WebAcl", () => {
    it("creates a CloudFront-scope ACL in us-east-1 with the managed groups and a per-client rate limit, logging redacted", async () => {
        const inv = await webAcl();
        expect(inv.counts()).toEqual({
            "prodstack:aws:WebAcl": 1,
            [ACL]: 1,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 1,
        });
        const acl = inv.one(ACL).inputs;
        expect(acl).toMatchObject({
            region: "us-east-1",
            scope: "CLOUDFRONT",
            name: "acme-prod-edge",
            description: "CloudFront web ACL of acme-prod managed by prodstack",
            defaultAction: { allow: {} },
            visibilityConfig: vis("acme-prod-edge"),
        });
        expect(rulesOf(inv)).toEqual([
            {
                name: "AWSManagedRulesAmazonIpReputationList", priority: 200, overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesAmazonIpReputationList" } },
                visibilityConfig: vis("acme-prod-edge-AWSManagedRulesAmazonIpReputationList"),
            },
            {
                name: "rate-per-client", priority: 400, action: { block: { customResponse: { responseCode: 429 } } },
                statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 600, evaluationWindowSec: 60 } },
                visibilityConfig: vis("acme-prod-edge-rate-per-client"),
            },
            {
                name: "AWSManagedRulesCommonRuleSet", priority: 500, overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
                visibilityConfig: vis("acme-prod-edge-AWSManagedRulesCommonRuleSet"),
            },
            {
                name: "AWSManagedRulesKnownBadInputsRuleSet", priority: 510, overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
                visibilityConfig: vis("acme-prod-edge-AWSManagedRulesKnownBadInputsRuleSet"),
            },
            {
                name: "AWSManagedRulesSQLiRuleSet", priority: 520, overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesSQLiRuleSet" } },
                visibilityConfig: vis("acme-prod-edge-AWSManagedRulesSQLiRuleSet"),
            },
        ]);
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({
            region: "us-east-1", name: "aws-waf-logs-acme-prod", retentionInDays: 365, kmsKeyId: KEY,
        });
        expect(inv.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs).toEqual({
            region: "us-east-1",
            resourceArn: expect.stringMatching(/^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/acme-prod-edge\/[0-9a-f-]{36}$/),
            logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-acme-prod"],
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        });
    });

    it("exposes the ARN, the metric names for BlockedRequests alarms and the capacity estimate", async () => {
        let acl: WebAcl | undefined;
        const inv = await plan(() => (acl = new WebAcl("waf", { ...ARGS, denyRegions: ["KP"] })));
        expect(acl!.metricName).toBe("acme-prod-edge");
        expect(acl!.ruleMetricNames["rate-per-client"]).toBe("acme-prod-edge-rate-per-client");
        expect(acl!.ruleMetricNames["deny-regions"]).toBe("acme-prod-edge-deny-regions");
        // 25 + 700 + 200 + 200 managed, 2 rate-based, 1 geo.
        expect(acl!.capacity).toBe(1128);
        const arn = await new Promise((resolve) => acl!.arn.apply(resolve));
        expect(arn).toBe(inv.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs.resourceArn);
    });

    it("counts instead of blocking in preview: managed groups override to count, own rules count", async () => {
        const inv = await webAcl({
            tier: "non-prod",
            mode: "preview",
            denyIpRanges: ["198.51.100.0/24"],
            denyRegions: ["KP"],
            routes: [{ host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"], requestsPerMinute: 60 }],
        });
        for (const rule of rulesOf(inv)) {
            if (rule.statement.managedRuleGroupStatement) expect([rule.name, rule.overrideAction]).toEqual([rule.name, { count: {} }]);
            else expect([rule.name, rule.action]).toEqual([rule.name, { count: {} }]);
        }
        expect(rulesOf(inv)).toHaveLength(9);
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(30);
    });

    it("blocks deny lists with one IP set per address family and a geo rule, before everything else", async () => {
        const inv = await webAcl({ denyIpRanges: ["198.51.100.7", "2001:db8::/32", "203.0.113.0/24"], denyRegions: ["KP", "IR"] });
        expect(inv.named("waf-deny-ipv4", IP_SET).inputs).toEqual({
            region: "us-east-1", scope: "CLOUDFRONT", name: "acme-prod-deny-ipv4", description: "Blocked ipv4 ranges managed by prodstack",
            ipAddressVersion: "IPV4", addresses: ["198.51.100.7/32", "203.0.113.0/24"],
        });
        expect(inv.named("waf-deny-ipv6", IP_SET).inputs).toMatchObject({ ipAddressVersion: "IPV6", addresses: ["2001:db8::/32"] });
        const [v4, v6, geo] = rulesOf(inv);
        expect(v4).toEqual({
            name: "deny-ipv4", priority: 10, action: { block: {} },
            statement: { ipSetReferenceStatement: { arn: expect.stringContaining(ipSetArn(inv, "waf-deny-ipv4")) } },
            visibilityConfig: vis("acme-prod-edge-deny-ipv4"),
        });
        expect([v6.name, v6.priority, v6.statement.ipSetReferenceStatement.arn]).toEqual(["deny-ipv6", 11, expect.stringContaining(ipSetArn(inv, "waf-deny-ipv6"))]);
        expect(geo).toEqual({
            name: "deny-regions", priority: 20, action: { block: {} },
            statement: { geoMatchStatement: { countryCodes: ["KP", "IR"] } }, visibilityConfig: vis("acme-prod-edge-deny-regions"),
        });
    });

    it("blocks everyone outside a route's allowlist on that host + path only, in any spelling of the path", async () => {
        const inv = await webAcl({ routes: [{ host: "api.example.com", pathPrefix: "/Admin/", allowIpRanges: ["203.0.113.0/24", "2001:db8::1"] }] });
        expect(inv.named("waf-allow-ipv4-api-example-com-admin", IP_SET).inputs).toMatchObject({
            name: "acme-prod-allow-ipv4-api-example-com-admin", ipAddressVersion: "IPV4", addresses: ["203.0.113.0/24"],
        });
        expect(inv.named("waf-allow-ipv6-api-example-com-admin", IP_SET).inputs).toMatchObject({ ipAddressVersion: "IPV6", addresses: ["2001:db8::1/128"] });
        expect(ruleNamed(inv, "allowlist-api-example-com-admin")).toEqual({
            name: "allowlist-api-example-com-admin", priority: 100, action: { block: {} },
            statement: {
                andStatement: {
                    statements: [
                        HOST_API,
                        PATH_ADMIN,
                        { notStatement: { statement: { ipSetReferenceStatement: { arn: expect.stringContaining(ipSetArn(inv, "waf-allow-ipv4-api-example-com-admin")) } } } },
                        { notStatement: { statement: { ipSetReferenceStatement: { arn: expect.stringContaining(ipSetArn(inv, "waf-allow-ipv6-api-example-com-admin")) } } } },
                    ],
                },
            },
            visibilityConfig: vis("acme-prod-edge-allowlist-api-example-com-admin"),
        });
    });

    it("scopes an allowlist on every host by path alone, and one on a whole host by host alone", async () => {
        const inv = await webAcl({
            routes: [{ pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"] }, { host: "api.example.com", allowIpRanges: ["203.0.113.0/24"] }],
        });
        const notIn = (name: string) => ({ notStatement: { statement: { ipSetReferenceStatement: { arn: expect.stringContaining(ipSetArn(inv, name)) } } } });
        expect(ruleNamed(inv, "allowlist-any-admin").statement).toEqual({ andStatement: { statements: [PATH_ADMIN, notIn("waf-allow-ipv4-any-admin")] } });
        expect(ruleNamed(inv, "allowlist-any-admin").priority).toBe(100);
        expect(ruleNamed(inv, "allowlist-api-example-com").statement).toEqual({ andStatement: { statements: [HOST_API, notIn("waf-allow-ipv4-api-example-com")] } });
        expect(ruleNamed(inv, "allowlist-api-example-com").priority).toBe(101);
        const everywhere = await webAcl({ tier: "non-prod", routes: [{ allowIpRanges: ["203.0.113.0/24"] }] });
        expect(ruleNamed(everywhere, "allowlist-any").statement).toEqual({
            notStatement: { statement: { ipSetReferenceStatement: { arn: expect.stringContaining(ipSetArn(everywhere, "waf-allow-ipv4-any")) } } },
        });
    });

    it("adds a tighter rate rule per route, scoped to its host + path, ahead of the per-client rule", async () => {
        const inv = await webAcl({
            requestsPerMinute: 1000,
            routes: [{ pathPrefix: "/health", allowIpRanges: ["203.0.113.0/24"] }, { host: "api.example.com", pathPrefix: "/admin", requestsPerMinute: 2 }],
        });
        expect(ruleNamed(inv, "rate-api-example-com-admin")).toEqual({
            name: "rate-api-example-com-admin", priority: 301, action: { block: { customResponse: { responseCode: 429 } } },
            statement: {
                rateBasedStatement: {
                    aggregateKeyType: "IP", limit: 10, evaluationWindowSec: 300,
                    scopeDownStatement: { andStatement: { statements: [HOST_API, PATH_ADMIN] } },
                },
            },
            visibilityConfig: vis("acme-prod-edge-rate-api-example-com-admin"),
        });
        expect(ruleNamed(inv, "rate-per-client").statement.rateBasedStatement).toEqual({ aggregateKeyType: "IP", limit: 1000, evaluationWindowSec: 60 });
        expect(rulesOf(inv).map((r) => [r.name, r.priority])).toEqual([
            ["allowlist-any-health", 100],
            ["AWSManagedRulesAmazonIpReputationList", 200],
            ["rate-api-example-com-admin", 301],
            ["rate-per-client", 400],
            ["AWSManagedRulesCommonRuleSet", 500],
            ["AWSManagedRulesKnownBadInputsRuleSet", 510],
            ["AWSManagedRulesSQLiRuleSet", 520],
        ]);
        const hostOnly = await webAcl({ routes: [{ host: "api.example.com", requestsPerMinute: 60 }] });
        expect(ruleNamed(hostOnly, "rate-api-example-com").statement.rateBasedStatement.scopeDownStatement).toEqual(HOST_API);
    });

    it("counts only SizeRestrictions_BODY of the common rule set when large bodies are allowed", async () => {
        const inv = await webAcl({ allowLargeBodies: true });
        expect(ruleNamed(inv, "AWSManagedRulesCommonRuleSet")).toMatchObject({
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet",
                    ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
                },
            },
        });
        expect(ruleNamed(inv, "AWSManagedRulesSQLiRuleSet").statement.managedRuleGroupStatement.ruleActionOverrides).toBeUndefined();
    });

    it("summarises in one line what WAF receives, enforcing and in preview", async () => {
        const full = await webAcl({
            allowLargeBodies: true,
            denyIpRanges: ["198.51.100.0/24"],
            routes: [{ pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"], requestsPerMinute: 5 }],
        });
        expect(summarize(WebAcl.TYPE, full.resources)).toBe(
            "CLOUDFRONT (us-east-1) · 4 managed groups (body size counted) · blocking · 600 req/60 s/IP → 429 · 1 route limit · 1 allowlisted route · " +
                "1 deny-list rule · logs aws-waf-logs-acme-prod 365 d, authorization + cookie redacted",
        );
        const preview = await webAcl({ tier: "non-prod", mode: "preview", requestsPerMinute: 3 });
        expect(summarize(WebAcl.TYPE, preview.resources)).toBe(
            "CLOUDFRONT (us-east-1) · 4 managed groups · PREVIEW: 5 rules only count · 15 req/300 s/IP → 429 · logs aws-waf-logs-acme-prod 30 d, authorization + cookie redacted",
        );
    });

    it.each<[number, number, number]>([
        [1, 10, 600],
        [2, 10, 300],
        [4, 20, 300],
        [5, 10, 120],
        [9, 18, 120],
        [10, 10, 60],
        [600, 600, 60],
        [1000000, 1000000, 60],
    ])("converts %i requests per minute exactly to %i per %i s", (perMinute, limit, evaluationWindowSec) => {
        expect(rateWindow(perMinute)).toEqual({ limit, evaluationWindowSec });
    });

    it("has no exact WAF window for a fractional rate", () => {
        expect(rateWindow(0.05)).toBeUndefined();
        expect(rateWindow(0)).toBeUndefined();
    });

    it("refuses more rules than the 1,500 included WCUs before registering anything", async () => {
        const route = (i: number) => ({ host: `h${i}.example.com`, pathPrefix: "/admin", requestsPerMinute: 10 });
        // Each scoped rate rule: 2 + host 13 + path 33 = 48 WCUs; 1127 + 7 × 48 = 1463 fits, + 8 × 48 = 1511 does not.
        const fits = await webAcl({ routes: Array.from({ length: 7 }, (_, i) => route(i)) });
        expect(rulesOf(fits)).toHaveLength(12);
        const { error, inv } = await rejectedArgs(() => new WebAcl("waf", { ...ARGS, routes: Array.from({ length: 8 }, (_, i) => route(i)) }));
        expect(error.problems).toEqual([
            "routes: expected rules within the 1500 WCUs a web ACL includes (managed groups take 1125; each route rule 14 to 48), got \"an estimated 1511 WCUs\"",
        ]);
        expect(inv.ofType(ACL)).toHaveLength(0);
    });

    describe("validation", () => {
        const problemsOf = (args: Partial<WebAclArgs>) => argProblems(() => validateWebAclArgs("waf", { ...ARGS, ...args }));

        it.each<[string, Partial<WebAclArgs>]>([
            ["the documented defaults", {}],
            ["one request per minute", { requestsPerMinute: 1 }],
            ["the largest rate", { requestsPerMinute: 1000000 }],
            ["preview outside prod", { tier: "non-prod", mode: "preview" }],
            ["a 30-character prefix", { namePrefix: "a23456789012345678901234567890" }],
            ["a route limit equal to the ACL's", { routes: [{ pathPrefix: "/login", requestsPerMinute: 600 }] }],
            ["ten allowlisted ranges", { routes: [{ pathPrefix: "/admin", allowIpRanges: Array.from({ length: 10 }, (_, i) => `203.0.113.${i}`) }] }],
            ["a /1 deny range and an IPv6 address", { denyIpRanges: ["0.0.0.0/1", "2001:db8::1"] }],
            ["a host whose pattern is 200 characters", { routes: [{ host: `${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(54)}.com`, requestsPerMinute: 5 }] }],
            ["a path whose pattern is 200 characters", { routes: [{ pathPrefix: `/${"a".repeat(193)}`, requestsPerMinute: 5 }] }],
            ["an allowed CloudWatch retention", { logRetentionDays: 3653 }],
            ["an output as the key ARN", { logKmsKeyArn: Promise.resolve("anything") as never }],
        ])("accepts %s", (_label, args) => {
            expect(problemsOf(args)).toEqual([]);
        });

        it.each<[string, Partial<WebAclArgs>, string]>([
            ["an upper-case prefix", { namePrefix: "Acme" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod" (at most 30 characters), got "Acme"'],
            ["a 31-character prefix", { namePrefix: "a234567890123456789012345678901" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod" (at most 30 characters), got "a234567890123456789012345678901"'],
            ["an unknown tier", { tier: "dev" as never }, 'tier: expected one of "prod", "non-prod", got "dev"'],
            ["an unknown mode", { mode: "block" as never }, 'mode: expected one of "enforce", "preview", got "block"'],
            ["preview in prod", { mode: "preview" }, 'mode: expected "enforce" in prod (preview the rules outside prod), got "preview"'],
            ["zero requests per minute", { requestsPerMinute: 0 }, "requestsPerMinute: expected an integer from 1 to 1000000, got 0"],
            ["a fractional rate", { requestsPerMinute: 1.5 }, "requestsPerMinute: expected an integer from 1 to 1000000, got 1.5"],
            ["a rate over the maximum", { requestsPerMinute: 1000001 }, "requestsPerMinute: expected an integer from 1 to 1000000, got 1000001"],
            ["a route limit above the ACL's", { routes: [{ pathPrefix: "/login", requestsPerMinute: 601 }] },
                "routes[0].requestsPerMinute: expected an integer from 1 to 600 (the ACL's requestsPerMinute, which counts this route's requests too), got 601"],
            ["a route limit of zero", { routes: [{ pathPrefix: "/login", requestsPerMinute: 0 }] },
                "routes[0].requestsPerMinute: expected an integer from 1 to 600 (the ACL's requestsPerMinute, which counts this route's requests too), got 0"],
            ["a route with nothing of its own", { routes: [{ pathPrefix: "/login" }] }, 'routes[0]: expected allowIpRanges, requestsPerMinute or both, got {"pathPrefix":"/login"}'],
            ["an upper-case host", { routes: [{ host: "API.example.com", requestsPerMinute: 5 }] }, 'routes[0].host: expected a lowercase hostname such as "api.example.com", got "API.example.com"'],
            ["a path without a slash", { routes: [{ pathPrefix: "admin", requestsPerMinute: 5 }] }, 'routes[0].pathPrefix: expected a path prefix such as "/admin", got "admin"'],
            ["a host whose pattern is 201 characters", { routes: [{ host: `${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(55)}.com`, requestsPerMinute: 5 }] },
                `routes[0].host: expected a host whose WAF pattern fits 200 characters (about 180 characters of host), got "${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(55)}.com"`],
            ["a path whose pattern is 201 characters", { routes: [{ pathPrefix: `/${"a".repeat(194)}`, requestsPerMinute: 5 }] },
                `routes[0].pathPrefix: expected a path prefix whose WAF pattern fits 200 characters, got "/${"a".repeat(194)}"`],
            ["the same route twice", { routes: [{ pathPrefix: "/a", requestsPerMinute: 5 }, { pathPrefix: "/a/", allowIpRanges: ["203.0.113.0/24"] }] },
                'routes[1]: expected a host + path prefix no earlier route has, got "*/a"'],
            ["an empty allowlist", { routes: [{ pathPrefix: "/a", allowIpRanges: [] }] }, "routes[0].allowIpRanges: expected 1 to 10 ranges, got []"],
            ["eleven allowlisted ranges", { routes: [{ pathPrefix: "/a", allowIpRanges: Array.from({ length: 11 }, (_, i) => `203.0.113.${i}`) }] },
                expect.stringMatching(/^routes\[0\]\.allowIpRanges: expected 1 to 10 ranges, got \["203\.0\.113\.0",/) as never],
            ["an allowlist of everyone", { routes: [{ pathPrefix: "/a", allowIpRanges: ["0.0.0.0/0"] }] },
                'routes[0].allowIpRanges[0]: expected a range narrower than the whole internet (an allowlist of everyone restricts nothing), got "0.0.0.0/0"'],
            ["an IPv6 /0 in an allowlist", { routes: [{ pathPrefix: "/a", allowIpRanges: ["2001:db8::/0"] }] },
                'routes[0].allowIpRanges[0]: expected a range narrower than /0 (it lets a whole address family in), got "2001:db8::/0"'],
            ["a deny range of /0", { denyIpRanges: ["::/0"] }, 'denyIpRanges[0]: expected a range narrower than /0 (WAF IP sets refuse /0), got "::/0"'],
            ["a deny range with host bits", { denyIpRanges: ["10.0.0.1/8"] }, 'denyIpRanges[0]: expected a network address without host bits, such as "10.0.0.0/8", got "10.0.0.1/8"'],
            ["a country name", { denyRegions: ["KPR"] }, 'denyRegions[0]: expected an ISO 3166-1 alpha-2 country code such as "KP", got "KPR"'],
            ["a key in another region", { logKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/abc" },
                'logKmsKeyArn: expected the ARN of a KMS key in us-east-1 (where CloudFront WAF logs live), got "arn:aws:kms:eu-central-1:123456789012:key/abc"'],
            ["a retention CloudWatch refuses", { logRetentionDays: 3650 }, expect.stringMatching(/^logRetentionDays: expected a CloudWatch Logs retention in days .*; nearest: 3288 or 3653, got 3650$/) as never],
        ])("rejects %s", (_label, args, problem) => {
            expect(problemsOf(args)).toEqual([problem]);
        });

        it("refuses more than 10,000 deny ranges of one family and more than 100 routes", () => {
            const v4 = Array.from({ length: 10001 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
            expect(problemsOf({ denyIpRanges: v4.slice(0, 10000) })).toEqual([]);
            expect(problemsOf({ denyIpRanges: [...v4.slice(0, 10000), "11.0.0.0/24"] })).toEqual(["denyIpRanges: expected at most 10000 IPv4 ranges (one WAF IP set), got 10001"]);
            const routes = Array.from({ length: 101 }, (_, i) => ({ pathPrefix: `/r${i}`, requestsPerMinute: 5 }));
            expect(problemsOf({ routes })).toEqual(["routes: expected at most 100 routes, got 101"]);
        });
    });
});
