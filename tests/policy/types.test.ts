import { T, what, whatLower } from "../../policy/rules/gcp/types";

describe("GCP type tokens", () => {
    it("are distinct provider tokens (that @pulumi/gcp declares each is tests/policy/pack.test.ts's)", () => {
        const { provider, ...resources } = T;
        expect(provider).toBe("pulumi:providers:gcp");
        expect(Object.values(resources).filter((t) => !/^gcp:[a-z0-9]+\/[a-zA-Z0-9]+:[A-Z][A-Za-z0-9]+$/.test(t))).toEqual([]);
        expect(new Set(Object.values(T)).size).toBe(Object.keys(T).length);
    });
});

describe("what a person calls each GCP resource", () => {
    it.each([
        ["gcp:sql/databaseInstance:DatabaseInstance", "Cloud SQL instance \"r\"", "Cloud SQL instance \"r\""],
        ["gcp:redis/instance:Instance", "Memorystore instance \"r\"", "Memorystore instance \"r\""],
        ["gcp:redis/cluster:Cluster", "Memorystore cluster \"r\"", "Memorystore cluster \"r\""],
        ["gcp:cloudrunv2/service:Service", "Cloud Run service \"r\"", "Cloud Run service \"r\""],
        ["gcp:cloudrunv2/job:Job", "Cloud Run job \"r\"", "Cloud Run job \"r\""],
        ["gcp:cloudrunv2/workerPool:WorkerPool", "Cloud Run worker pool \"r\"", "Cloud Run worker pool \"r\""],
        ["gcp:cloudrunv2/jobIamMember:JobIamMember", "Cloud Run job IAM grant \"r\"", "Cloud Run job IAM grant \"r\""],
        ["gcp:cloudrun/service:Service", "Cloud Run service \"r\"", "Cloud Run service \"r\""],
        ["gcp:serviceaccount/account:Account", "Service account \"r\"", "service account \"r\""],
        ["gcp:secretmanager/secret:Secret", "Secret \"r\"", "secret \"r\""],
        ["gcp:artifactregistry/repository:Repository", "Artifact Registry repository \"r\"", "Artifact Registry repository \"r\""],
        ["gcp:compute/globalForwardingRule:GlobalForwardingRule", "Forwarding rule \"r\"", "forwarding rule \"r\""],
        ["gcp:compute/globalAddress:GlobalAddress", "Global address \"r\"", "global address \"r\""],
        ["gcp:compute/targetHttpProxy:TargetHttpProxy", "HTTP proxy \"r\"", "HTTP proxy \"r\""],
        ["gcp:compute/targetHttpsProxy:TargetHttpsProxy", "HTTPS proxy \"r\"", "HTTPS proxy \"r\""],
        ["gcp:compute/sSLPolicy:SSLPolicy", "SSL policy \"r\"", "SSL policy \"r\""],
        ["gcp:compute/uRLMap:URLMap", "URL map \"r\"", "URL map \"r\""],
        ["gcp:compute/backendService:BackendService", "Backend service \"r\"", "backend service \"r\""],
        ["gcp:compute/backendBucket:BackendBucket", "Backend bucket \"r\"", "backend bucket \"r\""],
        ["gcp:compute/securityPolicy:SecurityPolicy", "Cloud Armor policy \"r\"", "Cloud Armor policy \"r\""],
        ["gcp:compute/securityPolicyRule:SecurityPolicyRule", "Cloud Armor rule \"r\"", "Cloud Armor rule \"r\""],
        ["gcp:compute/managedSslCertificate:ManagedSslCertificate", "Managed certificate \"r\"", "managed certificate \"r\""],
        ["gcp:certificatemanager/certificate:Certificate", "Certificate \"r\"", "certificate \"r\""],
        ["gcp:certificatemanager/certificateMap:CertificateMap", "Certificate map \"r\"", "certificate map \"r\""],
        ["gcp:certificatemanager/certificateMapEntry:CertificateMapEntry", "Certificate map entry \"r\"", "certificate map entry \"r\""],
        ["gcp:certificatemanager/dnsAuthorization:DnsAuthorization", "DNS authorization \"r\"", "DNS authorization \"r\""],
        ["gcp:dns/managedZone:ManagedZone", "DNS zone \"r\"", "DNS zone \"r\""],
        ["gcp:compute/firewall:Firewall", "Firewall rule \"r\"", "firewall rule \"r\""],
        ["gcp:compute/address:Address", "Address \"r\"", "address \"r\""],
        ["gcp:storage/bucket:Bucket", "Storage bucket \"r\"", "storage bucket \"r\""],
        ["gcp:storage/bucketIAMMember:BucketIAMMember", "Bucket IAM grant \"r\"", "bucket IAM grant \"r\""],
        ["gcp:storage/bucketIAMBinding:BucketIAMBinding", "Bucket IAM binding \"r\"", "bucket IAM binding \"r\""],
        ["gcp:storage/bucketIAMPolicy:BucketIAMPolicy", "Bucket IAM policy \"r\"", "bucket IAM policy \"r\""],
        ["gcp:storage/bucketACL:BucketACL", "Bucket ACL \"r\"", "bucket ACL \"r\""],
        ["gcp:storage/defaultObjectACL:DefaultObjectACL", "Default object ACL \"r\"", "default object ACL \"r\""],
        ["gcp:storage/objectACL:ObjectACL", "Object ACL \"r\"", "object ACL \"r\""],
        ["gcp:storage/bucketAccessControl:BucketAccessControl", "Bucket ACL entry \"r\"", "bucket ACL entry \"r\""],
        ["gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl", "Default object ACL entry \"r\"", "default object ACL entry \"r\""],
        ["gcp:storage/objectAccessControl:ObjectAccessControl", "Object ACL entry \"r\"", "object ACL entry \"r\""],
        ["gcp:projects/iAMMember:IAMMember", "Project IAM grant \"r\"", "project IAM grant \"r\""],
        ["gcp:projects/iAMBinding:IAMBinding", "Project IAM binding \"r\"", "project IAM binding \"r\""],
        ["gcp:projects/iAMPolicy:IAMPolicy", "Project IAM policy \"r\"", "project IAM policy \"r\""],
        ["gcp:organizations/iAMMember:IAMMember", "Organization IAM grant \"r\"", "organization IAM grant \"r\""],
        ["gcp:organizations/iAMBinding:IAMBinding", "Organization IAM binding \"r\"", "organization IAM binding \"r\""],
        ["gcp:organizations/iAMPolicy:IAMPolicy", "Organization IAM policy \"r\"", "organization IAM policy \"r\""],
        ["gcp:serviceaccount/iAMMember:IAMMember", "Service account IAM grant \"r\"", "service account IAM grant \"r\""],
        ["gcp:serviceaccount/key:Key", "Service account key \"r\"", "service account key \"r\""],
        ["gcp:storage/hmacKey:HmacKey", "Cloud Storage HMAC key \"r\"", "Cloud Storage HMAC key \"r\""],
        ["gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "Workload identity provider \"r\"", "workload identity provider \"r\""],
        ["gcp:serviceaccount/iAMBinding:IAMBinding", "Service account IAM binding \"r\"", "service account IAM binding \"r\""],
        ["gcp:serviceaccount/iAMPolicy:IAMPolicy", "Service account IAM policy \"r\"", "service account IAM policy \"r\""],
        ["gcp:secretmanager/secretIamMember:SecretIamMember", "Secret IAM grant \"r\"", "secret IAM grant \"r\""],
        ["gcp:secretmanager/secretIamBinding:SecretIamBinding", "Secret IAM binding \"r\"", "secret IAM binding \"r\""],
        ["gcp:secretmanager/secretIamPolicy:SecretIamPolicy", "Secret IAM policy \"r\"", "secret IAM policy \"r\""],
        ["gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "Cloud Run IAM grant \"r\"", "Cloud Run IAM grant \"r\""],
        ["gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding", "Cloud Run IAM binding \"r\"", "Cloud Run IAM binding \"r\""],
        ["gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy", "Cloud Run IAM policy \"r\"", "Cloud Run IAM policy \"r\""],
        ["gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", "Uptime check \"r\"", "uptime check \"r\""],
        ["gcp:monitoring/alertPolicy:AlertPolicy", "Alert policy \"r\"", "alert policy \"r\""],
        ["gcp:monitoring/notificationChannel:NotificationChannel", "Notification channel \"r\"", "notification channel \"r\""],
        ["gcp:logging/projectBucketConfig:ProjectBucketConfig", "Log bucket \"r\"", "log bucket \"r\""],
        ["gcp:billing/budget:Budget", "Budget \"r\"", "budget \"r\""],
        ["random:index/randomPassword:RandomPassword", "Generated password \"r\"", "generated password \"r\""],
        ["random:index/randomBytes:RandomBytes", "Generated key \"r\"", "generated key \"r\""],
        ["random:index/randomString:RandomString", "Generated string \"r\"", "generated string \"r\""],
    ])("%s: %s, mid-sentence %s", (type, name, lower) => {
        expect([what({ type, name: "r" }), whatLower({ type, name: "r" })]).toEqual([name, lower]);
    });
});
