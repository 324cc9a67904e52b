import { CloudRunWorkerPool, type CloudRunWorkerPoolArgs, validateCloudRunWorkerPoolArgs } from "../../../components/gcp/worker-pool";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const IMAGE = "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0";
const ARGS: CloudRunWorkerPoolArgs = {
    project: "acme-web-prod",
    region: "europe-west1",
    namePrefix: "acme-prod",
    workerName: "worker",
    image: IMAGE,
    command: ["celery"],
    args: ["-A", "app", "worker"],
};
const POOL = "gcp:cloudrunv2/workerPool:WorkerPool";

const deploy = (args: Partial<CloudRunWorkerPoolArgs> = {}) => plan(() => {
    new CloudRunWorkerPool("worker", { ...ARGS, ...args });
});
const pool = (inv: Inventory) => inv.one(POOL).inputs as Record<string, any>;

describe("gcp CloudRunWorkerPool", () => {
    it("runs one always-on instance with no port, probe or ingress, as its own identity, by default", async () => {
        const inv = await deploy();
        expect(inv.counts()).toEqual({
            "prodstack:gcp:CloudRunWorkerPool": 1,
            [POOL]: 1,
            "gcp:serviceaccount/account:Account": 1,
            "gcp:projects/iAMMember:IAMMember": 2,
        });
        expect(pool(inv)).toEqual({
            project: "acme-web-prod",
            location: "europe-west1",
            name: "acme-prod-worker",
            description: "worker of acme-prod (managed by prodstack)",
            labels: { worker: "worker" },
            deletionProtection: false,
            scaling: { scalingMode: "MANUAL", manualInstanceCount: 1 },
            template: {
                labels: { worker: "worker" },
                serviceAccount: "acme-prod-worker-wrk@acme-web-prod.iam.gserviceaccount.com",
                containers: [{
                    name: "app",
                    image: IMAGE,
                    commands: ["celery"],
                    args: ["-A", "app", "worker"],
                    resources: { limits: { cpu: "1", memory: "512Mi" } },
                    envs: [],
                }],
            },
        });
        expect(inv.one("gcp:serviceaccount/account:Account").inputs).toEqual({
            project: "acme-web-prod",
            accountId: "acme-prod-worker-wrk",
            displayName: "Cloud Run worker pool acme-prod-worker",
            description: "Identity of Cloud Run worker pool acme-prod-worker (managed by prodstack)",
        });
    });

    it("rolls out after what it must wait for, with VPC egress, secrets, instances and protection", async () => {
        const inv = await plan(() => {
            const migration = new CloudRunWorkerPool("before", { ...ARGS, workerName: "before" });
            new CloudRunWorkerPool("worker", {
                ...ARGS,
                instances: 3,
                cpu: 2,
                memoryMiB: 4096,
                deletionProtection: true,
                deployAfter: [migration.workerPool],
                secretEnv: { BROKER_URL: { secretId: "projects/acme-web-prod/secrets/broker-url" } },
                vpc: { network: "net", subnetwork: "subnet", egress: "all-traffic" },
            });
        });
        const worker = inv.named("worker-pool", POOL);
        expect(worker.inputs).toMatchObject({ deletionProtection: true, scaling: { scalingMode: "MANUAL", manualInstanceCount: 3 } });
        expect((worker.inputs as any).template.vpcAccess).toEqual({ networkInterfaces: [{ network: "net", subnetwork: "subnet" }], egress: "ALL_TRAFFIC" });
        expect((worker.inputs as any).template.containers[0].resources).toEqual({ limits: { cpu: "2", memory: "4096Mi" } });
        expect(worker.dependsOn).toContain(inv.named("before-pool", POOL).urn);
        expect(worker.dependsOn).toContain(inv.named("worker-secret-projects-acme-web-prod-secrets-broker-url").urn);
    });

    it("summarizes a fixed, always-on pool", async () => {
        const inv = await deploy({ instances: 2 });
        expect(summarize(CloudRunWorkerPool.TYPE, inv.resources.filter((r) => r.parent !== null))).toBe(
            "acme-prod-worker · worker pool, 2 instances always on · 1 vCPU / 512 MiB · no ingress · no VPC egress · own identity (2 project roles, 0 secrets) · pinned image",
        );
    });

    it("rejects fractional CPU, zero instances and reserved env before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new CloudRunWorkerPool("worker", {
            ...ARGS, cpu: 0.5, instances: 0, env: { CLOUD_RUN_WORKER_POOL: "x" }, projectRoles: ["roles/editor"],
        }));
        expect(error.problems).toEqual([
            'env.CLOUD_RUN_WORKER_POOL: expected a name Cloud Run does not set itself, got "CLOUD_RUN_WORKER_POOL"',
            'projectRoles[0]: expected a predefined role, not a basic role, got "roles/editor"',
            "cpu: expected 1, 2, 4, 6 or 8 vCPU (CPU is always allocated, so no fraction), got 0.5",
            "instances: expected an integer from 1 to 1000, got 0",
        ]);
        expect(inv.resources).toHaveLength(0);
        expect((await deploy({ instances: 1000 })).one(POOL).inputs.scaling).toEqual({ scalingMode: "MANUAL", manualInstanceCount: 1000 });
    });
});

describe("gcp CloudRunWorkerPool args, without planning", () => {
    const problems = (args: Partial<CloudRunWorkerPoolArgs>) => argProblems(() => validateCloudRunWorkerPoolArgs("worker", { ...ARGS, ...args }));

    it.each([
        { workerName: "w" },
        { workerName: `w${"o".repeat(18)}9` },
        { instances: 1 },
        { cpu: 4, memoryMiB: 16384 },
    ] as Array<Partial<CloudRunWorkerPoolArgs>>)("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each([
        [{ workerName: "1worker" }, ['workerName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "1worker"']],
        [{ workerName: "worker-" }, ['workerName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "worker-"']],
        [{ workerName: `w${"o".repeat(19)}9` }, [`workerName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "w${"o".repeat(19)}9"`]],
        [{ instances: 1001 }, ["instances: expected an integer from 1 to 1000, got 1001"]],
        [{ cpu: 4, memoryMiB: 2047 }, ["memoryMiB: expected 2048 to 16384 MiB with 4 vCPU, got 2047"]],
        [{ secretEnv: { CLOUD_RUN_WORKER_POOL_REVISION: { secretId: "acme-prod-x" } } },
            ['secretEnv.CLOUD_RUN_WORKER_POOL_REVISION: expected a name Cloud Run does not set itself, got "CLOUD_RUN_WORKER_POOL_REVISION"']],
    ] as Array<[Partial<CloudRunWorkerPoolArgs>, string[]]>)("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
