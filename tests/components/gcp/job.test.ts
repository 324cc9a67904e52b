import * as pulumi from "@pulumi/pulumi";
import { CloudRunJob, type CloudRunJobArgs, validateCloudRunJobArgs } from "../../../components/gcp/job";
import { memoryBoundsMiB } from "../../../components/gcp/workload";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const IMAGE = "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0";
const ARGS: CloudRunJobArgs = {
    project: "acme-web-prod",
    region: "europe-west1",
    namePrefix: "acme-prod",
    jobName: "migrate",
    image: IMAGE,
    args: ["manage.py", "migrate", "--noinput"],
};
const JOB = "gcp:cloudrunv2/job:Job";
const SCHEDULER = "gcp:cloudscheduler/job:Job";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const JOB_MEMBER = "gcp:cloudrunv2/jobIamMember:JobIamMember";

const deploy = (args: Partial<CloudRunJobArgs> = {}) => plan(() => {
    new CloudRunJob("migrate", { ...ARGS, ...args });
});
const job = (inv: Inventory) => inv.one(JOB).inputs as Record<string, any>;

describe("gcp CloudRunJob", () => {
    it("runs a gen2 job with its own identity, whole vCPU, no retries and a 10-minute task timeout by default", async () => {
        const inv = await deploy();
        expect(inv.counts()).toEqual({
            "prodstack:gcp:CloudRunJob": 1,
            [JOB]: 1,
            [ACCOUNT]: 1,
            "gcp:projects/iAMMember:IAMMember": 2,
        });
        expect(job(inv)).toEqual({
            project: "acme-web-prod",
            location: "europe-west1",
            name: "acme-prod-migrate",
            labels: { job: "migrate" },
            deletionProtection: false,
            template: {
                labels: { job: "migrate" },
                taskCount: 1,
                parallelism: 1,
                template: {
                    serviceAccount: "acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com",
                    executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
                    timeout: "600s",
                    maxRetries: 0,
                    containers: [{
                        name: "app",
                        image: IMAGE,
                        args: ["manage.py", "migrate", "--noinput"],
                        resources: { limits: { cpu: "1", memory: "512Mi" } },
                        envs: [],
                    }],
                },
            },
        });
        expect(inv.one(ACCOUNT).inputs).toEqual({
            project: "acme-web-prod",
            accountId: "acme-prod-migrate-job",
            displayName: "Cloud Run job acme-prod-migrate",
            description: "Identity of Cloud Run job acme-prod-migrate (managed by prodstack)",
        });
        expect(inv.ofType("gcp:projects/iAMMember:IAMMember").map((g) => g.name).sort()).toEqual(["migrate-logging-logwriter", "migrate-monitoring-metricwriter"]);
    });

    it("runs on deploy through an execution token drawn again when the image, command or args change", async () => {
        const inv = await deploy({ runOnDeploy: true, labels: { team: "web" }, env: { LOG_LEVEL: "debug" } });
        const token = inv.one("random:index/randomId:RandomId");
        // What the token keeps: a change to any of these replaces it, and the new value starts an
        // execution (also when going back to an earlier image); labels and env do not.
        expect(token.inputs).toEqual({
            byteLength: 6,
            keepers: { image: IMAGE, command: "null", args: '["manage.py","migrate","--noinput"]' },
        });
        expect(token.parent).toBe(inv.one("prodstack:gcp:CloudRunJob").urn);
        // The placeholder hex of the offline plan flows into the job.
        expect(job(inv).runExecutionToken).toMatch(/^[0-9a-f]{8}$/);
        expect(inv.one(JOB).dependsOn).toContain(token.urn);
        // Job name (at most 48) + token (12 hex digits) stay under the provider's limit of 63.
        expect(job(inv).name.length).toBeLessThanOrEqual(48);
        const plain = await deploy();
        expect(job(plain).runExecutionToken).toBeUndefined();
        expect(plain.ofType("random:index/randomId:RandomId")).toHaveLength(0);
    });

    it("schedules through Cloud Scheduler with its own invoker identity, allowed to run this job only", async () => {
        const inv = await deploy({ schedule: { cron: "0 3 * * *", timeZone: "Europe/Berlin" } });
        const invoker = inv.named("migrate-scheduler-sa", ACCOUNT);
        expect(invoker.inputs).toEqual({
            project: "acme-web-prod",
            accountId: "acme-prod-migrate-sched",
            displayName: "Scheduler of Cloud Run job acme-prod-migrate",
            description: "Starts Cloud Run job acme-prod-migrate on its schedule (managed by prodstack)",
        });
        expect(invoker.parent).toBe(inv.one("prodstack:gcp:CloudRunJob").urn);
        expect(inv.one(JOB_MEMBER).inputs).toEqual({
            project: "acme-web-prod",
            location: "europe-west1",
            name: "acme-prod-migrate",
            role: "roles/run.invoker",
            member: "serviceAccount:acme-prod-migrate-sched@acme-web-prod.iam.gserviceaccount.com",
        });
        const scheduler = inv.one(SCHEDULER);
        expect(scheduler.inputs).toEqual({
            project: "acme-web-prod",
            region: "europe-west1",
            name: "acme-prod-migrate-schedule",
            description: "Runs Cloud Run job acme-prod-migrate (managed by prodstack)",
            schedule: "0 3 * * *",
            timeZone: "Europe/Berlin",
            attemptDeadline: "180s",
            retryConfig: { retryCount: 1 },
            httpTarget: {
                httpMethod: "POST",
                uri: "https://run.googleapis.com/v2/projects/acme-web-prod/locations/europe-west1/jobs/acme-prod-migrate:run",
                oauthToken: { serviceAccountEmail: "acme-prod-migrate-sched@acme-web-prod.iam.gserviceaccount.com", scope: "https://www.googleapis.com/auth/cloud-platform" },
            },
        });
        expect(scheduler.dependsOn).toContain(inv.one(JOB_MEMBER).urn);
        for (const child of [scheduler, inv.one(JOB_MEMBER)]) expect(child.parent).toBe(inv.one("prodstack:gcp:CloudRunJob").urn);
        expect((await deploy({ schedule: { cron: "*/30 * * * *" } })).one(SCHEDULER).inputs.timeZone).toBe("Etc/UTC");
    });

    it("wires secrets per secret, VPC egress, sizing, retries, parallelism, URL signing and deletion protection", async () => {
        const DB_PASSWORD = "projects/acme-web-prod/secrets/db-password";
        const inv = await deploy({
            cpu: 2, memoryMiB: 2048, timeoutSeconds: 3600, retries: 2, parallelism: 4, deletionProtection: true, signsUrls: true,
            projectRoles: ["roles/cloudsql.client"],
            env: { LOG_LEVEL: "debug", APP_MODE: "batch" },
            secretEnv: {
                DATABASE_PASSWORD: { secretId: DB_PASSWORD, version: "3" },
                // Two variables, one secret: one grant, formerly named after the first variable by name.
                Z_TOKEN: { secretId: "acme-prod-token" },
                A_TOKEN: { secretId: "acme-prod-token" },
                // An output secret ID without a key: the grant is named after the variable.
                SESSION_SECRET: { secretId: pulumi.output("projects/acme-web-prod/secrets/session") },
            },
            secretFiles: {
                "/etc/app/db/password": { secretId: DB_PASSWORD }, // also read as env: its grant, not a second one
                "/etc/app/ca/ca.pem": { secretId: "acme-prod-ca" },
                "/etc/app/tls/key.pem": { secretId: pulumi.output("projects/acme-web-prod/secrets/tls-key") },
                "/etc/app/z/shared.pem": { secretId: "acme-prod-shared", key: "shared-z" },
                "/etc/app/a/shared.pem": { secretId: "acme-prod-shared", key: "shared-a" },
            },
            vpc: { network: "net", subnetwork: "subnet" },
        });
        const j = job(inv);
        expect(j.deletionProtection).toBe(true);
        expect(j.template).toMatchObject({ taskCount: 4, parallelism: 4, template: { timeout: "3600s", maxRetries: 2 } });
        expect(j.template.template.vpcAccess).toEqual({ networkInterfaces: [{ network: "net", subnetwork: "subnet" }], egress: "PRIVATE_RANGES_ONLY" });
        expect(j.template.template.containers[0].resources).toEqual({ limits: { cpu: "2", memory: "2048Mi" } });
        // Plain and secret variables, sorted by name together.
        const secretRef = (secret: string, version = "latest") => ({ secretKeyRef: { secret, version } });
        expect(j.template.template.containers[0].envs).toEqual([
            { name: "APP_MODE", value: "batch" },
            { name: "A_TOKEN", valueSource: secretRef("acme-prod-token") },
            { name: "DATABASE_PASSWORD", valueSource: secretRef(DB_PASSWORD, "3") },
            { name: "LOG_LEVEL", value: "debug" },
            { name: "SESSION_SECRET", valueSource: secretRef("projects/acme-web-prod/secrets/session") },
            { name: "Z_TOKEN", valueSource: secretRef("acme-prod-token") },
        ]);
        // One grant per secret, named after its key, else its literal ID, else the variable or file;
        // the first variable (by name) reading a secret gives the grant's former name.
        const grants = inv.ofType("gcp:secretmanager/secretIamMember:SecretIamMember");
        expect(Object.fromEntries(grants.map((g) => [g.name, { secretId: g.inputs.secretId, formerly: g.aliases.map((a: any) => a.spec.name) }]))).toEqual({
            "migrate-secret-projects-acme-web-prod-secrets-db-password": { secretId: DB_PASSWORD, formerly: ["migrate-secret-database-password"] },
            "migrate-secret-acme-prod-token": { secretId: "acme-prod-token", formerly: ["migrate-secret-a-token"] },
            "migrate-secret-session-secret": { secretId: "projects/acme-web-prod/secrets/session", formerly: [] },
            "migrate-secret-acme-prod-ca": { secretId: "acme-prod-ca", formerly: [] },
            "migrate-secret-etc-app-tls-key-pem": { secretId: "projects/acme-web-prod/secrets/tls-key", formerly: [] },
            "migrate-secret-shared-a": { secretId: "acme-prod-shared", formerly: [] },
        });
        for (const grant of grants) {
            expect(grant.inputs).toMatchObject({ role: "roles/secretmanager.secretAccessor", member: "serviceAccount:acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com" });
            expect(inv.one(JOB).dependsOn).toContain(grant.urn);
        }
        const signing = inv.one("gcp:serviceaccount/iAMMember:IAMMember");
        expect(signing.inputs).toEqual({
            serviceAccountId: "projects/acme-web-prod/serviceAccounts/acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com",
            role: "roles/iam.serviceAccountTokenCreator",
            member: "serviceAccount:acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com",
        });
        expect(signing.parent).toBe(inv.one("prodstack:gcp:CloudRunJob").urn);
        expect(inv.one(JOB).dependsOn).toContain(signing.urn);
    });

    it("summarizes what runs and when", async () => {
        const inv = await deploy({ runOnDeploy: true, schedule: { cron: "0 3 * * *", timeZone: "Europe/Berlin" } });
        const descendants = inv.resources.filter((r) => r.parent !== null && r.type !== "prodstack:gcp:CloudRunJob");
        expect(summarize(CloudRunJob.TYPE, descendants)).toBe(
            "acme-prod-migrate · 1 vCPU / 512 MiB · runs on deploy · daily 03:00 Europe/Berlin · 1 task, 0 retries, 600 s timeout · no VPC egress · own identity (2 project roles, 0 secrets) · pinned image",
        );
    });

    it("rejects what Cloud Run or Cloud Scheduler would reject, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new CloudRunJob("migrate", {
            ...ARGS, jobName: "Migrate", cpu: 0.5, timeoutSeconds: 86401, retries: 11, parallelism: 0,
            schedule: { cron: "every day", timeZone: "Berlin" }, env: { CLOUD_RUN_TASK_INDEX: "0" }, command: [],
        }));
        expect(error.problems).toEqual([
            'jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "Migrate"',
            "command: expected a non-empty list of non-empty strings (an argv list, no shell), got []",
            'env.CLOUD_RUN_TASK_INDEX: expected a name Cloud Run does not set itself, got "CLOUD_RUN_TASK_INDEX"',
            "cpu: expected 1, 2, 4, 6 or 8 vCPU (CPU is always allocated, so no fraction), got 0.5",
            "timeoutSeconds: expected an integer from 1 to 86400, got 86401",
            "retries: expected an integer from 0 to 10, got 11",
            "parallelism: expected an integer from 1 to 100, got 0",
            'schedule.cron: expected a five-field cron expression such as "0 3 * * *", got "every day"',
            'schedule.timeZone: expected an IANA time zone such as "Europe/Berlin", got "Berlin"',
        ]);
        expect(inv.resources).toHaveLength(0);
        const memory = await rejectedArgs(() => new CloudRunJob("migrate", { ...ARGS, cpu: 1, memoryMiB: 8192 }));
        expect(memory.error.problems).toEqual(["memoryMiB: expected 512 to 4096 MiB with 1 vCPU, got 8192"]);
    });
});

// What every Cloud Run workload shares (components/gcp/workload.ts), checked through the job's
// validator without planning: accepted values at each bound, rejected ones on the other side and
// with text before or after a valid value.
describe("gcp Cloud Run workload args (shared by jobs, worker pools and services)", () => {
    const problems = (args: Partial<CloudRunJobArgs>) => argProblems(() => validateCloudRunJobArgs("migrate", { ...ARGS, ...args }));
    const DIGEST = "0123456789abcdef".repeat(4);

    it.each([
        { project: "acme-1" },
        { project: `a${"b".repeat(28)}9` },
        { region: "europe-west12" },
        { namePrefix: "ab" },
        { namePrefix: `a${"b".repeat(28)}9` },
        { image: "localhost:5000/api:1" },
        { image: `ghcr.io/acme/api@sha256:${DIGEST}` },
        { image: "europe-docker.pkg.dev/acme/apps/api:latest-20261130" },
        { image: `europe-docker.pkg.dev/acme/apps/api:v${"1".repeat(127)}` },
        { image: Promise.resolve("checked by the cloud") },
        { image: undefined, build: { repositoryUrl: "europe-west1-docker.pkg.dev/acme/images", context: "." } },
        { command: ["celery"], args: ["-A", "app"] },
        { secretEnv: { TOKEN: { secretId: "acme-prod-token", version: "12", key: "a1-token" } } },
        { secretEnv: { TOKEN: { secretId: "projects/acme-web-prod/secrets/token", version: Promise.resolve("3") } } },
        { projectRoles: ["roles/cloudsql.client", "roles/run.invoker"] },
        { vpc: { network: "net", subnetwork: "subnet", egress: "all-traffic" } },
        { vpc: { network: "net", subnetwork: "subnet", egress: "private-ranges-only" } },
        { labels: { [`t${"e".repeat(62)}`]: "v".repeat(63), team: "", "cost_center-1": "web_1-a" } },
        { cpu: 1, memoryMiB: 4096 },
        { cpu: 2, memoryMiB: 8192 },
        { cpu: 8, memoryMiB: 4096 },
        { cpu: 8, memoryMiB: 32768 },
        // The job's own args.
        { jobName: "m" },
        { jobName: `m${"i".repeat(18)}9` },
        { timeoutSeconds: 1, retries: 0, parallelism: 1 },
        { timeoutSeconds: 86400, retries: 10, parallelism: 100 },
    ] as Array<Partial<CloudRunJobArgs>>)("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each([
        [{ project: "acme-" }, ['project: expected a GCP project ID such as "acme-prod-123", got "acme-"']],
        [{ project: `a${"b".repeat(29)}9` }, [`project: expected a GCP project ID such as "acme-prod-123", got "a${"b".repeat(29)}9"`]],
        [{ project: "1acme-web-prod" }, ['project: expected a GCP project ID such as "acme-prod-123", got "1acme-web-prod"']],
        [{ project: "acme-web-prod-" }, ['project: expected a GCP project ID such as "acme-prod-123", got "acme-web-prod-"']],
        [{ region: "1europe-west1" }, ['region: expected a GCP region such as "europe-west1", got "1europe-west1"']],
        [{ region: "europe-west1a" }, ['region: expected a GCP region such as "europe-west1", got "europe-west1a"']],
        [{ namePrefix: "1acme" }, ['namePrefix: expected 2-30 lowercase letters, digits or hyphens, starting with a letter, got "1acme"']],
        [{ namePrefix: "acme-" }, ['namePrefix: expected 2-30 lowercase letters, digits or hyphens, starting with a letter, got "acme-"']],
        ...[
            "Europe-docker.pkg.dev/acme/apps/api:1.0.0",
            "europe-docker.pkg.dev/acme/apps/api:1.0.0+build",
            "api:1.0.0",
            "europe-docker.pkg.dev/acme/apps/api",
            "europe-docker.pkg.dev/acme/apps/api:latest",
            `europe-docker.pkg.dev/acme/apps/api:v${"1".repeat(128)}`,
            `ghcr.io/acme/api@sha256:${DIGEST.slice(1)}`,
        ].map((image) => [{ image }, [`image: expected a pinned image reference: "host/repo/name:tag" (not "latest") or "host/repo/name@sha256:<digest>", got ${JSON.stringify(image)}`]]),
        [{ build: { repositoryUrl: "europe-west1-docker.pkg.dev/acme/images", context: "." } },
            [`image: expected exactly one of \`image\` (a pinned reference) or \`build\` (a build context), got "${IMAGE}"`]],
        [{ image: undefined }, ["image: expected exactly one of `image` (a pinned reference) or `build` (a build context), got nothing"]],
        [{ command: [""], args: ["manage.py", ""] }, [
            'command: expected a non-empty list of non-empty strings (an argv list, no shell), got [""]',
            'args: expected a non-empty list of non-empty strings (an argv list, no shell), got ["manage.py",""]',
        ]],
        [{ args: [["manage.py"]] as unknown as string[] }, ['args: expected a non-empty list of non-empty strings (an argv list, no shell), got [["manage.py"]]']],
        [{ secretEnv: { "bad-name": { secretId: "acme-prod-token" }, CLOUD_RUN_JOB: { secretId: "acme-prod-job" } } }, [
            'secretEnv.bad-name: expected an environment variable name of letters, digits and underscores, got "bad-name"',
            'secretEnv.CLOUD_RUN_JOB: expected a name Cloud Run does not set itself, got "CLOUD_RUN_JOB"',
        ]],
        [{ secretEnv: { A: { secretId: "secrets/token" }, B: { secretId: "token/versions/3" }, C: { secretId: "acme-token", version: "3a" } } }, [
            'secretEnv.A.secretId: expected a secret ID or "projects/<project>/secrets/<id>", got "secrets/token"',
            'secretEnv.B.secretId: expected a secret ID or "projects/<project>/secrets/<id>", got "token/versions/3"',
            'secretEnv.C.version: expected a version number or "latest", got "3a"',
        ]],
        [{ secretEnv: { TOKEN: { secretId: "acme-token", key: "token_1" } } },
            ['secretEnv.TOKEN.key: expected a key of up to 100 lowercase letters, digits and hyphens such as "session-secret", got "token_1"']],
        // Listed out of order: the first by name keeps the key, the other is named.
        [{ secretEnv: { B_TOKEN: { secretId: "acme-b", key: "token" }, A_TOKEN: { secretId: "acme-a", key: "token" } } },
            ['secretEnv.B_TOKEN.key: expected a key of its own: A_TOKEN reads another secret under the grant key "token", got "token"']],
        // Without keys, two secret IDs that differ only in punctuation would name one grant.
        [{ secretEnv: { A_TOKEN: { secretId: "acme_token" }, B_TOKEN: { secretId: "acme-token" } } },
            ['secretEnv.B_TOKEN.key: expected a key of its own: A_TOKEN reads another secret under the grant key "acme-token", got "acme-token"']],
        [{ projectRoles: ["roles/owner", "roles/viewer", "roles/browser", "roles/resourcemanager.projectIamAdmin", "projects/acme/roles/custom", "roles/cloudsql.client/x"] }, [
            'projectRoles[0]: expected a predefined role, not a basic role, got "roles/owner"',
            'projectRoles[1]: expected a predefined role, not a basic role, got "roles/viewer"',
            'projectRoles[2]: expected a predefined role, not a basic role, got "roles/browser"',
            'projectRoles[3]: expected no IAM administration or impersonation role, got "roles/resourcemanager.projectIamAdmin"',
            'projectRoles[4]: expected a predefined role such as "roles/cloudsql.client", got "projects/acme/roles/custom"',
            'projectRoles[5]: expected a predefined role such as "roles/cloudsql.client", got "roles/cloudsql.client/x"',
        ]],
        [{ vpc: { network: "net", subnetwork: "subnet", egress: "public" as "all-traffic" } }, ['vpc.egress: expected one of "private-ranges-only", "all-traffic", got "public"']],
        [{ labels: { Team: "web", _team: "web", "team!": "web" } }, [
            'labels.Team: expected a label key: lowercase letter first, then up to 62 of [a-z0-9_-], got "Team"',
            'labels._team: expected a label key: lowercase letter first, then up to 62 of [a-z0-9_-], got "_team"',
            'labels.team!: expected a label key: lowercase letter first, then up to 62 of [a-z0-9_-], got "team!"',
        ]],
        [{ labels: { [`t${"e".repeat(63)}`]: "web" } }, [`labels.t${"e".repeat(63)}: expected a label key: lowercase letter first, then up to 62 of [a-z0-9_-], got "t${"e".repeat(63)}"`]],
        [{ labels: { team: "Web", owner: "web!", cost: "v".repeat(64) } }, [
            'labels.team: expected a label value: up to 63 of [a-z0-9_-], got "Web"',
            'labels.owner: expected a label value: up to 63 of [a-z0-9_-], got "web!"',
            `labels.cost: expected a label value: up to 63 of [a-z0-9_-], got "${"v".repeat(64)}"`,
        ]],
        [{ cpu: 3 }, ["cpu: expected 1, 2, 4, 6 or 8 vCPU (CPU is always allocated, so no fraction), got 3"]],
        [{ memoryMiB: 100.5 }, ["memoryMiB: expected an integer number of MiB, got 100.5"]],
        [{ cpu: 1, memoryMiB: 511 }, ["memoryMiB: expected 512 to 4096 MiB with 1 vCPU, got 511"]],
        [{ cpu: 1, memoryMiB: 4097 }, ["memoryMiB: expected 512 to 4096 MiB with 1 vCPU, got 4097"]],
        [{ cpu: 8, memoryMiB: 4095 }, ["memoryMiB: expected 4096 to 32768 MiB with 8 vCPU, got 4095"]],
        // The job's own args.
        [{ jobName: "1migrate" }, ['jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "1migrate"']],
        [{ jobName: "migrate-" }, ['jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "migrate-"']],
        [{ jobName: `m${"i".repeat(19)}9` }, [`jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "m${"i".repeat(19)}9"`]],
        [{ timeoutSeconds: 0, retries: -1, parallelism: 101 }, [
            "timeoutSeconds: expected an integer from 1 to 86400, got 0",
            "retries: expected an integer from 0 to 10, got -1",
            "parallelism: expected an integer from 1 to 100, got 101",
        ]],
        [{ env: { CLOUD_RUN_JOB: "x", CLOUD_RUN_EXECUTION: "x", CLOUD_RUN_TASK_ATTEMPT: "x", CLOUD_RUN_TASK_COUNT: "x" } }, [
            'env.CLOUD_RUN_JOB: expected a name Cloud Run does not set itself, got "CLOUD_RUN_JOB"',
            'env.CLOUD_RUN_EXECUTION: expected a name Cloud Run does not set itself, got "CLOUD_RUN_EXECUTION"',
            'env.CLOUD_RUN_TASK_ATTEMPT: expected a name Cloud Run does not set itself, got "CLOUD_RUN_TASK_ATTEMPT"',
            'env.CLOUD_RUN_TASK_COUNT: expected a name Cloud Run does not set itself, got "CLOUD_RUN_TASK_COUNT"',
        ]],
    ] as Array<[Partial<CloudRunJobArgs>, string[]]>)("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });

    it("bounds memory per vCPU as Cloud Run does, with a lower floor in the first generation", () => {
        expect([0.25, 0.5, 0.999, 1, 2, 4, 6, 8].map((cpu) => memoryBoundsMiB(cpu, "gen1"))).toEqual([
            { min: 128, max: 512 },
            { min: 128, max: 1024 },
            { min: 128, max: 1024 },
            { min: 128, max: 4096 },
            { min: 128, max: 8192 },
            { min: 2048, max: 16384 },
            { min: 4096, max: 24576 },
            { min: 4096, max: 32768 },
        ]);
        expect(memoryBoundsMiB(1, "gen2")).toEqual({ min: 512, max: 4096 });
    });
});
