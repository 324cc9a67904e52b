/**
 * Limits of AWS that the spec check (`config-cloud.ts`) and the AWS composition share.
 * Kept apart from `infra/aws/` so the spec check loads no AWS SDK.
 */

/**
 * Longest request on AWS: CloudFront's origin read timeout is at most 60 s without a quota
 * raise (CloudFront developer guide, "Response timeout"), and the load balancer's idle
 * timeout follows it.
 */
export const AWS_MAX_REQUEST_SECONDS = 60;
