/** AWS IAM rules: policy documents, managed-policy attachments and role trust. */
import type { ResourceCheck, ResourceValidationArgs } from "../../types";
import { arr, known, listing, parseJson, str, type Props } from "../common";
import { isGitHubEnvironmentRole } from "./ci-identity";
import { T, what } from "./types";

/** Identity-policy resources and where their document is. */
const DOCUMENT_OF: Record<string, string> = {
    [T.rolePolicy]: "policy",
    [T.userPolicy]: "policy",
    [T.groupPolicy]: "policy",
    [T.managedPolicy]: "policy",
};

/**
 * Actions that have no resource-level permissions, so `Resource: "*"` is the only way to
 * grant them (Service Authorization Reference): the ECR login token, ECS Exec's session
 * channels, identity and metric calls, EC2's Describe calls.
 */
const UNSCOPABLE = [
    /^ecr:GetAuthorizationToken$/,
    /^ssmmessages:(Create|Open)(Control|Data)Channel$/,
    /^sts:GetCallerIdentity$/,
    /^cloudwatch:PutMetricData$/,
    /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)$/,
    /^ec2:Describe[A-Za-z]+$/,
    /^secretsmanager:(GetRandomPassword|ListSecrets)$/,
    /^s3:ListAllMyBuckets$/,
];

/** Actions that read a secret or decrypt with a key: their resources must be exact ARNs. */
const SECRET_READS = ["secretsmanager:GetSecretValue", "kms:Decrypt"];

/** AWS-managed policies that hand out whole services or the account (AWS's "basic roles"). */
const BROAD_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess)$/;

const POWER_USER = /^arn:aws[a-z-]*:iam::aws:policy\/PowerUserAccess$/;

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));

/** What is too broad in one statement of an identity policy. */
export function broadGrants(statement: Props): string[] {
    if (str(statement.Effect) !== "Allow") return [];
    const out: string[] = [];
    if (statement.NotAction !== undefined) out.push("allows every action except those in NotAction; list the actions it needs");
    if (statement.NotResource !== undefined) out.push("applies to every resource except those in NotResource; list the resources");
    const actions = list(statement.Action);
    const resources = list(statement.Resource);
    const wild = actions.filter((a) => a.includes("*"));
    if (wild.includes("*")) out.push('allows every action ("*")');
    const partial = wild.filter((a) => a !== "*");
    if (partial.length) out.push(`uses the wildcard ${partial.length > 1 ? "actions" : "action"} ${listing(partial)}, which grow as AWS adds actions; list the actions it needs`);
    if (resources.includes("*")) {
        const scopable = actions.filter((a) => a !== "*" && !UNSCOPABLE.some((re) => re.test(a)));
        if (scopable.length) out.push(`grants ${listing(scopable)} on every resource ("*"); name the exact ARNs`);
    }
    const reads = actions.filter((a) => SECRET_READS.includes(a));
    const wildArns = resources.filter((r) => r !== "*" && r.includes("*"));
    if (reads.length && wildArns.length) out.push(`grants ${listing(reads)} on ${listing(wildArns)}; name the exact secret and key ARNs`);
    return out;
}

function statementsOf(doc: unknown): Props[] {
    const parsed = parseJson(doc) as Props | undefined;
    const statements = parsed?.Statement;
    return (Array.isArray(statements) ? statements : statements ? [statements] : []) as Props[];
}

/** Resource policies (who may use the resource) and where their document is. */
const RESOURCE_POLICY_OF: Record<string, string> = {
    [T.kmsKey]: "policy",
    [T.secretPolicy]: "policy",
    [T.repositoryPolicy]: "policy",
};

/** An Allow for principal "*" without a condition: anyone on the internet. */
function allowsAnyone(doc: unknown): boolean {
    return statementsOf(doc).some((s) => {
        if (str(s.Effect) !== "Allow" || s.Condition !== undefined) return false;
        const principal = s.Principal as Props | string | undefined;
        return principal === "*" || list((principal as Props | undefined)?.AWS).includes("*");
    });
}

function judgeDocument(args: ResourceValidationArgs, doc: unknown, where: string, report: (m: string) => void): void {
    statementsOf(doc).forEach((statement, i) => {
        const sid = str(statement.Sid) ? ` ${str(statement.Sid)}` : ` #${i + 1}`;
        for (const problem of broadGrants(statement)) report(`${what(args)}${where} statement${sid} ${problem}.`);
    });
}

export const iamNoBroadRoles: ResourceCheck = {
    types: [...Object.keys(DOCUMENT_OF), ...Object.keys(RESOURCE_POLICY_OF), T.role, T.rolePolicyAttachment, T.policyAttachment],
    check(args, report) {
        const p = args.props;
        if (args.type in RESOURCE_POLICY_OF) {
            // Statements for "*" with a condition (an account, an organization, a source ARN) are not public.
            if (allowsAnyone(known(() => p[RESOURCE_POLICY_OF[args.type]], undefined))) {
                report(`${what(args)} allows anyone ("*" without a condition) to use it; grant named accounts, roles or services only.`);
            }
            return;
        }
        if (args.type in DOCUMENT_OF) {
            // Unknown during a first preview (ARNs of resources not created yet): judged at `pulumi up`.
            const doc = known(() => p[DOCUMENT_OF[args.type]], undefined);
            judgeDocument(args, doc, "", report);
            return;
        }
        const managed = args.type === T.role ? known(() => arr(p.managedPolicyArns).map(str), []) : [str(known(() => p.policyArn, ""))];
        // The documented exception: a CI deploy role trusted only for exact GitHub environment
        // subjects may hold PowerUserAccess (no IAM; its IAM is an inline policy judged below).
        const deployRole = args.type === T.role && isGitHubEnvironmentRole(known(() => p.assumeRolePolicy, undefined));
        for (const arn of managed.filter((a) => BROAD_MANAGED.test(a) && !(deployRole && POWER_USER.test(a)))) {
            report(`${what(args)} attaches ${arn}, which grants whole services or the account; write a policy naming the actions and ARNs it needs.`);
        }
        if (args.type !== T.role) return;
        if (allowsAnyone(known(() => p.assumeRolePolicy, undefined))) {
            report(`${what(args)} may be assumed by anyone (a trust statement allows principal "*" without a condition); name the service or account.`);
        }
        for (const inline of known(() => arr(p.inlinePolicies) as Props[], [])) {
            judgeDocument(args, inline.policy, ` inline policy ${str(inline.name) || "(unnamed)"}`, report);
        }
    },
};
