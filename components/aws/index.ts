/**
 * `prodstack/aws`: the AWS components, their `Args` and the types those args and outputs use.
 * Nothing else is public: validators, defaults objects and helpers stay internal so they can
 * change. `tests/exports.test.ts` pins this list; growing it is a deliberate act.
 *
 * Each component loads on first use (`lazyLoad`, as Pulumi's SDKs do), so importing this entry
 * or the root `prodstack` loads `@pulumi/aws` only once a component is used. Per component:
 * its types, then the class as a type and as a lazily loaded value.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the lazy loads */
import { lazyLoad } from "../core/lazy";

export type { AppBucketArgs, BucketAccess, BucketAccessLevel } from "./app-bucket";
export type AppBucket = import("./app-bucket").AppBucket;
export const AppBucket: typeof import("./app-bucket").AppBucket = null as never;
lazyLoad(exports, ["AppBucket"], () => require("./app-bucket"));

export type { CacheArgs, CacheEngine } from "./cache";
export type Cache = import("./cache").Cache;
export const Cache: typeof import("./cache").Cache = null as never;
lazyLoad(exports, ["Cache"], () => require("./cache"));

export type { CertificateArgs, CertificateDnsRecord, CertificateKeyAlgorithm } from "./certificate";
export type Certificate = import("./certificate").Certificate;
export const Certificate: typeof import("./certificate").Certificate = null as never;
lazyLoad(exports, ["Certificate"], () => require("./certificate"));

export type { ContainerImageArgs } from "./image";
export type { ImageBuildArgs } from "../core/image-build";
export type ContainerImage = import("./image").ContainerImage;
export const ContainerImage: typeof import("./image").ContainerImage = null as never;
lazyLoad(exports, ["ContainerImage"], () => require("./image"));

export type { DatabaseArgs, DatabaseEngine, DatabaseInsightsMode } from "./database";
export type Database = import("./database").Database;
export const Database: typeof import("./database").Database = null as never;
lazyLoad(exports, ["Database"], () => require("./database"));
export type { DeployRolesArgs } from "./deploy-roles";
export type { GitHubRepository } from "../core/github-oidc";
export type DeployRoles = import("./deploy-roles").DeployRoles;
export const DeployRoles: typeof import("./deploy-roles").DeployRoles = null as never;
lazyLoad(exports, ["DeployRoles"], () => require("./deploy-roles"));

export type { DistributionApiOrigin, DistributionApiRoute, DistributionArgs, DistributionSite } from "./distribution";
export type Distribution = import("./distribution").Distribution;
export const Distribution: typeof import("./distribution").Distribution = null as never;
lazyLoad(exports, ["Distribution"], () => require("./distribution"));

export type { FargateJobArgs } from "./fargate-job";
export type { TaskArgs, TaskPermission, TaskSecret } from "./task-args";
export type FargateJob = import("./fargate-job").FargateJob;
export const FargateJob: typeof import("./fargate-job").FargateJob = null as never;
lazyLoad(exports, ["FargateJob"], () => require("./fargate-job"));

export type { FargateServiceArgs, FargateServiceKind, TargetGroupRef } from "./fargate-service";
export type FargateService = import("./fargate-service").FargateService;
export const FargateService: typeof import("./fargate-service").FargateService = null as never;
lazyLoad(exports, ["FargateService"], () => require("./fargate-service"));

export type { KmsKeyArgs, KmsKeyService } from "./kms-key";
export type KmsKey = import("./kms-key").KmsKey;
export const KmsKey: typeof import("./kms-key").KmsKey = null as never;
lazyLoad(exports, ["KmsKey"], () => require("./kms-key"));

export type { LoadBalancerArgs, LoadBalancerRoute, LoadBalancerTarget, OriginHeader } from "./load-balancer";
export type LoadBalancer = import("./load-balancer").LoadBalancer;
export const LoadBalancer: typeof import("./load-balancer").LoadBalancer = null as never;
lazyLoad(exports, ["LoadBalancer"], () => require("./load-balancer"));

export type { LogsBucketArgs } from "./logs-bucket";
export type LogsBucket = import("./logs-bucket").LogsBucket;
export const LogsBucket: typeof import("./logs-bucket").LogsBucket = null as never;
lazyLoad(exports, ["LogsBucket"], () => require("./logs-bucket"));

export type { NetworkArgs } from "./network";
export type Network = import("./network").Network;
export const Network: typeof import("./network").Network = null as never;
lazyLoad(exports, ["Network"], () => require("./network"));

export type { RegistryArgs } from "./registry";
export type Registry = import("./registry").Registry;
export const Registry: typeof import("./registry").Registry = null as never;
lazyLoad(exports, ["Registry"], () => require("./registry"));

export type { SecretsArgs, SecretEntry, SecretRef, GeneratedSecret, SecretCharset } from "./secrets";
export type Secrets = import("./secrets").Secrets;
export const Secrets: typeof import("./secrets").Secrets = null as never;
lazyLoad(exports, ["Secrets"], () => require("./secrets"));

export type { SiteBucketArgs, SiteBucketLogs } from "./site-bucket";
export type SiteBucket = import("./site-bucket").SiteBucket;
export const SiteBucket: typeof import("./site-bucket").SiteBucket = null as never;
lazyLoad(exports, ["SiteBucket"], () => require("./site-bucket"));

export type { SecurityGroupArgs, SecurityGroupRule } from "./security-group";
export type SecurityGroup = import("./security-group").SecurityGroup;
export const SecurityGroup: typeof import("./security-group").SecurityGroup = null as never;
lazyLoad(exports, ["SecurityGroup"], () => require("./security-group"));

export type { SecurityHeadersArgs } from "./security-headers";
export type SecurityHeaders = import("./security-headers").SecurityHeaders;
export const SecurityHeaders: typeof import("./security-headers").SecurityHeaders = null as never;
lazyLoad(exports, ["SecurityHeaders"], () => require("./security-headers"));

export type { WebAclArgs, WebAclMode, WebAclRoute } from "./web-acl";
export type WebAcl = import("./web-acl").WebAcl;
export const WebAcl: typeof import("./web-acl").WebAcl = null as never;
lazyLoad(exports, ["WebAcl"], () => require("./web-acl"));
