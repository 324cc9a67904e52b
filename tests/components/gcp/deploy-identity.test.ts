import { DeployIdentity, validateDeployIdentityArgs, type DeployIdentityArgs } from "../../../components/gcp/deploy-identity";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, memo, plan, rejectedArgs } from "../../helpers/inventory";

const ARGS: DeployIdentityArgs = { project: "acme-web-prod", namePrefix: "acme", github: { owner: "acme", repo: "web" }, environments: ["staging", "prod"] };
const POOL = "gcp:iam/workloadIdentityPool:WorkloadIdentityPool";
const PROVIDER = "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider";
const SA = "gcp:serviceaccount/account:Account";
const SA_IAM = "gcp:serviceaccount/iAMMember:IAMMember";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const BUCKET_IAM = "gcp:storage/bucketIAMMember:BucketIAMMember";
const POOL_NAME = "projects/123456789012/locations/global/workloadIdentityPools/acme-github";
const problems = (args: Partial<DeployIdentityArgs>) => argProblems(() => validateDeployIdentityArgs("ci", { ...ARGS, ...args }));
const planned = memo(() => plan(() => {
    const ci = new DeployIdentity("ci", ARGS);
    return { provider: ci.providerName, deploy: ci.deployServiceAccounts, preview: ci.previewServiceAccount };
}));
const rolesOf = (inv: Awaited<ReturnType<typeof planned>>, email: string) =>
    inv.ofType(PROJECT_IAM).filter((r) => r.inputs.member === `serviceAccount:${email}`).map((r) => r.inputs.role);

describe("gcp DeployIdentity", () => {
    it("creates a pool, a GitHub provider accepting one repository only, and its outputs are the workflow variables", async () => {
        const inv = await planned();
        expect(inv.one(POOL).inputs).toEqual({
            project: "acme-web-prod",
            workloadIdentityPoolId: "acme-github",
            displayName: "GitHub Actions",
            description: "GitHub Actions of acme/web (managed by prodstack)",
        });
        expect(inv.one(PROVIDER).inputs).toEqual({
            project: "acme-web-prod",
            workloadIdentityPoolId: "acme-github",
            workloadIdentityPoolProviderId: "github-actions",
            displayName: "GitHub Actions",
            description: "OIDC tokens of acme/web only",
            attributeCondition: "assertion.repository == 'acme/web'",
            attributeMapping: {
                "google.subject": "assertion.sub",
                "attribute.repository": "assertion.repository",
                "attribute.environment": "assertion.environment",
                "attribute.event_name": "assertion.event_name",
            },
            oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
        });
        expect(inv.outputs).toEqual({
            provider: `${POOL_NAME}/providers/github-actions`,
            deploy: { staging: "acme-staging-deployer@acme-web-prod.iam.gserviceaccount.com", prod: "acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com" },
            preview: "acme-previewer@acme-web-prod.iam.gserviceaccount.com",
        });
        const component = inv.one(DeployIdentity.TYPE).urn;
        expect(inv.resources.filter((r) => r.urn !== component && r.parent !== component).map((r) => r.name)).toEqual([]);
        expect(inv.ofType("gcp:serviceaccount/key:Key")).toEqual([]);
        expect(inv.ofType(BUCKET_IAM)).toEqual([]);
    });

    it("lets only each environment's exact subject impersonate its deployer, and only pull requests the previewer", async () => {
        const inv = await planned();
        expect(inv.ofType(SA).map((r) => r.inputs).sort((a, b) => String(a.accountId).localeCompare(String(b.accountId)))).toEqual([
            { project: "acme-web-prod", accountId: "acme-previewer", displayName: "pulumi preview, pull requests" },
            { project: "acme-web-prod", accountId: "acme-prod-deployer", displayName: "pulumi up, GitHub environment prod" },
            { project: "acme-web-prod", accountId: "acme-staging-deployer", displayName: "pulumi up, GitHub environment staging" },
        ]);
        expect(inv.ofType(SA_IAM).map((r) => [r.inputs.serviceAccountId, r.inputs.role, r.inputs.member]).sort()).toEqual([
            ["projects/acme-web-prod/serviceAccounts/acme-previewer@acme-web-prod.iam.gserviceaccount.com", "roles/iam.workloadIdentityUser",
                `principal://iam.googleapis.com/${POOL_NAME}/subject/repo:acme/web:pull_request`],
            ["projects/acme-web-prod/serviceAccounts/acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com", "roles/iam.workloadIdentityUser",
                `principal://iam.googleapis.com/${POOL_NAME}/subject/repo:acme/web:environment:prod`],
            ["projects/acme-web-prod/serviceAccounts/acme-staging-deployer@acme-web-prod.iam.gserviceaccount.com", "roles/iam.workloadIdentityUser",
                `principal://iam.googleapis.com/${POOL_NAME}/subject/repo:acme/web:environment:staging`],
        ]);
    });

    it("grants deployers predefined roles and the previewer read-only predefined roles, never a basic role", async () => {
        const inv = await planned();
        const deployer = rolesOf(inv, "acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com");
        expect([...deployer].sort()).toEqual([
            "roles/run.admin", "roles/cloudsql.admin", "roles/redis.admin", "roles/secretmanager.admin", "roles/storage.admin",
            "roles/artifactregistry.admin", "roles/dns.admin", "roles/cloudscheduler.admin",
            "roles/compute.networkAdmin", "roles/compute.securityAdmin", "roles/compute.loadBalancerAdmin",
            "roles/monitoring.editor", "roles/logging.configWriter", "roles/certificatemanager.editor", "roles/iap.admin",
            "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser", "roles/resourcemanager.projectIamAdmin",
            "roles/serviceusage.serviceUsageAdmin", "roles/servicenetworking.networksAdmin",
        ].sort());
        expect(rolesOf(inv, "acme-staging-deployer@acme-web-prod.iam.gserviceaccount.com")).toEqual(deployer);
        expect(rolesOf(inv, "acme-previewer@acme-web-prod.iam.gserviceaccount.com").sort()).toEqual([
            "roles/run.viewer", "roles/cloudsql.viewer", "roles/redis.viewer", "roles/secretmanager.viewer", "roles/storage.bucketViewer",
            "roles/artifactregistry.reader", "roles/dns.reader", "roles/cloudscheduler.viewer", "roles/compute.viewer",
            "roles/monitoring.viewer", "roles/logging.viewer", "roles/certificatemanager.viewer",
            "roles/iam.serviceAccountViewer", "roles/iam.securityReviewer", "roles/serviceusage.serviceUsageViewer",
        ].sort());
        // One grant per role, named after it.
        for (const [grant, role] of [["ci-prod-deployer-compute-loadbalanceradmin", "roles/compute.loadBalancerAdmin"], ["ci-previewer-iam-securityreviewer", "roles/iam.securityReviewer"]]) {
            expect(inv.named(grant, PROJECT_IAM).inputs.role).toBe(role);
        }
        for (const r of inv.ofType(PROJECT_IAM)) {
            expect(["roles/owner", "roles/editor", "roles/viewer"]).not.toContain(r.inputs.role);
            expect(r.inputs.project).toBe("acme-web-prod");
        }
        expect(inv.named("ci-prod-deployer-run-admin", PROJECT_IAM).dependsOn).toContain(inv.named("ci-prod-deployer", SA).urn);
    });

    it("takes other role lists and lets the previewer read the state bucket and write only its locks", async () => {
        const inv = await plan(() => new DeployIdentity("ci", { ...ARGS, environments: ["prod"], deployerRoles: ["roles/run.admin"], previewerRoles: ["roles/run.viewer"], stateBucket: "acme-pulumi-state" }));
        const component = inv.one(DeployIdentity.TYPE).urn;
        for (const grant of inv.ofType(BUCKET_IAM)) {
            expect(grant).toMatchObject({ parent: component, dependsOn: [inv.named("ci-previewer", SA).urn] });
        }
        expect(inv.ofType(PROJECT_IAM).map((r) => `${r.inputs.member} ${r.inputs.role}`).sort()).toEqual([
            "serviceAccount:acme-previewer@acme-web-prod.iam.gserviceaccount.com roles/run.viewer",
            "serviceAccount:acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com roles/run.admin",
        ]);
        expect(inv.named("ci-previewer-state", BUCKET_IAM).inputs).toEqual(
            { bucket: "acme-pulumi-state", role: "roles/storage.objectViewer", member: "serviceAccount:acme-previewer@acme-web-prod.iam.gserviceaccount.com" });
        expect(inv.named("ci-previewer-locks", BUCKET_IAM).inputs).toEqual({
                bucket: "acme-pulumi-state",
                role: "roles/storage.objectUser",
                member: "serviceAccount:acme-previewer@acme-web-prod.iam.gserviceaccount.com",
                condition: {
                    title: "pulumi-stack-locks-only",
                    description: "Only the DIY backend's lock objects",
                    expression: 'resource.name.startsWith("projects/_/buckets/acme-pulumi-state/objects/.pulumi/locks/")',
                },
            });
    });

    it("accepts the bounds of IDs (pool 4-32, account 6-30) and subjects", () => {
        expect(problems({ namePrefix: "abc" })).toEqual([]);
        expect(problems({ namePrefix: "a".repeat(15), environments: ["abcde"] })).toEqual([]);
        expect(problems({ environments: ["e".repeat(16)] })).toEqual([]);
        expect(problems({ github: { owner: "a".repeat(39), repo: "r".repeat(65) }, environments: ["prod"] })).toEqual([]); // subject of 127
        expect(problems({ deployerRoles: ["roles/run.admin"], previewerRoles: ["roles/browser"] })).toEqual([]);
    });

    it("refuses bad args before registering anything, naming each key", async () => {
        const { error, inv } = await rejectedArgs(() => new DeployIdentity("ci", {
            project: "Acme",
            namePrefix: "gcp-x",
            github: { owner: "acme", repo: "web" },
            environments: ["prod"],
            deployerRoles: ["roles/editor", "admin"],
            previewerRoles: ["roles/viewer"],
            stateBucket: "-x",
        }));
        expect(error.problems).toEqual([
            'project: expected a GCP project ID such as "acme-prod-123", got "Acme"',
            'namePrefix: expected 3 to 15 lowercase letters, digits or hyphens, starting with a letter, not "gcp-", got "gcp-x"',
            'deployerRoles[0]: expected a predefined role, not a basic role (owner, editor, viewer), got "roles/editor"',
            'deployerRoles[1]: expected a predefined role such as "roles/run.admin", got "admin"',
            'previewerRoles[0]: expected a predefined role, not a basic role (owner, editor, viewer), got "roles/viewer"',
            'stateBucket: expected a Cloud Storage bucket name, got "-x"',
        ]);
        expect(inv.resources).toEqual([]);
    });

    it.each([
        ["project", { project: "abcdef" }], ["project", { project: `a${"b".repeat(28)}9` }], ["project", { project: "a-1-b-2" }],
        ["namePrefix", { namePrefix: "gcp" }], ["namePrefix", { namePrefix: "gcpx-a" }], ["namePrefix", { namePrefix: "a-1" }],
        ["stateBucket", { stateBucket: "abc" }], ["stateBucket", { stateBucket: "a".repeat(63) }], ["stateBucket", { stateBucket: "acme_state.v-1" }],
        ["deployerRoles", { deployerRoles: ["roles/compute.networkAdmin", "roles/iam.serviceAccountUser", "roles/browser"] }],
    ] as [string, Partial<DeployIdentityArgs>][])("accepts a good %s: %j", (_key, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each([
        ["project", { project: "abcde" }], ["project", { project: `a${"b".repeat(29)}9` }], ["project", { project: "1acme-prod" }], ["project", { project: "acme-prod-" }],
        ["project", { project: " acme-prod" }], ["project", { project: "acme-prod " }],
        ["namePrefix", { namePrefix: "1ab" }], ["namePrefix", { namePrefix: "abc-" }], ["namePrefix", { namePrefix: "gcp-a" }], ["namePrefix", { namePrefix: " abc" }],
        ["stateBucket", { stateBucket: "ab" }], ["stateBucket", { stateBucket: "a".repeat(64) }], ["stateBucket", { stateBucket: "Acme-state" }],
        ["stateBucket", { stateBucket: "acme-state-" }], ["stateBucket", { stateBucket: " acme" }], ["stateBucket", { stateBucket: "acme state" }],
        ["deployerRoles[0]", { deployerRoles: ["roles/owner"] }], ["deployerRoles[0]", { deployerRoles: ["xroles/run.admin"] }],
        ["deployerRoles[0]", { deployerRoles: ["roles/run.admin "] }], ["deployerRoles[0]", { deployerRoles: ["roles/run..admin"] }],
        ["deployerRoles[0]", { deployerRoles: ["roles/run."] }], ["deployerRoles[0]", { deployerRoles: ["roles/"] }],
        ["deployerRoles[0]", { deployerRoles: ["projects/acme/roles/deployer"] }], ["previewerRoles[0]", { previewerRoles: ["roles/run-viewer"] }],
        ["previewerRoles", { previewerRoles: [] }],
    ] as [string, Partial<DeployIdentityArgs>][])("refuses a bad %s: %j", (key, args) => {
        const found = problems(args);
        expect(found).toHaveLength(1);
        expect(found[0].startsWith(`${key}: expected `)).toBe(true);
    });

    it("checks the repository's subjects only once it has a repository", () => {
        expect(problems({ github: undefined as never })).toEqual([
            'github.owner: expected a GitHub owner: 1 to 39 letters, digits or single hyphens, e.g. "acme", got ""',
            'github.repo: expected a GitHub repository name: 1 to 100 letters, digits, ".", "_" or "-", got ""',
        ]);
        expect(problems({ github: { owner: "acme" } as never })).toEqual(['github.repo: expected a GitHub repository name: 1 to 100 letters, digits, ".", "_" or "-", got ""']);
        expect(problems({ github: { repo: "r".repeat(100) } as never })).toEqual(['github.owner: expected a GitHub owner: 1 to 39 letters, digits or single hyphens, e.g. "acme", got ""']);
        expect(problems({ namePrefix: "abcdefghij", environments: undefined as never })).toEqual([
            'environments: expected at least one GitHub environment name, e.g. ["staging", "prod"], got nothing',
        ]);
    });

    it("refuses IDs and subjects past their limits, and empty role lists", () => {
        expect(problems({ namePrefix: "ab" })).toHaveLength(1);
        expect(problems({ namePrefix: "a".repeat(16) })).toHaveLength(2);
        expect(problems({ environments: ["e".repeat(17)] })).toEqual([
            'environments: expected environment names short enough for the account ID "<namePrefix>-<environment>-deployer" (at most 30 characters), got "acme-eeeeeeeeeeeeeeeee-deployer"',
        ]);
        const long = problems({ github: { owner: "a".repeat(39), repo: "r".repeat(66) }, environments: ["prod"] });
        expect(long).toHaveLength(1);
        expect(long[0]).toMatch(/^github: expected a subject of at most 127 characters \(google.subject\), got "repo:a+\/r+/);
        expect(problems({ deployerRoles: [] })).toEqual(["deployerRoles: expected at least one predefined role, got []"]);
    });
});

describe("gcp DeployIdentity plan summary", () => {
    it("names the pool, the repository condition, who may impersonate which account and the grants", async () => {
        const inv = await planned();
        expect(summarize(DeployIdentity.TYPE, inv.resources)).toBe(
            "workload identity pool acme-github · only assertion.repository == 'acme/web' · 3 service accounts for environment:prod, environment:staging, pull_request · 55 project role grants · no keys",
        );
    });
});
