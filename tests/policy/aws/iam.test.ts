/** iam-no-broad-roles, statement by statement (broadGrants) and per resource type. */
import { broadGrants } from "../../../policy/rules/aws/iam";
import { validateResource } from "../harness";

const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });

describe("iam-no-broad-roles: one statement", () => {
    // Actions without resource-level permissions: "*" is their only resource.
    it.each([
        "ecr:GetAuthorizationToken",
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
        "sts:GetCallerIdentity",
        "cloudwatch:PutMetricData",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "ec2:DescribeNetworkInterfaces",
        "secretsmanager:GetRandomPassword",
        "secretsmanager:ListSecrets",
        "s3:ListAllMyBuckets",
    ])("accepts %s on every resource", (action) => {
        expect(broadGrants(allow(action))).toEqual([]);
    });

    // The same names with text before or after them are scopable actions.
    it.each([
        "xecr:GetAuthorizationToken",
        "ecr:GetAuthorizationTokens",
        "xssmmessages:CreateControlChannel",
        "ssmmessages:CreateControlChannels",
        "xsts:GetCallerIdentity",
        "sts:GetCallerIdentityX",
        "xcloudwatch:PutMetricData",
        "cloudwatch:PutMetricDataX",
        "xxray:PutTraceSegments",
        "xray:PutTraceSegmentsX",
        "xec2:DescribeVpcs",
        "ec2:Describe",
        "ec2:DescribeVpcs1",
        "xsecretsmanager:ListSecrets",
        "secretsmanager:ListSecretsX",
        "xs3:ListAllMyBuckets",
        "s3:ListAllMyBucketsX",
        "secretsmanager:GetSecretValue",
    ])("rejects %s on every resource", (action) => {
        expect(broadGrants(allow(action))).toEqual([`grants ${action} on every resource ("*"); name the exact ARNs`]);
    });

    it("names only the scopable actions of a statement mixing both", () => {
        expect(broadGrants(allow(["ecr:GetAuthorizationToken", "s3:GetObject", "s3:PutObject"]))).toEqual([
            'grants s3:GetObject and s3:PutObject on every resource ("*"); name the exact ARNs',
        ]);
    });

    it("ignores a Deny and a statement without Effect", () => {
        expect(broadGrants({ Effect: "Deny", Action: "*", NotResource: "x", Resource: "*" })).toEqual([]);
        expect(broadGrants({ Action: "*", Resource: "*" })).toEqual([]);
    });

    it("names NotAction and NotResource", () => {
        expect(broadGrants({ Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "arn:aws:s3:::b/*" })).toEqual([
            "allows every action except those in NotAction; list the actions it needs",
        ]);
        expect(broadGrants({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/private/*" })).toEqual([
            "applies to every resource except those in NotResource; list the resources",
        ]);
    });

    it("names one or several wildcard actions, and every action", () => {
        expect(broadGrants(allow(["s3:Get*", "s3:List*"], "arn:aws:s3:::b"))).toEqual([
            "uses the wildcard actions s3:Get* and s3:List*, which grow as AWS adds actions; list the actions it needs",
        ]);
        expect(broadGrants(allow("*", "arn:aws:s3:::b"))).toEqual(['allows every action ("*")']);
        expect(broadGrants(allow(["s3:GetObject"], "arn:aws:s3:::b"))).toEqual([]);
    });

    it("reads a non-string action as its JSON text", () => {
        expect(broadGrants(allow({ a: 1 }, "arn:aws:s3:::b"))).toEqual([]);
        expect(broadGrants(allow(undefined, "*"))).toEqual([]);
    });

    it.each([
        ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:app/*"],
        ["kms:Decrypt", "arn:aws:kms:eu-central-1:123456789012:key/*"],
    ])("rejects %s on the wildcard ARN %s, not on exact ARNs", (action, arn) => {
        expect(broadGrants(allow(action, [KEY_ARN, arn]))).toEqual([`grants ${action} on ${arn}; name the exact secret and key ARNs`]);
        expect(broadGrants(allow(action, [KEY_ARN]))).toEqual([]);
        expect(broadGrants(allow("s3:GetObject", [arn]))).toEqual([]);
    });
});

describe("iam-no-broad-roles: resource types", () => {
    const wide = doc({ Effect: "Allow", Action: "*", Resource: "*" });

    it.each([
        ["aws:iam/userPolicy:UserPolicy", 'IAM user policy "p" statement #1 allows every action ("*").'],
        ["aws:iam/groupPolicy:GroupPolicy", 'IAM group policy "p" statement #1 allows every action ("*").'],
        ["aws:iam/rolePolicy:RolePolicy", 'IAM role policy "p" statement #1 allows every action ("*").'],
    ])("judges the document of %s", async (type, message) => {
        expect((await validateResource("iam-no-broad-roles", type, { policy: wide }, { name: "p" })).messages).toEqual([message]);
        const scoped = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });
        expect((await validateResource("iam-no-broad-roles", type, { policy: scoped }, { name: "p" })).messages).toEqual([]);
    });

    it("reads a single statement that is not in a list", async () => {
        const single = JSON.stringify({ Version: "2012-10-17", Statement: { Sid: "All", Effect: "Allow", Action: "*", Resource: "*" } });
        expect((await validateResource("iam-no-broad-roles", "aws:iam/policy:Policy", { policy: single }, { name: "p" })).messages).toEqual([
            'IAM policy "p" statement All allows every action ("*").',
        ]);
        const none = JSON.stringify({ Version: "2012-10-17" });
        expect((await validateResource("iam-no-broad-roles", "aws:iam/policy:Policy", { policy: none }, { name: "p" })).messages).toEqual([]);
    });

    it.each([
        ["arn:aws:iam::aws:policy/AdministratorAccess", true],
        ["arn:aws:iam::aws:policy/PowerUserAccess", true],
        ["arn:aws:iam::aws:policy/IAMFullAccess", true],
        ["arn:aws:iam::aws:policy/AmazonEC2FullAccess", true],
        ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess", true],
        ["arn:aws:iam::aws:policy/ReadOnlyAccess", false],
        ["arn:aws:iam::aws:policy/AdministratorAccessX", false],
        ["xarn:aws:iam::aws:policy/AdministratorAccess", false],
        ["arn:aws:iam::123456789012:policy/AdministratorAccess", false],
        ["arn:aws:iam::aws:policy/service-role/AmazonEC2FullAccess", false],
    ])("a PolicyAttachment of %s is too broad: %s", async (arn, broad) => {
        const out = await validateResource("iam-no-broad-roles", "aws:iam/policyAttachment:PolicyAttachment", { name: "a", policyArn: arn }, { name: "a" });
        expect(out.messages).toEqual(broad ? [`IAM policy attachment "a" attaches ${arn}, which grants whole services or the account; write a policy naming the actions and ARNs it needs.`] : []);
    });

    it("names an unnamed inline policy and passes a role with a conditioned open trust", async () => {
        const role = {
            assumeRolePolicy: doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } } }),
            inlinePolicies: [{ policy: doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }) }],
        };
        expect((await validateResource("iam-no-broad-roles", "aws:iam/role:Role", role, { name: "r" })).messages).toEqual([
            'IAM role "r" inline policy (unnamed) statement #1 allows every action ("*").',
        ]);
        const open = { assumeRolePolicy: doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }) };
        expect((await validateResource("iam-no-broad-roles", "aws:iam/role:Role", open, { name: "r" })).messages).toEqual([
            'IAM role "r" may be assumed by anyone (a trust statement allows principal "*" without a condition); name the service or account.',
        ]);
        const denied = { assumeRolePolicy: doc({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }) };
        expect((await validateResource("iam-no-broad-roles", "aws:iam/role:Role", denied, { name: "r" })).messages).toEqual([]);
    });

    it("passes a repository policy for named accounts and fails one open to anyone", async () => {
        const named = doc({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:root"] }, Action: "ecr:BatchGetImage" });
        const type = "aws:ecr/repositoryPolicy:RepositoryPolicy";
        expect((await validateResource("iam-no-broad-roles", type, { repository: "r", policy: named }, { name: "r" })).messages).toEqual([]);
        const open = doc({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:root", "*"] }, Action: "ecr:BatchGetImage" });
        expect((await validateResource("iam-no-broad-roles", type, { repository: "r", policy: open }, { name: "r" })).messages).toEqual([
            'ECR repository policy "r" allows anyone ("*" without a condition) to use it; grant named accounts, roles or services only.',
        ]);
        // A resource policy is not judged as an identity policy.
        const wideButNamed = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "*", Resource: "*" });
        expect((await validateResource("iam-no-broad-roles", "aws:kms/key:Key", { policy: wideButNamed }, { name: "k" })).messages).toEqual([]);
    });
});
