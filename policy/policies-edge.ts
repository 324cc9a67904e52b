/**
 * Policies of the public edge: HTTPS and TLS, security headers, WAF, ingress through the
 * load balancer, per-client rate limits.
 */
import { MANDATORY, PROD_MANDATORY, resourcePolicy, stackPolicy } from "./define";
import * as awsCdn from "./rules/aws/cdn";
import * as awsEdge from "./rules/aws/edge";
import * as awsLb from "./rules/aws/load-balancer";
import * as gcpEdge from "./rules/gcp/edge";
import type { HardeningPolicy } from "./types";

/** Edge policies of the pack, in roadmap order (policies.ts concatenates the groups). */
export const EDGE_POLICIES: readonly HardeningPolicy[] = [
    stackPolicy({
        name: "https-only",
        description: "Plain-HTTP entry points only redirect to HTTPS.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.httpsOnly, awsLb.loadBalancerHttpsOnly, awsCdn.distributionHttpsOnly],
    }),
    stackPolicy({
        name: "certificate-validated-before-use",
        description: "Listeners and CloudFront distributions serve an ACM certificate only once it is issued (through its validation).",
        category: "availability",
        enforcement: MANDATORY,
        severity: "medium",
        checks: [awsLb.certificateValidatedBeforeUse, awsCdn.distributionCertificateValidated],
    }),
    stackPolicy({
        name: "tls-min-version",
        description: "HTTPS entry points accept TLS 1.2 or newer only.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.tlsMinVersion, awsLb.loadBalancerTlsMinVersion, awsCdn.distributionTlsMinVersion],
    }),
    stackPolicy({
        name: "security-headers",
        description:
            "Every public backend (every CloudFront behaviour on AWS) answers with HSTS, CSP, X-Content-Type-Options, frame protection and Referrer-Policy.",
        category: "security",
        enforcement: MANDATORY,
        severity: "medium",
        defaults: { prod: { minHstsMaxAgeSeconds: 31536000 }, "non-prod": { minHstsMaxAgeSeconds: 31536000 } },
        schema: { minHstsMaxAgeSeconds: { type: "integer", minimum: 0, description: "Smallest accepted HSTS max-age, seconds." } },
        checks: [gcpEdge.securityHeaders, awsEdge.securityHeaders],
    }),
    stackPolicy({
        name: "waf-on-public-backends",
        description:
            "Every public backend service sits behind a Cloud Armor policy with enforced preconfigured WAF rules; every CloudFront " +
            "distribution behind a logged WAF web ACL (credentials redacted) enforcing the AWS managed rule groups.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.wafOnPublicBackends, awsEdge.wafOnDistributions],
    }),
    resourcePolicy({
        name: "cloud-run-ingress-via-load-balancer",
        description: "Cloud Run services accept traffic only through the load balancer (and its WAF), not directly from the internet.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.cloudRunIngressViaLoadBalancer],
    }),
    stackPolicy({
        name: "load-balancer-only-through-cdn",
        description: "A public load balancer admits only the CDN's servers and answers 403 to requests without the secret origin header.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsLb.loadBalancerOnlyThroughCdn],
    }),
    resourcePolicy({
        name: "load-balancer-hardened",
        description: "Application load balancers drop invalid header fields, mitigate request desync and write access logs.",
        category: "security",
        enforcement: MANDATORY,
        severity: "medium",
        checks: [awsLb.loadBalancerHardened],
    }),
    stackPolicy({
        name: "public-hosts-through-cdn",
        description: "Every public DNS name of the stack points at a CloudFront distribution (and its WAF), never at a load balancer, bucket or address; no bucket is an S3 website.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsCdn.publicHostsThroughCdn],
    }),
    stackPolicy({
        name: "rate-limit-per-client",
        description: "Every public backend service (every CloudFront distribution on AWS) has an enforced rate limit keyed per client.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.rateLimitPerClient, awsEdge.rateLimitPerClient],
    }),
];

/** Edge policies of the deletion-protection item (prod only). */
export const EDGE_PROTECTION_POLICIES: readonly HardeningPolicy[] = [
    resourcePolicy({
        name: "load-balancer-deletion-protection",
        description: "Prod load balancers have deletion protection.",
        category: "availability",
        enforcement: PROD_MANDATORY,
        severity: "medium",
        prodOnly: true,
        checks: [awsLb.loadBalancerDeletionProtection],
    }),
];
