import { r, urn, validateResource, validateStack } from "../harness";

const T = {
    key: "aws:kms/key:Key",
    secret: "aws:secretsmanager/secret:Secret",
    repository: "aws:ecr/repository:Repository",
    bucket: "aws:s3/bucket:Bucket",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    vpc: "aws:ec2/vpc:Vpc",
    schedule: "aws:scheduler/schedule:Schedule",
    provider: "pulumi:providers:aws",
};
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("secrets-store-encrypted", () => {
    it("passes a secret under a customer-managed key and a rotating key", async () => {
        expect((await validateResource("secrets-store-encrypted", T.secret, { name: "acme-prod/db", kmsKeyId: KEY_ARN })).messages).toEqual([]);
        expect((await validateResource("secrets-store-encrypted", T.key, { enableKeyRotation: true, customerMasterKeySpec: "SYMMETRIC_DEFAULT" })).messages).toEqual([]);
        // Asymmetric keys cannot rotate automatically.
        expect((await validateResource("secrets-store-encrypted", T.key, { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" })).messages).toEqual([]);
    });

    it("fails a secret under the AWS-managed key and a key that never rotates", async () => {
        for (const props of [{ name: "acme-prod/db" }, { name: "acme-prod/db", kmsKeyId: "alias/aws/secretsmanager" }]) {
            expect((await validateResource("secrets-store-encrypted", T.secret, props, { name: "app-db" })).messages).toEqual([
                'Secrets Manager secret "app-db" is encrypted with the AWS-managed key aws/secretsmanager, whose use no key policy limits; set ' +
                    "kmsKeyId to a customer-managed KMS key.",
            ]);
        }
        expect((await validateResource("secrets-store-encrypted", T.key, { enableKeyRotation: false }, { name: "main-key" })).messages).toEqual([
            'KMS key "main-key" never rotates its key material; set enableKeyRotation: true.',
        ]);
    });
});

describe("registry-hardened", () => {
    const repo = { name: "acme-prod/api", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }] };

    it("passes an immutable, scanned, KMS-encrypted repository", async () => {
        expect((await validateResource("registry-hardened", T.repository, repo)).messages).toEqual([]);
    });

    it("fails mutable tags, no scanning and AWS-managed encryption", async () => {
        const out = await validateResource("registry-hardened", T.repository, { name: "acme-prod/api", encryptionConfigurations: [{ encryptionType: "KMS" }] }, { name: "images-api" });
        expect(out.messages).toEqual([
            'ECR repository "images-api" lacks imageTagMutability: "IMMUTABLE" (it is not set, so MUTABLE: a pushed tag can be moved to other code), ' +
                "imageScanningConfiguration.scanOnPush: true (images are scanned for known CVEs) and encryptionConfigurations with encryptionType " +
                '"KMS" and a customer-managed kmsKey.',
        ]);
    });
});

describe("stateful-deletion-protection on AWS (prod)", () => {
    it("passes protected keys, secrets, repositories and buckets with their windows", async () => {
        const cases: Array<[string, Record<string, unknown>]> = [
            [T.key, { deletionWindowInDays: 30 }],
            [T.secret, { recoveryWindowInDays: 30 }],
            [T.secret, {}],
            [T.repository, { forceDelete: false }],
            [T.bucket, { forceDestroy: false }],
        ];
        for (const [type, props] of cases) expect((await validateResource("stateful-deletion-protection", type, props, { protect: true })).messages).toEqual([]);
    });

    it("fails what a destroy or a console click would take with it", async () => {
        const msg = async (type: string, props: Record<string, unknown>, name: string) =>
            (await validateResource("stateful-deletion-protection", type, props, { name, protect: false, tier: "prod" })).messages;
        expect(await msg(T.key, { deletionWindowInDays: 7 }, "main-key")).toEqual([
            'KMS key "main-key" can be deleted by mistake: it lacks the protect resource option and a 30-day deletionWindowInDays (it is 7; ' +
                "everything encrypted with the key is lost with it).",
        ]);
        expect(await msg(T.secret, { recoveryWindowInDays: 0 }, "app-db")).toEqual([
            'Secrets Manager secret "app-db" can be deleted by mistake: it lacks the protect resource option and a recovery window ' +
                "(recoveryWindowInDays is 0; 7 to 30 lets a deleted secret be restored).",
        ]);
        expect(await msg(T.repository, { forceDelete: true }, "images-api")).toEqual([
            'ECR repository "images-api" can be deleted by mistake: it lacks the protect resource option and forceDelete: false (it deletes ' +
                "the repository with its images).",
        ]);
        expect(await msg(T.bucket, { forceDestroy: true }, "media-bucket")).toEqual([
            'S3 bucket "media-bucket" can be deleted by mistake: it lacks the protect resource option and forceDestroy: false (it deletes the ' +
                "bucket with its objects).",
        ]);
    });
});

describe("log groups", () => {
    it("logs-encrypted passes a group with a customer-managed key and fails one without", async () => {
        expect((await validateResource("logs-encrypted", T.logGroup, { retentionInDays: 30, kmsKeyId: KEY_ARN })).messages).toEqual([]);
        expect((await validateResource("logs-encrypted", T.logGroup, { retentionInDays: 30 }, { name: "api-logs" })).messages).toEqual([
            'Log group "api-logs" is encrypted only with CloudWatch\'s own key, so anyone who may read logs reads these; set kmsKeyId to a ' +
                "customer-managed KMS key whose policy admits the logs service.",
        ]);
    });

    it("log-retention-set passes groups at or above the floor", async () => {
        const out = await validateStack("log-retention-set", [r(T.logGroup, "api-logs", { retentionInDays: 30 }), r(T.logGroup, "flow", { retentionInDays: 365 })], { tier: "prod" });
        expect(out).toEqual({ messages: [], urns: [] });
    });

    it("log-retention-set fails a group that keeps logs forever by default and one under the floor", async () => {
        const forever = r(T.logGroup, "api-logs", {});
        const short = r(T.logGroup, "flow", { retentionInDays: 14 });
        const out = await validateStack("log-retention-set", [forever, short], { tier: "prod" });
        expect(out.messages).toEqual([
            'Log group "api-logs" sets no retentionInDays, so it keeps logs forever by default; choose a retention of at least 30 days.',
            'Log group "flow" keeps logs for 14 days; keep them at least 30 days (retentionInDays).',
        ]);
        expect(out.urns).toEqual([urn(forever), urn(short)]);
        expect((await validateStack("log-retention-set", [short], { tier: "non-prod" })).messages).toEqual([]);
    });
});

describe("labels-present on AWS", () => {
    const tags = { environment: "prod", tier: "prod", "managed-by": "prodstack" };
    const provider = (t: Record<string, string>) => ({ type: T.provider, props: { region: "eu-central-1", defaultTags: JSON.stringify({ tags: t }) } });

    it("passes tags from the provider's default tags or the resource itself", async () => {
        expect((await validateResource("labels-present", T.vpc, { cidrBlock: "10.0.0.0/16" }, { provider: provider(tags) })).messages).toEqual([]);
        expect((await validateResource("labels-present", T.vpc, { tags }, { provider: { type: T.provider, props: {} } })).messages).toEqual([]);
    });

    it("fails a resource without the environment tags, and reads the tier from the provider's default tags", async () => {
        const out = await validateResource("labels-present", T.vpc, { tags: { Name: "acme" } }, { name: "network-vpc", provider: provider({ environment: "staging" }) });
        expect(out.messages).toEqual([
            'VPC "network-vpc" lacks the tags tier and managed-by; set them on the resource or in its provider\'s defaultTags.',
        ]);
        // The tier in the provider's default tags decides the floor: 14 days pass non-prod (7), fail prod (30).
        const stack = (tier: string) => [r(T.provider, "aws", provider({ tier }).props), r(T.logGroup, "flow", { retentionInDays: 14 })];
        expect((await validateStack("log-retention-set", stack("non-prod"))).messages).toEqual([]);
        expect((await validateStack("log-retention-set", stack("prod"))).messages).toHaveLength(1);
        expect((await validateResource("labels-present", T.schedule, {})).notApplicable).toMatch(/^Policy only applies to resources of type/);
    });
});

describe("data rules: each branch on its own", () => {
    it.each([
        [{}, true],
        [{ keySpec: "SYMMETRIC_DEFAULT" }, true],
        [{ customerMasterKeySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" }, true],
        [{ keySpec: "RSA_2048", keyUsage: "ENCRYPT_DECRYPT" }, false],
        [{ keyUsage: "SIGN_VERIFY" }, false],
        [{ keySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: true }, false],
    ])("secrets-store-encrypted on a KMS key %j reports no rotation: %s", async (props, fails) => {
        const out = await validateResource("secrets-store-encrypted", T.key, props, { name: "k" });
        expect(out.messages).toEqual(fails ? ['KMS key "k" never rotates its key material; set enableKeyRotation: true.'] : []);
    });

    it("registry-hardened names each missing setting on its own", async () => {
        const good = { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }] };
        const lacks = async (props: Record<string, unknown>) => (await validateResource("registry-hardened", T.repository, { ...good, ...props }, { name: "r" })).messages;
        expect(await lacks({ imageTagMutability: "MUTABLE" })).toEqual([
            'ECR repository "r" lacks imageTagMutability: "IMMUTABLE" (it is MUTABLE: a pushed tag can be moved to other code).',
        ]);
        expect(await lacks({ imageScanningConfiguration: { scanOnPush: false } })).toEqual([
            'ECR repository "r" lacks imageScanningConfiguration.scanOnPush: true (images are scanned for known CVEs).',
        ]);
        const kms = 'ECR repository "r" lacks encryptionConfigurations with encryptionType "KMS" and a customer-managed kmsKey.';
        expect(await lacks({ encryptionConfigurations: [{ encryptionType: "AES256", kmsKey: KEY_ARN }] })).toEqual([kms]);
        expect(await lacks({ encryptionConfigurations: [] })).toEqual([kms]);
        expect(await lacks({ encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "" }] })).toEqual([kms]);
    });

    it.each([
        [T.key, { deletionWindowInDays: 29 }, "a 30-day deletionWindowInDays (it is 29; everything encrypted with the key is lost with it)"],
        [T.key, { deletionWindowInDays: 30 }, undefined],
        [T.key, {}, undefined],
        [T.secret, { recoveryWindowInDays: 6 }, "a recovery window (recoveryWindowInDays is 6; 7 to 30 lets a deleted secret be restored)"],
        [T.secret, { recoveryWindowInDays: 7 }, undefined],
        [T.repository, {}, undefined],
        [T.bucket, { forceDestroy: true }, "forceDestroy: false (it deletes the bucket with its objects)"],
        ["aws:s3/bucketV2:BucketV2", { forceDestroy: true }, "forceDestroy: false (it deletes the bucket with its objects)"],
        [T.bucket, {}, undefined],
    ])("stateful-deletion-protection on a protected %s %j lacks: %s", async (type, props, lacking) => {
        const out = await validateResource("stateful-deletion-protection", type, props, { name: "x", protect: true, tier: "prod" });
        expect(out.messages.map((m) => m.replace(/^.* "x" can be deleted by mistake: it lacks /, ""))).toEqual(lacking ? [`${lacking}.`] : []);
    });

    it("stateful-deletion-protection names only the protect option when the windows are right", async () => {
        const out = await validateResource("stateful-deletion-protection", T.key, { deletionWindowInDays: 30 }, { name: "k", protect: false, tier: "prod" });
        expect(out.messages).toEqual(['KMS key "k" can be deleted by mistake: it lacks the protect resource option.']);
    });
});

describe("labels-present on AWS: every taggable type, one tag or several", () => {
    it.each([
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/eip:Eip",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        "aws:ec2/flowLog:FlowLog",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:kms/key:Key",
        "aws:secretsmanager/secret:Secret",
        "aws:ecr/repository:Repository",
        "aws:s3/bucket:Bucket",
        "aws:ecs/taskDefinition:TaskDefinition",
        "aws:ecs/service:Service",
        "aws:ecs/cluster:Cluster",
        "aws:iam/role:Role",
        "aws:iam/policy:Policy",
        "aws:lambda/function:Function",
        "aws:lb/targetGroup:TargetGroup",
        "aws:appautoscaling/target:Target",
    ])("judges %s", async (type) => {
        const out = await validateResource("labels-present", type, { tags: { environment: "prod", tier: "prod" } }, { name: "x" });
        expect(out.messages).toHaveLength(1);
        expect(out.messages[0]).toMatch(/ "x" lacks the tag managed-by; set it on the resource or in its provider's defaultTags\.$/);
    });

    it("takes the required tags from config, and finds them across the resource and its provider", async () => {
        const provider = { type: T.provider, props: { defaultTags: JSON.stringify({ tags: { team: "web" } }) } };
        const config = { requiredLabels: ["team", "cost-center", ""] };
        expect((await validateResource("labels-present", T.vpc, { tags: { "cost-center": "42" } }, { provider, config })).messages).toEqual([]);
        expect((await validateResource("labels-present", T.vpc, {}, { name: "v", provider, config })).messages).toEqual([
            'VPC "v" lacks the tag cost-center; set it on the resource or in its provider\'s defaultTags.',
        ]);
        expect((await validateResource("labels-present", T.vpc, {}, { name: "v", config: { requiredLabels: ["a", "b", "c"] } })).messages).toEqual([
            'VPC "v" lacks the tags a, b and c; set them on the resource or in its provider\'s defaultTags.',
        ]);
    });
});
