import * as pulumi from "@pulumi/pulumi";
import { DeployRoles, validateDeployRolesArgs, type DeployRolesArgs } from "../../../components/aws/deploy-roles";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, memo, plan, rejectedArgs } from "../../helpers/inventory";

const ARGS: DeployRolesArgs = { namePrefix: "acme", github: { owner: "acme", repo: "web" }, environments: ["staging", "prod"] };
const ROLE = "aws:iam/role:Role";
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const problems = (args: Partial<DeployRolesArgs>) => argProblems(() => validateDeployRolesArgs("ci", { ...ARGS, ...args }));
const json = (v: unknown) => JSON.parse(String(v));
const trustFor = (sub: string, provider = PROVIDER_ARN) => ({
    Version: "2012-10-17",
    Statement: [{
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: provider },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": sub } },
    }],
});
const planned = memo(() => plan(() => {
    const ci = new DeployRoles("ci", ARGS);
    return { deploy: ci.deployRoleArns, preview: ci.previewRoleArn, provider: ci.oidcProviderArn };
}));

describe("aws DeployRoles", () => {
    it("creates the GitHub OIDC provider for sts.amazonaws.com, one deploy role per environment and a preview role", async () => {
        const inv = await planned();
        expect(inv.counts()).toEqual({ [DeployRoles.TYPE]: 1, [OIDC]: 1, [ROLE]: 3 });
        expect(inv.one(OIDC).inputs).toEqual({ url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] });
        expect(inv.outputs).toEqual({
            deploy: { staging: "arn:aws:iam::123456789012:role/acme-deploy-staging", prod: "arn:aws:iam::123456789012:role/acme-deploy-prod" },
            preview: "arn:aws:iam::123456789012:role/acme-preview",
            provider: PROVIDER_ARN,
        });
        expect(inv.childrenOf(inv.one(DeployRoles.TYPE).urn)).toHaveLength(4);
    });

    it("trusts each deploy role only for its environment's exact subject and the STS audience, for at most an hour", async () => {
        const inv = await planned();
        const prod = inv.named("ci-deploy-prod", ROLE).inputs;
        expect(json(prod.assumeRolePolicy)).toEqual(trustFor("repo:acme/web:environment:prod"));
        expect(json(inv.named("ci-deploy-staging", ROLE).inputs.assumeRolePolicy)).toEqual(trustFor("repo:acme/web:environment:staging"));
        expect(prod).toMatchObject({
            name: "acme-deploy-prod",
            description: "pulumi up from GitHub Actions, environment prod of acme/web only",
            maxSessionDuration: 3600,
            managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"],
        });
    });

    it("gives the deploy role IAM on this account's roles and policies, PassRole to named services only, never admin policies", async () => {
        const inv = await planned();
        const inline = inv.named("ci-deploy-prod", ROLE).inputs.inlinePolicies as { name: string; policy: string }[];
        expect(inline.map((p) => p.name)).toEqual(["manage-stack-iam"]);
        const statements = json(inline[0].policy).Statement;
        expect(statements.map((s: { Sid: string; Effect: string }) => `${s.Sid} ${s.Effect}`)).toEqual([
            "ManageRoles Allow", "ManagePolicies Allow", "PassRolesToServices Allow", "NoAdminPolicies Deny", "NotTheDeployIdentities Deny",
        ]);
        expect(statements[0]).toEqual({ Sid: "ManageRoles", Effect: "Allow", Resource: "arn:aws:iam::123456789012:role/*", Action: [
            "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
            "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags",
            "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies",
            "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
        ] });
        expect(statements[1]).toEqual({ Sid: "ManagePolicies", Effect: "Allow", Resource: "arn:aws:iam::123456789012:policy/*", Action: [
            "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:TagPolicy", "iam:UntagPolicy",
            "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
        ] });
        expect(statements[2]).toEqual({
            Sid: "PassRolesToServices", Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/*",
            Condition: { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "scheduler.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com"] } },
        });
        expect(statements[3]).toEqual({ Sid: "NoAdminPolicies", Effect: "Deny", Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"], Resource: "*", Condition: { ArnEquals: { "iam:PolicyARN": [
            "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess",
        ] } } });
        // Every change to the deploy and preview roles is denied; reading them (Get*, List*) is not.
        expect(statements[4]).toEqual({ Sid: "NotTheDeployIdentities", Effect: "Deny", Action: [
            "iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
            "iam:TagRole", "iam:UntagRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PassRole",
        ], Resource: ["arn:aws:iam::123456789012:role/acme-deploy-*", "arn:aws:iam::123456789012:role/acme-preview"] });
    });

    it("trusts the preview role for the repository's pull requests only, read-only, with no inline policy by default", async () => {
        const preview = (await planned()).named("ci-preview", ROLE).inputs;
        expect(json(preview.assumeRolePolicy)).toEqual(trustFor("repo:acme/web:pull_request"));
        expect(preview).toMatchObject({
            name: "acme-preview",
            description: "pulumi preview (read-only) from pull requests of acme/web",
            maxSessionDuration: 3600,
            managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        });
        expect(preview.inlinePolicies).toBeUndefined();
    });

    it("lets the preview role take the S3 backend's stack locks and decrypt with the secrets provider key", async () => {
        const key = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const inv = await plan(() => new DeployRoles("ci", { ...ARGS, stateBucket: "acme-pulumi-state", secretsProviderKeyArn: key, passRoleToServices: ["ecs-tasks.amazonaws.com"] }));
        const inline = inv.named("ci-preview", ROLE).inputs.inlinePolicies as { name: string; policy: string }[];
        expect(inline.map((p) => p.name)).toEqual(["preview-state"]);
        expect(json(inline[0].policy).Statement).toEqual([
            { Sid: "StackLocks", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::acme-pulumi-state/.pulumi/locks/*" },
            { Sid: "DecryptStackSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: key },
        ]);
        const deploy = json((inv.named("ci-deploy-prod", ROLE).inputs.inlinePolicies as { policy: string }[])[0].policy);
        expect(deploy.Statement[2].Condition).toEqual({ StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com"] } });
    });

    it("adopts an existing OIDC provider instead of creating one", async () => {
        const existing = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com";
        const inv = await plan(() => new DeployRoles("ci", { ...ARGS, environments: ["prod"], existingOidcProviderArn: existing }));
        expect(inv.ofType(OIDC)).toEqual([]);
        expect(json(inv.named("ci-deploy-prod", ROLE).inputs.assumeRolePolicy)).toEqual(trustFor("repo:acme/web:environment:prod", existing));
    });

    it("accepts the bounds of every field", () => {
        expect(problems({ namePrefix: "ab" })).toEqual([]);
        expect(problems({ namePrefix: "a".repeat(30) })).toEqual([]);
        expect(problems({ github: { owner: "a", repo: "b" } })).toEqual([]);
        expect(problems({ github: { owner: "a-b".padEnd(39, "c"), repo: "x".repeat(100) } })).toEqual([]);
        expect(problems({ github: { owner: "Acme-Corp", repo: "web.site_v2" } })).toEqual([]);
        expect(problems({ environments: ["e".repeat(20)] })).toEqual([]);
        expect(problems({ stateBucket: "abc" })).toEqual([]);
    });

    it("refuses bad args before registering anything, naming each key", async () => {
        const { error, inv } = await rejectedArgs(() => new DeployRoles("ci", {
            namePrefix: "A",
            github: { owner: "-acme", repo: ".." },
            environments: ["prod", "prod", "Prod"],
            existingOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/accounts.google.com",
            stateBucket: "No_Such",
            secretsProviderKeyArn: "alias/pulumi",
            passRoleToServices: ["ecs-tasks"],
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 2 to 30 lowercase letters, digits or hyphens, starting with a letter, got "A"',
            'github.owner: expected a GitHub owner: 1 to 39 letters, digits or single hyphens, e.g. "acme", got "-acme"',
            'github.repo: expected a GitHub repository name: 1 to 100 letters, digits, ".", "_" or "-", got ".."',
            'environments[2]: expected a GitHub environment name of up to 20 lowercase letters, digits or hyphens, starting with a letter, got "Prod"',
            'environments: expected each environment once, got ["prod"]',
            'existingOidcProviderArn: expected the ARN of the account\'s OIDC provider for token.actions.githubusercontent.com, got "arn:aws:iam::123456789012:oidc-provider/accounts.google.com"',
            'stateBucket: expected an S3 bucket name (3 to 63 lowercase letters, digits, dots or hyphens), got "No_Such"',
            'secretsProviderKeyArn: expected a KMS key ARN, got "alias/pulumi"',
            'passRoleToServices[0]: expected a service principal such as "ecs-tasks.amazonaws.com", got "ecs-tasks"',
        ]);
        expect(inv.resources).toEqual([]);
    });

    it.each([
        ["namePrefix", { namePrefix: "a1-b" }], ["existingOidcProviderArn", { existingOidcProviderArn: "arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }],
        ["existingOidcProviderArn", { existingOidcProviderArn: pulumi.output("not an ARN") }],
        ["stateBucket", { stateBucket: "a".repeat(63) }], ["stateBucket", { stateBucket: "acme.pulumi-state.1" }], ["stateBucket", { stateBucket: "xnacme" }],
        ["secretsProviderKeyArn", { secretsProviderKeyArn: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }],
        ["passRoleToServices", { passRoleToServices: ["monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "lambda.amazonaws.com"] }],
        ["github", { github: { owner: "a1-b2-c3", repo: "..." } }], ["github", { github: { owner: "Z", repo: ".github" } }], ["github", { github: { owner: "a", repo: "-_" } }],
        ["environments", { environments: ["p", "prod-2", "a-"] }],
    ] as [string, Partial<DeployRolesArgs>][])("accepts a good %s: %j", (_key, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each([
        ["namePrefix", { namePrefix: "a" }], ["namePrefix", { namePrefix: "1acme" }], ["namePrefix", { namePrefix: " acme" }], ["namePrefix", { namePrefix: "acme " }],
        ["existingOidcProviderArn", { existingOidcProviderArn: "arn:aws:iam::12345678901:oidc-provider/token.actions.githubusercontent.com" }],
        ["existingOidcProviderArn", { existingOidcProviderArn: "xarn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }],
        ["existingOidcProviderArn", { existingOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/x" }],
        ["existingOidcProviderArn", { existingOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/tokenXactions.githubusercontent.com" }],
        ["stateBucket", { stateBucket: "ab" }], ["stateBucket", { stateBucket: "a".repeat(64) }], ["stateBucket", { stateBucket: "xn--acme" }],
        ["stateBucket", { stateBucket: "-acme" }], ["stateBucket", { stateBucket: "acme-" }], ["stateBucket", { stateBucket: "acme state" }],
        ["secretsProviderKeyArn", { secretsProviderKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab/x" }],
        ["secretsProviderKeyArn", { secretsProviderKeyArn: "xarn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }],
        ["secretsProviderKeyArn", { secretsProviderKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890a" }],
        ["passRoleToServices[0]", { passRoleToServices: ["amazonaws.com"] }], ["passRoleToServices[0]", { passRoleToServices: ["ECS.amazonaws.com"] }],
        ["passRoleToServices[0]", { passRoleToServices: ["*.amazonaws.com"] }], ["passRoleToServices[0]", { passRoleToServices: ["ecs-tasks.amazonaws.com.evil.io"] }],
        ["passRoleToServices[0]", { passRoleToServices: [" ecs-tasks.amazonaws.com"] }], ["passRoleToServices[0]", { passRoleToServices: ["ecs..amazonaws.com"] }],
        ["github.owner", { github: { owner: "acme-", repo: "web" } }], ["github.owner", { github: { owner: "ac me", repo: "web" } }], ["github.owner", { github: { owner: "", repo: "web" } }],
        ["github.repo", { github: { owner: "acme", repo: "." } }], ["github.repo", { github: { owner: "acme", repo: "" } }], ["github.repo", { github: { owner: "acme", repo: "web site" } }],
        ["github.repo", { github: { owner: "acme", repo: "web/x" } }],
        ["environments[0]", { environments: ["1prod"] }], ["environments[0]", { environments: ["-prod"] }], ["environments[0]", { environments: ["prod "] }],
        ["environments[0]", { environments: ["pro_d"] }], ["environments[0]", { environments: [""] }],
    ] as [string, Partial<DeployRolesArgs>][])("refuses a bad %s: %j", (key, args) => {
        const found = problems(args);
        expect(found).toHaveLength(1);
        expect(found[0].startsWith(`${key}: expected `)).toBe(true);
    });

    it("names the missing repository and environments", () => {
        expect(problems({ github: undefined as never, environments: undefined as never })).toEqual([
            'github.owner: expected a GitHub owner: 1 to 39 letters, digits or single hyphens, e.g. "acme", got ""',
            'github.repo: expected a GitHub repository name: 1 to 100 letters, digits, ".", "_" or "-", got ""',
            'environments: expected at least one GitHub environment name, e.g. ["staging", "prod"], got nothing',
        ]);
        expect(problems({ environments: ["prod", "staging", "prod", "staging", "dev"] })).toEqual(['environments: expected each environment once, got ["prod","staging"]']);
    });

    it("refuses out-of-bound names and an empty environment list", () => {
        expect(problems({ namePrefix: "a".repeat(31) })).toHaveLength(1);
        expect(problems({ github: { owner: "a".repeat(40), repo: "x".repeat(101) } })).toHaveLength(2);
        expect(problems({ github: { owner: "a--b", repo: "web" } })).toHaveLength(1);
        expect(problems({ environments: ["e".repeat(21)] })).toHaveLength(1);
        expect(problems({ environments: [] })).toEqual(['environments: expected at least one GitHub environment name, e.g. ["staging", "prod"], got []']);
    });
});

describe("aws DeployRoles plan summary", () => {
    it("names the repository, the subjects, the policies and the session limit", async () => {
        const inv = await planned();
        expect(summarize(DeployRoles.TYPE, inv.resources)).toBe(
            "GitHub OIDC for acme/web (provider created) · 3 roles: environment:prod, environment:staging, pull_request · PowerUserAccess + ReadOnlyAccess · sessions ≤ 1 h",
        );
    });
});
