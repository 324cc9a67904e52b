// AWS components. Exports: components, their Args and the types those use; nothing internal.
export { Network, type NetworkArgs } from "./network";
export { SecurityGroup, type SecurityGroupArgs, type SecurityGroupRule } from "./security-group";
export { KmsKey, type KmsKeyArgs, type KmsKeyService } from "./kms-key";
export { Secrets, type SecretsArgs, type SecretEntry, type SecretRef } from "./secrets";
export { Registry, type RegistryArgs } from "./registry";
export { AppBucket, type AppBucketArgs, type BucketAccess, type BucketAccessLevel } from "./app-bucket";
export { ContainerImage, type ContainerImageArgs } from "./image";
export type { ImageBuildArgs } from "../core/image-build";
export { FargateService, type FargateServiceArgs, type FargateServiceKind } from "./fargate-service";
export type { TaskSecret, TaskPermission } from "./task-definition";
export type { TaskArgs } from "./task";
export { FargateJob, type FargateJobArgs } from "./fargate-job";
