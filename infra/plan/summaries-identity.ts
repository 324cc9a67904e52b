/** Summaries of the CI deploy identities (`DeployRoles`, `DeployIdentity`), from what the cloud receives. */
import type { PlannedResource } from "./engine";
import { arr, dig, first, obj, ofType } from "./inputs";
import { parsedJson, plural, type Summarize } from "./summary-helpers";

/** The exact subjects a role's trust policy names. */
function trustedSubjects(role: Record<string, unknown>): string[] {
    const statements = arr(obj(parsedJson(role.assumeRolePolicy)).Statement);
    return statements.flatMap((s) => Object.entries(obj(dig(s, "Condition", "StringEquals"))).filter(([k]) => k.endsWith(":sub")).flatMap(([, v]) => (Array.isArray(v) ? v : [v])).map(String));
}

const subjectTail = (subject: string) => subject.replace(/^repo:[^:]+:/, "");

const summarizeDeployRoles: Summarize = (c) => {
    const roles = ofType(c, "aws:iam/role:Role").map((r) => r.inputs);
    const subjects = roles.flatMap(trustedSubjects);
    const repo = /^repo:([^:]+):/.exec(subjects[0] ?? "")?.[1] ?? "?";
    const managed = [...new Set(roles.flatMap((r) => arr(r.managedPolicyArns).map((a) => String(a).replace(/^.*:policy\//, ""))))];
    const hours = Math.max(...roles.map((r) => Number(r.maxSessionDuration ?? 3600))) / 3600;
    return [
        `GitHub OIDC for ${repo} (${ofType(c, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length ? "provider created" : "provider adopted"})`,
        `${plural(roles.length, "role")}: ${subjects.map(subjectTail).sort().join(", ")}`,
        managed.join(" + "),
        `sessions ≤ ${hours} h`,
    ].join(" · ");
};

const summarizeDeployIdentity: Summarize = (c: PlannedResource[]) => {
    const provider = first(c, "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider");
    const members = ofType(c, "gcp:serviceaccount/iAMMember:IAMMember").map((m) => String(m.inputs.member).replace(/^.*\/subject\/repo:[^:]+:/, ""));
    const keys = ofType(c, "gcp:serviceaccount/key:Key").length;
    return [
        `workload identity pool ${first(c, "gcp:iam/workloadIdentityPool:WorkloadIdentityPool").workloadIdentityPoolId}`,
        `only ${String(provider.attributeCondition ?? "ANY REPOSITORY")}`,
        `${plural(ofType(c, "gcp:serviceaccount/account:Account").length, "service account")} for ${members.sort().join(", ")}`,
        `${plural(ofType(c, "gcp:projects/iAMMember:IAMMember").length, "project role grant")}`,
        keys ? `${plural(keys, "KEY")}` : "no keys",
    ].join(" · ");
};

export const IDENTITY_SUMMARIES: Record<string, Summarize> = {
    "prodstack:aws:DeployRoles": summarizeDeployRoles,
    "prodstack:gcp:DeployIdentity": summarizeDeployIdentity,
};
