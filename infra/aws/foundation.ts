/**
 * Foundation concern: the environment's customer-managed KMS key (CloudWatch Logs may use it
 * for this account's log groups; Secrets Manager and ECR use it through IAM) and the VPC over
 * the spec's availability zones. Prod gets a NAT gateway per zone, interface endpoints and
 * protection; non-prod one NAT gateway (an outage of its zone cuts the others' egress: the
 * documented trade-off for cost).
 */
import { byTier, isProd } from "../../components/core/internal";
import { KmsKey, Network } from "../../components/aws";
import type { EnvironmentSpec } from "../config";
import type * as pulumi from "@pulumi/pulumi";

/** Days log groups keep logs when the spec sets no `logs.retentionDays` (CloudWatch values). */
export const DEFAULT_AWS_LOG_RETENTION_DAYS = { prod: 365, nonProd: 30 };

/** The retention every log group of the environment gets. */
export function logRetentionOf(spec: EnvironmentSpec): number {
    return spec.logs.retentionDays ?? byTier(spec.tier, DEFAULT_AWS_LOG_RETENTION_DAYS);
}

/** The region where CloudFront's certificates, WAF and logs and Route 53's metrics live. */
export const US_EAST_1 = "us-east-1";

/** What the foundation provides to the other concerns. */
export interface Foundation {
    key: KmsKey;
    network: Network;
    /**
     * The key for what must live in us-east-1 (CloudFront's web ACL logs, alarms on
     * CloudFront and Route 53 metrics and their SNS topic): created on first call, so an
     * environment that needs nothing there has no second key. The environment's own key when
     * the environment is in us-east-1.
     */
    usEast1Key: () => KmsKey;
}

/** Creates the key and the network; `opts` carries the explicit provider. */
export function deployFoundation(spec: EnvironmentSpec, opts: pulumi.ComponentResourceOptions): Foundation {
    const prod = isProd(spec.tier);
    const key = new KmsKey("key", {
        namePrefix: spec.namePrefix,
        purpose: "main",
        region: spec.region,
        // Alarms, budgets and event rules publish to the environment's encrypted alarm topic.
        services: spec.alerts ? ["logs", "cloudwatch", "budgets", "events"] : ["logs"],
        deletionProtection: prod,
    }, opts);
    const network = new Network("network", {
        namePrefix: spec.namePrefix,
        region: spec.region,
        availabilityZones: spec.aws!.availabilityZones!,
        cidrBlock: spec.network.cidr,
        natGatewayPerAz: prod,
        interfaceEndpoints: prod,
        flowLogsKmsKeyArn: key.arn,
        flowLogRetentionDays: logRetentionOf(spec),
        deletionProtection: prod,
    }, opts);
    let usEast1: KmsKey | undefined;
    const usEast1Key = (): KmsKey => {
        if (spec.region === US_EAST_1) return key;
        usEast1 ??= new KmsKey("key-us-east-1", {
            namePrefix: spec.namePrefix,
            purpose: "us-east-1",
            region: US_EAST_1,
            services: ["logs", "cloudwatch"],
            deletionProtection: prod,
        }, opts);
        return usEast1;
    };
    return { key, network, usEast1Key };
}
