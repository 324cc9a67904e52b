/**
 * The CloudFront rules: HTTPS and TLS on every behaviour and origin, site origins through
 * Origin Access Control, cached static assets, and each way a public host could get around
 * CloudFront and its WAF.
 */
import { policyNamed } from "../../../policy/policies";
import { r, unknownAt, urn, validateStack, type StackResource } from "../harness";

const T = {
    distribution: "aws:cloudfront/distribution:Distribution",
    oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    record: "aws:route53/record:Record",
    website: "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
};
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const SITE_DOMAIN = "acme-prod-site-web-123456789012.s3.eu-central-1.amazonaws.com";
const ALB_DOMAIN = "acme-prod-alb-1234.eu-central-1.elb.amazonaws.com";

const behavior = (origin: string, extra: Record<string, unknown> = {}) => ({
    targetOriginId: origin, viewerProtocolPolicy: "redirect-to-https", cachePolicyId: "cdn-web-cache-id", responseHeadersPolicyId: "headers-id", ...extra,
});
const oac = r(T.oac, "cdn-oac", { originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
const cache = r(T.cachePolicy, "cdn-web-cache", { defaultTtl: 3600, minTtl: 0, maxTtl: 31536000 });
/** A distribution as the Distribution component makes it, changed by `change`. */
function distribution(change: Record<string, unknown> = {}): StackResource {
    return r(T.distribution, "cdn-distribution", {
        aliases: ["app.example.com"],
        viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
        webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acme-prod-edge/0f1e",
        origins: [
            { originId: "api-api", domainName: ALB_DOMAIN, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } },
            { originId: "site-web", domainName: SITE_DOMAIN, originAccessControlId: "cdn-oac-id" },
        ],
        defaultCacheBehavior: behavior("site-web"),
        orderedCacheBehaviors: [behavior("api-api", { pathPattern: "/api", cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" })],
        ...change,
    });
}
const sitePolicy = (condition: Record<string, unknown> | undefined) => r(T.bucketPolicy, "site-web-policy", {
    bucket: "acme-prod-site-web-123456789012",
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "CloudFrontReadsObjects", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-prod-site-web-123456789012/*", ...(condition ? { Condition: condition } : {}) }],
    }),
});
const scoped = sitePolicy({ StringEquals: { "AWS:SourceArn": ["arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJKL"] } });

describe("https-only and tls-min-version on CloudFront", () => {
    it("pass a distribution that redirects every behaviour to HTTPS, under its own certificate at TLS 1.2+, reaching origins over TLS 1.2", async () => {
        expect((await validateStack("https-only", [distribution()])).messages).toEqual([]);
        expect((await validateStack("tls-min-version", [distribution()])).messages).toEqual([]);
        for (const version of ["TLSv1.2_2019", "TLSv1.2_2025", "TLSv1.3_2025"]) {
            const d = distribution({ viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: version } });
            expect((await validateStack("tls-min-version", [d])).messages).toEqual([]);
        }
    });

    it("fail a behaviour open to HTTP and an origin reached over HTTP", async () => {
        const d = distribution({
            orderedCacheBehaviors: [behavior("api-api", { pathPattern: "/api", viewerProtocolPolicy: "allow-all" })],
            origins: [{ originId: "api-api", domainName: ALB_DOMAIN, customOriginConfig: { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1.2"] } }],
        });
        const out = await validateStack("https-only", [d]);
        expect(out.messages).toEqual([
            'CloudFront distribution "cdn-distribution" serves behaviour /api over plain HTTP (viewerProtocolPolicy "allow-all"); use "redirect-to-https".',
            'CloudFront distribution "cdn-distribution" reaches origin "api-api" with originProtocolPolicy "match-viewer": requests and the origin\'s secret header travel in clear text; use "https-only".',
        ]);
        expect(out.urns).toEqual([urn(d), urn(d)]);
    });

    it("fail the default certificate, a TLS 1.0/1.1 viewer policy and weak origin protocols", async () => {
        const byDefault = await validateStack("tls-min-version", [distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } })]);
        expect(byDefault.messages).toEqual([
            'CloudFront distribution "cdn-distribution" serves the default *.cloudfront.net certificate, which accepts TLS 1.0; give it an ACM certificate with minimumProtocolVersion "TLSv1.2_2021".',
        ]);
        const old = await validateStack("tls-min-version", [distribution({
            viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.1_2016" },
            origins: [{ originId: "api-api", domainName: ALB_DOMAIN, customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] } }],
        })]);
        expect(old.messages).toEqual([
            'CloudFront distribution "cdn-distribution" accepts viewers below TLS 1.2 (minimumProtocolVersion "TLSv1.1_2016"); use "TLSv1.2_2021" or newer.',
            'CloudFront distribution "cdn-distribution" lets origin "api-api" negotiate TLSv1, TLSv1.1; allow "TLSv1.2" only.',
        ]);
        const unset = await validateStack("tls-min-version", [distribution({ viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only" } })]);
        expect(unset.messages).toEqual(['CloudFront distribution "cdn-distribution" accepts viewers below TLS 1.2 (minimumProtocolVersion "TLSv1 (the default)"); use "TLSv1.2_2021" or newer.']);
    });
});

describe("site-origins-private", () => {
    it("passes an S3 origin read through a signing origin access control and a bucket policy naming the distribution", async () => {
        expect((await validateStack("site-origins-private", [distribution(), oac, scoped])).messages).toEqual([]);
    });

    it("is not applicable without an S3 origin", async () => {
        const apiOnly = distribution({ origins: [distribution().props.origins as unknown[]][0].slice(0, 1), defaultCacheBehavior: behavior("api-api") });
        expect((await validateStack("site-origins-private", [apiOnly])).notApplicable).toBe("no CloudFront distribution with an S3 origin in this stack");
    });

    it("fails an S3 origin without access control, through a legacy identity, from a website endpoint, and an unsigned control", async () => {
        const d = distribution({
            origins: [
                { originId: "open", domainName: SITE_DOMAIN },
                { originId: "oai", domainName: SITE_DOMAIN, originAccessControlId: "cdn-oac-id", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } },
                { originId: "website", domainName: "acme.s3-website.eu-central-1.amazonaws.com", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } },
            ],
        });
        const unsigned = r(T.oac, "cdn-oac", { originAccessControlOriginType: "s3", signingBehavior: "no-override", signingProtocol: "sigv4" });
        const out = await validateStack("site-origins-private", [d, unsigned, scoped]);
        expect(out.messages).toEqual([
            'CloudFront distribution "cdn-distribution" reads S3 origin "open" without an origin access control: the bucket would have to be public; set originAccessControlId.',
            'CloudFront distribution "cdn-distribution" reads origin "oai" through a legacy origin access identity; use an origin access control (SigV4, every request signed).',
            'Origin access control "cdn-oac" must sign every request to S3 (originAccessControlOriginType "s3", signingBehavior "always", signingProtocol "sigv4"), got s3/no-override/sigv4.',
            'CloudFront distribution "cdn-distribution" reads origin "website" from an S3 website endpoint, which only serves public buckets over HTTP; use the bucket\'s regional domain name with an origin access control.',
        ]);
    });

    it("judges the access controls a distribution with secret origins uses (offline plans hide its origins)", async () => {
        const unsigned = r(T.oac, "cdn-oac", { originAccessControlOriginType: "s3", signingBehavior: "never", signingProtocol: "sigv4" });
        const hidden = r(T.distribution, "cdn-distribution", { ...distribution().props, origins: "[secret]" }, [unsigned]);
        expect((await validateStack("site-origins-private", [hidden, unsigned, scoped])).messages).toEqual([
            'Origin access control "cdn-oac" must sign every request to S3 (originAccessControlOriginType "s3", signingBehavior "always", signingProtocol "sigv4"), got s3/never/sigv4.',
        ]);
        const signed = r(T.distribution, "cdn-distribution", { ...distribution().props, origins: "[secret]" }, [oac]);
        expect((await validateStack("site-origins-private", [signed, oac, scoped])).messages).toEqual([]);
        expect((await validateStack("site-origins-private", [r(T.distribution, "cdn-distribution", { origins: "[secret]" })])).notApplicable)
            .toBe("no CloudFront distribution with an S3 origin in this stack");
    });

    it("fails a bucket policy that lets any distribution read", async () => {
        const out = await validateStack("site-origins-private", [distribution(), oac, sitePolicy(undefined)]);
        expect(out.messages).toEqual([
            'Bucket policy "site-web-policy" lets CloudFront read without an AWS:SourceArn condition: any distribution, of any account, could read the bucket; name the distribution.',
        ]);
    });
});

describe("static-assets-on-cdn on CloudFront", () => {
    it("passes site behaviours with a TTL (API behaviours may disable caching)", async () => {
        expect((await validateStack("static-assets-on-cdn", [distribution(), cache])).messages).toEqual([]);
    });

    it("judges the behaviours using a cache policy of the stack when the origins are secret (an origin header)", async () => {
        const hidden = distribution({ origins: "[secret]" });
        expect(await validateStack("static-assets-on-cdn", [hidden, cache])).toEqual({ messages: [], urns: [] });
        const zero = r(T.cachePolicy, "cdn-web-cache", { defaultTtl: 0, minTtl: 0, maxTtl: 0 });
        expect((await validateStack("static-assets-on-cdn", [hidden, zero])).messages).toEqual([
            'CloudFront distribution "cdn-distribution" serves static files of the default behaviour without caching them at the edge; use a cache policy with a TTL.',
        ]);
        expect((await validateStack("static-assets-on-cdn", [hidden])).notApplicable).toMatch(/; no CloudFront distribution with an S3 origin in this stack$/);
    });

    it("fails a site behaviour that disables caching", async () => {
        const off = distribution({ defaultCacheBehavior: behavior("site-web", { cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" }) });
        const zero = r(T.cachePolicy, "cdn-web-cache", { defaultTtl: 0, minTtl: 0, maxTtl: 0 });
        for (const stack of [[off, cache], [distribution(), zero]]) {
            expect((await validateStack("static-assets-on-cdn", stack)).messages).toEqual([
                'CloudFront distribution "cdn-distribution" serves static files of the default behaviour without caching them at the edge; use a cache policy with a TTL.',
            ]);
        }
    });
});

describe("public-hosts-through-cdn: no way around CloudFront and its WAF", () => {
    const alias = (target: string, zoneId: string, type = "A") => r(T.record, `dns-${type.toLowerCase()}`, {
        zoneId: "Z0123456789ABCDEFGHIJ", name: "app.example.com", type, aliases: [{ name: target, zoneId, evaluateTargetHealth: false }],
    });

    it("passes A/AAAA aliases to CloudFront and the certificate's validation CNAMEs", async () => {
        const stack = [
            distribution(),
            alias("d111111abcdef8.cloudfront.net", "Z2FDTNDATAQYW2"),
            alias("d111111abcdef8.cloudfront.net", "Z2FDTNDATAQYW2", "AAAA"),
            r(T.record, "acm-app", { zoneId: "Z0123456789ABCDEFGHIJ", name: "_3639ac514e785e898d2646601fa951d5.app.example.com.", type: "CNAME", records: ["_98d2646601fa951d5.acm-validations.aws."] }),
        ];
        expect((await validateStack("public-hosts-through-cdn", stack)).messages).toEqual([]);
    });

    it("is not applicable to a stack without DNS, websites or distributions", async () => {
        expect((await validateStack("public-hosts-through-cdn", [oac])).notApplicable).toBe("no DNS record, website or CloudFront distribution in this stack");
    });

    const bypasses: Array<[string, StackResource, string]> = [
        ["an alias to the load balancer", alias(`dualstack.${ALB_DOMAIN}`, "Z215JYRZR1TBD5"), `Route 53 record "dns-a" points app.example.com at dualstack.${ALB_DOMAIN} (zone Z215JYRZR1TBD5), around CloudFront and its WAF; alias it to the distribution.`],
        ["addresses", r(T.record, "dns-a", { zoneId: "Z0", name: "app.example.com", type: "A", ttl: 300, records: ["192.0.2.10"] }), 'Route 53 record "dns-a" points app.example.com at addresses 192.0.2.10, around CloudFront and its WAF; alias it to the distribution.'],
        ["a CNAME to the load balancer", r(T.record, "dns-cname", { zoneId: "Z0", name: "api.example.com", type: "CNAME", ttl: 300, records: [ALB_DOMAIN] }), `Route 53 record "dns-cname" points api.example.com at ${ALB_DOMAIN}, around CloudFront and its WAF; alias it to the distribution.`],
        ["a CNAME to the site bucket", r(T.record, "dns-cname", { zoneId: "Z0", name: "static.example.com", type: "CNAME", ttl: 300, records: [SITE_DOMAIN] }), `Route 53 record "dns-cname" points static.example.com at ${SITE_DOMAIN}, around CloudFront and its WAF; alias it to the distribution.`],
        ["a bucket published as a website", r(T.website, "site-web-website", { bucket: "acme-prod-site-web", indexDocument: { suffix: "index.html" } }), 'S3 website configuration "site-web-website" publishes a bucket as an S3 website (HTTP only, no WAF); serve it through CloudFront with an origin access control.'],
    ];
    it.each(bypasses)("fails %s", async (_, resource, message) => {
        const out = await validateStack("public-hosts-through-cdn", [distribution(), resource]);
        expect(out.messages).toEqual([message]);
        expect(out.urns).toEqual([urn(resource)]);
    });
});

describe("certificate-validated-before-use on CloudFront", () => {
    const cert = r("aws:acm/certificate:Certificate", "edge-certificate-cert", { region: "us-east-1", domainName: "app.example.com", validationMethod: "DNS" });
    const validation = r("aws:acm/certificateValidation:CertificateValidation", "edge-certificate-validation", { region: "us-east-1", certificateArn: CERT }, [cert]);
    const servedBy = (dep: StackResource) => r(T.distribution, "cdn-distribution", distribution().props, [dep]);

    it("passes a distribution that takes its certificate from the validation", async () => {
        const out = await validateStack("certificate-validated-before-use", [cert, validation, servedBy(validation)]);
        expect(out).toEqual({ messages: [], urns: [] });
    });

    it("fails a distribution wired to the certificate itself, which serves before ACM issued it", async () => {
        const early = servedBy(cert);
        const out = await validateStack("certificate-validated-before-use", [cert, validation, early]);
        expect(out.messages).toEqual([
            'CloudFront distribution "cdn-distribution" takes its certificate straight from ACM, before it is issued; use the CertificateValidation\'s certificateArn.',
        ]);
        expect(out.urns).toEqual([urn(early)]);
    });

    it("does not apply to a distribution serving a certificate from outside the stack", async () => {
        expect((await validateStack("certificate-validated-before-use", [distribution()])).notApplicable)
            .toMatch(/; no CloudFront distribution of this stack serves an ACM certificate of this stack$/);
    });
});

describe("CloudFront rules: branches found by mutation testing", () => {
    const messages = async (policy: string, stack: StackResource[]) => (await validateStack(policy, stack)).messages;
    const viewer = (cert: Record<string, unknown>) => distribution({ viewerCertificate: cert });
    const D = 'CloudFront distribution "cdn-distribution"';
    const DEFAULT_CERT = `${D} serves the default *.cloudfront.net certificate, which accepts TLS 1.0; give it an ACM certificate with minimumProtocolVersion "TLSv1.2_2021".`;

    it.each([
        ["site-origins-private", [T.distribution, T.oac, T.bucketPolicy]],
        ["public-hosts-through-cdn", [T.record, T.website, "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2", T.distribution]],
        ["certificate-validated-before-use", ["aws:lb/listener:Listener", "aws:alb/listener:Listener", "aws:acm/certificate:Certificate",
            "aws:acm/certificateValidation:CertificateValidation", T.distribution]],
    ])("%s applies to its resource types", (name, types) => {
        expect([...policyNamed(name)!.appliesTo].sort()).toEqual([...types].sort());
    });

    it("https-only passes https-only behaviours and a distribution without a default behaviour, and skips behaviours it cannot know", async () => {
        const httpsOnly = distribution({ defaultCacheBehavior: behavior("site-web", { viewerProtocolPolicy: "https-only" }) });
        expect(await messages("https-only", [httpsOnly])).toEqual([]);
        expect(await messages("https-only", [r(T.distribution, "cdn-distribution", { orderedCacheBehaviors: [behavior("api-api", { pathPattern: "/api" })] })])).toEqual([]);
        expect(await messages("https-only", [r(T.distribution, "cdn-distribution", unknownAt(distribution().props, "orderedCacheBehaviors"))])).toEqual([]);
    });

    it("tls-min-version takes an IAM certificate as the distribution's own, refuses no certificate at all and a default-certificate flag", async () => {
        expect(await messages("tls-min-version", [viewer({ iamCertificateId: "ASCAEXAMPLE", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" })])).toEqual([]);
        expect(await messages("tls-min-version", [viewer({ minimumProtocolVersion: "TLSv1.2_2021" })])).toEqual([DEFAULT_CERT]);
        expect(await messages("tls-min-version", [viewer({ cloudfrontDefaultCertificate: true, acmCertificateArn: CERT, minimumProtocolVersion: "TLSv1.2_2021" })])).toEqual([DEFAULT_CERT]);
    });

    it.each(["xTLSv1.2_2021", "TLSv1.2_2021-beta", "TLSv1.2_21"])("tls-min-version refuses the viewer policy %j", async (version) => {
        expect(await messages("tls-min-version", [viewer({ acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: version })])).toEqual([
            `${D} accepts viewers below TLS 1.2 (minimumProtocolVersion "${version}"); use "TLSv1.2_2021" or newer.`,
        ]);
    });

    describe("site-origins-private", () => {
        const NO_OAC = (id: string) => `${D} reads S3 origin "${id}" without an origin access control: the bucket would have to be public; set originAccessControlId.`;
        const UNSIGNED = (got: string) => `Origin access control "cdn-oac" must sign every request to S3 (originAccessControlOriginType "s3", signingBehavior "always", signingProtocol "sigv4"), got ${got}.`;
        const withOrigins = (...origins: object[]) => distribution({ origins });
        const unsigned = r(T.oac, "cdn-oac", { originAccessControlOriginType: "s3", signingBehavior: "never", signingProtocol: "sigv4" });

        it("takes a bucket's global endpoint as S3 and a look-alike domain as a custom origin", async () => {
            expect(await messages("site-origins-private", [withOrigins({ originId: "global", domainName: "acme-site.s3.amazonaws.com" }), scoped])).toEqual([NO_OAC("global")]);
            expect(await messages("site-origins-private", [withOrigins({ originId: "global", domainName: "acme-site.s3-eu-central-1.amazonaws.com" }), scoped])).toEqual([NO_OAC("global")]);
            const lookalike = withOrigins({ originId: "x", domainName: "acme.s3.amazonaws.com.example.net", customOriginConfig: { originProtocolPolicy: "https-only" } });
            expect((await validateStack("site-origins-private", [lookalike])).notApplicable).toBe("no CloudFront distribution with an S3 origin in this stack");
        });

        it.each([
            [{ originAccessControlOriginType: "mediastore", signingBehavior: "always", signingProtocol: "sigv4" }, "mediastore/always/sigv4"],
            [{ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv2" }, "s3/always/sigv2"],
        ])("refuses the access control %j", async (props, got) => {
            expect(await messages("site-origins-private", [distribution(), r(T.oac, "cdn-oac", props), scoped])).toEqual([UNSIGNED(got)]);
        });

        it("finds an access control by its known ID, and leaves one from outside the stack alone", async () => {
            const known = r(T.oac, "cdn-oac", { ...unsigned.props, id: "E2QWRUHAPOMQZL" });
            expect(await messages("site-origins-private", [withOrigins({ originId: "site-web", domainName: SITE_DOMAIN, originAccessControlId: "E2QWRUHAPOMQZL" }), known, scoped]))
                .toEqual([UNSIGNED("s3/never/sigv4")]);
            expect(await messages("site-origins-private", [withOrigins({ originId: "site-web", domainName: SITE_DOMAIN, originAccessControlId: "E9OUTSIDE" }), known, scoped])).toEqual([]);
        });

        it("judges a known origin's access control once, and with secret origins only the controls the distribution depends on", async () => {
            const used = r(T.distribution, "cdn-distribution", distribution().props, [unsigned]);
            expect(await messages("site-origins-private", [used, unsigned, scoped])).toEqual([UNSIGNED("s3/never/sigv4")]);
            const other = r(T.oac, "cdn-other", { ...unsigned.props });
            const hidden = r(T.distribution, "cdn-distribution", { ...distribution().props, origins: "[secret]" }, [scoped, oac]);
            expect(await messages("site-origins-private", [hidden, oac, other, scoped])).toEqual([]);
            const hiddenUnsigned = r(T.distribution, "cdn-distribution", { ...distribution().props, origins: "[secret]" }, [scoped, unsigned]);
            expect(await messages("site-origins-private", [hiddenUnsigned, unsigned, scoped])).toEqual([UNSIGNED("s3/never/sigv4")]);
        });

        const grant = (statement: Record<string, unknown>) => r(T.bucketPolicy, "site-web-policy", {
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-prod-site-web-123456789012/*", ...statement }] }),
        });
        it.each([
            ["a deny for CloudFront", { Effect: "Deny", Principal: { Service: "cloudfront.amazonaws.com" } }, []],
            ["a grant to another service", { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" } }, []],
            ["a lowercase aws:SourceArn condition", { Effect: "Allow", Principal: { Service: ["cloudfront.amazonaws.com"] }, Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E2" } } }, []],
            ["a grant listing CloudFront among services", { Effect: "Allow", Principal: { Service: ["logging.s3.amazonaws.com", "cloudfront.amazonaws.com"] } },
                ['Bucket policy "site-web-policy" lets CloudFront read without an AWS:SourceArn condition: any distribution, of any account, could read the bucket; name the distribution.']],
        ])("judges %s", async (_, statement, expected) => {
            expect(await messages("site-origins-private", [distribution(), oac, grant(statement)])).toEqual(expected);
        });
    });

    describe("static-assets-on-cdn", () => {
        const NO_CACHE = `${D} serves static files of the default behaviour without caching them at the edge; use a cache policy with a TTL.`;
        it.each([
            ["TTLs left to CloudFront's defaults", {}, []],
            ["TTLs sent as null (CloudFront's defaults)", { defaultTtl: null, maxTtl: null }, []],
            ["no default TTL but a maximum (the origin's Cache-Control decides)", { defaultTtl: 0, minTtl: 0, maxTtl: 86400 }, []],
            ["TTLs unknown until deployed", "unknown", []],
            ["both TTLs 0", { defaultTtl: 0, maxTtl: 0 }, [NO_CACHE]],
        ])("judges a cache policy with %s", async (_, ttls, expected) => {
            const props = ttls === "unknown" ? unknownAt({ minTtl: 0, maxTtl: 0 }, "defaultTtl") : ttls as Record<string, unknown>;
            expect(await messages("static-assets-on-cdn", [distribution(), r(T.cachePolicy, "cdn-web-cache", props)])).toEqual(expected);
        });

        it("does not take a behaviour without a cache policy ID for one using a policy whose ID is not known yet", async () => {
            const zero = r(T.cachePolicy, "cdn-web-cache", { defaultTtl: 0, maxTtl: 0 });
            const legacy = distribution({ defaultCacheBehavior: { targetOriginId: "site-web", viewerProtocolPolicy: "redirect-to-https", forwardedValues: { queryString: false } } });
            expect(await messages("static-assets-on-cdn", [legacy, zero])).toEqual([]);
        });

        it("finds the cache policy by its known ID", async () => {
            const zero = r(T.cachePolicy, "cdn-web-cache", { id: "658327ea-f89d-4fab-a63d-7e88639e58f6", defaultTtl: 0, maxTtl: 0 });
            const d = distribution({ defaultCacheBehavior: behavior("site-web", { cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" }) });
            expect(await messages("static-assets-on-cdn", [d, zero])).toEqual([NO_CACHE]);
        });
    });

    describe("public-hosts-through-cdn", () => {
        /** A record of the zone; `unknown` names a property known only once deployed. */
        const record = (props: Record<string, unknown>, unknown?: string) => {
            const all = { zoneId: "Z0123456789ABCDEFGHIJ", ...props };
            return r(T.record, "dns", unknown ? unknownAt(all, unknown) : all);
        };
        const cfAlias = (name: string, zoneId: string) => ({ name, zoneId, evaluateTargetHealth: false });
        const AROUND = "around CloudFront and its WAF; alias it to the distribution.";
        it.each([
            ["an alias to CloudFront's zone written with a trailing dot", { name: "app.example.com", type: "A", aliases: [cfAlias("d111111abcdef8.cloudfront.net.", "Z2FDTNDATAQYW2")] }, ""],
            ["an alias to a cloudfront.net name", { name: "app.example.com", type: "AAAA", aliases: [cfAlias("d111111abcdef8.cloudfront.net", "Z0OTHERZONE")] }, ""],
            ["a verification record", { name: "_acme-challenge.app.example.com", type: "A", records: ["192.0.2.10"] }, ""],
            ["a TXT record naming the load balancer", { name: "app.example.com", type: "TXT", records: [ALB_DOMAIN] }, ""],
            ["a CNAME to a look-alike of the load balancer", { name: "app.example.com", type: "CNAME", records: [`${ALB_DOMAIN}.example.net`] }, ""],
            ["an A record whose addresses are unknown until deployed", { name: "app.example.com", type: "A" }, "records"],
        ] as Array<[string, Record<string, unknown>, string]>)("passes %s", async (_, props, unknown) => {
            expect(await messages("public-hosts-through-cdn", [distribution(), record(props, unknown)])).toEqual([]);
        });

        it.each([
            ["an AAAA alias to the load balancer", { name: "app.example.com", type: "AAAA", aliases: [cfAlias(`dualstack.${ALB_DOMAIN}`, "Z215JYRZR1TBD5")] },
                `points app.example.com at dualstack.${ALB_DOMAIN} (zone Z215JYRZR1TBD5), ${AROUND}`, ""],
            ["an alias without a target name", { name: "app.example.com", type: "A", aliases: [{ zoneId: "Z215JYRZR1TBD5" }] }, `points app.example.com at an alias target (zone Z215JYRZR1TBD5), ${AROUND}`, ""],
            ["AAAA addresses", { name: "app.example.com", type: "AAAA", records: ["2001:db8::1", "2001:db8::2"] }, `points app.example.com at addresses 2001:db8::1, 2001:db8::2, ${AROUND}`, ""],
            ["addresses whose alias list is unknown", { name: "app.example.com", type: "A", records: ["192.0.2.10"] }, `points app.example.com at addresses 192.0.2.10, ${AROUND}`, "aliases"],
            ["a CNAME to a bucket's global endpoint", { name: "static.example.com", type: "CNAME", records: ["acme-site.s3.amazonaws.com"] }, `points static.example.com at acme-site.s3.amazonaws.com, ${AROUND}`, ""],
            ["a CNAME to a Lambda function URL, with a trailing dot", { name: "fn.example.com", type: "CNAME", records: ["abc.lambda-url.eu-central-1.on.aws."] },
                `points fn.example.com at abc.lambda-url.eu-central-1.on.aws., ${AROUND}`, ""],
            ["a CNAME whose name is unknown", { type: "CNAME", records: [ALB_DOMAIN] }, `points a public name at ${ALB_DOMAIN}, ${AROUND}`, "name"],
        ] as Array<[string, Record<string, unknown>, string, string]>)("fails %s", async (_, props, message, unknown) => {
            expect(await messages("public-hosts-through-cdn", [distribution(), record(props, unknown)])).toEqual([`Route 53 record "dns" ${message}`]);
        });

        it("fails a record around CloudFront in a stack without a distribution, and a website of either version", async () => {
            const cname = record({ name: "api.example.com", type: "CNAME", records: [ALB_DOMAIN] });
            expect(await messages("public-hosts-through-cdn", [cname])).toEqual([`Route 53 record "dns" points api.example.com at ${ALB_DOMAIN}, ${AROUND}`]);
            const v2 = r("aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2", "site-web-website", { bucket: "acme-prod-site-web" });
            expect(await messages("public-hosts-through-cdn", [v2])).toEqual([
                'S3 website configuration "site-web-website" publishes a bucket as an S3 website (HTTP only, no WAF); serve it through CloudFront with an origin access control.',
            ]);
        });
    });

    it("certificate-validated-before-use follows the viewer certificate's property dependencies", async () => {
        const cert = r("aws:acm/certificate:Certificate", "edge-certificate-cert", { region: "us-east-1", domainName: "app.example.com" });
        const validation = r("aws:acm/certificateValidation:CertificateValidation", "edge-certificate-validation", { region: "us-east-1" });
        const wired = (to: StackResource): StackResource => ({ ...r(T.distribution, "cdn-distribution", distribution().props), propertyDeps: { viewerCertificate: [to] } });
        expect(await validateStack("certificate-validated-before-use", [cert, validation, wired(validation)])).toEqual({ messages: [], urns: [] });
        expect(await messages("certificate-validated-before-use", [cert, validation, wired(cert)])).toEqual([
            `${D} takes its certificate straight from ACM, before it is issued; use the CertificateValidation's certificateArn.`,
        ]);
    });
});
