import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, checkGitHub, definedOnly, environmentSubject, GITHUB_OIDC_ISSUER, pullRequestSubject, repositoryOf, type GitHubRepository } from "../core/internal";

/** Arguments of {@link DeployIdentity}. */
export interface DeployIdentityArgs {
    /**
     * Project that holds the pool, the service accounts and the grants. Plain string: it is
     * part of the service accounts' emails.
     * @default none (required)
     */
    project: string;
    /**
     * Prefix of the pool ID (`<prefix>-github`) and the service account IDs
     * (`<prefix>-<environment>-deployer`, `<prefix>-previewer`), e.g. `acme`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * The repository whose workflows may use the identities: the provider accepts tokens of
     * this repository only. Plain strings: they are part of the condition and the subjects.
     * @default none (required)
     */
    github: GitHubRepository;
    /**
     * GitHub environments that deploy, one deployer service account each, which only a job in
     * that environment (`repo:<owner>/<repo>:environment:<name>`) may impersonate.
     * @default none (required)
     */
    environments: string[];
    /**
     * Predefined roles each deployer gets on the project: what `pulumi up` of the prodstack GCP
     * components creates. Basic roles (`roles/owner`, `roles/editor`, `roles/viewer`) are refused.
     * @default DEPLOYER_ROLES: run, cloudsql, redis, secretmanager, storage, artifactregistry, dns, cloudscheduler admin; compute network, security and load balancer admin; monitoring editor, logging config writer, certificate manager editor, IAP admin; service account admin and user, project IAM admin, service usage admin, service networking admin
     */
    deployerRoles?: string[];
    /**
     * Predefined read-only roles the preview service account gets on the project, instead of
     * the basic `roles/viewer` (thousands of permissions across every service, data reads included).
     * @default PREVIEWER_ROLES: the viewer/reader role of each service the deployer manages, plus `roles/iam.securityReviewer` (IAM policies)
     */
    previewerRoles?: string[];
    /**
     * Cloud Storage bucket of the Pulumi state backend (`gs://<bucket>`), if that is the
     * backend: the preview account may read the state and write only the stack lock objects
     * (`.pulumi/locks/`). Needs uniform bucket-level access (IAM conditions).
     * @default none (a Pulumi Cloud or other backend: nothing granted)
     */
    stateBucket?: string;
}

/** What `pulumi up` of the prodstack GCP components creates, as predefined roles (none basic). */
const DEPLOYER_ROLES = [
    "roles/run.admin", "roles/cloudsql.admin", "roles/redis.admin", "roles/secretmanager.admin", "roles/storage.admin",
    "roles/artifactregistry.admin", "roles/dns.admin", "roles/cloudscheduler.admin",
    "roles/compute.networkAdmin", "roles/compute.securityAdmin", "roles/compute.loadBalancerAdmin",
    "roles/monitoring.editor", "roles/logging.configWriter", "roles/certificatemanager.editor", "roles/iap.admin",
    "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser", "roles/resourcemanager.projectIamAdmin",
    "roles/serviceusage.serviceUsageAdmin", "roles/servicenetworking.networksAdmin",
];
const PREVIEWER_ROLES = [
    "roles/run.viewer", "roles/cloudsql.viewer", "roles/redis.viewer", "roles/secretmanager.viewer", "roles/storage.bucketViewer",
    "roles/artifactregistry.reader", "roles/dns.reader", "roles/cloudscheduler.viewer", "roles/compute.viewer",
    "roles/monitoring.viewer", "roles/logging.viewer", "roles/certificatemanager.viewer",
    "roles/iam.serviceAccountViewer", "roles/iam.securityReviewer", "roles/serviceusage.serviceUsageViewer",
];

/** Defaults of {@link DeployIdentityArgs}. */
export const DEPLOY_IDENTITY_DEFAULTS = { deployerRoles: DEPLOYER_ROLES, previewerRoles: PREVIEWER_ROLES };

const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
const ROLE = /^roles\/[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)*$/;
/** `google.subject` may not exceed 127 characters (attributeMapping docs). */
const MAX_SUBJECT = 127;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateDeployIdentityArgs(name: string, args: DeployIdentityArgs): void {
    const check = new ArgsChecker(DeployIdentity.TYPE, name);
    check.matches("project", args.project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project ID such as \"acme-prod-123\"");
    // Pool IDs: 4-32 of [a-z0-9-], `gcp-` reserved; with "-github" the prefix leaves room for it.
    check.matches("namePrefix", args.namePrefix, /^(?!gcp-)[a-z][a-z0-9-]{1,13}[a-z0-9]$/, "3 to 15 lowercase letters, digits or hyphens, starting with a letter, not \"gcp-\"");
    checkGitHub(check, args.github, args.environments);
    for (const env of args.environments ?? []) {
        // Service account IDs: 6-30 characters.
        const id = `${args.namePrefix}-${env}-deployer`;
        check.check(id.length <= 30, "environments", `environment names short enough for the account ID "<namePrefix>-<environment>-deployer" (at most 30 characters)`, id);
        if (args.github?.owner && args.github?.repo) {
            const subject = environmentSubject(args.github, env);
            check.check(subject.length <= MAX_SUBJECT, "github", `a subject of at most ${MAX_SUBJECT} characters (google.subject)`, subject);
        }
    }
    for (const key of ["deployerRoles", "previewerRoles"] as const) {
        const roles = args[key];
        if (roles === undefined) continue;
        check.check(roles.length > 0, key, "at least one predefined role", roles);
        roles.forEach((role, i) => {
            check.matches(`${key}[${i}]`, role, ROLE, "a predefined role such as \"roles/run.admin\"");
            check.check(!BASIC_ROLES.includes(role), `${key}[${i}]`, "a predefined role, not a basic role (owner, editor, viewer)", role);
        });
    }
    check.matchesIfGiven("stateBucket", args.stateBucket, /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, "a Cloud Storage bucket name");
    check.throwIfAny();
}

/**
 * The GCP identities GitHub Actions deploys with, through workload identity federation only
 * (no service account key, ever): a workload identity pool and a GitHub OIDC provider that
 * accepts tokens of one repository only (`assertion.repository == '<owner>/<repo>'`, audience
 * the provider's own name, as google-github-actions/auth sends it), one deployer service
 * account per GitHub environment with the predefined roles `pulumi up` needs, impersonable
 * only by a job in that environment (its exact subject), and a preview service account with
 * read-only predefined roles, impersonable only by the repository's pull-request jobs.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const ci = new gcp.DeployIdentity("ci", {
 *     project: "acme-web-prod",
 *     namePrefix: "acme",
 *     github: { owner: "acme", repo: "web" },
 *     environments: ["staging", "prod"],
 *     stateBucket: "acme-pulumi-state",
 * });
 * export const provider = ci.providerName;
 * export const deployers = ci.deployServiceAccounts;
 * ```
 */
export class DeployIdentity extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:DeployIdentity";

    /** Full name of the provider, `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/github-actions`: `GCP_WORKLOAD_IDENTITY_PROVIDER`. */
    readonly providerName: pulumi.Output<string>;
    /** Email of each environment's deployer, by environment name: its `GCP_DEPLOY_SERVICE_ACCOUNT`. */
    readonly deployServiceAccounts: Record<string, pulumi.Output<string>>;
    /** Email of the preview account: the repository's `GCP_PREVIEW_SERVICE_ACCOUNT`. */
    readonly previewServiceAccount: pulumi.Output<string>;

    constructor(name: string, args: DeployIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDeployIdentityArgs(name, args);
        super(DeployIdentity.TYPE, name, {}, opts);
        const cfg = { ...DEPLOY_IDENTITY_DEFAULTS, ...definedOnly(args) };
        const { project, github } = cfg;

        const pool = new gcp.iam.WorkloadIdentityPool(`${name}-pool`, {
            project,
            workloadIdentityPoolId: `${cfg.namePrefix}-github`,
            displayName: "GitHub Actions",
            description: `GitHub Actions of ${repositoryOf(github)} (managed by prodstack)`,
        }, { parent: this });
        const provider = new gcp.iam.WorkloadIdentityPoolProvider(`${name}-provider`, {
            project,
            workloadIdentityPoolId: pool.workloadIdentityPoolId,
            workloadIdentityPoolProviderId: "github-actions",
            displayName: "GitHub Actions",
            description: `OIDC tokens of ${repositoryOf(github)} only`,
            // Tokens of any other repository are refused before any binding is looked at.
            attributeCondition: `assertion.repository == '${repositoryOf(github)}'`,
            attributeMapping: {
                "google.subject": "assertion.sub",
                "attribute.repository": "assertion.repository",
                "attribute.environment": "assertion.environment",
                "attribute.event_name": "assertion.event_name",
            },
            oidc: { issuerUri: GITHUB_OIDC_ISSUER },
        }, { parent: this });
        this.providerName = provider.name;
        const principal = (subject: string) => pulumi.interpolate`principal://iam.googleapis.com/${pool.name}/subject/${subject}`;

        const account = (key: string, accountId: string, displayName: string, roles: string[], subject: string) => {
            const sa = new gcp.serviceaccount.Account(`${name}-${key}`, { project, accountId, displayName }, { parent: this });
            const email = `${accountId}@${project}.iam.gserviceaccount.com`;
            new gcp.serviceaccount.IAMMember(`${name}-${key}-federated`, {
                serviceAccountId: sa.name,
                role: "roles/iam.workloadIdentityUser",
                member: principal(subject),
            }, { parent: this });
            for (const role of roles) {
                new gcp.projects.IAMMember(`${name}-${key}-${role.slice("roles/".length).replace(/\./g, "-").toLowerCase()}`, {
                    project,
                    role,
                    member: `serviceAccount:${email}`,
                }, { parent: this, dependsOn: [sa] });
            }
            return { sa, email };
        };

        this.deployServiceAccounts = {};
        for (const env of cfg.environments) {
            const { sa } = account(`${env}-deployer`, `${cfg.namePrefix}-${env}-deployer`, `pulumi up, GitHub environment ${env}`, cfg.deployerRoles, environmentSubject(github, env));
            this.deployServiceAccounts[env] = sa.email;
        }
        const preview = account("previewer", `${cfg.namePrefix}-previewer`, "pulumi preview, pull requests", cfg.previewerRoles, pullRequestSubject(github));
        this.previewServiceAccount = preview.sa.email;

        if (args.stateBucket) {
            const member = `serviceAccount:${preview.email}`;
            new gcp.storage.BucketIAMMember(`${name}-previewer-state`, { bucket: args.stateBucket, role: "roles/storage.objectViewer", member }, { parent: this, dependsOn: [preview.sa] });
            new gcp.storage.BucketIAMMember(`${name}-previewer-locks`, {
                bucket: args.stateBucket,
                role: "roles/storage.objectUser",
                member,
                condition: {
                    title: "pulumi-stack-locks-only",
                    description: "Only the DIY backend's lock objects",
                    expression: `resource.name.startsWith("projects/_/buckets/${args.stateBucket}/objects/.pulumi/locks/")`,
                },
            }, { parent: this, dependsOn: [preview.sa] });
        }

        this.registerOutputs({ providerName: this.providerName, deployServiceAccounts: this.deployServiceAccounts, previewServiceAccount: this.previewServiceAccount });
    }
}
