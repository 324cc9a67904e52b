import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { definedOnly, resourceName } from "../core/internal";
import { FUNCTION_RUNTIME, notFoundFunctionCode, redirectFunctionCode, siteFunctionCode } from "./edge-functions";
import type { DistributionArgs } from "./distribution-types";
import { DISTRIBUTION_DEFAULTS, normalizePrefix, ORIGIN_DEFAULTS, validateDistributionArgs } from "./distribution-validation";

export type { DistributionApiOrigin, DistributionApiRoute, DistributionArgs, DistributionSite } from "./distribution-types";

/**
 * IDs of the AWS-managed CloudFront policies the API behaviours use ("Use managed cache
 * policies" and "Use managed origin request policies", CloudFront developer guide). They
 * are the same in every account.
 */
export const MANAGED_POLICY_IDS = {
    /** Cache policy `CachingDisabled`: TTL 0, nothing in the cache key. */
    cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    /** Origin request policy `AllViewer`: every viewer header (`Host` too), cookie and query string. */
    allViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3",
    /** Origin request policy `AllViewerExceptHostHeader`: every viewer header, cookie and query string but `Host`. */
    allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

/** CloudFront's hosted zone for alias records, the same for every distribution (AWS General Reference). */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** Viewer TLS policy: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers (CloudFront supported protocols and ciphers). */
export const VIEWER_TLS_POLICY = "TLSv1.2_2021";

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const READ_METHODS = ["GET", "HEAD"];

/** One cache behaviour before it is split into CloudFront's path patterns. */
interface Behavior {
    prefix: string;
    originId: string;
    headersPolicyId: pulumi.Input<string>;
    cachePolicyId: pulumi.Input<string>;
    originRequestPolicyId?: string;
    functionArn?: pulumi.Input<string>;
    methods: string[];
}

/** `app.example.com` → `app-example-com`. */
const slug = (host: string) => host.replace(/\./g, "-");

/** CloudFront refuses a distribution's or function's comment over 128 characters; a long host is cut. */
const MAX_COMMENT = 128;
const clip = (text: string) => (text.length <= MAX_COMMENT ? text : `${text.slice(0, MAX_COMMENT - 3)}...`);

/**
 * One CloudFront distribution for one public host: the environment's only public entry for it.
 * - Viewers: the host as alias, an ACM certificate (us-east-1) with SNI and `TLSv1.2_2021`,
 *   HTTP/2 and HTTP/3, IPv6, every behaviour `redirect-to-https` with a response headers
 *   policy, the WAFv2 web ACL on every request.
 * - API routes: path prefixes (`/api` and `/api/*`, longest first) to HTTPS-only custom
 *   origins (TLS 1.2, read timeout ≤ 60 s, optional secret headers), caching disabled, every
 *   viewer header forwarded (`Host` too unless the origin opts out, so a load balancer can
 *   route by host; its certificate must then cover the host).
 * - Sites: private S3 buckets through Origin Access Control (SigV4 on every request), a
 *   cache policy with the site's TTL, a viewer-request function for `index.html` and the SPA
 *   fallback (never error pages).
 * - `redirectTo`: a function answers every request with a 301 (path and query kept).
 * - Paths no route serves answer 404 from a function, without reaching any origin.
 * - Access logs: standard logging v2 into a KMS-encrypted log group in us-east-1 (legacy
 *   logging needs bucket ACLs, which owner-enforced buckets forbid).
 * - DNS: A and AAAA alias records in `dnsZoneId`, or the CNAME to create in `dnsRecords`.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const app = new aws.Distribution("app", {
 *     namePrefix: "acme-prod",
 *     host: "app.example.com",
 *     certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
 *     webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acme-prod/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
 *     responseHeadersPolicyId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
 *     logsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
 *     apiOrigins: [{ name: "api", domainName: "origin.example.com" }],
 *     apiRoutes: [{ pathPrefix: "/api", origin: "api" }],
 *     sites: [{ name: "web", bucketRegionalDomainName: "acme-prod-web.s3.eu-central-1.amazonaws.com", spaFallback: true }],
 * });
 * export const distributionDomain = app.domainName;
 * ```
 */
export class Distribution extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Distribution";

    /** The distribution's ARN (what a site bucket's policy lets read). */
    readonly arn: pulumi.Output<string>;
    /** The distribution's ID. */
    readonly distributionId: pulumi.Output<string>;
    /** `d….cloudfront.net`: what the host's DNS records point to. */
    readonly domainName: pulumi.Output<string>;
    /** The host it serves. */
    readonly host: string;
    /** Records for the host: A/AAAA aliases when created in `dnsZoneId`, else the CNAME to create. */
    readonly dnsRecords: pulumi.Output<Array<{ name: string; type: string; value: string }>>;

    constructor(name: string, args: DistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDistributionArgs(Distribution.TYPE, name, args);
        super(Distribution.TYPE, name, {}, opts);
        const cfg = { ...DISTRIBUTION_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const base = [cfg.namePrefix, slug(cfg.host)];
        const fn = (key: string, code: string, comment: string) => new aws.cloudfront.Function(`${name}-${key}`, {
            name: resourceName([...base, key], 64),
            runtime: FUNCTION_RUNTIME,
            comment: clip(comment),
            code,
            publish: true,
        }, parent).arn;

        const origins: aws.types.input.cloudfront.DistributionOrigin[] = [];
        const behaviors: Behavior[] = [];
        for (const o of cfg.apiOrigins) {
            origins.push({
                originId: `api-${o.name}`,
                domainName: o.domainName,
                customOriginConfig: {
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    originSslProtocols: ["TLSv1.2"],
                    originReadTimeout: o.readTimeoutSeconds ?? ORIGIN_DEFAULTS.readTimeoutSeconds,
                },
                customHeaders: Object.entries(o.customHeaders ?? {}).map(([headerName, value]) => ({ name: headerName, value })),
            });
        }
        const forwardsHost = new Map(cfg.apiOrigins.map((o) => [o.name, o.forwardViewerHost ?? true]));
        for (const r of cfg.apiRoutes) {
            behaviors.push({
                prefix: normalizePrefix(r.pathPrefix),
                originId: `api-${r.origin}`,
                headersPolicyId: r.responseHeadersPolicyId ?? cfg.responseHeadersPolicyId,
                cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
                originRequestPolicyId: forwardsHost.get(r.origin) ? MANAGED_POLICY_IDS.allViewer : MANAGED_POLICY_IDS.allViewerExceptHostHeader,
                methods: ALL_METHODS,
            });
        }
        if (cfg.sites.length) {
            const oac = new aws.cloudfront.OriginAccessControl(`${name}-oac`, {
                name: resourceName([...base, "s3"], 64),
                description: `S3 site buckets of ${cfg.host}`,
                originAccessControlOriginType: "s3",
                signingBehavior: "always",
                signingProtocol: "sigv4",
            }, parent);
            for (const site of cfg.sites) {
                const prefix = normalizePrefix(site.pathPrefix);
                origins.push({ originId: `site-${site.name}`, domainName: site.bucketRegionalDomainName, originAccessControlId: oac.id });
                const ttl = site.cacheTtlSeconds ?? ORIGIN_DEFAULTS.cacheTtlSeconds;
                const cache = new aws.cloudfront.CachePolicy(`${name}-${site.name}-cache`, {
                    name: resourceName([...base, site.name], 128),
                    comment: `Site ${site.name}: objects without Cache-Control cached ${ttl} s`,
                    defaultTtl: ttl,
                    minTtl: 0,
                    maxTtl: Math.max(ttl, 31_536_000),
                    parametersInCacheKeyAndForwardedToOrigin: {
                        cookiesConfig: { cookieBehavior: "none" },
                        headersConfig: { headerBehavior: "none" },
                        queryStringsConfig: { queryStringBehavior: "none" },
                        enableAcceptEncodingGzip: true,
                        enableAcceptEncodingBrotli: true,
                    },
                }, parent);
                behaviors.push({
                    prefix,
                    originId: `site-${site.name}`,
                    headersPolicyId: site.responseHeadersPolicyId ?? cfg.responseHeadersPolicyId,
                    cachePolicyId: cache.id,
                    functionArn: fn(site.name, siteFunctionCode(prefix, site.spaFallback ?? false),
                        site.spaFallback ? `Site ${site.name}: index.html for app routes` : `Site ${site.name}: index.html for directories`),
                    methods: READ_METHODS,
                });
            }
        }
        if (cfg.redirectTo !== undefined) {
            // A distribution needs an origin; the function answers before it is ever contacted.
            origins.push({
                originId: "redirect",
                domainName: cfg.redirectTo,
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
            });
            behaviors.push({
                prefix: "/",
                originId: "redirect",
                headersPolicyId: cfg.responseHeadersPolicyId,
                cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
                functionArn: fn("redirect", redirectFunctionCode(cfg.redirectTo), `301 to ${cfg.redirectTo}`),
                methods: READ_METHODS,
            });
        }
        if (!behaviors.some((b) => b.prefix === "/")) {
            behaviors.push({
                prefix: "/",
                originId: String(origins[0].originId),
                headersPolicyId: cfg.responseHeadersPolicyId,
                cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
                functionArn: fn("not-found", notFoundFunctionCode(), "404 for paths no route serves"),
                methods: READ_METHODS,
            });
        }

        const behavior = (b: Behavior) => ({
            targetOriginId: b.originId,
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: b.methods,
            cachedMethods: READ_METHODS,
            compress: true,
            cachePolicyId: b.cachePolicyId,
            ...(b.originRequestPolicyId ? { originRequestPolicyId: b.originRequestPolicyId } : {}),
            responseHeadersPolicyId: b.headersPolicyId,
            ...(b.functionArn ? { functionAssociations: [{ eventType: "viewer-request", functionArn: b.functionArn }] } : {}),
        });
        // CloudFront takes the first pattern that matches: longest prefixes first.
        const ordered = behaviors.filter((b) => b.prefix !== "/").sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix))
            .flatMap((b) => [{ ...behavior(b), pathPattern: b.prefix }, { ...behavior(b), pathPattern: `${b.prefix}/*` }]);

        const distribution = new aws.cloudfront.Distribution(`${name}-distribution`, {
            comment: clip(`${cfg.host} (${cfg.namePrefix})`),
            enabled: true,
            aliases: [cfg.host],
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: cfg.priceClass,
            webAclId: cfg.webAclArn,
            viewerCertificate: {
                acmCertificateArn: cfg.certificateArn,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: VIEWER_TLS_POLICY,
            },
            ...(cfg.sites.some((s) => normalizePrefix(s.pathPrefix) === "/") ? { defaultRootObject: "index.html" } : {}),
            origins,
            defaultCacheBehavior: behavior(behaviors.find((b) => b.prefix === "/")!),
            orderedCacheBehaviors: ordered,
            restrictions: { geoRestriction: { restrictionType: "none" } },
        }, parent);

        // Standard logging v2: CloudFront delivers through CloudWatch Logs in us-east-1.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            region: "us-east-1",
            name: `/aws/vendedlogs/cloudfront/${resourceName(base, 400)}`,
            retentionInDays: cfg.logRetentionDays,
            kmsKeyId: cfg.logsKmsKeyArn,
        }, parent);
        const source = new aws.cloudwatch.LogDeliverySource(`${name}-log-source`, {
            region: "us-east-1",
            name: resourceName([...base, "access"], 60),
            logType: "ACCESS_LOGS",
            resourceArn: distribution.arn,
        }, parent);
        const destination = new aws.cloudwatch.LogDeliveryDestination(`${name}-log-destination`, {
            region: "us-east-1",
            name: resourceName([...base, "access"], 60),
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: logGroup.arn },
        }, parent);
        new aws.cloudwatch.LogDelivery(`${name}-log-delivery`, {
            region: "us-east-1",
            deliverySourceName: source.name,
            deliveryDestinationArn: destination.arn,
        }, parent);

        if (cfg.dnsZoneId !== undefined) {
            for (const type of ["A", "AAAA"]) {
                new aws.route53.Record(`${name}-${type.toLowerCase()}`, {
                    zoneId: cfg.dnsZoneId,
                    name: cfg.host,
                    type,
                    aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }],
                }, parent);
            }
        }

        this.arn = distribution.arn;
        this.distributionId = distribution.id;
        this.domainName = distribution.domainName;
        this.host = cfg.host;
        this.dnsRecords = distribution.domainName.apply((target) => (cfg.dnsZoneId !== undefined
            ? ["A", "AAAA"].map((type) => ({ name: `${cfg.host}.`, type, value: `ALIAS ${target}.` }))
            : [{ name: `${cfg.host}.`, type: "CNAME", value: `${target}.` }]));
        this.registerOutputs({ arn: this.arn, domainName: this.domainName, dnsRecords: this.dnsRecords });
    }
}
