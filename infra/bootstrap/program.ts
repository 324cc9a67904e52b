/**
 * The bootstrap program: the deploy identities of one cloud account or project, and as stack
 * outputs exactly the GitHub variables the workflows read (`.github/workflows/`): repository
 * variables for the pull-request preview, per-environment variables for `pulumi up`. Like
 * `infra/program.ts`, it loads only the chosen cloud's SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GitHubRepository } from "../../components/core/github-oidc";
import { ConfigError, specFromConfig } from "../config";

/** What `Pulumi.<stack>.yaml` of the bootstrap project holds (namespace `prodstack-bootstrap`). */
export interface BootstrapConfig {
    cloud: "gcp" | "aws";
    region: string;
    namePrefix: string;
    github: GitHubRepository;
    environments: string[];
    /** The spec's gcp section (project), on GCP. */
    gcp?: { project: string };
    /** The spec's aws section (account ID: the deploying credentials must be of that account), on AWS. */
    aws?: { accountId: string };
    /** Bucket of a DIY state backend (S3 or Cloud Storage), if any. */
    stateBucket?: string;
    /** AWS: ARN of the account's existing GitHub OIDC provider, to adopt it. */
    existingOidcProviderArn?: string;
}

/** Variables to set: on the repository, and on each GitHub environment. */
export interface BootstrapOutputs {
    repositoryVariables: Record<string, pulumi.Input<string>>;
    environmentVariables: Record<string, Record<string, pulumi.Input<string>>>;
}

const KEYS = ["cloud", "region", "namePrefix", "github", "environments", "gcp", "aws", "stateBucket", "existingOidcProviderArn"];

/** Checks the shape; the components check the values (names, bounds) before registering anything. */
export function parseBootstrapConfig(raw: Record<string, unknown>, source: string): BootstrapConfig {
    const problems: string[] = [];
    const got = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
    for (const key of Object.keys(raw)) if (!KEYS.includes(key)) problems.push(`${key}: unknown key (expected one of ${KEYS.join(", ")})`);
    if (raw.cloud !== "gcp" && raw.cloud !== "aws") problems.push(`cloud: expected "gcp" or "aws", got ${got(raw.cloud)}`);
    for (const key of ["region", "namePrefix"]) if (typeof raw[key] !== "string") problems.push(`${key}: expected a string, got ${got(raw[key])}`);
    const github = raw.github as Record<string, unknown> | undefined;
    if (typeof github?.owner !== "string" || typeof github?.repo !== "string") problems.push(`github: expected { owner, repo }, got ${got(raw.github)}`);
    if (!Array.isArray(raw.environments)) problems.push(`environments: expected a list of GitHub environment names, got ${got(raw.environments)}`);
    if (raw.cloud === "gcp" && typeof (raw.gcp as { project?: unknown } | undefined)?.project !== "string") problems.push(`gcp: expected a gcp section with the project ID when cloud is "gcp", got ${got(raw.gcp)}`);
    if (problems.length) throw new ConfigError(problems, source);
    return raw as unknown as BootstrapConfig;
}

/** Provisions one cloud's deploy identities and returns the variables to set in GitHub. */
export function bootstrap(config: BootstrapConfig): BootstrapOutputs {
    /* eslint-disable @typescript-eslint/no-require-imports -- one cloud's SDK, on demand */
    const base = { namePrefix: config.namePrefix, github: config.github, environments: config.environments, stateBucket: config.stateBucket };
    const perEnvironment = (make: (env: string) => Record<string, pulumi.Input<string>>) =>
        Object.fromEntries(config.environments.map((env) => [env, make(env)]));
    if (config.cloud === "gcp") {
        const { DeployIdentity } = require("../../components/gcp/deploy-identity") as typeof import("../../components/gcp/deploy-identity");
        const ci = new DeployIdentity("github", { ...base, project: config.gcp!.project });
        return {
            repositoryVariables: { GCP_WORKLOAD_IDENTITY_PROVIDER: ci.providerName, GCP_PREVIEW_SERVICE_ACCOUNT: ci.previewServiceAccount },
            environmentVariables: perEnvironment((env) => ({ GCP_WORKLOAD_IDENTITY_PROVIDER: ci.providerName, GCP_DEPLOY_SERVICE_ACCOUNT: ci.deployServiceAccounts[env] })),
        };
    }
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { DeployRoles } = require("../../components/aws/deploy-roles") as typeof import("../../components/aws/deploy-roles");
    // Refuses to run with credentials of another account than the spec's.
    const provider = new aws.Provider("aws", { region: config.region, ...(config.aws ? { allowedAccountIds: [config.aws.accountId] } : {}) });
    const ci = new DeployRoles("github", { ...base, existingOidcProviderArn: config.existingOidcProviderArn }, { providers: { aws: provider } });
    return {
        repositoryVariables: { AWS_PREVIEW_ROLE_ARN: ci.previewRoleArn, AWS_REGION: config.region },
        environmentVariables: perEnvironment((env) => ({ AWS_DEPLOY_ROLE_ARN: ci.deployRoleArns[env], AWS_REGION: config.region })),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The whole bootstrap program: read the stack's config, provision, return the variables. */
export function main(): BootstrapOutputs {
    const namespace = pulumi.getProject();
    const source = `stack "${pulumi.getStack()}" (infra/bootstrap/Pulumi.${pulumi.getStack()}.yaml)`;
    return bootstrap(parseBootstrapConfig(specFromConfig(pulumi.runtime.allConfig(), namespace), source));
}
