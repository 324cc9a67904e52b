import { r, urn, validateResource, validateStack, type StackResource } from "../harness";

const T = {
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    bucket: "aws:s3/bucket:Bucket",
    block: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    acl: "aws:s3/bucketAcl:BucketAcl",
};
const SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/db-AbCdEf";
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("iam-no-broad-roles on AWS", () => {
    it("passes exact ARNs, the ECR login token on *, denies, and a service trust with a condition", async () => {
        const execution = doc(
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "ReadTheSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET_ARN] },
            { Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN },
            { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:eu-central-1:123456789012:log-group:/prodstack/api:*" },
            { Sid: "NoPlainHttp", Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        );
        expect((await validateResource("iam-no-broad-roles", T.rolePolicy, { role: "api-execution", policy: execution })).messages).toEqual([]);
        const trust = doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
        expect((await validateResource("iam-no-broad-roles", T.role, { assumeRolePolicy: trust })).messages).toEqual([]);
        const scoped = { role: "api-task", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" };
        expect((await validateResource("iam-no-broad-roles", T.attachment, scoped)).messages).toEqual([]);
    });

    it("fails wildcard actions, scopable actions on every resource and wildcard secret ARNs", async () => {
        const policy = doc(
            { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" },
            { Sid: "Buckets", Effect: "Allow", Action: ["s3:Get*", "s3:PutObject"], Resource: "arn:aws:s3:::acme-prod-media/*" },
            { Sid: "AllSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/*" },
            { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::x" },
        );
        const out = await validateResource("iam-no-broad-roles", T.policy, { policy }, { name: "app" });
        expect(out.messages).toEqual([
            'IAM policy "app" statement Everything allows every action ("*").',
            'IAM policy "app" statement Buckets uses the wildcard action s3:Get*, which grow as AWS adds actions; list the actions it needs.',
            'IAM policy "app" statement AllSecrets grants secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/*; ' +
                "name the exact secret and key ARNs.",
            'IAM policy "app" statement #4 allows every action except those in NotAction; list the actions it needs.',
        ]);
    });

    it("fails admin-level managed policies, an open trust and broad inline policies on a role", async () => {
        const attach = await validateResource("iam-no-broad-roles", T.attachment, { role: "ci", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { name: "ci-admin" });
        expect(attach.messages).toEqual([
            'IAM policy attachment "ci-admin" attaches arn:aws:iam::aws:policy/AdministratorAccess, which grants whole services or the account; ' +
                "write a policy naming the actions and ARNs it needs.",
        ]);
        const role = {
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
            managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"],
            inlinePolicies: [{ name: "app", policy: doc({ Sid: "Tables", Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }) }],
        };
        const out = await validateResource("iam-no-broad-roles", T.role, role, { name: "app" });
        expect(out.messages).toEqual([
            'IAM role "app" attaches arn:aws:iam::aws:policy/AmazonS3FullAccess, which grants whole services or the account; write a policy naming the actions and ARNs it needs.',
            'IAM role "app" may be assumed by anyone (a trust statement allows principal "*" without a condition); name the service or account.',
            'IAM role "app" inline policy app statement Tables grants dynamodb:GetItem on every resource ("*"); name the exact ARNs.',
        ]);
    });
});

describe("iam-no-broad-roles on resource policies", () => {
    const root = { Sid: "AccountIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };

    it("passes a key policy for the account and a repository policy for anyone in the organization", async () => {
        expect((await validateResource("iam-no-broad-roles", "aws:kms/key:Key", { policy: doc(root) })).messages).toEqual([]);
        const org = { Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } };
        expect((await validateResource("iam-no-broad-roles", "aws:ecr/repositoryPolicy:RepositoryPolicy", { repository: "r", policy: doc(org) })).messages).toEqual([]);
    });

    it("fails a key or secret policy that lets anyone in", async () => {
        const open = { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" };
        expect((await validateResource("iam-no-broad-roles", "aws:kms/key:Key", { policy: doc(root, open) }, { name: "main-key" })).messages).toEqual([
            'KMS key "main-key" allows anyone ("*" without a condition) to use it; grant named accounts, roles or services only.',
        ]);
        const secret = { Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" };
        expect((await validateResource("iam-no-broad-roles", "aws:secretsmanager/secretPolicy:SecretPolicy", { secretArn: "s", policy: doc(secret) }, { name: "db" })).messages).toEqual([
            'Secret policy "db" allows anyone ("*" without a condition) to use it; grant named accounts, roles or services only.',
        ]);
    });
});

describe("buckets-private-uniform on S3", () => {
    const tlsOnly = { Sid: "DenyPlainHttp", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: ["arn:aws:s3:::acme-prod-media", "arn:aws:s3:::acme-prod-media/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
    /** A bucket as AppBucket builds it (autonamed: its children find it by their dependency). */
    function bucket(over: { block?: Record<string, unknown>; ownership?: string; statements?: Record<string, unknown>[] } = {}): StackResource[] {
        const b = r(T.bucket, "media-bucket", { forceDestroy: false });
        const name = "media-bucket-4f2a9c1";
        return [
            b,
            r(T.block, "media-public-access", { bucket: name, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...over.block }, [b]),
            r(T.ownership, "media-ownership", { bucket: name, rule: { objectOwnership: over.ownership ?? "BucketOwnerEnforced" } }, [b]),
            r(T.encryption, "media-encryption", { bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k" } }] }, [b]),
            r(T.bucketPolicy, "media-policy", { bucket: name, policy: doc(...(over.statements ?? [tlsOnly])) }, [b]),
        ];
    }

    it("passes a bucket locked down as AppBucket does, with grants to named roles", async () => {
        const grant = { Sid: "ApiObjects", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/acme-prod-api-task" }, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-prod-media/*" };
        expect((await validateStack("buckets-private-uniform", bucket({ statements: [tlsOnly, grant] }))).messages).toEqual([]);
        const booleanCondition = { ...tlsOnly, Condition: { Bool: { "aws:SecureTransport": false } } };
        expect((await validateStack("buckets-private-uniform", bucket({ statements: [booleanCondition] }))).messages).toEqual([]);
    });

    it("fails a bucket with nothing around it", async () => {
        const b = r(T.bucket, "media-bucket", { bucket: "acme-prod-media" });
        const out = await validateStack("buckets-private-uniform", [b]);
        expect(out.messages).toEqual([
            'S3 bucket "media-bucket" is not locked down: it lacks a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls ' +
                'and restrictPublicBuckets all true, ownership controls "BucketOwnerEnforced" (ACLs off), default encryption (a server-side encryption ' +
                'configuration) and a bucket policy denying requests without TLS (aws:SecureTransport "false").',
        ]);
        expect(out.urns).toEqual([urn(b)]);
    });

    it("fails a partial public access block, ACLs on, a public statement and a public ACL", async () => {
        const open = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-prod-media/*" };
        const resources = [
            ...bucket({ block: { restrictPublicBuckets: false }, ownership: "ObjectWriter", statements: [tlsOnly, open] }),
            r(T.acl, "media-acl", { bucket: "acme-prod-media", acl: "public-read" }, []),
        ];
        resources[0].props.bucket = "acme-prod-media";
        for (const res of resources.slice(1)) res.props.bucket = "acme-prod-media";
        expect((await validateStack("buckets-private-uniform", resources)).messages).toEqual([
            'S3 bucket "media-bucket" is not locked down: it lacks a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls ' +
                'and restrictPublicBuckets all true and ownership controls "BucketOwnerEnforced" (ACLs off).',
            'S3 bucket "media-bucket" has a policy statement PublicRead allowing anyone ("*"); grant named roles or services only.',
            'S3 bucket "media-bucket" has the public canned ACL public-read; remove it (BucketOwnerEnforced turns ACLs off).',
        ]);
    });
});

describe("buckets-versioned on S3", () => {
    const b = r(T.bucket, "media-bucket", { bucket: "acme-prod-media" });

    it("passes a bucket with versioning enabled, and one with Object Lock", async () => {
        const versioning = r(T.versioning, "media-versioning", { bucket: "acme-prod-media", versioningConfiguration: { status: "Enabled" } });
        expect((await validateStack("buckets-versioned", [b, versioning])).messages).toEqual([]);
        expect((await validateStack("buckets-versioned", [r(T.bucket, "locked", { objectLockEnabled: true })])).messages).toEqual([]);
    });

    it("fails a bucket without versioning and one with versioning suspended", async () => {
        const tail = 'so an overwrite or delete is final; add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".';
        expect((await validateStack("buckets-versioned", [b])).messages).toEqual([`S3 bucket "media-bucket" keeps no earlier versions of its objects, ${tail}`]);
        const suspended = r(T.versioning, "media-versioning", { bucket: "acme-prod-media", versioningConfiguration: { status: "Suspended" } });
        expect((await validateStack("buckets-versioned", [b, suspended])).messages).toEqual([
            `S3 bucket "media-bucket" keeps no earlier versions of its objects (versioning is Suspended), ${tail}`,
        ]);
    });
});
