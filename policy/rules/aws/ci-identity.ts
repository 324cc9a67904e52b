/**
 * AWS rules of short-lived CI credentials: no access keys, and roles trusted through an OIDC
 * provider only with an audience and an exact subject (for GitHub: one repository and
 * environment or event), never a pattern.
 */
import type { ResourceCheck } from "../../types";
import { known, parseJson, str, type Props } from "../common";
import { T, what } from "./types";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function statementsOf(doc: unknown): Props[] {
    const statements = (parseJson(doc) as Props | undefined)?.Statement;
    return list(statements) as Props[];
}

/** `<host>` of a federated principal `arn:…:oidc-provider/<host>`, or undefined when computed. */
function issuerOf(statement: Props): string | undefined {
    const federated = list((statement.Principal as Props | undefined)?.Federated).map(str);
    const host = federated.map((f) => /:oidc-provider\/(.+)$/.exec(f)?.[1]).find(Boolean);
    if (host) return host;
    // Computed provider ARN: the condition keys still name the issuer.
    const keys = Object.values((statement.Condition as Record<string, Props> | undefined) ?? {}).flatMap((c) => Object.keys(c ?? {}));
    return keys.map((k) => /^(.+):(aud|sub)$/.exec(k)?.[1]).find(Boolean);
}

/** What is wrong with one web-identity trust statement. */
export function webIdentityProblems(statement: Props): string[] {
    if (str(statement.Effect) !== "Allow" || !list(statement.Action).map(str).includes(WEB_IDENTITY)) return [];
    const issuer = issuerOf(statement);
    if (!issuer) return ["trusts a web identity without naming its provider in the conditions; require its :aud and an exact :sub"];
    const conditions = (statement.Condition as Record<string, Props> | undefined) ?? {};
    const exact = conditions.StringEquals ?? {};
    const out: string[] = [];
    if (list(exact[`${issuer}:aud`]).length === 0) out.push(`has no StringEquals condition on ${issuer}:aud; require the audience (sts.amazonaws.com)`);
    const subjects = list(exact[`${issuer}:sub`]).map(str);
    const patterns = Object.entries(conditions)
        .filter(([op]) => op !== "StringEquals")
        .flatMap(([op, c]) => list((c ?? {})[`${issuer}:sub`]).map((s) => `${op} ${str(s)}`));
    if (patterns.length) out.push(`matches ${issuer}:sub with ${patterns.join(", ")}; name exact subjects (StringEquals), e.g. repo:<owner>/<repo>:environment:<name>`);
    const wild = subjects.filter((s) => /[*?]/.test(s));
    if (wild.length) out.push(`names the subject ${wild.join(", ")} with a wildcard; name exact subjects`);
    if (subjects.length === 0 && patterns.length === 0) out.push(`has no condition on ${issuer}:sub, so every workload of ${issuer} (any repository) may assume it; require an exact subject`);
    return out;
}

/** An environment-scoped GitHub deploy role: every trust statement is GitHub OIDC for one exact environment subject. */
export function isGitHubEnvironmentRole(assumeRolePolicy: unknown): boolean {
    const statements = statementsOf(assumeRolePolicy);
    return statements.length > 0 && statements.every((s) => {
        if (str(s.Effect) !== "Allow" || webIdentityProblems(s).length || issuerOf(s) !== "token.actions.githubusercontent.com") return false;
        const subjects = list(((s.Condition as Record<string, Props>).StringEquals)["token.actions.githubusercontent.com:sub"]).map(str);
        return list(s.Action).map(str).every((a) => a === WEB_IDENTITY) && subjects.length > 0 && subjects.every((sub) => /^repo:[^:]+\/[^:]+:environment:[^:*?]+$/.test(sub));
    });
}

export const shortLivedCredentials: ResourceCheck = {
    types: [T.accessKey, T.role],
    check(args, report) {
        if (args.type === T.accessKey) {
            report(`${what(args)} is a long-lived credential; let CI assume a role through OIDC (sts:AssumeRoleWithWebIdentity) and give people SSO instead.`);
            return;
        }
        // Unknown during a first preview (the provider ARN is computed): judged at `pulumi up`.
        statementsOf(known(() => args.props.assumeRolePolicy, undefined)).forEach((statement, i) => {
            const sid = str(statement.Sid) ? ` ${str(statement.Sid)}` : ` #${i + 1}`;
            for (const problem of webIdentityProblems(statement)) report(`${what(args)} trust statement${sid} ${problem}.`);
        });
    },
};
