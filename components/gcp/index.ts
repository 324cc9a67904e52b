/**
 * `prodstack/gcp`: the GCP components, their `Args` and the types those args and outputs use.
 * Nothing else is public: validators, defaults objects and helpers stay internal so they can
 * change. `tests/components/exports.test.ts` pins this list; growing it is a deliberate act.
 */
export { NotificationChannels, type NotificationChannelsArgs, type SlackChannelArgs } from "./alerts";
export { BillingBudget, type BillingBudgetArgs } from "./budget";
export { Cache, type CacheArgs, type RedisVersion, type SnapshotPeriod } from "./cache";
export { CacheAlerts, type CacheAlertsArgs } from "./cache-alerts";
export { Edge, type EdgeArgs, type EdgeService, type EdgeSite, type SslProfile } from "./cdn";
export { ManagedCertificates, type ManagedCertificatesArgs, type CertificateMode, type DnsAuthorizationRecord } from "./certificate";
export { EnvironmentDashboard, type EnvironmentDashboardArgs, type DashboardService, type DashboardDatabase } from "./dashboard";
export { Database, type DatabaseArgs, type DatabaseEngine, type DatabaseEdition, type UpdateTrack } from "./database";
export { DatabaseAlerts, type DatabaseAlertsArgs } from "./database-alerts";
export { DnsRecords, type DnsRecordsArgs, type DnsRecord, type DnsRecordType } from "./dns";
export { SecurityPolicyAlerts, type SecurityPolicyAlertsArgs } from "./edge-alerts";
export { ContainerImage, type ContainerImageArgs } from "./image";
export { LogRetention, type LogRetentionArgs, type LogArchiveArgs } from "./log-retention";
export { Network, type NetworkArgs } from "./network";
export { ProjectServices, type ProjectServicesArgs } from "./project-services";
export { Registry, type RegistryArgs } from "./registry";
export { Secrets, type SecretsArgs, type SecretEntry, type SecretRef } from "./secrets";
export {
    CloudRunService,
    type CloudRunServiceArgs,
    type ServiceIngress,
    type SecretEnvVar,
    type ServiceBuild,
    type ServiceVpcAccess,
    type ExecutionEnvironment,
} from "./service";
export { ServiceAlerts, type ServiceAlertsArgs } from "./service-alerts";
export { SiteBucket, type SiteBucketArgs } from "./site-bucket";
export { UptimeCheck, type UptimeCheckArgs } from "./uptime";
export { Waf, type WafArgs, type WafMode, type ArmorSettings } from "./waf";
