/**
 * `prodstack/aws`: the AWS components (ECS Fargate service, RDS, ElastiCache, CloudFront, …)
 * land here, listed as in `../gcp/index.ts`: types, then each class as a type and as a value
 * loaded on first use, so that importing this entry or the root `prodstack` loads no
 * `@pulumi/aws` until an AWS component is used.
 */
export {};
