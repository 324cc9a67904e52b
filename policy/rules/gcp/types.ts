/**
 * The GCP provider's type tokens the rules read, each checked against `__pulumiType` in
 * `@pulumi/gcp` by tests/policy/pack.test.ts, and what a person calls each of them.
 */
export const T = {
    provider: "pulumi:providers:gcp",
    // Data
    sqlInstance: "gcp:sql/databaseInstance:DatabaseInstance",
    redisInstance: "gcp:redis/instance:Instance",
    redisCluster: "gcp:redis/cluster:Cluster",
    // Compute
    runService: "gcp:cloudrunv2/service:Service",
    runJob: "gcp:cloudrunv2/job:Job",
    runWorkerPool: "gcp:cloudrunv2/workerPool:WorkerPool",
    runJobIamMember: "gcp:cloudrunv2/jobIamMember:JobIamMember",
    runServiceV1: "gcp:cloudrun/service:Service",
    serviceAccount: "gcp:serviceaccount/account:Account",
    secret: "gcp:secretmanager/secret:Secret",
    artifactRepository: "gcp:artifactregistry/repository:Repository",
    // Edge
    forwardingRule: "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    globalAddress: "gcp:compute/globalAddress:GlobalAddress",
    httpProxy: "gcp:compute/targetHttpProxy:TargetHttpProxy",
    httpsProxy: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
    urlMap: "gcp:compute/uRLMap:URLMap",
    backendService: "gcp:compute/backendService:BackendService",
    backendBucket: "gcp:compute/backendBucket:BackendBucket",
    securityPolicy: "gcp:compute/securityPolicy:SecurityPolicy",
    securityPolicyRule: "gcp:compute/securityPolicyRule:SecurityPolicyRule",
    managedSslCertificate: "gcp:compute/managedSslCertificate:ManagedSslCertificate",
    certificate: "gcp:certificatemanager/certificate:Certificate",
    certificateMap: "gcp:certificatemanager/certificateMap:CertificateMap",
    certificateMapEntry: "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry",
    dnsAuthorization: "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
    managedZone: "gcp:dns/managedZone:ManagedZone",
    // Network
    firewall: "gcp:compute/firewall:Firewall",
    address: "gcp:compute/address:Address",
    // Storage
    bucket: "gcp:storage/bucket:Bucket",
    bucketIamMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    bucketIamBinding: "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    bucketIamPolicy: "gcp:storage/bucketIAMPolicy:BucketIAMPolicy",
    bucketAcl: "gcp:storage/bucketACL:BucketACL",
    defaultObjectAcl: "gcp:storage/defaultObjectACL:DefaultObjectACL",
    objectAcl: "gcp:storage/objectACL:ObjectACL",
    bucketAccessControl: "gcp:storage/bucketAccessControl:BucketAccessControl",
    defaultObjectAccessControl: "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl",
    objectAccessControl: "gcp:storage/objectAccessControl:ObjectAccessControl",
    // IAM
    projectIamMember: "gcp:projects/iAMMember:IAMMember",
    projectIamBinding: "gcp:projects/iAMBinding:IAMBinding",
    projectIamPolicy: "gcp:projects/iAMPolicy:IAMPolicy",
    orgIamMember: "gcp:organizations/iAMMember:IAMMember",
    orgIamBinding: "gcp:organizations/iAMBinding:IAMBinding",
    orgIamPolicy: "gcp:organizations/iAMPolicy:IAMPolicy",
    serviceAccountIamMember: "gcp:serviceaccount/iAMMember:IAMMember",
    serviceAccountIamBinding: "gcp:serviceaccount/iAMBinding:IAMBinding",
    serviceAccountIamPolicy: "gcp:serviceaccount/iAMPolicy:IAMPolicy",
    secretIamMember: "gcp:secretmanager/secretIamMember:SecretIamMember",
    secretIamBinding: "gcp:secretmanager/secretIamBinding:SecretIamBinding",
    secretIamPolicy: "gcp:secretmanager/secretIamPolicy:SecretIamPolicy",
    runServiceIamMember: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    runServiceIamBinding: "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
    runServiceIamPolicy: "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
    // Observability
    uptimeCheck: "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig",
    alertPolicy: "gcp:monitoring/alertPolicy:AlertPolicy",
    notificationChannel: "gcp:monitoring/notificationChannel:NotificationChannel",
    logBucket: "gcp:logging/projectBucketConfig:ProjectBucketConfig",
    budget: "gcp:billing/budget:Budget",
} as const;

/** What a person calls a resource of each type, in violation sentences. */
const KIND: Record<string, string> = {
    [T.sqlInstance]: "Cloud SQL instance",
    [T.redisInstance]: "Memorystore instance",
    [T.redisCluster]: "Memorystore cluster",
    [T.runService]: "Cloud Run service",
    [T.runJob]: "Cloud Run job",
    [T.runWorkerPool]: "Cloud Run worker pool",
    [T.runJobIamMember]: "Cloud Run job IAM grant",
    [T.runServiceV1]: "Cloud Run service",
    [T.serviceAccount]: "Service account",
    [T.secret]: "Secret",
    [T.artifactRepository]: "Artifact Registry repository",
    [T.forwardingRule]: "Forwarding rule",
    [T.globalAddress]: "Global address",
    [T.httpProxy]: "HTTP proxy",
    [T.httpsProxy]: "HTTPS proxy",
    [T.sslPolicy]: "SSL policy",
    [T.urlMap]: "URL map",
    [T.backendService]: "Backend service",
    [T.backendBucket]: "Backend bucket",
    [T.securityPolicy]: "Cloud Armor policy",
    [T.securityPolicyRule]: "Cloud Armor rule",
    [T.managedSslCertificate]: "Managed certificate",
    [T.certificate]: "Certificate",
    [T.certificateMap]: "Certificate map",
    [T.certificateMapEntry]: "Certificate map entry",
    [T.dnsAuthorization]: "DNS authorization",
    [T.managedZone]: "DNS zone",
    [T.firewall]: "Firewall rule",
    [T.address]: "Address",
    [T.bucket]: "Storage bucket",
    [T.bucketIamMember]: "Bucket IAM grant",
    [T.bucketIamBinding]: "Bucket IAM binding",
    [T.bucketIamPolicy]: "Bucket IAM policy",
    [T.bucketAcl]: "Bucket ACL",
    [T.defaultObjectAcl]: "Default object ACL",
    [T.objectAcl]: "Object ACL",
    [T.bucketAccessControl]: "Bucket ACL entry",
    [T.defaultObjectAccessControl]: "Default object ACL entry",
    [T.objectAccessControl]: "Object ACL entry",
    [T.projectIamMember]: "Project IAM grant",
    [T.projectIamBinding]: "Project IAM binding",
    [T.projectIamPolicy]: "Project IAM policy",
    [T.orgIamMember]: "Organization IAM grant",
    [T.orgIamBinding]: "Organization IAM binding",
    [T.orgIamPolicy]: "Organization IAM policy",
    [T.serviceAccountIamMember]: "Service account IAM grant",
    [T.serviceAccountIamBinding]: "Service account IAM binding",
    [T.serviceAccountIamPolicy]: "Service account IAM policy",
    [T.secretIamMember]: "Secret IAM grant",
    [T.secretIamBinding]: "Secret IAM binding",
    [T.secretIamPolicy]: "Secret IAM policy",
    [T.runServiceIamMember]: "Cloud Run IAM grant",
    [T.runServiceIamBinding]: "Cloud Run IAM binding",
    [T.runServiceIamPolicy]: "Cloud Run IAM policy",
    [T.uptimeCheck]: "Uptime check",
    [T.alertPolicy]: "Alert policy",
    [T.notificationChannel]: "Notification channel",
    [T.logBucket]: "Log bucket",
    [T.budget]: "Budget",
};

/** `Cloud SQL instance "db"`: the kind of resource and its logical name. */
export function what(r: { type: string; name: string }): string {
    return `${KIND[r.type] ?? r.type} "${r.name}"`;
}

/** Kinds that are product names (or start with an acronym) keep their capital mid-sentence. */
const PROPER = /^(Cloud |Memorystore|Artifact Registry|URL|SSL|HTTP|DNS|IAM)/;

/** Same as {@link what}, for the middle of a sentence: `service account "api-sa"`, `Cloud Run service "api"`. */
export function whatLower(r: { type: string; name: string }): string {
    const w = what(r);
    return PROPER.test(w) ? w : w[0].toLowerCase() + w.slice(1);
}
