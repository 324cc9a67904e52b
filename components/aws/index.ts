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

export type { AlarmTopicsArgs, AlarmTopicRegion, ChatbotSlackArgs } from "./alarm-topics";
export type AlarmTopics = import("./alarm-topics").AlarmTopics;
export const AlarmTopics: typeof import("./alarm-topics").AlarmTopics = null as never;
lazyLoad(exports, ["AlarmTopics"], () => require("./alarm-topics"));

export type { AlarmRunbooksArgs } from "./alarm-runbooks";
export type { AlarmRef, AlarmRunbook } from "./alarm-types";
export type { Runbook } from "../core/runbooks";
export type AlarmRunbooks = import("./alarm-runbooks").AlarmRunbooks;
export const AlarmRunbooks: typeof import("./alarm-runbooks").AlarmRunbooks = null as never;
lazyLoad(exports, ["AlarmRunbooks"], () => require("./alarm-runbooks"));

export type { BillingBudgetArgs, BudgetTagFilter } from "./budget";
export type BillingBudget = import("./budget").BillingBudget;
export const BillingBudget: typeof import("./budget").BillingBudget = null as never;
lazyLoad(exports, ["BillingBudget"], () => require("./budget"));

export type { CacheAlarmsArgs } from "./cache-alarms";
export type CacheAlarms = import("./cache-alarms").CacheAlarms;
export const CacheAlarms: typeof import("./cache-alarms").CacheAlarms = null as never;
lazyLoad(exports, ["CacheAlarms"], () => require("./cache-alarms"));

export type { DatabaseAlarmsArgs, DatabaseBackupWatch } from "./database-alarms";
export type DatabaseAlarms = import("./database-alarms").DatabaseAlarms;
export const DatabaseAlarms: typeof import("./database-alarms").DatabaseAlarms = null as never;
lazyLoad(exports, ["DatabaseAlarms"], () => require("./database-alarms"));

export type { EdgeAlarmsArgs, WebAclRef, CertificateRef } from "./edge-alarms";
export type EdgeAlarms = import("./edge-alarms").EdgeAlarms;
export const EdgeAlarms: typeof import("./edge-alarms").EdgeAlarms = null as never;
lazyLoad(exports, ["EdgeAlarms"], () => require("./edge-alarms"));

export type { EnvironmentDashboardArgs, DashboardEcsService } from "./dashboard";
export type EnvironmentDashboard = import("./dashboard").EnvironmentDashboard;
export const EnvironmentDashboard: typeof import("./dashboard").EnvironmentDashboard = null as never;
lazyLoad(exports, ["EnvironmentDashboard"], () => require("./dashboard"));

export type { ServiceAlarmsArgs, ServiceLoadBalancerRef } from "./service-alarms";
export type ServiceAlarms = import("./service-alarms").ServiceAlarms;
export const ServiceAlarms: typeof import("./service-alarms").ServiceAlarms = null as never;
lazyLoad(exports, ["ServiceAlarms"], () => require("./service-alarms"));

export type { UptimeCheckArgs, Route53CheckerRegion } from "./uptime-check";
export type UptimeCheck = import("./uptime-check").UptimeCheck;
export const UptimeCheck: typeof import("./uptime-check").UptimeCheck = null as never;
lazyLoad(exports, ["UptimeCheck"], () => require("./uptime-check"));

export type { WorkloadAlarmsArgs } from "./workload-alarms";
export type WorkloadAlarms = import("./workload-alarms").WorkloadAlarms;
export const WorkloadAlarms: typeof import("./workload-alarms").WorkloadAlarms = null as never;
lazyLoad(exports, ["WorkloadAlarms"], () => require("./workload-alarms"));

export type { SecurityHeadersArgs } from "./security-headers";
export type SecurityHeaders = import("./security-headers").SecurityHeaders;
export const SecurityHeaders: typeof import("./security-headers").SecurityHeaders = null as never;
lazyLoad(exports, ["SecurityHeaders"], () => require("./security-headers"));

export type { WebAclArgs, WebAclMode, WebAclRoute } from "./web-acl";
export type WebAcl = import("./web-acl").WebAcl;
export const WebAcl: typeof import("./web-acl").WebAcl = null as never;
lazyLoad(exports, ["WebAcl"], () => require("./web-acl"));

export type { RestoreDrillArgs, RestoreDrillDatabase } from "./restore-drill-args";
export type RestoreDrill = import("./restore-drill").RestoreDrill;
export const RestoreDrill: typeof import("./restore-drill").RestoreDrill = null as never;
lazyLoad(exports, ["RestoreDrill"], () => require("./restore-drill"));

export type { RestoreDrillAlarmsArgs } from "./restore-drill-alarms";
export type RestoreDrillAlarms = import("./restore-drill-alarms").RestoreDrillAlarms;
export const RestoreDrillAlarms: typeof import("./restore-drill-alarms").RestoreDrillAlarms = null as never;
lazyLoad(exports, ["RestoreDrillAlarms"], () => require("./restore-drill-alarms"));
