import { SecurityHeaders } from "../../../components/aws/security-headers";
import { WebAcl } from "../../../components/aws/web-acl";
import { plan } from "../../helpers/inventory";
import { r, urn, validateStack, type StackResource } from "../harness";

const T = {
    distribution: "aws:cloudfront/distribution:Distribution",
    headers: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    acl: "aws:wafv2/webAcl:WebAcl",
    rule: "aws:wafv2/webAclRule:WebAclRule",
    logging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
};
const ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acme-prod-edge/0f0e0d0c-0b0a-0908-0706-050403020100";

const managed = (name: string, priority: number, overrideAction: Record<string, unknown> = { none: {} }) => ({
    name, priority, overrideAction, statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
});
const perClient = { name: "rate-per-client", priority: 400, action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 600, evaluationWindowSec: 60 } } };
const MANAGED = [
    managed("AWSManagedRulesAmazonIpReputationList", 200),
    managed("AWSManagedRulesCommonRuleSet", 500),
    managed("AWSManagedRulesKnownBadInputsRuleSet", 510),
    managed("AWSManagedRulesSQLiRuleSet", 520),
];
const acl = (rules: unknown[] = [...MANAGED, perClient]) => r(T.acl, "waf-acl", { scope: "CLOUDFRONT", region: "us-east-1", name: "acme-prod-edge", rules });
const logging = (redactedFields: unknown[] = [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]) =>
    r(T.logging, "waf-logging", { region: "us-east-1", resourceArn: ACL_ARN, logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-acme-prod"], redactedFields });
const distribution = (props: Record<string, unknown> = {}, deps: StackResource[] = []) =>
    r(T.distribution, "edge-cdn", { webAclId: ACL_ARN, defaultCacheBehavior: { responseHeadersPolicyId: "headers-id" }, ...props }, deps);
const SECURITY_HEADERS = {
    strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
    contentSecurityPolicy: { contentSecurityPolicy: "default-src 'self'", override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
};
const headers = (name = "headers", config: Record<string, unknown> = SECURITY_HEADERS) => r(T.headers, name, { name: `acme-prod-${name}`, securityHeadersConfig: config });

describe("waf-on-public-backends on CloudFront", () => {
    it("passes a distribution whose web ACL enforces the managed groups and is logged with credentials redacted", async () => {
        const out = await validateStack("waf-on-public-backends", [acl(), logging(), distribution()]);
        expect(out).toEqual({ messages: [], urns: [] });
    });

    it("passes what WebAcl plans, attached by the ARN the mocks compute", async () => {
        const inv = await plan(() => new WebAcl("waf", { namePrefix: "acme-prod", tier: "prod", logKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }));
        const arn = String(inv.one(T.logging).inputs.resourceArn);
        const planned = inv.resources.filter((p) => p.type.startsWith("aws:")).map((p) => r(p.type, p.name, p.inputs));
        for (const policy of ["waf-on-public-backends", "rate-limit-per-client"]) {
            expect([policy, await validateStack(policy, [...planned, distribution({ webAclId: arn })])]).toEqual([policy, { messages: [], urns: [] }]);
        }
    });

    it("fails a distribution without a web ACL, and one whose ACL is outside the stack", async () => {
        const bare = distribution({ webAclId: undefined });
        expect((await validateStack("waf-on-public-backends", [bare])).messages).toEqual([
            'CloudFront distribution "edge-cdn" has no WAF web ACL (webAclId), so no WAF inspects its traffic; attach a CLOUDFRONT-scope aws.wafv2.WebAcl by its ARN.',
        ]);
        const outside = await validateStack("waf-on-public-backends", [distribution({ webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/other/1" })]);
        expect(outside.messages).toEqual([
            'CloudFront distribution "edge-cdn" uses a web ACL outside this stack, so its WAF rules cannot be verified; manage the web ACL in this stack.',
        ]);
        expect(outside.urns).toEqual([urn(distribution())]);
    });

    it("fails managed groups that are missing or only counted (preview)", async () => {
        const counted = [managed("AWSManagedRulesAmazonIpReputationList", 200), managed("AWSManagedRulesCommonRuleSet", 500, { count: {} }), managed("AWSManagedRulesSQLiRuleSet", 520)];
        const out = await validateStack("waf-on-public-backends", [acl(counted), logging(), distribution()]);
        expect(out.messages).toEqual([
            'WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" does not enforce AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet; ' +
                "add each as a managed rule group with overrideAction none (count only previews it).",
        ]);
    });

    it("counts managed groups added as separate WebAclRule resources", async () => {
        const rules = MANAGED.map((m, i) => r(T.rule, `waf-rule-${i}`, { webAclArn: ACL_ARN, ...m }));
        expect((await validateStack("waf-on-public-backends", [acl([]), ...rules, logging(), distribution()])).messages).toEqual([]);
        const elsewhere = MANAGED.map((m, i) => r(T.rule, `waf-rule-${i}`, { webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/other/1", ...m }));
        expect((await validateStack("waf-on-public-backends", [acl([]), ...elsewhere, logging(), distribution()])).messages).toHaveLength(1);
    });

    it("fails an allow rule placed before the managed groups", async () => {
        const allowOffice = { name: "allow-office", priority: 5, action: { allow: {} }, statement: { ipSetReferenceStatement: { arn: "arn:set" } } };
        const out = await validateStack("waf-on-public-backends", [acl([allowOffice, ...MANAGED]), logging(), distribution()]);
        expect(out.messages).toEqual([
            'WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" allows requests at priority 5, before its managed rule groups, so they skip the WAF; ' +
                "give those rules a priority after the managed groups, or block the others instead.",
        ]);
        const after = { ...allowOffice, priority: 900 };
        expect((await validateStack("waf-on-public-backends", [acl([after, ...MANAGED]), logging(), distribution()])).messages).toEqual([]);
    });

    it("fails an ACL that is not logged, and logs that keep credentials", async () => {
        expect((await validateStack("waf-on-public-backends", [acl(), distribution()])).messages).toEqual([
            'WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" is not logged; add an aws.wafv2.WebAclLoggingConfiguration to an aws-waf-logs-* destination.',
        ]);
        expect((await validateStack("waf-on-public-backends", [acl(), logging([{ singleHeader: { name: "Authorization" } }]), distribution()])).messages).toEqual([
            'WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" logs the cookie header in clear; add it to redactedFields (singleHeader).',
        ]);
        expect((await validateStack("waf-on-public-backends", [acl(), logging([]), distribution()])).messages).toEqual([
            'WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" logs the authorization and cookie headers in clear; add them to redactedFields (singleHeader).',
        ]);
    });

    it("finds the ACL through the engine's property dependencies when the ARN is not known yet", async () => {
        const theAcl = acl();
        const d: StackResource = { ...distribution({ webAclId: undefined }), propertyDeps: { webAclId: [theAcl] } };
        d.props.webAclId = "unknown-yet";
        expect((await validateStack("waf-on-public-backends", [theAcl, logging(), d])).messages).toEqual([]);
    });

    it("does not apply without a distribution (AWS part)", async () => {
        expect((await validateStack("waf-on-public-backends", [acl()])).notApplicable).toBe("no public backend service in this stack; no CloudFront distribution in this stack");
    });
});

describe("rate-limit-per-client on CloudFront", () => {
    const withRate = (rate: Record<string, unknown>) => [acl([...MANAGED, rate]), distribution()];

    it("passes a blocking rate-based rule keyed per IP over all traffic, even next to scoped ones", async () => {
        const scoped = { ...perClient, name: "rate-login", priority: 300, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 10, scopeDownStatement: { byteMatchStatement: {} } } } };
        expect((await validateStack("rate-limit-per-client", [acl([...MANAGED, scoped, perClient]), distribution()])).messages).toEqual([]);
        const challenge = { ...perClient, action: { challenge: {} }, statement: { rateBasedStatement: { limit: 600 } } };
        expect((await validateStack("rate-limit-per-client", withRate(challenge))).messages).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string]>([
        ["no rate-based rule", { ...MANAGED[0], name: "x", priority: 1 }, "has no rate-based rule"],
        ["a limit on all traffic together", { ...perClient, statement: { rateBasedStatement: { aggregateKeyType: "CONSTANT", limit: 600 } } },
            "limits all traffic together (aggregateKeyType CONSTANT), so one client can use up everyone's quota"],
        ["a limit on some requests only", { ...perClient, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 600, scopeDownStatement: { geoMatchStatement: {} } } } },
            "limits clients only on some requests (a scope-down statement), so the rest go unlimited"],
        ["a limit that only counts", { ...perClient, action: { count: {} } }, "only counts clients over its rate limit (action count)"],
    ])("fails %s", async (_label, rule, why) => {
        expect((await validateStack("rate-limit-per-client", withRate(rule))).messages).toEqual([
            `WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" ${why}; add a rate-based rule keyed per client (aggregateKeyType IP) over all requests that blocks.`,
        ]);
    });

    it("fails an allow rule placed before the per-client limit, and a distribution without an ACL", async () => {
        const early = { name: "allow-office", priority: 1, action: { allow: {} }, statement: { ipSetReferenceStatement: { arn: "arn:set" } } };
        expect((await validateStack("rate-limit-per-client", [acl([early, ...MANAGED, perClient]), distribution()])).messages).toEqual([
            'WAF web ACL "waf-acl" on CloudFront distribution "edge-cdn" allows requests at priority 1 before its per-client rate limit, so those clients are never limited; ' +
                "give those rules a priority after the rate-based rule.",
        ]);
        expect((await validateStack("rate-limit-per-client", [distribution({ webAclId: "" })])).messages).toEqual([
            'CloudFront distribution "edge-cdn" has no WAF web ACL (webAclId), so nothing limits the request rate of a client; attach a CLOUDFRONT-scope aws.wafv2.WebAcl by its ARN.',
        ]);
    });
});

describe("security-headers on CloudFront", () => {
    it("passes every behaviour answering through a complete policy, and what SecurityHeaders plans", async () => {
        const docs = headers("headers-docs", { ...SECURITY_HEADERS, frameOptions: undefined, contentSecurityPolicy: { contentSecurityPolicy: "frame-ancestors 'none'", override: true } });
        const d = distribution({ orderedCacheBehaviors: [{ pathPattern: "/docs/*", responseHeadersPolicyId: "headers-docs-id" }] });
        expect(await validateStack("security-headers", [headers(), docs, d])).toEqual({ messages: [], urns: [] });
        const inv = await plan(() => new SecurityHeaders("planned", { namePrefix: "acme-prod" }));
        const planned = r(T.headers, "planned", inv.one(T.headers).inputs);
        expect((await validateStack("security-headers", [planned, distribution({ defaultCacheBehavior: { responseHeadersPolicyId: "planned-id" } })])).messages).toEqual([]);
    });

    it("fails a behaviour without a policy, and one using a policy outside the stack", async () => {
        const d = distribution({
            defaultCacheBehavior: {},
            orderedCacheBehaviors: [{ pathPattern: "/api/*", responseHeadersPolicyId: "67f7725c-6f97-4210-82d7-5512b31e9d03" }],
        });
        const out = await validateStack("security-headers", [headers(), d]);
        expect(out.messages).toEqual([
            'CloudFront distribution "edge-cdn" default behaviour has no response headers policy, so its responses carry no security headers; ' +
                "set responseHeadersPolicyId to a policy with HSTS, CSP, nosniff, frame options and a referrer policy.",
            'CloudFront distribution "edge-cdn" behaviour /api/* uses a response headers policy outside this stack (67f7725c-6f97-4210-82d7-5512b31e9d03), ' +
                "so its headers cannot be verified (AWS's managed SecurityHeadersPolicy sets no CSP); manage the policy in this stack.",
        ]);
    });

    it("fails a policy without the headers, and HSTS shorter than a year (accepting a year exactly)", async () => {
        const empty = await validateStack("security-headers", [headers("headers", {}), distribution()]);
        expect(empty.messages).toEqual([
            'CloudFront distribution "edge-cdn" default behaviour answers through response headers policy "headers" without Strict-Transport-Security ' +
                "(max-age of at least 31536000), X-Content-Type-Options: nosniff, Content-Security-Policy, X-Frame-Options (or a CSP frame-ancestors directive) " +
                "and Referrer-Policy; add them to its securityHeadersConfig.",
        ]);
        const hsts = (seconds: number) => headers("headers", { ...SECURITY_HEADERS, strictTransportSecurity: { accessControlMaxAgeSec: seconds, override: true } });
        expect((await validateStack("security-headers", [hsts(31536000), distribution()])).messages).toEqual([]);
        expect((await validateStack("security-headers", [hsts(31535999), distribution()])).messages).toEqual([
            'CloudFront distribution "edge-cdn" default behaviour answers through response headers policy "headers" without Strict-Transport-Security ' +
                "(max-age of at least 31536000); add them to its securityHeadersConfig.",
        ]);
        const sameOrigin = headers("headers", { ...SECURITY_HEADERS, frameOptions: { frameOption: "SAMEORIGIN", override: true } });
        expect((await validateStack("security-headers", [sameOrigin, distribution()])).messages).toEqual([]);
    });

    it("does not apply without a distribution (AWS part)", async () => {
        expect((await validateStack("security-headers", [headers()])).notApplicable).toBe("no public backend in this stack; no CloudFront distribution in this stack");
    });
});
