import { DeployRoles } from "../../components/aws/deploy-roles";
import { DeployIdentity } from "../../components/gcp/deploy-identity";
import { memo, plan } from "../helpers/inventory";
import { validateResource } from "./harness";

const POLICY = "ci-short-lived-credentials";
const ROLE = "aws:iam/role:Role";
const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const GH = "token.actions.githubusercontent.com";
const WIP = "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider";
const SA_IAM = "gcp:serviceaccount/iAMMember:IAMMember";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const POOL = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-github";
const trust = (condition: Record<string, Record<string, unknown>>, principal: unknown = { Federated: PROVIDER_ARN }) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Ci", Effect: "Allow", Principal: principal, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }],
});
const messages = async (policy: string, type: string, props: Record<string, unknown>, name = "ci") => (await validateResource(policy, type, props, { name })).messages;

const awsPlan = memo(() => plan(() => new DeployRoles("ci", { namePrefix: "acme", github: { owner: "acme", repo: "web" }, environments: ["staging", "prod"], stateBucket: "acme-state" })));
const gcpPlan = memo(() => plan(() => new DeployIdentity("ci", { project: "acme-web-prod", namePrefix: "acme", github: { owner: "acme", repo: "web" }, environments: ["prod"], stateBucket: "acme-state" })));

describe("ci-short-lived-credentials and iam-no-broad-roles on deploy identities", () => {
    it("pass every resource of aws.DeployRoles (PowerUserAccess is accepted on the environment-scoped deploy roles)", async () => {
        const inv = await awsPlan();
        for (const res of inv.resources.filter((x) => x.type.startsWith("aws:"))) {
            expect(await messages(POLICY, res.type, res.inputs, res.name)).toEqual([]);
            expect(await messages("iam-no-broad-roles", res.type, res.inputs, res.name)).toEqual([]);
        }
        expect(inv.named("ci-deploy-prod", ROLE).inputs.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
    });

    it("pass every resource of gcp.DeployIdentity (deployers may hold project-wide admin roles)", async () => {
        const inv = await gcpPlan();
        for (const res of inv.resources.filter((x) => x.type.startsWith("gcp:"))) {
            expect(await messages(POLICY, res.type, res.inputs, res.name)).toEqual([]);
            expect(await messages("iam-no-broad-roles", res.type, res.inputs, res.name)).toEqual([]);
        }
    });

    it("fail long-lived keys on both clouds", async () => {
        expect(await messages(POLICY, "aws:iam/accessKey:AccessKey", { user: "ci" })).toEqual([
            'IAM access key "ci" is a long-lived credential; let CI assume a role through OIDC (sts:AssumeRoleWithWebIdentity) and give people SSO instead.',
        ]);
        expect(await messages(POLICY, "gcp:serviceaccount/key:Key", { serviceAccountId: "ci" })).toEqual([
            'Service account key "ci" is a long-lived credential; let CI impersonate the account through workload identity federation instead.',
        ]);
        expect(await messages(POLICY, "gcp:storage/hmacKey:HmacKey", { serviceAccountEmail: "ci@p.iam.gserviceaccount.com" })).toEqual([
            'Cloud Storage HMAC key "ci" is a long-lived credential; let CI impersonate the account through workload identity federation instead.',
        ]);
    });

    it("fail AWS web-identity trust with a wildcard or pattern subject, no subject, or no audience", async () => {
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GH}:sub`]: "repo:acme/*" } }) })).toEqual([
            `IAM role "ci" trust statement Ci matches ${GH}:sub with StringLike repo:acme/*; name exact subjects (StringEquals), e.g. repo:<owner>/<repo>:environment:<name>.`,
        ]);
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:acme/web:*" } }) })).toEqual([
            'IAM role "ci" trust statement Ci names the subject repo:acme/web:* with a wildcard; name exact subjects.',
        ]);
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } }) })).toEqual([
            `IAM role "ci" trust statement Ci has no condition on ${GH}:sub, so every workload of ${GH} (any repository) may assume it; require an exact subject.`,
        ]);
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: trust({ StringEquals: { [`${GH}:sub`]: "repo:acme/web:environment:prod" } }) })).toEqual([
            `IAM role "ci" trust statement Ci has no StringEquals condition on ${GH}:aud; require the audience (sts.amazonaws.com).`,
        ]);
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: trust({}, { Federated: "(computed)" }) })).toEqual([
            'IAM role "ci" trust statement Ci trusts a web identity without naming its provider in the conditions; require its :aud and an exact :sub.',
        ]);
    });

    it("pass a service trust and an exact web-identity trust whose provider ARN is still computed", async () => {
        const service = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: service })).toEqual([]);
        const exact = trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:acme/web:pull_request" } }, { Federated: "(computed)" });
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: exact })).toEqual([]);
    });

    it("accept PowerUserAccess only on a role trusted for exact GitHub environment subjects, AdministratorAccess never", async () => {
        const env = trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:acme/web:environment:prod" } });
        const pr = trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:acme/web:pull_request" } });
        const power = "arn:aws:iam::aws:policy/PowerUserAccess";
        const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
        expect(await messages("iam-no-broad-roles", ROLE, { assumeRolePolicy: env, managedPolicyArns: [power] })).toEqual([]);
        expect(await messages("iam-no-broad-roles", ROLE, { assumeRolePolicy: pr, managedPolicyArns: [power] })).toEqual([
            `IAM role "ci" attaches ${power}, which grants whole services or the account; write a policy naming the actions and ARNs it needs.`,
        ]);
        expect(await messages("iam-no-broad-roles", ROLE, { assumeRolePolicy: env, managedPolicyArns: [admin] })).toEqual([
            `IAM role "ci" attaches ${admin}, which grants whole services or the account; write a policy naming the actions and ARNs it needs.`,
        ]);
        const noAudience = trust({ StringEquals: { [`${GH}:sub`]: "repo:acme/web:environment:prod" } });
        expect(await messages("iam-no-broad-roles", ROLE, { assumeRolePolicy: noAudience, managedPolicyArns: [power] })).toHaveLength(1);
    });

    it("fail a GitHub provider not restricted to a repository, and pass other issuers", async () => {
        const github = { oidc: { issuerUri: "https://token.actions.githubusercontent.com" }, attributeMapping: { "google.subject": "assertion.sub" } };
        const message = 'Workload identity provider "ci" accepts GitHub tokens without an attributeCondition on assertion.repository, so any repository on GitHub ' +
            "can exchange tokens with it; add e.g. assertion.repository == '<owner>/<repo>'.";
        expect(await messages(POLICY, WIP, github)).toEqual([message]);
        expect(await messages(POLICY, WIP, { ...github, attributeCondition: "assertion.repository_owner == 'acme'" })).toEqual([message]);
        expect(await messages(POLICY, WIP, { ...github, attributeCondition: "assertion.repository_id == '123'" })).toEqual([]);
        expect(await messages(POLICY, WIP, { oidc: { issuerUri: "https://gitlab.com" } })).toEqual([]);
    });

    it("fail impersonation granted to a whole pool, an owner's every repository or a wildcard", async () => {
        const grant = (member: string, role = "roles/iam.workloadIdentityUser") => messages(POLICY, SA_IAM, { serviceAccountId: "projects/p/serviceAccounts/d@p.iam.gserviceaccount.com", role, member });
        expect(await grant(`${POOL}/*`)).toEqual([`Service account IAM grant "ci" lets ${POOL}/* (every identity of the pool) act as the account; grant it to an exact subject or one repository.`]);
        expect(await grant(`${POOL}/attribute.repository_owner/acme`, "roles/iam.serviceAccountTokenCreator")).toEqual([
            `Service account IAM grant "ci" lets ${POOL}/attribute.repository_owner/acme (every repository of an owner) act as the account; grant it to an exact subject or one repository.`,
        ]);
        expect(await grant(`${POOL}/attribute.repository/acme/*`)).toHaveLength(1);
        expect(await grant(`${POOL}/attribute.repository/acme/web`)).toEqual([]);
        expect(await grant(`${POOL}/*`, "roles/iam.serviceAccountUser")).toEqual([]);
    });

    it("exempts deployers from the project-wide admin rule but never from basic roles", async () => {
        const grant = (member: string, role: string) => messages("iam-no-broad-roles", PROJECT_IAM, { project: "p", role, member });
        expect(await grant("serviceAccount:acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com", "roles/run.admin")).toEqual([]);
        expect(await grant("serviceAccount:api@acme-web-prod.iam.gserviceaccount.com", "roles/run.admin")).toEqual([
            'Project IAM grant "ci" gives serviceAccount:api@acme-web-prod.iam.gserviceaccount.com roles/run.admin on the whole project; grant it on the individual resource instead.',
        ]);
        expect(await grant("serviceAccount:acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com", "roles/editor")).toHaveLength(1);
    });

    it("judge every statement and subject: Deny ignored, unnamed statements numbered, lists of actions and subjects", async () => {
        const doc = JSON.stringify({ Statement: [
            { Effect: "Deny", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity" },
            { Effect: "Allow", Principal: { Federated: [PROVIDER_ARN] }, Action: ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"],
                Condition: { StringEquals: { [`${GH}:aud`]: ["sts.amazonaws.com"], [`${GH}:sub`]: ["repo:acme/web:environment:prod", "repo:acme/web:ref:refs/heads/*"] } } },
        ] });
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: doc })).toEqual([
            'IAM role "ci" trust statement #2 names the subject repo:acme/web:ref:refs/heads/* with a wildcard; name exact subjects.',
        ]);
        const single = JSON.stringify({ Statement: { Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GH}:sub`]: ["repo:acme/web:*", "repo:acme/api:*"] } } } });
        expect(await messages(POLICY, ROLE, { assumeRolePolicy: single })).toEqual([
            `IAM role "ci" trust statement #1 matches ${GH}:sub with StringLike repo:acme/web:*, StringLike repo:acme/api:*; name exact subjects (StringEquals), e.g. repo:<owner>/<repo>:environment:<name>.`,
        ]);
        expect(await messages(POLICY, ROLE, {})).toEqual([]);
    });

    it("accept PowerUserAccess only when every trust statement is a GitHub environment subject", async () => {
        const power = { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] };
        const cond = (sub: unknown) => ({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: sub } });
        const statement = (sub: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity", Condition: cond(sub), ...extra });
        const judge = async (...Statement: unknown[]) => (await messages("iam-no-broad-roles", ROLE, { ...power, assumeRolePolicy: JSON.stringify({ Statement }) })).length;
        expect(await judge(statement("repo:acme/web:environment:prod"), statement(["repo:acme/web:environment:staging", "repo:acme/web:environment:prod"]))).toBe(0);
        expect(await judge()).toBe(1);
        expect(await judge(statement("repo:acme/web:environment:prod"), { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" })).toBe(1);
        expect(await judge(statement("repo:acme/web:environment:prod", { Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"] }))).toBe(1);
        expect(await judge(statement("repo:acme/web:environment:prod", { Effect: "Deny" }))).toBe(1);
        expect(await judge(statement("repo:acme/web:ref:refs/heads/main"))).toBe(1);
        expect(await judge(statement("repo:acme:environment:prod"))).toBe(1);
        expect(await judge(statement([]))).toBe(1);
        const gitlab = { Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/gitlab.com" }, Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "gitlab.com:aud": "sts.amazonaws.com", "gitlab.com:sub": "repo:acme/web:environment:prod" } } };
        expect(await judge(gitlab)).toBe(1);
    });

    it("leave other members and roles of service accounts alone, and judge each member of a binding", async () => {
        const sa = "projects/p/serviceAccounts/d@p.iam.gserviceaccount.com";
        expect(await messages(POLICY, SA_IAM, { serviceAccountId: sa, role: "roles/iam.workloadIdentityUser", member: "serviceAccount:x@p.iam.gserviceaccount.com" })).toEqual([]);
        expect(await messages(POLICY, "gcp:serviceaccount/iAMBinding:IAMBinding", {
            serviceAccountId: sa, role: "roles/iam.workloadIdentityUser", members: [`${POOL}/attribute.repository/acme/web`, `${POOL}/*`],
        })).toEqual([`Service account IAM binding "ci" lets ${POOL}/* (every identity of the pool) act as the account; grant it to an exact subject or one repository.`]);
        expect(await messages(POLICY, WIP, { oidc: { issuerUri: "https://token.actions.githubusercontent.com" }, attributeCondition: "assertion.repository=='acme/web'" })).toEqual([]);
        expect(await messages(POLICY, WIP, { aws: { accountId: "123456789012" } })).toEqual([]);
    });
});
