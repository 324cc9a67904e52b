/**
 * GCP rules of short-lived CI credentials: no service account keys or HMAC keys, workload
 * identity providers for GitHub restricted to a repository, and federated impersonation
 * granted to exact subjects or one repository's attributes, never a whole pool.
 */
import type { ResourceCheck } from "../../types";
import { known, str } from "../common";
import { grantsOf } from "./iam";
import { T, what } from "./types";

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** Roles that let a federated principal act as a service account. */
const IMPERSONATION = ["roles/iam.workloadIdentityUser", "roles/iam.serviceAccountTokenCreator"];
const SA_GRANTS: readonly string[] = [T.serviceAccountIamMember, T.serviceAccountIamBinding, T.serviceAccountIamPolicy];

/** What is too broad in a federated member (`principal://…`, `principalSet://…`). */
export function federatedMemberProblem(member: string): string | undefined {
    if (!/^principal(Set)?:\/\//.test(member)) return undefined;
    if (/\/\*$/.test(member)) return "every identity of the pool";
    if (/\/attribute\.repository_owner\//.test(member)) return "every repository of an owner";
    if (/[*?]/.test(member)) return "a wildcard";
    return undefined;
}

export const shortLivedCredentials: ResourceCheck = {
    types: [T.serviceAccountKey, T.hmacKey, T.workloadIdentityPoolProvider, ...SA_GRANTS],
    check(args, report) {
        const p = args.props;
        if (args.type === T.serviceAccountKey || args.type === T.hmacKey) {
            report(`${what(args)} is a long-lived credential; let CI impersonate the account through workload identity federation instead.`);
            return;
        }
        if (args.type === T.workloadIdentityPoolProvider) {
            const issuer = known(() => str((p.oidc as { issuerUri?: unknown } | undefined)?.issuerUri), "");
            if (issuer !== GITHUB_ISSUER) return;
            const condition = known(() => str(p.attributeCondition), "(computed)");
            if (condition !== "(computed)" && !/assertion\.repository(_id)?\s*==/.test(condition)) {
                report(
                    `${what(args)} accepts GitHub tokens without an attributeCondition on assertion.repository, so any repository on GitHub ` +
                        "can exchange tokens with it; add e.g. assertion.repository == '<owner>/<repo>'.",
                );
            }
            return;
        }
        for (const { role, member } of grantsOf(args)) {
            const problem = IMPERSONATION.includes(role) ? federatedMemberProblem(member) : undefined;
            if (problem) report(`${what(args)} lets ${member} (${problem}) act as the account; grant it to an exact subject or one repository.`);
        }
    },
};
