/**
 * `prodstack/gcp`: the GCP components, their `Args` and the types those args and outputs use.
 * Nothing else is public: validators, defaults objects and helpers stay internal so they can
 * change. `tests/exports.test.ts` pins this list; growing it is a deliberate act.
 *
 * Each component loads on first use (`lazyLoad`, as Pulumi's SDKs do), so importing this entry
 * or the root `prodstack` loads `@pulumi/gcp` only once a component is used. Per component:
 * its types, then the class as a type and as a lazily loaded value.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the lazy loads */
import { lazyLoad } from "../core/lazy";

export type { NotificationChannelsArgs, SlackChannelArgs } from "./alerts";
export type NotificationChannels = import("./alerts").NotificationChannels;
export const NotificationChannels: typeof import("./alerts").NotificationChannels = null as never;
lazyLoad(exports, ["NotificationChannels"], () => require("./alerts"));

export type { AppBucketArgs, BucketAccess, BucketAccessLevel } from "./app-bucket";
export type AppBucket = import("./app-bucket").AppBucket;
export const AppBucket: typeof import("./app-bucket").AppBucket = null as never;
lazyLoad(exports, ["AppBucket"], () => require("./app-bucket"));

export type { BillingBudgetArgs } from "./budget";
export type BillingBudget = import("./budget").BillingBudget;
export const BillingBudget: typeof import("./budget").BillingBudget = null as never;
lazyLoad(exports, ["BillingBudget"], () => require("./budget"));

export type { CacheArgs, RedisVersion, SnapshotPeriod } from "./cache";
export type Cache = import("./cache").Cache;
export const Cache: typeof import("./cache").Cache = null as never;
lazyLoad(exports, ["Cache"], () => require("./cache"));

export type { CacheAlertsArgs } from "./cache-alerts";
export type CacheAlerts = import("./cache-alerts").CacheAlerts;
export const CacheAlerts: typeof import("./cache-alerts").CacheAlerts = null as never;
lazyLoad(exports, ["CacheAlerts"], () => require("./cache-alerts"));

export type { EdgeArgs, EdgeService, EdgeSite, EdgeRoute, EdgeRedirect, SslProfile } from "./cdn";
export type Edge = import("./cdn").Edge;
export const Edge: typeof import("./cdn").Edge = null as never;
lazyLoad(exports, ["Edge"], () => require("./cdn"));

export type { ManagedCertificatesArgs, CertificateMode, DnsAuthorizationRecord } from "./certificate";
export type ManagedCertificates = import("./certificate").ManagedCertificates;
export const ManagedCertificates: typeof import("./certificate").ManagedCertificates = null as never;
lazyLoad(exports, ["ManagedCertificates"], () => require("./certificate"));

export type { EnvironmentDashboardArgs, DashboardService, DashboardDatabase, DashboardRestoreDrill } from "./dashboard";
export type EnvironmentDashboard = import("./dashboard").EnvironmentDashboard;
export const EnvironmentDashboard: typeof import("./dashboard").EnvironmentDashboard = null as never;
lazyLoad(exports, ["EnvironmentDashboard"], () => require("./dashboard"));

export type { DatabaseArgs, DatabaseEngine, DatabaseEdition, UpdateTrack } from "./database";
export type Database = import("./database").Database;
export const Database: typeof import("./database").Database = null as never;
lazyLoad(exports, ["Database"], () => require("./database"));

export type { DatabaseAlertsArgs } from "./database-alerts";
export type DatabaseAlerts = import("./database-alerts").DatabaseAlerts;
export const DatabaseAlerts: typeof import("./database-alerts").DatabaseAlerts = null as never;
lazyLoad(exports, ["DatabaseAlerts"], () => require("./database-alerts"));

export type { DeployIdentityArgs } from "./deploy-identity";
export type { GitHubRepository } from "../core/github-oidc";
export type DeployIdentity = import("./deploy-identity").DeployIdentity;
export const DeployIdentity: typeof import("./deploy-identity").DeployIdentity = null as never;
lazyLoad(exports, ["DeployIdentity"], () => require("./deploy-identity"));

export type { DnsRecordsArgs, DnsRecord, DnsRecordType } from "./dns";
export type DnsRecords = import("./dns").DnsRecords;
export const DnsRecords: typeof import("./dns").DnsRecords = null as never;
lazyLoad(exports, ["DnsRecords"], () => require("./dns"));

export type { SecurityPolicyAlertsArgs } from "./edge-alerts";
export type SecurityPolicyAlerts = import("./edge-alerts").SecurityPolicyAlerts;
export const SecurityPolicyAlerts: typeof import("./edge-alerts").SecurityPolicyAlerts = null as never;
lazyLoad(exports, ["SecurityPolicyAlerts"], () => require("./edge-alerts"));

export type { ContainerImageArgs } from "./image";
export type ContainerImage = import("./image").ContainerImage;
export const ContainerImage: typeof import("./image").ContainerImage = null as never;
lazyLoad(exports, ["ContainerImage"], () => require("./image"));

export type { CloudRunJobArgs, JobSchedule } from "./job";
export type CloudRunJob = import("./job").CloudRunJob;
export const CloudRunJob: typeof import("./job").CloudRunJob = null as never;
lazyLoad(exports, ["CloudRunJob"], () => require("./job"));

export type { LogRetentionArgs, LogArchiveArgs } from "./log-retention";
export type LogRetention = import("./log-retention").LogRetention;
export const LogRetention: typeof import("./log-retention").LogRetention = null as never;
lazyLoad(exports, ["LogRetention"], () => require("./log-retention"));

export type { NetworkArgs } from "./network";
export type Network = import("./network").Network;
export const Network: typeof import("./network").Network = null as never;
lazyLoad(exports, ["Network"], () => require("./network"));

export type { ProjectServicesArgs } from "./project-services";
export type ProjectServices = import("./project-services").ProjectServices;
export const ProjectServices: typeof import("./project-services").ProjectServices = null as never;
lazyLoad(exports, ["ProjectServices"], () => require("./project-services"));

export type { RegistryArgs } from "./registry";
export type Registry = import("./registry").Registry;
export const Registry: typeof import("./registry").Registry = null as never;
lazyLoad(exports, ["Registry"], () => require("./registry"));

export type { SecretsArgs, SecretEntry, SecretRef, GeneratedSecret, SecretCharset } from "./secrets";
export type Secrets = import("./secrets").Secrets;
export const Secrets: typeof import("./secrets").Secrets = null as never;
lazyLoad(exports, ["Secrets"], () => require("./secrets"));

export type { CloudRunServiceArgs, ServiceIngress, SecretEnvVar, SecretFile, ServiceBuild, ServiceVpcAccess, ExecutionEnvironment } from "./service";
export type CloudRunService = import("./service").CloudRunService;
export const CloudRunService: typeof import("./service").CloudRunService = null as never;
lazyLoad(exports, ["CloudRunService"], () => require("./service"));

export type { ServiceAlertsArgs } from "./service-alerts";
export type ServiceAlerts = import("./service-alerts").ServiceAlerts;
export const ServiceAlerts: typeof import("./service-alerts").ServiceAlerts = null as never;
lazyLoad(exports, ["ServiceAlerts"], () => require("./service-alerts"));

export type { SiteBucketArgs } from "./site-bucket";
export type SiteBucket = import("./site-bucket").SiteBucket;
export const SiteBucket: typeof import("./site-bucket").SiteBucket = null as never;
lazyLoad(exports, ["SiteBucket"], () => require("./site-bucket"));

export type { UptimeCheckArgs } from "./uptime";
export type UptimeCheck = import("./uptime").UptimeCheck;
export const UptimeCheck: typeof import("./uptime").UptimeCheck = null as never;
lazyLoad(exports, ["UptimeCheck"], () => require("./uptime"));

export type { WafArgs, WafMode, ArmorSettings, RestrictedPath } from "./waf";
export type Waf = import("./waf").Waf;
export const Waf: typeof import("./waf").Waf = null as never;
lazyLoad(exports, ["Waf"], () => require("./waf"));

export type { CloudRunWorkerPoolArgs } from "./worker-pool";
export type CloudRunWorkerPool = import("./worker-pool").CloudRunWorkerPool;
export const CloudRunWorkerPool: typeof import("./worker-pool").CloudRunWorkerPool = null as never;
lazyLoad(exports, ["CloudRunWorkerPool"], () => require("./worker-pool"));

export type { CloudRunWorkloadArgs } from "./workload";

export type { WorkloadAlertsArgs } from "./workload-alerts";
export type WorkloadAlerts = import("./workload-alerts").WorkloadAlerts;
export const WorkloadAlerts: typeof import("./workload-alerts").WorkloadAlerts = null as never;
lazyLoad(exports, ["WorkloadAlerts"], () => require("./workload-alerts"));

export type { RestoreDrillArgs, RestoreDrillVerification } from "./restore-drill";
export type { RestoreDrillPolicies } from "./restore-drill-alerts";
export type { RestoreDrillSettings } from "../core/restore-drill";
export type RestoreDrill = import("./restore-drill").RestoreDrill;
export const RestoreDrill: typeof import("./restore-drill").RestoreDrill = null as never;
lazyLoad(exports, ["RestoreDrill"], () => require("./restore-drill"));
