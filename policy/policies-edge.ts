/**
 * Policies of the public edge: HTTPS and TLS, security headers, WAF, ingress through the
 * load balancer, per-client rate limits.
 */
import { MANDATORY, resourcePolicy, stackPolicy } from "./define";
import * as awsEdge from "./rules/aws/edge";
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
        checks: [gcpEdge.httpsOnly],
    }),
    stackPolicy({
        name: "tls-min-version",
        description: "HTTPS entry points accept TLS 1.2 or newer only.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.tlsMinVersion],
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
        name: "rate-limit-per-client",
        description: "Every public backend service (every CloudFront distribution on AWS) has an enforced rate limit keyed per client.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpEdge.rateLimitPerClient, awsEdge.rateLimitPerClient],
    }),
];
