import { AppBucket, validateAppBucketArgs, type AppBucketArgs } from "../../../components/aws/app-bucket";
import { summarize } from "../../../infra/plan/summaries";
import { expectPrivateSseS3Bucket, privateBucketCounts } from "../../helpers/buckets";
import { argProblems, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const API = "arn:aws:iam::123456789012:role/acme-prod-api-task";
const WORKER = "arn:aws:iam::123456789012:role/acme-prod-worker-task";
const ARGS: AppBucketArgs = { bucketName: "acme-prod-media", region: "eu-central-1" };
const BUCKET_ARN = "arn:aws:s3:::acme-prod-media";
const problems = (args: Partial<AppBucketArgs>) => argProblems(() => validateAppBucketArgs("media", { ...ARGS, ...args }));
const ROLE_ARN = "an IAM role ARN (application buckets are never public)";
const ORIGIN = 'an https origin such as "https://app.example.com"';
const policyOf = (inv: Inventory) => JSON.parse(String(inv.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy)).Statement;
const DENY_INSECURE = [
    {
        Sid: "DenyPlainHttp", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*",
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
        Sid: "DenyTlsBelow12", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*",
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
];

describe("aws AppBucket", () => {
    it("creates a private, owner-enforced, encrypted, versioned bucket that refuses insecure transport", async () => {
        const inv = await plan(() => new AppBucket("media", ARGS));
        expect(inv.counts()).toEqual(privateBucketCounts("prodstack:aws:AppBucket"));
        expectPrivateSseS3Bucket(inv, "acme-prod-media");
        expect(inv.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).toEqual([
            { id: "housekeeping", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }, noncurrentVersionExpiration: { noncurrentDays: 30 } },
        ]);
        expect(policyOf(inv)).toEqual(DENY_INSECURE);
        // The policy goes on after public access is blocked, never before.
        expect(inv.one("aws:s3/bucketPolicy:BucketPolicy").dependsOn).toContain(inv.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn);
    });

    it("lets each listed role do only its level's object actions", async () => {
        const inv = await plan(() => new AppBucket("media", {
            ...ARGS,
            access: { worker: { roleArn: WORKER, level: "read" }, api: { roleArn: API, level: "readWrite" } },
        }));
        expect(policyOf(inv).slice(2)).toEqual([
            { Sid: "apiList", Effect: "Allow", Principal: { AWS: API }, Action: "s3:ListBucket", Resource: BUCKET_ARN },
            { Sid: "apiObjects", Effect: "Allow", Principal: { AWS: API }, Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${BUCKET_ARN}/*` },
            { Sid: "workerList", Effect: "Allow", Principal: { AWS: WORKER }, Action: "s3:ListBucket", Resource: BUCKET_ARN },
            { Sid: "workerObjects", Effect: "Allow", Principal: { AWS: WORKER }, Action: ["s3:GetObject"], Resource: `${BUCKET_ARN}/*` },
        ]);
    });

    it("uses SSE-KMS with a Bucket Key when given a key; expiry, CORS, no versioning, force-destroy when asked", async () => {
        const key = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const inv = await plan(() => new AppBucket("exports", {
            ...ARGS,
            bucketName: "acme-stg-exports",
            kmsKeyArn: key,
            versioning: false,
            expireDays: 7,
            corsOrigins: ["https://app.example.com"],
            forceDestroy: true,
        }));
        expect(inv.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] },
        ]);
        expect(inv.ofType("aws:s3/bucketVersioning:BucketVersioning")).toHaveLength(0);
        expect(inv.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).toEqual([
            { id: "housekeeping", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            { id: "expire", status: "Enabled", filter: {}, expiration: { days: 7 } },
        ]);
        expect(inv.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs.corsRules).toEqual([{
            allowedOrigins: ["https://app.example.com"],
            allowedMethods: ["GET", "HEAD", "PUT", "POST"],
            allowedHeaders: ["Content-Type", "Content-MD5", "x-amz-*"],
            exposeHeaders: ["ETag"],
            maxAgeSeconds: 3600,
        }]);
        expect(inv.one("aws:s3/bucket:Bucket").inputs.forceDestroy).toBe(true);
    });

    it("prod: protects the bucket", async () => {
        const inv = await plan(() => new AppBucket("media", { ...ARGS, deletionProtection: true }));
        expect(inv.one("aws:s3/bucket:Bucket").protect).toBe(true);
    });

    it("summarises in one line what AWS receives", async () => {
        const inv = await plan(() => new AppBucket("media", { ...ARGS, access: { api: { roleArn: API, level: "readWrite" } } }));
        expect(summarize(AppBucket.TYPE, inv.resources)).toBe(
            "s3://acme-prod-media · private (4 public access blocks) · owner-enforced · AES256 · versioned (old versions 30 d) · TLS only · 1 role granted",
        );
    });

    it.each<[string, Partial<AppBucketArgs>]>([
        ["a role of another partition", { access: { api: { roleArn: "arn:aws-cn:iam::123456789012:role/api", level: "read" } } }],
        ["an origin with a port", { corsOrigins: ["https://localhost:8443"] }],
        ["a reserved suffix inside the name", { bucketName: "acme-s3alias-media" }],
    ])("accepts %s", (_, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[string, Partial<AppBucketArgs>, string]>([
        ["an access key with text after it", { access: { "api!": { roleArn: API, level: "read" } } }, 'access.api!: expected a short lowercase name such as "api", got "api!"'],
        ["a role ARN with text before it", { access: { api: { roleArn: `x${API}`, level: "read" } } }, `access.api.roleArn: expected ${ROLE_ARN}, got "x${API}"`],
        ["a role ARN with text after it", { access: { api: { roleArn: `${API} *`, level: "read" } } }, `access.api.roleArn: expected ${ROLE_ARN}, got "${API} *"`],
        ["an origin with a path", { corsOrigins: ["https://app.example.com/"] }, `corsOrigins[0]: expected ${ORIGIN}, got "https://app.example.com/"`],
        ["an origin with text before it", { corsOrigins: ["xhttps://app.example.com"] }, `corsOrigins[0]: expected ${ORIGIN}, got "xhttps://app.example.com"`],
        ["an origin with a port of six digits", { corsOrigins: ["https://app.example.com:123456"] }, `corsOrigins[0]: expected ${ORIGIN}, got "https://app.example.com:123456"`],
    ])("rejects %s", (_, args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });

    it("names a hyphenated grant's statements without hyphens and parents everything to the component", async () => {
        const inv = await plan(() => new AppBucket("media", { ...ARGS, access: { "api-worker": { roleArn: WORKER, level: "read" } } }));
        expect(policyOf(inv).map((st: { Sid: string }) => st.Sid)).toContain("apiworkerList");
        const component = inv.one(AppBucket.TYPE).urn;
        expect(inv.resources.filter((r) => r.urn !== component && r.parent !== component)).toEqual([]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new AppBucket("media", {
            bucketName: "Acme_Media",
            region: "eu",
            access: { Api: { roleArn: "*", level: "admin" as never } },
            noncurrentVersionDays: 0,
            expireDays: 36501,
            corsOrigins: ["http://app.example.com"],
        }));
        expect(error.problems).toEqual([
            'bucketName: expected a bucket name of 3-63 lowercase letters, digits or hyphens, without S3\'s reserved prefixes and suffixes, got "Acme_Media"',
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'access.Api: expected a short lowercase name such as "api", got "Api"',
            'access.Api.level: expected one of "read", "readWrite", got "admin"',
            'access.Api.roleArn: expected an IAM role ARN (application buckets are never public), got "*"',
            "noncurrentVersionDays: expected an integer from 1 to 3650, got 0",
            "expireDays: expected an integer from 1 to 36500, got 36501",
            'corsOrigins[0]: expected an https origin such as "https://app.example.com", got "http://app.example.com"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it.each([["xn--media"], ["media-s3alias"], ["ab"], ["acme.media"]])("rejects the bucket name %s", async (bucketName) => {
        const { error } = await rejectedArgs(() => new AppBucket("media", { ...ARGS, bucketName }));
        expect(error.problems).toHaveLength(1);
    });
});
