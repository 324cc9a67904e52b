import { CloudRunJob, type CloudRunJobArgs } from "../../../components/gcp/job";
import { summarize } from "../../../infra/plan/summaries";
import { plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

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
        expect(inv.one(ACCOUNT).inputs.accountId).toBe("acme-prod-migrate-job");
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
        expect(invoker.inputs.accountId).toBe("acme-prod-migrate-sched");
        expect(inv.one(JOB_MEMBER).inputs).toEqual({
            project: "acme-web-prod",
            location: "europe-west1",
            name: "acme-prod-migrate",
            role: "roles/run.invoker",
            member: "serviceAccount:acme-prod-migrate-sched@acme-web-prod.iam.gserviceaccount.com",
        });
        const scheduler = inv.one(SCHEDULER);
        expect(scheduler.inputs).toMatchObject({
            project: "acme-web-prod",
            region: "europe-west1",
            name: "acme-prod-migrate-schedule",
            schedule: "0 3 * * *",
            timeZone: "Europe/Berlin",
            httpTarget: {
                httpMethod: "POST",
                uri: "https://run.googleapis.com/v2/projects/acme-web-prod/locations/europe-west1/jobs/acme-prod-migrate:run",
                oauthToken: { serviceAccountEmail: "acme-prod-migrate-sched@acme-web-prod.iam.gserviceaccount.com", scope: "https://www.googleapis.com/auth/cloud-platform" },
            },
        });
        expect(scheduler.dependsOn).toContain(inv.one(JOB_MEMBER).urn);
        expect((await deploy({ schedule: { cron: "*/30 * * * *" } })).one(SCHEDULER).inputs.timeZone).toBe("Etc/UTC");
    });

    it("wires secrets per secret, VPC egress, sizing, retries, parallelism, URL signing and deletion protection", async () => {
        const inv = await deploy({
            cpu: 2, memoryMiB: 2048, timeoutSeconds: 3600, retries: 2, parallelism: 4, deletionProtection: true, signsUrls: true,
            projectRoles: ["roles/cloudsql.client"],
            secretEnv: { DATABASE_PASSWORD: { secretId: "projects/acme-web-prod/secrets/db-password", version: "3" } },
            vpc: { network: "net", subnetwork: "subnet" },
        });
        const j = job(inv);
        expect(j.deletionProtection).toBe(true);
        expect(j.template).toMatchObject({ taskCount: 4, parallelism: 4, template: { timeout: "3600s", maxRetries: 2 } });
        expect(j.template.template.vpcAccess).toEqual({ networkInterfaces: [{ network: "net", subnetwork: "subnet" }], egress: "PRIVATE_RANGES_ONLY" });
        expect(j.template.template.containers[0].resources).toEqual({ limits: { cpu: "2", memory: "2048Mi" } });
        expect(j.template.template.containers[0].envs).toEqual([
            { name: "DATABASE_PASSWORD", valueSource: { secretKeyRef: { secret: "projects/acme-web-prod/secrets/db-password", version: "3" } } },
        ]);
        const grant = inv.one("gcp:secretmanager/secretIamMember:SecretIamMember");
        expect(grant.inputs.member).toBe("serviceAccount:acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com");
        expect(inv.one(JOB).dependsOn).toContain(grant.urn);
        const signing = inv.one("gcp:serviceaccount/iAMMember:IAMMember").inputs;
        expect(signing).toEqual({
            serviceAccountId: "projects/acme-web-prod/serviceAccounts/acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com",
            role: "roles/iam.serviceAccountTokenCreator",
            member: "serviceAccount:acme-prod-migrate-job@acme-web-prod.iam.gserviceaccount.com",
        });
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
