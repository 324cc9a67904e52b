/**
 * GitHub Actions' OIDC tokens as both clouds' deploy identities trust them: the issuer, the
 * subjects of an environment's job and of a pull request's job, and the checks on a repository
 * and environment names. Subjects are exact strings, never patterns.
 */
import type { ArgsChecker } from "./errors";

/** Issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
/** The issuer without its scheme: how AWS names the provider and prefixes its condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The GitHub repository whose workflows may use the deploy identities. */
export interface GitHubRepository {
    /**
     * Owner (user or organization), e.g. `acme`: 1 to 39 letters, digits or single hyphens.
     * @default none (required)
     */
    owner: string;
    /**
     * Repository name, e.g. `web`: 1 to 100 letters, digits, `.`, `_` or `-`.
     * @default none (required)
     */
    repo: string;
}

const OWNER = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const REPO = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
/** Environment names used in identity names as well as in subjects: a conservative subset of GitHub's. */
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,19}$/;

/** Checks the repository and the environment names (non-empty, unique, `[a-z][a-z0-9-]`, up to 20). */
export function checkGitHub(check: ArgsChecker, github: GitHubRepository | undefined, environments: readonly string[] | undefined): void {
    check.matches("github.owner", github?.owner ?? "", OWNER, "a GitHub owner: 1 to 39 letters, digits or single hyphens, e.g. \"acme\"");
    check.matches("github.repo", github?.repo ?? "", REPO, "a GitHub repository name: 1 to 100 letters, digits, \".\", \"_\" or \"-\"");
    const envs = environments ?? [];
    check.check(Array.isArray(environments) && envs.length > 0, "environments", "at least one GitHub environment name, e.g. [\"staging\", \"prod\"]", environments);
    envs.forEach((env, i) =>
        check.matches(`environments[${i}]`, env, ENVIRONMENT, "a GitHub environment name of up to 20 lowercase letters, digits or hyphens, starting with a letter"),
    );
    const duplicates = envs.filter((env, i) => envs.indexOf(env) !== i);
    check.check(duplicates.length === 0, "environments", "each environment once", duplicates);
}

/** `owner/repo`, the `repository` claim. */
export function repositoryOf(github: GitHubRepository): string {
    return `${github.owner}/${github.repo}`;
}

/** The `sub` claim of a job running in a GitHub environment. */
export function environmentSubject(github: GitHubRepository, environment: string): string {
    return `repo:${repositoryOf(github)}:environment:${environment}`;
}

/** The `sub` claim of a job triggered by a pull request (from this repository; forks get no token for it). */
export function pullRequestSubject(github: GitHubRepository): string {
    return `repo:${repositoryOf(github)}:pull_request`;
}
