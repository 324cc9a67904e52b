/**
 * AWS identifiers and name limits, kept apart from the cloud-neutral naming helpers so that
 * the spec (for `cloud: aws`) and the AWS components check names the same way.
 * Internal: not re-exported from `prodstack/core`.
 */

/** An AWS commercial or GovCloud region, e.g. `eu-central-1`, `us-gov-west-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/;

/** An availability zone of `region` by name (`eu-central-1a`), not a Local/Wavelength Zone. */
export function isAvailabilityZoneOf(zone: string, region: string): boolean {
    return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}

/** An AWS account ID: exactly twelve digits. */
export const AWS_ACCOUNT_ID = /^\d{12}$/;

/**
 * Longest names AWS accepts, by resource kind (each service's API reference). Pass them to
 * `resourceName(parts, max)` so that a long prefix is cut with a hash, never fails a deploy.
 */
export const AWS_NAME_MAX = {
    /** IAM role names (IAM CreateRole). */
    iamRole: 64,
    /** Inline IAM policy names (IAM PutRolePolicy). */
    iamPolicy: 128,
    /** Load balancer and target group names (ELBv2 CreateLoadBalancer / CreateTargetGroup). */
    loadBalancer: 32,
    /** ECS cluster and service names, task definition families. */
    ecs: 255,
    /** Security group names, prefix included (EC2 CreateSecurityGroup). */
    securityGroup: 255,
    /** ECR repository names (ECR CreateRepository). */
    ecrRepository: 256,
    /** CloudWatch Logs log group names (CreateLogGroup). */
    logGroup: 512,
    /** Secrets Manager secret names (CreateSecret). */
    secret: 512,
    /** KMS alias names, `alias/` included (KMS CreateAlias). */
    kmsAlias: 256,
} as const;
