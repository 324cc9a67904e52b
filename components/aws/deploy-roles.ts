import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, checkGitHub, definedOnly, environmentSubject, GITHUB_OIDC_HOST, GITHUB_OIDC_ISSUER, pullRequestSubject, resourceName, type GitHubRepository } from "../core/internal";
import { lookupAccount, policyDocument, type AwsAccount, type PolicyStatement } from "./iam";

/** Arguments of {@link DeployRoles}. */
export interface DeployRolesArgs {
    /**
     * Prefix of the role names, e.g. `acme` (roles `<prefix>-deploy-<environment>` and
     * `<prefix>-preview`). Plain string: it is part of the names.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * The repository whose workflows may assume the roles. Plain strings: they are part of the
     * trust policies' exact subjects.
     * @default none (required)
     */
    github: GitHubRepository;
    /**
     * GitHub environments that deploy (`pulumi up`), one role each, trusted only for
     * `repo:<owner>/<repo>:environment:<name>`. Give `prod` required reviewers in GitHub.
     * @default none (required)
     */
    environments: string[];
    /**
     * ARN of the account's existing OIDC provider for `token.actions.githubusercontent.com`
     * (an account has at most one per URL): adopt it instead of creating one.
     * @default none (a provider is created)
     */
    existingOidcProviderArn?: pulumi.Input<string>;
    /**
     * S3 bucket of the Pulumi state backend (`s3://<bucket>`), if that is the backend: the
     * preview role may then also write and delete the stack lock objects (`.pulumi/locks/*`);
     * reading the state is part of ReadOnlyAccess.
     * @default none (a Pulumi Cloud or other backend: nothing granted)
     */
    stateBucket?: string;
    /**
     * ARN of the KMS key of an `awskms://` secrets provider, if the stacks use one: the preview
     * role may decrypt with it (the deploy role's PowerUserAccess already covers KMS).
     * @default none
     */
    secretsProviderKeyArn?: pulumi.Input<string>;
    /**
     * Services the deploy role may pass roles to (`iam:PassRole` with `iam:PassedToService`):
     * those the prodstack AWS components hand a role to.
     * @default ["ecs-tasks.amazonaws.com", "scheduler.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com"]
     */
    passRoleToServices?: string[];
}

/** Defaults of {@link DeployRolesArgs}. */
export const DEPLOY_ROLES_DEFAULTS = {
    passRoleToServices: ["ecs-tasks.amazonaws.com", "scheduler.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
};

/** AWS-managed policies the roles attach (partition filled in). */
const POWER_USER = "PowerUserAccess";
const READ_ONLY = "ReadOnlyAccess";
/** One hour: a `pulumi up` that takes longer re-runs; a leaked session dies soon. */
export const DEPLOY_SESSION_SECONDS = 3600;

/**
 * IAM actions on roles and customer-managed policies that `pulumi up` of the prodstack
 * components needs and PowerUserAccess leaves out (it excludes IAM except service-linked roles).
 */
const ROLE_ACTIONS = [
    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
    "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags",
    "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies",
    "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
];
const POLICY_ACTIONS = [
    "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:TagPolicy", "iam:UntagPolicy",
    "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
];
/** Managed policies that would make a role the deploy role creates an administrator. */
const NEVER_ATTACHED = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

const SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;
const BUCKET = /^(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateDeployRolesArgs(name: string, args: DeployRolesArgs): void {
    const check = new ArgsChecker(DeployRoles.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{1,29}$/, "2 to 30 lowercase letters, digits or hyphens, starting with a letter");
    checkGitHub(check, args.github, args.environments);
    check.matchesIfGivenAndKnown("existingOidcProviderArn", args.existingOidcProviderArn, /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
        "the ARN of the account's OIDC provider for token.actions.githubusercontent.com");
    check.matchesIfGiven("stateBucket", args.stateBucket, BUCKET, "an S3 bucket name (3 to 63 lowercase letters, digits, dots or hyphens)");
    check.matchesIfGivenAndKnown("secretsProviderKeyArn", args.secretsProviderKeyArn, /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, "a KMS key ARN");
    (args.passRoleToServices ?? []).forEach((s, i) => check.matches(`passRoleToServices[${i}]`, s, SERVICE, "a service principal such as \"ecs-tasks.amazonaws.com\""));
    check.throwIfAny();
}

/** Trust for one exact GitHub subject, with the audience the AWS action requests. */
function githubTrust(providerArn: pulumi.Input<string>, subject: string): pulumi.Output<string> {
    return policyDocument([{
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
                [`${GITHUB_OIDC_HOST}:sub`]: subject,
            },
        },
    }]);
}

/** The deploy role's IAM rights: roles and policies of this account, never admin policies, PassRole only to the listed services. */
function deployIamPolicy(account: AwsAccount, prefix: string, services: string[]): pulumi.Output<string> {
    const iamArn = (resource: string) => pulumi.interpolate`arn:${account.partition}:iam::${account.accountId}:${resource}`;
    const managed = NEVER_ATTACHED.map((p) => pulumi.interpolate`arn:${account.partition}:iam::aws:policy/${p}`);
    return policyDocument([
        { Sid: "ManageRoles", Effect: "Allow", Action: ROLE_ACTIONS, Resource: iamArn("role/*") },
        { Sid: "ManagePolicies", Effect: "Allow", Action: POLICY_ACTIONS, Resource: iamArn("policy/*") },
        { Sid: "PassRolesToServices", Effect: "Allow", Action: "iam:PassRole", Resource: iamArn("role/*"), Condition: { StringEquals: { "iam:PassedToService": services } } },
        { Sid: "NoAdminPolicies", Effect: "Deny", Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"], Resource: "*", Condition: { ArnEquals: { "iam:PolicyARN": managed } } },
        { Sid: "NotTheDeployIdentities", Effect: "Deny", Action: [...ROLE_ACTIONS.filter((a) => !/^iam:(Get|List)/.test(a)), "iam:PassRole"], Resource: [iamArn(`role/${prefix}-deploy-*`), iamArn(`role/${prefix}-preview`)] },
    ]);
}

/** The preview role's extra rights: the DIY backend's lock objects and the secrets provider's key. */
function previewStatements(account: AwsAccount, stateBucket: string | undefined, keyArn: pulumi.Input<string> | undefined): PolicyStatement[] {
    const out: PolicyStatement[] = [];
    if (stateBucket) {
        out.push({ Sid: "StackLocks", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: pulumi.interpolate`arn:${account.partition}:s3:::${stateBucket}/.pulumi/locks/*` });
    }
    if (keyArn) out.push({ Sid: "DecryptStackSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn });
    return out;
}

/**
 * The AWS identities GitHub Actions deploys with, through short-lived OIDC credentials only:
 * the account's OIDC provider for GitHub (created, or an existing one adopted), one deploy role
 * per GitHub environment trusted only for `repo:<owner>/<repo>:environment:<name>` and the
 * audience `sts.amazonaws.com`, and a read-only preview role trusted only for the repository's
 * pull requests. Sessions last at most an hour.
 *
 * The deploy role attaches PowerUserAccess (everything but IAM and Organizations) plus an
 * inline policy for the IAM the components manage: roles and customer-managed policies,
 * `iam:PassRole` only to the listed services, and denies attaching admin policies or changing
 * the deploy and preview roles themselves. `iam-no-broad-roles` accepts PowerUserAccess only on such a
 * role (web-identity trust for one exact GitHub environment subject); AdministratorAccess never.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const ci = new aws.DeployRoles("ci", {
 *     namePrefix: "acme",
 *     github: { owner: "acme", repo: "web" },
 *     environments: ["staging", "prod"],
 *     stateBucket: "acme-pulumi-state",
 * });
 * export const deployRoleArns = ci.deployRoleArns;
 * export const previewRoleArn = ci.previewRoleArn;
 * ```
 */
export class DeployRoles extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:DeployRoles";

    /** ARN of the OIDC provider the roles trust (created or adopted). */
    readonly oidcProviderArn: pulumi.Output<string>;
    /** ARN of each environment's deploy role, by environment name: its `AWS_DEPLOY_ROLE_ARN`. */
    readonly deployRoleArns: Record<string, pulumi.Output<string>>;
    /** ARN of the read-only preview role: the repository's `AWS_PREVIEW_ROLE_ARN`. */
    readonly previewRoleArn: pulumi.Output<string>;

    constructor(name: string, args: DeployRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDeployRolesArgs(name, args);
        super(DeployRoles.TYPE, name, {}, opts);
        const cfg = { ...DEPLOY_ROLES_DEFAULTS, ...definedOnly(args) };
        const account = lookupAccount(this);
        const managed = (policy: string) => pulumi.interpolate`arn:${account.partition}:iam::aws:policy/${policy}`;

        this.oidcProviderArn = args.existingOidcProviderArn !== undefined
            ? pulumi.output(args.existingOidcProviderArn)
            : new aws.iam.OpenIdConnectProvider(`${name}-github`, {
                url: GITHUB_OIDC_ISSUER,
                clientIdLists: ["sts.amazonaws.com"],
            }, { parent: this }).arn;

        const deployIam = deployIamPolicy(account, cfg.namePrefix, cfg.passRoleToServices);
        this.deployRoleArns = {};
        for (const env of cfg.environments) {
            this.deployRoleArns[env] = new aws.iam.Role(`${name}-deploy-${env}`, {
                name: resourceName([cfg.namePrefix, "deploy", env], 64),
                description: `pulumi up from GitHub Actions, environment ${env} of ${cfg.github.owner}/${cfg.github.repo} only`,
                assumeRolePolicy: githubTrust(this.oidcProviderArn, environmentSubject(cfg.github, env)),
                maxSessionDuration: DEPLOY_SESSION_SECONDS,
                managedPolicyArns: [managed(POWER_USER)],
                inlinePolicies: [{ name: "manage-stack-iam", policy: deployIam }],
            }, { parent: this }).arn;
        }

        const extra = previewStatements(account, args.stateBucket, args.secretsProviderKeyArn);
        this.previewRoleArn = new aws.iam.Role(`${name}-preview`, {
            name: resourceName([cfg.namePrefix, "preview"], 64),
            description: `pulumi preview (read-only) from pull requests of ${cfg.github.owner}/${cfg.github.repo}`,
            assumeRolePolicy: githubTrust(this.oidcProviderArn, pullRequestSubject(cfg.github)),
            maxSessionDuration: DEPLOY_SESSION_SECONDS,
            managedPolicyArns: [managed(READ_ONLY)],
            ...(extra.length ? { inlinePolicies: [{ name: "preview-state", policy: policyDocument(extra) }] } : {}),
        }, { parent: this }).arn;

        this.registerOutputs({ oidcProviderArn: this.oidcProviderArn, deployRoleArns: this.deployRoleArns, previewRoleArn: this.previewRoleArn });
    }
}
