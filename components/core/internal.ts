/**
 * Helpers the components share but users do not: import them from here inside the package.
 * The public surface is `./index.ts`.
 */
export * from "./errors";
export * from "./naming";
export * from "./tier";
export * from "./defaults";
export * from "./patterns";
export * from "./ip-ranges";
export * from "./database-flags";
export * from "./fargate";
export * from "./log-retention";
export * from "./cidr";
export * from "./aws-names";
export * from "./image-build";
export * from "./eventbridge-cron";
export * from "./alert-thresholds";
export * from "./elasticache";
export * from "./github-oidc";
