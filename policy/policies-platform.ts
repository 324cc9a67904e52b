/**
 * Policies of the rest of the platform: labels, buckets, Redis, firewalls and network
 * placement, CDN, autoscaling, maintenance windows, budget, pinned images and the registry.
 */
import { ADVISORY, MANDATORY, resourcePolicy, stackPolicy } from "./define";
import * as awsCache from "./rules/aws/cache";
import * as awsCdn from "./rules/aws/cdn";
import * as awsCompute from "./rules/aws/compute";
import * as awsData from "./rules/aws/data";
import * as awsLabels from "./rules/aws/labels";
import * as awsNetwork from "./rules/aws/network";
import * as awsStorage from "./rules/aws/storage";
import * as gcpCompute from "./rules/gcp/compute";
import * as gcpData from "./rules/gcp/data";
import * as awsDb from "./rules/aws/database";
import * as gcpEdge from "./rules/gcp/edge";
import * as gcpIam from "./rules/gcp/iam";
import * as gcpLabels from "./rules/gcp/labels";
import * as gcpNetwork from "./rules/gcp/network";
import * as awsObservability from "./rules/aws/observability";
import * as gcpObservability from "./rules/gcp/observability";
import type { HardeningPolicy } from "./types";

/** Platform policies of the pack, in roadmap order (policies.ts concatenates the groups). */
export const PLATFORM_POLICIES: readonly HardeningPolicy[] = [
    resourcePolicy({
        name: "labels-present",
        description: "Every labelable resource carries the environment labels (tags on AWS), itself or through its provider's default labels or tags.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        defaults: {
            prod: { requiredLabels: ["environment", "tier", "managed-by"] },
            "non-prod": { requiredLabels: ["environment", "tier", "managed-by"] },
        },
        schema: { requiredLabels: { type: "array", items: { type: "string" }, description: "Label keys every resource needs." } },
        checks: [gcpLabels.labelsPresent, awsLabels.labelsPresent],
    }),
    stackPolicy({
        name: "buckets-private-uniform",
        description:
            "Buckets are private: uniform access and public access prevention on GCP; all four public access blocks, owner-enforced " +
            "ownership, default encryption and a TLS-only policy on S3. Only a CDN site origin may let anyone read objects.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpIam.bucketsPrivateUniform, awsStorage.bucketsPrivate],
    }),
    stackPolicy({
        name: "site-origins-private",
        description:
            "CloudFront reads S3 site origins only through an origin access control signing every request (no website endpoint, " +
            "no legacy identity), and bucket policies grant CloudFront only for a named distribution (AWS:SourceArn).",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsCdn.siteOriginsPrivate],
    }),
    stackPolicy({
        name: "buckets-versioned",
        description: "Buckets keep earlier object versions (or a retention policy where versions make no sense, such as a log archive).",
        category: "data-loss",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpData.bucketsVersioned, awsStorage.bucketsVersioned],
    }),
    resourcePolicy({
        name: "redis-auth-tls",
        description: "Redis requires AUTH and TLS (on AWS, where encryption at rest is optional, it also encrypts at rest with a customer-managed key).",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpData.redisAuthTls, awsCache.cacheAuthTls],
    }),
    resourcePolicy({
        name: "firewall-no-world-open-ingress",
        description: "No firewall or security group rule allows ingress from anywhere (the edge admits CloudFront's prefix list, not 0.0.0.0/0).",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpNetwork.firewallNoWorldOpenIngress, awsNetwork.firewallNoWorldOpenIngress],
    }),
    stackPolicy({
        name: "default-security-group-closed",
        description: "Every network's default security group is stripped of its rules, so nothing relies on its allow-all defaults.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsNetwork.defaultSecurityGroupClosed],
    }),
    stackPolicy({
        name: "workloads-private",
        description: "Tasks get no public IP and run in private subnets: the internet reaches them only through the load balancer.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [awsNetwork.workloadsPrivate],
    }),
    stackPolicy({
        name: "caches-private",
        description: "Caches sit only in subnets the internet cannot reach, in their own security group that admits only other security groups.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [awsCache.cachesPrivate],
    }),
    stackPolicy({
        name: "static-assets-on-cdn",
        description: "Backend buckets that serve a route do so through Cloud CDN; CloudFront caches what S3 origins serve.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpEdge.staticAssetsOnCdn, awsCdn.siteAssetsCached],
    }),
    resourcePolicy({
        name: "autoscaling-bounded",
        description: "Autoscaled services have a maximum instance count.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [gcpCompute.autoscalingBounded, awsCompute.autoscalingBounded],
    }),
    resourcePolicy({
        name: "db-maintenance-window",
        description: "Databases have a fixed maintenance window.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpData.dbMaintenanceWindow, awsDb.dbMaintenanceWindow],
    }),
    stackPolicy({
        name: "billing-budget",
        description: "A billing budget with threshold alerts watches the environment's spend.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpObservability.billingBudget, awsObservability.costBudget],
    }),
    resourcePolicy({
        name: "images-pinned",
        description: "Workloads run images pinned by digest or an immutable version tag.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        checks: [gcpCompute.imagesPinned, awsCompute.imagesPinned],
    }),
    resourcePolicy({
        name: "registry-hardened",
        description: "Image repositories keep tags immutable, scan every pushed image and encrypt with a customer-managed key.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsData.registryHardened],
    }),
];
