/**
 * Argument types of {@link Distribution} (distribution.ts), kept apart so the validation and
 * behaviour modules share them without a cycle.
 */
import type * as pulumi from "@pulumi/pulumi";

/** An HTTPS origin answering API routes, typically the environment's load balancer. */
export interface DistributionApiOrigin {
    /**
     * Origin name, e.g. `api`; routes refer to it and it names the CloudFront origin ID.
     * @default none (required)
     */
    name: string;
    /**
     * Domain name CloudFront connects to over HTTPS, e.g. the load balancer's DNS name.
     * @default none (required)
     */
    domainName: pulumi.Input<string>;
    /**
     * Forward the viewer's `Host` (managed origin request policy `AllViewer`), so the origin
     * can route by host; its certificate must then cover the public host, which CloudFront
     * validates. Off: `AllViewerExceptHostHeader`, the origin sees `domainName` as `Host`
     * and its certificate must cover that name.
     * @default true
     */
    forwardViewerHost?: boolean;
    /**
     * Headers CloudFront adds to every request to this origin, e.g. a secret the origin
     * requires so that only CloudFront reaches it. They replace viewer headers of the same name.
     * @default {}
     */
    customHeaders?: Record<string, pulumi.Input<string>>;
    /**
     * Seconds CloudFront waits for the origin's response (1 to 60 without a quota increase).
     * @default 30
     */
    readTimeoutSeconds?: number;
}

/** A path prefix of the distribution's host answered by an API origin. */
export interface DistributionApiRoute {
    /**
     * Path prefix, e.g. `/api` (matches `/api` and `/api/...`, case-sensitively as CloudFront
     * does); `/` is the default behaviour.
     * @default "/"
     */
    pathPrefix?: string;
    /**
     * Name of the origin in `apiOrigins`.
     * @default none (required)
     */
    origin: string;
    /**
     * Response headers policy of this route (a CSP of its own, say).
     * @default the distribution's `responseHeadersPolicyId`
     */
    responseHeadersPolicyId?: pulumi.Input<string>;
}

/** A static site served from a private S3 bucket through Origin Access Control. */
export interface DistributionSite {
    /**
     * Site name, e.g. `web`; names the origin, its function and cache policy.
     * @default none (required)
     */
    name: string;
    /**
     * The bucket's regional domain name (`<bucket>.s3.<region>.amazonaws.com`,
     * `SiteBucket.regionalDomainName`).
     * @default none (required)
     */
    bucketRegionalDomainName: pulumi.Input<string>;
    /**
     * Path prefix of the site, e.g. `/docs`; objects live under the same prefix in the bucket.
     * @default "/"
     */
    pathPrefix?: string;
    /**
     * Single-page app: every path whose last segment has no file extension answers the site's
     * `index.html` with status 200 (a viewer-request function, not error pages).
     * @default false
     */
    spaFallback?: boolean;
    /**
     * Seconds objects without `Cache-Control` stay cached (the cache policy's default TTL).
     * @default 3600
     */
    cacheTtlSeconds?: number;
    /**
     * Response headers policy of this site.
     * @default the distribution's `responseHeadersPolicyId`
     */
    responseHeadersPolicyId?: pulumi.Input<string>;
}

/** Arguments of {@link Distribution}. */
export interface DistributionArgs {
    /**
     * Prefix of every global name (functions, cache policies, access control), e.g.
     * `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * The one host the distribution answers, e.g. `app.example.com` (its alias). Plain string:
     * names, functions and DNS records derive from it.
     * @default none (required)
     */
    host: string;
    /**
     * ARN of an ACM certificate **in us-east-1** covering `host`; take it from the
     * certificate's validation so the distribution waits for issuance.
     * @default none (required)
     */
    certificateArn: pulumi.Input<string>;
    /**
     * ARN of a WAFv2 web ACL of scope `CLOUDFRONT` (CloudFront takes the ARN as `webAclId`).
     * @default none (required)
     */
    webAclArn: pulumi.Input<string>;
    /**
     * Response headers policy (HSTS, CSP, nosniff, frame denial, referrer policy) of every
     * behaviour without one of its own, including redirects and the 404 of unrouted paths.
     * @default none (required)
     */
    responseHeadersPolicyId: pulumi.Input<string>;
    /**
     * Origins of `apiRoutes`.
     * @default []
     */
    apiOrigins?: DistributionApiOrigin[];
    /**
     * Path prefixes answered by an API origin.
     * @default []
     */
    apiRoutes?: DistributionApiRoute[];
    /**
     * Static sites of the host.
     * @default []
     */
    sites?: DistributionSite[];
    /**
     * Make the distribution answer every request with a 301 to this host (path and query
     * kept), e.g. `www.example.com` → `example.com`. Excludes routes and sites.
     * @default none (serves routes and sites)
     */
    redirectTo?: string;
    /**
     * Route 53 hosted zone ID to create the A and AAAA alias records of `host` in. Omitted:
     * `dnsRecords` lists the CNAME to create wherever the domain is hosted.
     * @default none (no records are created)
     */
    dnsZoneId?: pulumi.Input<string>;
    /**
     * Days the access-log group (us-east-1) keeps CloudFront's access logs (a CloudWatch Logs
     * retention value).
     * @default 365
     */
    logRetentionDays?: number;
    /**
     * ARN of a KMS key **in us-east-1** encrypting the access-log group; its policy must let
     * `logs.us-east-1.amazonaws.com` use it.
     * @default none (required)
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * CloudFront price class: `PriceClass_All`, `PriceClass_200` or `PriceClass_100`.
     * @default "PriceClass_All"
     */
    priceClass?: "PriceClass_All" | "PriceClass_200" | "PriceClass_100";
}
