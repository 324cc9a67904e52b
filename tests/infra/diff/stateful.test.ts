import { isStateful, protectionsLost } from "../../../infra/diff/stateful";
import { diffInputs } from "../../../infra/diff/inputs";
import { resource } from "./fixtures";

describe("stateful types", () => {
    it.each([
        "gcp:sql/databaseInstance:DatabaseInstance",
        "gcp:redis/instance:Instance",
        "gcp:storage/bucket:Bucket",
        "gcp:secretmanager/secret:Secret",
        "gcp:kms/cryptoKey:CryptoKey",
        "gcp:artifactregistry/repository:Repository",
        "aws:rds/instance:Instance",
        "aws:rds/cluster:Cluster",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "aws:s3/bucket:Bucket",
        "aws:secretsmanager/secret:Secret",
        "aws:kms/key:Key",
        "aws:ecr/repository:Repository",
        "random:index/randomPassword:RandomPassword",
    ])("%s is stateful", (type) => expect(isStateful(type)).toBe(true));

    it.each([
        "gcp:cloudrunv2/service:Service",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "gcp:secretmanager/secretIamMember:SecretIamMember",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:kms/alias:Alias",
        "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        "aws:ecs/service:Service",
        "pulumi:providers:aws",
    ])("%s is not", (type) => expect(isStateful(type)).toBe(false));
});

describe("protectionsLost", () => {
    const bucket = (inputs: Record<string, unknown>, protect = false) => resource("aws:s3/bucket:Bucket", "b", inputs, { protect });
    const lost = (a: ReturnType<typeof bucket>, b: ReturnType<typeof bucket>) => protectionsLost(a, b, diffInputs(a.inputs, b.inputs));

    it("names protect, deletion protection turned off or removed, and forceDestroy turned on", () => {
        expect(lost(bucket({}, true), bucket({}, false))).toEqual(["protect"]);
        expect(lost(bucket({ settings: { deletionProtectionEnabled: true } }), bucket({ settings: { deletionProtectionEnabled: false } }))).toEqual(["settings.deletionProtectionEnabled"]);
        expect(lost(bucket({ deletionProtection: true }), bucket({}))).toEqual(["deletionProtection"]);
        expect(lost(bucket({ forceDestroy: false }), bucket({ forceDestroy: true }))).toEqual(["forceDestroy"]);
    });

    it("says nothing when protection is kept or gained", () => {
        expect(lost(bucket({ deletionProtection: true }, true), bucket({ deletionProtection: true }, true))).toEqual([]);
        expect(lost(bucket({ deletionProtection: false }), bucket({ deletionProtection: true }))).toEqual([]);
        expect(lost(bucket({ forceDestroy: true }), bucket({ forceDestroy: false }))).toEqual([]);
    });
});
