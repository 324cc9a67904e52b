/**
 * The AWS compute concern for what the shipped AWS stacks do not use: a worker, a scheduled
 * job, a service built from source, a read-only bucket grant; and the checks that stop the
 * program before anything is registered. One composition run (staging), built from the AWS
 * spec fixture.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployAws } from "../../../infra/aws";
import { ConfigError, parseSpec } from "../../../infra/config";
import { contentTag } from "../../../infra/workloads";
import { memo, plan, type Inventory } from "../../helpers/inventory";
import { rawAwsSpec } from "../../helpers/spec";

const CONTEXT = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-aws-build-"));
fs.writeFileSync(path.join(CONTEXT, "Dockerfile"), "FROM scratch\n");
const IMAGE = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api:1.0.0";

function awsSpec(edit: (raw: Record<string, any>) => void) {
    const raw = rawAwsSpec() as Record<string, any>;
    edit(raw);
    return parseSpec(raw, "test");
}

const containerOf = (inv: Inventory, task: string) =>
    JSON.parse(inv.named(task, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions as string)[0];

jest.setTimeout(30_000);

describe("AWS compute: workers, schedules, builds", () => {
    // Planned by the first test that reads it (a whole AWS composition: seconds on a busy machine).
    const invPlan = memo(() => {
        const spec = awsSpec((raw) => {
            raw.services[0] = { ...raw.services[0], image: undefined, build: { context: CONTEXT, args: { NODE_VERSION: "22" } } };
            raw.services.push({ name: "worker", kind: "worker", image: IMAGE, command: ["/usr/bin/tini", "--"], args: ["celery", "-A", "app", "worker"], cpu: 0.25, memoryMiB: 512, secretEnv: { SESSION_SECRET: "session-secret" } });
            raw.jobs.push({ name: "cleanup", image: IMAGE, args: ["node", "cleanup.js"], cpu: 0.25, memoryMiB: 512, schedule: { cron: "30 2 * * 1-5", timeZone: "Europe/Berlin" } });
            raw.buckets[0].access.worker = "read";
        });
        return plan(() => deployAws(spec, "staging"), "staging");
    });

    it("runs a worker without a load balancer, at its fixed count, sharing the API's secret", async () => {
        const inv = await invPlan();
        const worker = inv.named("worker-service", "aws:ecs/service:Service").inputs as any;
        expect(worker.loadBalancers ?? []).toEqual([]);
        const scaling = inv.named("worker-scaling", "aws:appautoscaling/target:Target").inputs;
        expect([scaling.minCapacity, scaling.maxCapacity]).toEqual([1, 1]);
        expect(containerOf(inv, "worker-task").portMappings ?? []).toEqual([]);
        // The spec's command is the image's ENTRYPOINT, its args the CMD (ECS `command`).
        expect(containerOf(inv, "worker-task")).toMatchObject({ entryPoint: ["/usr/bin/tini", "--"], command: ["celery", "-A", "app", "worker"] });
        expect(containerOf(inv, "api-task").entryPoint).toBeUndefined();
        // The same secret name is one Secrets Manager secret, read by its ARN in both tasks.
        expect(inv.ofType("aws:secretsmanager/secret:Secret")).toHaveLength(1);
        expect(containerOf(inv, "worker-task").secrets).toEqual(containerOf(inv, "api-task").secrets);
    });

    it("runs the worker, the API and both jobs in the environment's one cluster", async () => {
        const inv = await invPlan();
        const arn = "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-stg";
        expect(inv.one("aws:ecs/cluster:Cluster").inputs.name).toBe("acme-stg");
        expect(inv.ofType("aws:ecs/service:Service").map((svc) => [svc.name, svc.inputs.cluster])).toEqual([
            ["api-service", arn],
            ["worker-service", arn],
        ]);
        expect((inv.one("aws:scheduler/schedule:Schedule").inputs.target as any).arn).toBe(arn);
        expect(inv.named("worker-scaling", "aws:appautoscaling/target:Target").inputs.resourceId).toBe("service/acme-stg/acme-stg-worker");
    });

    it("grants the worker read access and the API read/write access to the bucket", async () => {
        const inv = await invPlan();
        const grants = (JSON.parse(inv.named("bucket-uploads-policy").inputs.policy as string).Statement as any[])
            .filter((s) => s.Effect === "Allow" && s.Sid.endsWith("Objects"))
            .map((s) => [s.Principal.AWS, s.Action]);
        expect(grants).toEqual([
            ["arn:aws:iam::123456789012:role/acme-stg-api-task", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]],
            ["arn:aws:iam::123456789012:role/acme-stg-worker-task", ["s3:GetObject"]],
        ]);
        expect(containerOf(inv, "worker-task").environment).toContainEqual({ name: "UPLOADS_BUCKET", value: "acme-stg-uploads-123456789012" });
    });

    it("schedules a job with EventBridge Scheduler in the job's time zone, weekdays renumbered", async () => {
        const inv = await invPlan();
        const schedule = inv.one("aws:scheduler/schedule:Schedule").inputs;
        // Unix 1-5 (Monday to Friday) is 2-6 in EventBridge's numbering, which starts at Sunday = 1.
        expect(schedule.scheduleExpression).toBe("cron(30 2 ? * 2-6 *)");
        expect(schedule.scheduleExpressionTimezone).toBe("Europe/Berlin");
        // Only the run-on-deploy job is awaited during the deploy.
        expect(inv.ofType("aws:lambda/invocation:Invocation").map((r) => r.name)).toEqual(["job-migrate-deploy-run"]);
    });

    it("builds the API into its own ECR repository under a content tag and deploys the digest", async () => {
        const inv = await invPlan();
        const repo = inv.one("aws:ecr/repository:Repository").inputs;
        expect(repo.name).toBe("acme-stg/api");
        const image = inv.one("docker:index/image:Image").inputs as any;
        const tag = contentTag("staging", CONTEXT, { NODE_VERSION: "22" });
        expect(tag).toMatch(/^staging-[0-9a-f]{12}$/);
        expect(image.imageName).toBe(`123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-stg/api:${tag}`);
        expect(containerOf(inv, "api-task").image).toMatch(/^123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/acme-stg\/api@sha256:[0-9a-f]{64}$/);
    });
});

describe("AWS compute: checks before anything is registered", () => {
    it("refuses two secret names that become one secret with different spellings", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                deployAws(awsSpec((raw) => (raw.jobs[0].secretEnv = { API_KEY: "Api-Key", OTHER: "api_key" })), "staging");
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems).toEqual([
            'prodstack:jobs[0].secretEnv.OTHER: expected a secret name that differs from "Api-Key" by more than case or "_" vs "-" (both become secret "api-key"), got "api_key"',
        ]);
        expect(inv.resources).toEqual([]);
    });
});

describe("contentTag", () => {
    it("changes with the files and the build args, never with .git, and keeps the stack's name", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-tag-"));
        fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\n");
        const first = contentTag("prod", dir, {});
        expect(first).toMatch(/^prod-[0-9a-f]{12}$/);
        fs.mkdirSync(path.join(dir, ".git"));
        fs.writeFileSync(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
        expect(contentTag("prod", dir, {})).toBe(first);
        expect(contentTag("prod", dir, { A: "1" })).not.toBe(first);
        fs.writeFileSync(path.join(dir, "app.js"), "console.log(1)\n");
        expect(contentTag("prod", dir, {})).not.toBe(first);
    });
});
