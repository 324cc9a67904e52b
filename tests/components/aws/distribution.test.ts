import { CLOUDFRONT_ZONE_ID, Distribution, type DistributionArgs } from "../../../components/aws/distribution";
import { argProblems, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";
import { validateDistributionArgs } from "../../../components/aws/distribution-validation";
import { summarize } from "../../../infra/plan/summaries";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acme-prod-edge/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const BASE: DistributionArgs = {
    namePrefix: "acme-prod",
    host: "app.example.com",
    certificateArn: CERT,
    webAclArn: ACL,
    responseHeadersPolicyId: "headers-default",
    logsKmsKeyArn: KEY,
};
const APP: DistributionArgs = {
    ...BASE,
    apiOrigins: [{ name: "api", domainName: "alb-123.eu-central-1.elb.amazonaws.com", customHeaders: { "X-Origin-Verify": "s3cret" }, readTimeoutSeconds: 45 }],
    apiRoutes: [{ pathPrefix: "/api", origin: "api" }, { pathPrefix: "/api/auth/login/", origin: "api", responseHeadersPolicyId: "headers-login" }],
    sites: [{ name: "web", bucketRegionalDomainName: "acme-prod-site-web.s3.eu-central-1.amazonaws.com", spaFallback: true, cacheTtlSeconds: 600 }],
};
const DIST = "aws:cloudfront/distribution:Distribution";
const distOf = (inv: Inventory) => inv.one(DIST).inputs as Record<string, any>;
const functionCode = (inv: Inventory, key: string) => String(inv.named(`app-${key}`).inputs.code);

/** Runs a CloudFront Function's code on a viewer request, as the runtime would. */
function runFunction(code: string, uri: string, querystring: Record<string, unknown> = {}): Record<string, any> {
    return new Function(`${code}; return handler;`)()({ request: { uri, querystring, headers: {} } });
}

describe("aws Distribution", () => {
    it("serves the host over TLS 1.2+, HTTP/2 and 3, IPv6, behind the WAF, with the certificate and logs in us-east-1", async () => {
        const inv = await plan(() => new Distribution("app", APP));
        expect(inv.counts()).toEqual({
            "prodstack:aws:Distribution": 1,
            [DIST]: 1,
            "aws:cloudfront/originAccessControl:OriginAccessControl": 1,
            "aws:cloudfront/cachePolicy:CachePolicy": 1,
            "aws:cloudfront/function:Function": 1,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:cloudwatch/logDeliverySource:LogDeliverySource": 1,
            "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": 1,
            "aws:cloudwatch/logDelivery:LogDelivery": 1,
        });
        const component = inv.one("prodstack:aws:Distribution");
        expect(inv.childrenOf(component.urn)).toHaveLength(8);
        const d = distOf(inv);
        expect(d).toMatchObject({
            comment: "app.example.com (acme-prod)",
            enabled: true,
            aliases: ["app.example.com"],
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: "PriceClass_All",
            webAclId: ACL,
            viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
            defaultRootObject: "index.html",
            restrictions: { geoRestriction: { restrictionType: "none" } },
        });
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({
            region: "us-east-1", name: "/aws/vendedlogs/cloudfront/acme-prod-app-example-com", retentionInDays: 365, kmsKeyId: KEY,
        });
        expect(inv.one("aws:cloudwatch/logDeliverySource:LogDeliverySource").inputs).toEqual({
            region: "us-east-1", name: "acme-prod-app-example-com-access", logType: "ACCESS_LOGS", resourceArn: expect.stringMatching(/^arn:aws:cloudfront::123456789012:distribution\/E[A-Z0-9]{13}$/),
        });
        expect(inv.one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination").inputs).toEqual({
            region: "us-east-1", name: "acme-prod-app-example-com-access", outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cloudfront/acme-prod-app-example-com" },
        });
        expect(inv.one("aws:cloudwatch/logDelivery:LogDelivery").inputs).toMatchObject({ region: "us-east-1", deliverySourceName: "acme-prod-app-example-com-access" });
    });

    it("routes paths to origins, longest prefix first, every behaviour HTTPS-only with a headers policy", async () => {
        const inv = await plan(() => new Distribution("app", APP));
        const d = distOf(inv);
        const fnArn = "arn:aws:cloudfront::123456789012:function/acme-prod-app-example-com-web";
        expect(d.defaultCacheBehavior).toEqual({
            targetOriginId: "site-web", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"],
            compress: true, cachePolicyId: "app-web-cache-id", responseHeadersPolicyId: "headers-default",
            functionAssociations: [{ eventType: "viewer-request", functionArn: fnArn }],
        });
        const api = {
            targetOriginId: "api-api", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
            cachedMethods: ["GET", "HEAD"], compress: true,
            cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", originRequestPolicyId: "216adef6-5c7f-47e4-b989-5492eafa07d3",
        };
        expect(d.orderedCacheBehaviors).toEqual([
            { ...api, responseHeadersPolicyId: "headers-login", pathPattern: "/api/auth/login" },
            { ...api, responseHeadersPolicyId: "headers-login", pathPattern: "/api/auth/login/*" },
            { ...api, responseHeadersPolicyId: "headers-default", pathPattern: "/api" },
            { ...api, responseHeadersPolicyId: "headers-default", pathPattern: "/api/*" },
        ]);
        expect(d.origins).toEqual([
            {
                originId: "api-api", domainName: "alb-123.eu-central-1.elb.amazonaws.com",
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], originReadTimeout: 45 },
                customHeaders: [{ name: "X-Origin-Verify", value: "s3cret" }],
            },
            { originId: "site-web", domainName: "acme-prod-site-web.s3.eu-central-1.amazonaws.com", originAccessControlId: "app-oac-id" },
        ]);
        expect(inv.one("aws:cloudfront/originAccessControl:OriginAccessControl").inputs).toEqual({
            name: "acme-prod-app-example-com-s3", description: "S3 site buckets of app.example.com",
            originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4",
        });
        // Objects without Cache-Control get the site's TTL; the key holds nothing but the path (and the encoding).
        expect(inv.one("aws:cloudfront/cachePolicy:CachePolicy").inputs).toEqual({
            name: "acme-prod-app-example-com-web", comment: "Site web: objects without Cache-Control cached 600 s",
            defaultTtl: 600, minTtl: 0, maxTtl: 31_536_000,
            parametersInCacheKeyAndForwardedToOrigin: {
                cookiesConfig: { cookieBehavior: "none" }, headersConfig: { headerBehavior: "none" }, queryStringsConfig: { queryStringBehavior: "none" },
                enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true,
            },
        });
    });

    it("sends the viewer host to the origin unless the origin opts out, and defaults the read timeout to 30 s", async () => {
        const inv = await plan(() => new Distribution("app", {
            ...BASE,
            apiOrigins: [{ name: "api", domainName: "origin.example.com", forwardViewerHost: false }],
            apiRoutes: [{ origin: "api" }],
        }));
        const d = distOf(inv);
        expect(d.defaultCacheBehavior.originRequestPolicyId).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        expect(d.origins[0].customOriginConfig.originReadTimeout).toBe(30);
        expect(d.orderedCacheBehaviors).toEqual([]);
        expect(d.defaultRootObject).toBeUndefined();
        expect(inv.ofType("aws:cloudfront/function:Function")).toHaveLength(0);
        expect(inv.ofType("aws:cloudfront/originAccessControl:OriginAccessControl")).toHaveLength(0);
        expect(inv.ofType("aws:cloudfront/cachePolicy:CachePolicy")).toHaveLength(0);
    });

    it("rewrites single-page-app routes to index.html, keeps files, and serves directory indexes without the fallback", async () => {
        const inv = await plan(() => new Distribution("app", APP));
        const spa = functionCode(inv, "web");
        expect(runFunction(spa, "/").uri).toBe("/index.html");
        expect(runFunction(spa, "/orders/42").uri).toBe("/index.html");
        expect(runFunction(spa, "/assets/app.3f2a.js").uri).toBe("/assets/app.3f2a.js");
        expect(inv.named("app-web").inputs).toMatchObject({ name: "acme-prod-app-example-com-web", runtime: "cloudfront-js-2.0", publish: true, comment: "Site web: index.html for app routes" });

        const docs = await plan(() => new Distribution("app", { ...BASE, sites: [{ name: "docs", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com", pathPrefix: "/docs" }] }));
        const code = functionCode(docs, "docs");
        expect(docs.named("app-docs").inputs.comment).toBe("Site docs: index.html for directories");
        expect(docs.named("app-not-found").inputs).toMatchObject({ name: "acme-prod-app-example-com-not-found", comment: "404 for paths no route serves" });
        expect(runFunction(code, "/docs").uri).toBe("/docs/index.html");
        expect(runFunction(code, "/docs/guide/").uri).toBe("/docs/guide/index.html");
        expect(runFunction(code, "/docs/guide").uri).toBe("/docs/guide");
        // No route at "/": the default behaviour answers 404 from a function, reaching no origin.
        const d = distOf(docs);
        expect(d.defaultCacheBehavior).toMatchObject({ targetOriginId: "site-docs", viewerProtocolPolicy: "redirect-to-https", responseHeadersPolicyId: "headers-default" });
        expect(runFunction(functionCode(docs, "not-found"), "/anything")).toEqual({ statusCode: 404, statusDescription: "Not Found" });
        expect(d.orderedCacheBehaviors.map((b: { pathPattern: string }) => b.pathPattern)).toEqual(["/docs", "/docs/*"]);
        expect(d.defaultRootObject).toBeUndefined();
    });

    it("answers every request of a redirect host with a 301 keeping path and query", async () => {
        const inv = await plan(() => new Distribution("app", { ...BASE, host: "www.example.com", redirectTo: "example.com" }));
        const code = String(inv.named("app-redirect").inputs.code);
        expect(runFunction(code, "/pricing", { plan: { value: "pro" }, tag: { value: "a", multiValue: [{ value: "a" }, { value: "b" }] }, flag: { value: "" } })).toEqual({
            statusCode: 301, statusDescription: "Moved Permanently",
            headers: { location: { value: "https://example.com/pricing?plan=pro&tag=a&tag=b&flag" } },
        });
        expect(runFunction(code, "/").headers.location.value).toBe("https://example.com/");
        expect(inv.named("app-redirect").inputs).toMatchObject({ name: "acme-prod-www-example-com-redirect", comment: "301 to example.com" });
        // One function, on the default behaviour: no other path and no 404 function.
        expect(inv.ofType("aws:cloudfront/function:Function")).toHaveLength(1);
        const d = distOf(inv);
        expect(d.aliases).toEqual(["www.example.com"]);
        expect(d.orderedCacheBehaviors).toEqual([]);
        expect(d.defaultCacheBehavior).toMatchObject({
            targetOriginId: "redirect", viewerProtocolPolicy: "redirect-to-https",
            functionAssociations: [{ eventType: "viewer-request", functionArn: "arn:aws:cloudfront::123456789012:function/acme-prod-www-example-com-redirect" }],
        });
        expect(d.origins[0]).toMatchObject({ domainName: "example.com", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } });
    });

    it("keeps comments within CloudFront's 128 characters for long hosts", async () => {
        // A 116-character host makes a comment of exactly 128 characters; a 122-character target one of 129.
        const host = `${"a".repeat(63)}.${"b".repeat(40)}.example.com`;
        const target = `${"c".repeat(63)}.${"d".repeat(46)}.example.com`;
        const inv = await plan(() => new Distribution("app", { ...BASE, host, redirectTo: target }));
        expect(distOf(inv).comment).toBe(`${host} (acme-prod)`);
        expect(distOf(inv).comment).toHaveLength(128);
        const comment = String(inv.named("app-redirect").inputs.comment);
        expect(comment).toBe(`301 to ${target.slice(0, 118)}...`);
        expect(comment).toHaveLength(128);
    });

    it("creates A and AAAA aliases to CloudFront in the zone, else reports the CNAME to create", async () => {
        let aliases: unknown;
        const inv = await plan(() => {
            const d = new Distribution("app", { ...APP, dnsZoneId: "Z0123456789ABCDEFGHIJ" });
            d.dnsRecords.apply((r) => (aliases = r));
        });
        expect(aliases).toEqual(["A", "AAAA"].map((type) => ({ name: "app.example.com.", type, value: expect.stringMatching(/^ALIAS d[a-z0-9]{13}\.cloudfront\.net\.$/) })));
        expect(CLOUDFRONT_ZONE_ID).toBe("Z2FDTNDATAQYW2");
        const records = ["app-a", "app-aaaa"].map((n) => inv.named(n, "aws:route53/record:Record").inputs);
        expect(records).toEqual(["A", "AAAA"].map((type) => ({
            zoneId: "Z0123456789ABCDEFGHIJ", name: "app.example.com", type,
            aliases: [{ name: expect.stringMatching(/^d[a-z0-9]{13}\.cloudfront\.net$/), zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }],
        })));

        let cname: unknown;
        await plan(() => {
            const d = new Distribution("app", APP);
            d.dnsRecords.apply((r) => (cname = r));
        });
        expect(cname).toEqual([{ name: "app.example.com.", type: "CNAME", value: expect.stringMatching(/^d[a-z0-9]{13}\.cloudfront\.net\.$/) }]);
    });

    it("summarizes what viewers get in the plan", async () => {
        const inv = await plan(() => new Distribution("app", { ...APP, dnsZoneId: "Z0123456789ABCDEFGHIJ" }));
        expect(summarize(Distribution.TYPE, inv.resources)).toBe(
            "app.example.com · TLSv1.2_2021 · HTTPS only · HTTP/2+3 · IPv6 · WAF · 2 API paths + 1 site path · access logs 365 d (us-east-1) · A/AAAA alias",
        );
        const redirect = await plan(() => new Distribution("www", { ...BASE, host: "www.example.com", redirectTo: "example.com" }));
        expect(summarize(Distribution.TYPE, redirect.resources)).toBe(
            "www.example.com · TLSv1.2_2021 · HTTPS only · HTTP/2+3 · IPv6 · WAF · 301 → example.com · access logs 365 d (us-east-1) · DNS by hand",
        );
        const docs = await plan(() => new Distribution("docs", { ...BASE, sites: [{ name: "docs", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com", pathPrefix: "/docs" }] }));
        expect(summarize(Distribution.TYPE, docs.resources)).toContain("0 API paths + 1 site path");
    });

    it.each([
        ["a certificate outside us-east-1", { certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc" }, "certificateArn: expected an ACM certificate ARN in us-east-1"],
        ["a regional web ACL", { webAclArn: "arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/x/0f1e" }, "webAclArn: expected the ARN of a WAFv2 web ACL of scope CLOUDFRONT"],
        ["no headers policy", { responseHeadersPolicyId: "" }, "responseHeadersPolicyId: expected the ID of a response headers policy"],
        ["a log key outside us-east-1", { logsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/abc" }, "logsKmsKeyArn: expected the ARN of a KMS key in us-east-1"],
        ["an upper-case host", { host: "App.example.com" }, "host: expected a lowercase DNS hostname"],
        ["a zone name instead of an ID", { dnsZoneId: "example-com" }, "dnsZoneId: expected a Route 53 hosted zone ID"],
        ["a retention CloudWatch refuses", { logRetentionDays: 3650 }, "logRetentionDays: expected"],
        ["an unknown price class", { priceClass: "PriceClass_300" as never }, "priceClass: expected one of"],
        ["nothing to serve", { apiRoutes: [], sites: [] }, "apiRoutes: expected at least one API route or site (or redirectTo)"],
        ["a redirect that serves routes too", { redirectTo: "example.com" }, "redirectTo: expected no apiRoutes or sites with redirectTo"],
        ["a redirect to itself", { apiRoutes: [], sites: [], redirectTo: "app.example.com" }, "redirectTo: expected a host other than `host`"],
        ["a route to an unknown origin", { apiRoutes: [{ origin: "web" }] }, "apiRoutes[0].origin: expected one of the apiOrigins (api)"],
        ["two routes on one path", { apiRoutes: [{ origin: "api", pathPrefix: "/api" }, { origin: "api", pathPrefix: "/api/" }] }, "apiRoutes[1].pathPrefix: expected a path no other route or site of app.example.com uses (apiRoutes[0] already serves /api)"],
        ["a site on a route's path", { apiRoutes: [{ origin: "api" }] }, "sites[0].pathPrefix: expected a path no other route or site of app.example.com uses (apiRoutes[0] already serves /)"],
        ["a relative path", { apiRoutes: [{ origin: "api", pathPrefix: "api" }] }, "apiRoutes[0].pathPrefix: expected a URL path prefix"],
        ["a read timeout above 60 s", { apiOrigins: [{ name: "api", domainName: "o.example.com", readTimeoutSeconds: 61 }] }, "apiOrigins[0].readTimeoutSeconds: expected an integer from 1 to 60"],
        ["a Host origin header", { apiOrigins: [{ name: "api", domainName: "o.example.com", customHeaders: { Host: "x" } }] }, "apiOrigins[0].customHeaders.Host: expected a header name CloudFront may add"],
        ["an X-Amz origin header", { apiOrigins: [{ name: "api", domainName: "o.example.com", customHeaders: { "X-Amz-Date": "x" } }] }, "apiOrigins[0].customHeaders.X-Amz-Date: expected a header name CloudFront may add"],
        ["two origins of one name", { apiOrigins: [{ name: "api", domainName: "a.example.com" }, { name: "api", domainName: "b.example.com" }] }, "apiOrigins[1].name: expected a name unique among apiOrigins"],
        ["a site TTL above a year", { sites: [{ name: "web", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com", cacheTtlSeconds: 31_536_001 }] }, "sites[0].cacheTtlSeconds: expected an integer from 0 to 31536000"],
        ["13 path prefixes", { apiRoutes: Array.from({ length: 13 }, (_, i) => ({ origin: "api", pathPrefix: `/p${i}` })) }, "apiRoutes: expected at most 12 path prefixes besides \"/\" for routes and sites together (CloudFront's default quota of 25 cache behaviours; each prefix takes two), got \"13 prefixes\""],
        ["a redirect to an invalid host", { apiRoutes: [], sites: [], redirectTo: "https://example.com" }, "redirectTo: expected a lowercase DNS hostname"],
        ["an upper-case site name", { sites: [{ name: "Web", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com" }] }, "sites[0].name: expected a name of 1-20 lowercase letters"],
    ] as Array<[string, Partial<DistributionArgs>, string]>)("rejects %s before registering anything", async (_, change, message) => {
        const { error, inv } = await rejectedArgs(() => new Distribution("app", { ...APP, ...change }));
        expect(error.message).toContain(message);
        expect(inv.counts()).toEqual({});
    });

    it("accepts the bounds: a 60 s read timeout, a TTL of 0 and of a year, a 3653-day retention, 12 path prefixes", () => {
        expect(argProblems(() => validateDistributionArgs(Distribution.TYPE, "app", {
            ...APP,
            logRetentionDays: 3653,
            apiOrigins: [{ name: "api", domainName: "o.example.com", readTimeoutSeconds: 60 }, { name: "b", domainName: "o.example.com", readTimeoutSeconds: 1 }],
            apiRoutes: Array.from({ length: 11 }, (_, i) => ({ origin: "api", pathPrefix: `/p${i}` })),
            sites: [
                { name: "web", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com", cacheTtlSeconds: 0 },
                { name: "docs", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com", pathPrefix: "/docs", cacheTtlSeconds: 31_536_000 },
            ],
        }))).toEqual([]);
        expect(argProblems(() => validateDistributionArgs(Distribution.TYPE, "app", { ...APP, apiOrigins: [{ name: "api", domainName: "o.example.com", readTimeoutSeconds: 0 }] })))
            .toEqual([expect.stringContaining("apiOrigins[0].readTimeoutSeconds: expected an integer from 1 to 60, got 0")]);
    });
});

describe("aws Distribution validation", () => {
    const problemsOf = (change: Partial<DistributionArgs>) => argProblems(() => validateDistributionArgs(Distribution.TYPE, "app", { ...APP, ...change }));
    const origin = (customHeaders: Record<string, string>) => ({ apiOrigins: [{ name: "api", domainName: "o.example.com", customHeaders }] });
    const longDomain = `${["a", "b", "c", "d"].map((c) => c.repeat(63)).join(".")}.com`;
    const certificate = "an ACM certificate ARN in us-east-1 (CloudFront takes certificates from us-east-1 only)";
    const acl = "the ARN of a WAFv2 web ACL of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)";
    const originName = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
    const domain = "a DNS name the origin's certificate covers (CloudFront connects over HTTPS only)";
    const hostname = 'a lowercase DNS hostname such as "api.example.com"';

    it.each<[string, Partial<DistributionArgs>]>([
        ["a 1- and a 20-character origin name", { apiOrigins: [{ name: "a", domainName: "o.example.com" }, { name: `a${"b".repeat(18)}9`, domainName: "o.example.com" }], apiRoutes: [{ origin: "a" }], sites: [] }],
        ["origin headers that only contain X-Amz- or X-Edge-", origin({ "X-Origin-Verify": "1", "Secret-X-Amz-Token": "2", "My-X-Edge-Key": "3", "X-Edgy": "4" })],
        ["an origin domain of 253 characters", { apiOrigins: [{ name: "api", domainName: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com` }] }],
        ["a 30-character name prefix", { namePrefix: `a${"b".repeat(29)}` }],
        ["a redirect host", { apiRoutes: [], sites: [], redirectTo: "example.com" }],
    ])("accepts %s", (_label, change) => {
        expect(problemsOf(change)).toEqual([]);
    });

    it.each<[string, Partial<DistributionArgs>, string[]]>([
        ["a name prefix with an upper-case start", { namePrefix: "Acme-prod" }, ['namePrefix: expected a lowercase name prefix such as "acme-prod", got "Acme-prod"']],
        ["a name prefix with an underscore", { namePrefix: "acme_prod" }, ['namePrefix: expected a lowercase name prefix such as "acme-prod", got "acme_prod"']],
        ["a 31-character name prefix", { namePrefix: `a${"b".repeat(30)}` }, [`namePrefix: expected a lowercase name prefix such as "acme-prod", got "a${"b".repeat(30)}"`]],
        ["no name prefix", { namePrefix: undefined }, ['namePrefix: expected a lowercase name prefix such as "acme-prod", got nothing']],
        ["a host given as a list", { host: ["app.example.com"] as never }, [`host: expected ${hostname}, got ["app.example.com"]`]],
        ["a certificate ARN with text before", { certificateArn: `x${CERT}` }, [`certificateArn: expected ${certificate}, got "x${CERT}"`]],
        ["a certificate ARN with text after", { certificateArn: `${CERT}/x` }, [`certificateArn: expected ${certificate}, got "${CERT}/x"`]],
        ["a web ACL ARN with text before", { webAclArn: `x${ACL}` }, [`webAclArn: expected ${acl}, got "x${ACL}"`]],
        ["a web ACL ARN with text after", { webAclArn: `${ACL}/x` }, [`webAclArn: expected ${acl}, got "${ACL}/x"`]],
        ["no headers policy", { responseHeadersPolicyId: undefined as never }, ["responseHeadersPolicyId: expected the ID of a response headers policy (security headers on every response), got nothing"]],
        ["no log key", { logsKmsKeyArn: undefined as never }, ["logsKmsKeyArn: expected the ARN of a KMS key in us-east-1, got nothing"]],
        ["an empty log key", { logsKmsKeyArn: "" }, ['logsKmsKeyArn: expected the ARN of a KMS key in us-east-1, got ""']],
        ["a log key ARN with text before", { logsKmsKeyArn: `x${KEY}` }, [`logsKmsKeyArn: expected the ARN of a KMS key in us-east-1, got "x${KEY}"`]],
        ["a log key ARN with text after", { logsKmsKeyArn: `${KEY}/x` }, [`logsKmsKeyArn: expected the ARN of a KMS key in us-east-1, got "${KEY}/x"`]],
        ["a zone ID as a path", { dnsZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" }, ['dnsZoneId: expected a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ", got "/hostedzone/Z0123456789ABCDEFGHIJ"']],
        ["a zone ID with text after", { dnsZoneId: "Z0123456789ABCDEFGHIJ." }, ['dnsZoneId: expected a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ", got "Z0123456789ABCDEFGHIJ."']],
        ["a redirect with one route and one site", { apiRoutes: [{ origin: "api", pathPrefix: "/api" }], redirectTo: "example.com" },
            ['redirectTo: expected no apiRoutes or sites with redirectTo (a redirect host serves nothing else), got "example.com"']],
        ["an invalid host redirecting to itself", { host: "App.example.com", apiRoutes: [], sites: [], redirectTo: "App.example.com" },
            [`host: expected ${hostname}, got "App.example.com"`, `redirectTo: expected ${hostname}, got "App.example.com"`]],
        ["an origin name with an underscore", { apiOrigins: [{ name: "api_1", domainName: "o.example.com" }], apiRoutes: [{ origin: "api_1", pathPrefix: "/api" }] },
            [`apiOrigins[0].name: expected ${originName}, got "api_1"`]],
        ["a 21-character origin name", { apiOrigins: [{ name: `a${"b".repeat(20)}`, domainName: "o.example.com" }], apiRoutes: [{ origin: `a${"b".repeat(20)}`, pathPrefix: "/api" }] },
            [`apiOrigins[0].name: expected ${originName}, got "a${"b".repeat(20)}"`]],
        ["an origin URL", { apiOrigins: [{ name: "api", domainName: "https://o.example.com" }] }, [`apiOrigins[0].domainName: expected ${domain}, got "https://o.example.com"`]],
        ["an origin domain with a path", { apiOrigins: [{ name: "api", domainName: "o.example.com/api" }] }, [`apiOrigins[0].domainName: expected ${domain}, got "o.example.com/api"`]],
        ["an origin domain of 259 characters", { apiOrigins: [{ name: "api", domainName: longDomain }] }, [`apiOrigins[0].domainName: expected ${domain}, got "${longDomain}"`]],
        ["an origin header with a space before", origin({ " X-Origin-Verify": "1" }),
            ['apiOrigins[0].customHeaders. X-Origin-Verify: expected a header name CloudFront may add to origin requests (not Host, Cookie, X-Amz-*, X-Edge-* ...), got " X-Origin-Verify"']],
        ["an origin header with a colon after", origin({ "X-Origin-Verify:": "1" }),
            ['apiOrigins[0].customHeaders.X-Origin-Verify:: expected a header name CloudFront may add to origin requests (not Host, Cookie, X-Amz-*, X-Edge-* ...), got "X-Origin-Verify:"']],
        ["a path prefix given as a list", { apiRoutes: [{ origin: "api", pathPrefix: ["/api"] as never }] }, ['apiRoutes[0].pathPrefix: expected a URL path prefix starting with "/" such as "/api", got ["/api"]']],
        ["a route without any origin", { apiOrigins: [], apiRoutes: [{ origin: "api", pathPrefix: "/api" }] }, ['apiRoutes[0].origin: expected one of the apiOrigins (none given), got "api"']],
        ["a site name with an underscore", { sites: [{ name: "web_1", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com" }] }, [`sites[0].name: expected ${originName}, got "web_1"`]],
        ["two sites of one name", { sites: [{ name: "web", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com" }, { name: "web", bucketRegionalDomainName: "b.s3.eu-central-1.amazonaws.com", pathPrefix: "/b" }] },
            ['sites[1].name: expected a name unique among sites, got "web"']],
    ])("rejects %s", (_label, change, problems) => {
        expect(problemsOf(change)).toEqual(problems);
    });

    // CloudFront's list of headers it cannot add to origin requests, in the case a user would write them.
    it.each([
        "Cache-Control", "Connection", "Content-Length", "Cookie", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
        "If-Unmodified-Since", "Max-Forwards", "Pragma", "Proxy-Authorization", "Proxy-Connection", "Range", "Request-Range", "TE",
        "Trailer", "Transfer-Encoding", "Upgrade", "Via", "X-Real-IP", "X-Amz-Cf-Id", "X-Edge-Location",
    ])("refuses the origin header %s", (header) => {
        expect(problemsOf(origin({ [header]: "1" }))).toEqual([
            `apiOrigins[0].customHeaders.${header}: expected a header name CloudFront may add to origin requests (not Host, Cookie, X-Amz-*, X-Edge-* ...), got "${header}"`,
        ]);
    });
});
