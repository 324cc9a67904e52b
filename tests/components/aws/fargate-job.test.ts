import { RUNNER_SOURCE } from "../../../components/aws/deploy-run";
import { FargateJob, type FargateJobArgs } from "../../../components/aws/fargate-job";
import { summarize } from "../../../infra/plan/summaries";
import { byName, memo, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const IMAGE = `123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api@sha256:${"a".repeat(64)}`;
const ARGS: FargateJobArgs = {
    namePrefix: "acme-prod",
    jobName: "migrate",
    region: "eu-central-1",
    image: IMAGE,
    command: ["npm", "run", "migrate"],
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    logsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-11aa-11aa-11aa-111111aaaaaa",
};
const CLUSTER = "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod-migrate";
const TASK_DEF = "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-migrate:1";
const PASS_ROLES = {
    Sid: "HandTheTaskItsRoles",
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: ["arn:aws:iam::123456789012:role/acme-prod-migrate-execution", "arn:aws:iam::123456789012:role/acme-prod-migrate-task"],
    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
};
const RUN_IN_CLUSTER = {
    Sid: "RunTheTaskInItsCluster",
    Effect: "Allow",
    Action: "ecs:RunTask",
    Resource: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-migrate:*",
    Condition: { ArnEquals: { "ecs:cluster": CLUSTER } },
};
const statements = (inv: Inventory, name: string) => JSON.parse(String(inv.named(name, "aws:iam/rolePolicy:RolePolicy").inputs.policy)).Statement;

/**
 * Runs the runner's handler against a fake ECS client that answers DescribeTasks with
 * `describe` (then "RUNNING") and StopTask with `stop`, on a fake clock that each sleep moves on.
 */
async function runRunner(
    run: unknown,
    describe: unknown[],
    { timeoutSeconds = 30, stop = async (): Promise<unknown> => ({}) } = {},
): Promise<{ result?: unknown; error?: string; sent: string[]; inputs: Record<string, unknown> }> {
    const sent: string[] = [];
    const inputs: Record<string, unknown> = {};
    const answers = [...describe];
    class Command { constructor(readonly input: unknown) {} }
    const fakeSdk = {
        RunTaskCommand: class extends Command {},
        DescribeTasksCommand: class extends Command {},
        StopTaskCommand: class extends Command {},
        ECSClient: class {
            async send(cmd: Command) {
                const name = cmd.constructor.name.replace(/Command$/, "");
                sent.push(name);
                inputs[name] = cmd.input;
                if (name === "RunTask") return run;
                if (name === "StopTask") return stop();
                return answers.shift() ?? { tasks: [{ lastStatus: "RUNNING" }] };
            }
        },
    };
    let now = 0;
    const clock = { now: () => now };
    const sleep = (resolve: () => void, ms: number) => {
        now += ms;
        resolve();
    };
    const module = { exports: {} as { handler: (event: unknown) => Promise<unknown> } };
    new Function("require", "exports", "setTimeout", "Date", RUNNER_SOURCE)(() => fakeSdk, module.exports, sleep, clock);
    const event = { cluster: CLUSTER, taskDefinition: TASK_DEF, subnets: ["subnet-a"], securityGroups: ["sg-1"], container: "migrate", timeoutSeconds, pollSeconds: 10 };
    try {
        return { result: await module.exports.handler(event), sent, inputs };
    } catch (e) {
        return { error: (e as Error).message, sent, inputs };
    }
}

describe("aws FargateJob", () => {
    const jobPlan = memo(() => plan(() => new FargateJob("migrate", { ...ARGS, runOnDeploy: true, schedule: "cron(0 3 * * ? *)", scheduleTimezone: "Europe/Berlin" })));

    it("defines the same hardened task as a service, with the command and no port", async () => {
        const job = await jobPlan();
        const task = job.one("aws:ecs/taskDefinition:TaskDefinition");
        expect(task.inputs).toMatchObject({ family: "acme-prod-migrate", requiresCompatibilities: ["FARGATE"], cpu: "512", memory: "1024", volumes: [{ name: "tmp" }] });
        const container = JSON.parse(String(task.inputs.containerDefinitions))[0];
        expect(container).toMatchObject({ name: "migrate", image: IMAGE, command: ["npm", "run", "migrate"], readonlyRootFilesystem: true });
        expect(container.portMappings).toBeUndefined();
        expect(job.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toHaveLength(0);
        expect(job.ofType("aws:ecs/service:Service")).toHaveLength(0);
    });

    it("schedules the task with EventBridge Scheduler: private subnets, no public IP, no retries", async () => {
        const job = await jobPlan();
        expect(job.one("aws:scheduler/schedule:Schedule").inputs).toEqual({
            region: "eu-central-1",
            name: "acme-prod-migrate",
            description: "Runs the acme-prod-migrate task (prodstack)",
            scheduleExpression: "cron(0 3 * * ? *)",
            scheduleExpressionTimezone: "Europe/Berlin",
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: CLUSTER,
                roleArn: "arn:aws:iam::123456789012:role/acme-prod-migrate-scheduler",
                retryPolicy: { maximumRetryAttempts: 0 },
                ecsParameters: {
                    taskDefinitionArn: TASK_DEF,
                    launchType: "FARGATE",
                    platformVersion: "LATEST",
                    taskCount: 1,
                    enableEcsManagedTags: true,
                    propagateTags: "TASK_DEFINITION",
                    networkConfiguration: { subnets: ARGS.subnetIds, securityGroups: ["migrate-tasks-sg-id"], assignPublicIp: false },
                },
            },
        });
    });

    it("lets the scheduler start only this task family in this cluster and pass only its two roles", async () => {
        const job = await jobPlan();
        expect(statements(job, "migrate-scheduler")).toEqual([
            RUN_IN_CLUSTER,
            PASS_ROLES,
            {
                Sid: "TagTheTaskItStarts",
                Effect: "Allow",
                Action: "ecs:TagResource",
                Resource: "arn:aws:ecs:eu-central-1:123456789012:task/acme-prod-migrate/*",
                Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
            },
        ]);
        const trust = JSON.parse(String(job.named("migrate-scheduler", "aws:iam/role:Role").inputs.assumeRolePolicy)).Statement[0];
        expect(trust).toMatchObject({ Principal: { Service: "scheduler.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
        expect(job.one("aws:scheduler/schedule:Schedule").dependsOn).toContain(job.named("migrate-scheduler", "aws:iam/rolePolicy:RolePolicy").urn);
    });

    it("runs on deploy through a Lambda invocation re-triggered by every new task definition revision", async () => {
        const job = await jobPlan();
        const invocation = job.one("aws:lambda/invocation:Invocation");
        expect(invocation.inputs).toEqual({
            region: "eu-central-1",
            functionName: "acme-prod-migrate-deploy-run",
            lifecycleScope: "CREATE_ONLY",
            input: JSON.stringify({
                cluster: CLUSTER,
                taskDefinition: TASK_DEF,
                subnets: ARGS.subnetIds,
                securityGroups: ["migrate-tasks-sg-id"],
                container: "migrate",
                timeoutSeconds: 840,
                pollSeconds: 10,
            }),
            triggers: { taskDefinition: TASK_DEF },
        });
        expect(job.one("aws:lambda/function:Function").inputs).toMatchObject({
            runtime: "nodejs22.x",
            handler: "index.handler",
            timeout: 900,
            role: "arn:aws:iam::123456789012:role/acme-prod-migrate-deploy-run",
            loggingConfig: { logFormat: "JSON", logGroup: "/prodstack/acme-prod/migrate-deploy-run" },
        });
        expect(statements(job, "migrate-runner")).toEqual([
            RUN_IN_CLUSTER,
            PASS_ROLES,
            { Sid: "WatchTheTask", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: "arn:aws:ecs:eu-central-1:123456789012:task/acme-prod-migrate/*" },
            // Only tasks of the job's cluster: nothing else the account runs.
            { Sid: "StopItOnTimeout", Effect: "Allow", Action: "ecs:StopTask", Resource: "arn:aws:ecs:eu-central-1:123456789012:task/acme-prod-migrate/*" },
            {
                Sid: "WriteItsLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: "arn:aws:logs:eu-central-1:123456789012:log-group:/prodstack/acme-prod/migrate-deploy-run:*",
            },
        ]);
        expect(job.named("migrate-runner-logs").inputs).toMatchObject({ retentionInDays: 30, kmsKeyId: ARGS.logsKmsKeyArn });
    });

    it("the runner succeeds only when the container exits 0", async () => {
        const started = { tasks: [{ taskArn: "arn:task/1" }], failures: [] };
        const stopped = (exitCode: number, reason?: string) => ({ tasks: [{ lastStatus: "STOPPED", stoppedReason: "Essential container in task exited", containers: [{ name: "migrate", exitCode, reason }] }] });
        const ok = await runRunner(started, [{ tasks: [{ lastStatus: "RUNNING" }] }, stopped(0)]);
        expect(ok).toMatchObject({ result: { taskArn: "arn:task/1", exitCode: 0 }, sent: ["RunTask", "DescribeTasks", "DescribeTasks"] });
        expect(ok.inputs).toEqual({
            RunTask: {
                cluster: CLUSTER,
                taskDefinition: TASK_DEF,
                launchType: "FARGATE",
                platformVersion: "LATEST",
                startedBy: "prodstack-deploy",
                networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-1"], assignPublicIp: "DISABLED" } },
            },
            DescribeTasks: { cluster: CLUSTER, tasks: ["arn:task/1"] },
        });
        expect((await runRunner(started, [stopped(1)])).error).toBe("arn:task/1 failed: exit code 1, Essential container in task exited");
        expect((await runRunner(started, [stopped(137, "OutOfMemoryError")])).error).toBe("arn:task/1 failed: exit code 137, OutOfMemoryError");
        expect((await runRunner({ tasks: [], failures: [{ reason: "RESOURCE:ENI" }] }, [])).error).toBe('RunTask started no task: [{"reason":"RESOURCE:ENI"}]');
    });

    it("the runner stops a task still running at the timeout, then fails the deploy", async () => {
        const started = { tasks: [{ taskArn: "arn:task/1" }], failures: [] };
        // Polls at 10, 20 and 30 s of a 30 s timeout, then stops the task.
        const late = await runRunner(started, [], { timeoutSeconds: 30 });
        expect(late.sent).toEqual(["RunTask", "DescribeTasks", "DescribeTasks", "DescribeTasks", "StopTask"]);
        expect(late.inputs.StopTask).toEqual({ cluster: CLUSTER, task: "arn:task/1", reason: "prodstack: deploy run timed out after 30 s" });
        expect(late.error).toBe("arn:task/1 still running after 30 s; stopped it, see its logs");
        // A task that stops at the last poll is not stopped again.
        const justInTime = await runRunner(started, [{ tasks: [{ lastStatus: "RUNNING" }] }, { tasks: [{ lastStatus: "RUNNING" }] }, { tasks: [{ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] }], { timeoutSeconds: 30 });
        expect(justInTime).toMatchObject({ result: { taskArn: "arn:task/1", exitCode: 0 }, sent: ["RunTask", "DescribeTasks", "DescribeTasks", "DescribeTasks"] });
        // When StopTask fails the deploy still fails, saying the task may still run.
        const stuck = await runRunner(started, [], { timeoutSeconds: 10, stop: () => Promise.reject(new Error("AccessDeniedException")) });
        expect(stuck.sent).toEqual(["RunTask", "DescribeTasks", "StopTask"]);
        expect(stuck.error).toBe("arn:task/1 still running after 10 s; stopping it failed (AccessDeniedException): stop it by hand, see its logs");
    });

    it("runs in a given cluster without creating one: the runner and the schedule reach that cluster's tasks only", async () => {
        const shared = "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod";
        const inv = await plan(() => new FargateJob("migrate", {
            ...ARGS,
            runOnDeploy: true,
            schedule: "rate(1 hour)",
            cluster: { arn: shared, name: "acme-prod" },
        }));
        expect(inv.ofType("aws:ecs/cluster:Cluster")).toHaveLength(0);
        expect(JSON.parse(String(inv.one("aws:lambda/invocation:Invocation").inputs.input)).cluster).toBe(shared);
        expect((inv.one("aws:scheduler/schedule:Schedule").inputs.target as any).arn).toBe(shared);
        const runner = statements(inv, "migrate-runner");
        expect(runner[0].Condition).toEqual({ ArnEquals: { "ecs:cluster": shared } });
        expect(runner.filter((st: any) => st.Action === "ecs:StopTask" || st.Action === "ecs:DescribeTasks").map((st: any) => st.Resource)).toEqual([
            "arn:aws:ecs:eu-central-1:123456789012:task/acme-prod/*",
            "arn:aws:ecs:eu-central-1:123456789012:task/acme-prod/*",
        ]);
        expect(summarize(FargateJob.TYPE, inv.resources)).toBe(
            "acme-prod-migrate · 0.5 vCPU / 1 GiB (X86_64) · rate(1 hour) UTC (no run time limit) · runs on deploy (fails it on failure, stops it after 840 s) · private, no public IP · read-only root fs · no secrets · cluster acme-prod",
        );
    });

    it("neither scheduled nor run on deploy: only the task, no runner, no schedule", async () => {
        const inv = await plan(() => new FargateJob("report", { ...ARGS, jobName: "report", command: undefined }));
        expect(inv.ofType("aws:scheduler/schedule:Schedule")).toHaveLength(0);
        expect(inv.ofType("aws:lambda/function:Function")).toHaveLength(0);
        expect(inv.ofType("aws:iam/role:Role")).toHaveLength(2);
        expect(JSON.parse(String(inv.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions))[0].command).toBeUndefined();
    });

    it("summarises in one line what AWS receives", async () => {
        const job = await jobPlan();
        expect(summarize(FargateJob.TYPE, job.resources)).toBe(
            "acme-prod-migrate · 0.5 vCPU / 1 GiB (X86_64) · cron(0 3 * * ? *) Europe/Berlin (no run time limit) · runs on deploy (fails it on failure, stops it after 840 s) · private, no public IP · read-only root fs · no secrets · cluster acme-prod-migrate (own)",
        );
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new FargateJob("migrate", {
            ...ARGS,
            jobName: "Migrate",
            command: [],
            schedule: "every day",
            scheduleTimezone: "CET +1",
            deployTimeoutSeconds: 900,
            cpu: 0.25,
            memoryMiB: 4096,
        }));
        expect(error.problems).toEqual([
            'jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "Migrate"',
            "memoryMiB: expected memory of 512, 1024, 2048 MiB for 0.25 vCPU on Fargate, got 4096",
            "command: expected a non-empty list of arguments, got []",
            'schedule: expected a schedule such as "cron(0 3 * * ? *)" or "rate(1 hour)", got "every day"',
            'scheduleTimezone: expected an IANA time zone such as "UTC" or "Europe/Berlin", got "CET +1"',
            "deployTimeoutSeconds: expected an integer from 60 to 840, got 900",
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it.each([["rate(1 hour)"], ["rate(5 minutes)"], ["cron(*/15 * * * ? *)"]])("accepts the schedule %s", async (schedule) => {
        const inv = await plan(() => new FargateJob("migrate", { ...ARGS, schedule }));
        expect(inv.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).toBe(schedule);
    });
});

describe("aws FargateJob: bounds, runner details and structure", () => {
    const problemsOf = async (bad: Partial<FargateJobArgs>) => (await rejectedArgs(() => new FargateJob("migrate", { ...ARGS, ...bad }))).error.problems;
    const SCHEDULE_EXPECTED = 'schedule: expected a schedule such as "cron(0 3 * * ? *)" or "rate(1 hour)", got ';

    it.each([
        [{ jobName: "a" }],
        [{ jobName: "a234567890123456789b" }],
        [{ schedule: "rate(1 minute)" }],
        [{ schedule: "rate(999999 days)" }],
        [{ schedule: "rate(2 hours)" }],
        [{ schedule: "rate(1 day)" }],
        [{ deployTimeoutSeconds: 60 }],
        [{ deployTimeoutSeconds: 840 }],
        [{ scheduleTimezone: "UTC" }],
    ])("accepts %j", async (ok) => {
        await expect(plan(() => new FargateJob("migrate", { ...ARGS, ...ok }))).resolves.toBeDefined();
    });

    it.each([
        [{ jobName: "1migrate" }, 'jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "1migrate"'],
        [{ jobName: "migrate-" }, 'jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "migrate-"'],
        [{ jobName: "a234567890123456789bc" }, 'jobName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "a234567890123456789bc"'],
        [{ schedule: "rate(0 hours)" }, `${SCHEDULE_EXPECTED}"rate(0 hours)"`],
        [{ schedule: "rate(1000000 minutes)" }, `${SCHEDULE_EXPECTED}"rate(1000000 minutes)"`],
        [{ schedule: "rate(1 week)" }, `${SCHEDULE_EXPECTED}"rate(1 week)"`],
        [{ schedule: " rate(1 hour)" }, `${SCHEDULE_EXPECTED}" rate(1 hour)"`],
        [{ schedule: "rate(1 hour) " }, `${SCHEDULE_EXPECTED}"rate(1 hour) "`],
        [{ schedule: "cron(0 3 * *)" }, `${SCHEDULE_EXPECTED}"cron(0 3 * *)"`],
        [{ schedule: "cron(0 (3) * * ? *)" }, `${SCHEDULE_EXPECTED}"cron(0 (3) * * ? *)"`],
        [{ schedule: "cron(0 3 * * ? *) " }, `${SCHEDULE_EXPECTED}"cron(0 3 * * ? *) "`],
        [{ deployTimeoutSeconds: 59 }, "deployTimeoutSeconds: expected an integer from 60 to 840, got 59"],
        [{ deployTimeoutSeconds: 841 }, "deployTimeoutSeconds: expected an integer from 60 to 840, got 841"],
    ])("rejects %j", async (bad, problem) => {
        expect(await problemsOf(bad)).toEqual([problem]);
    });

    it("runs the runner as a small arm64 function named after the job, after its policy exists", async () => {
        const inv = await plan(() => new FargateJob("migrate", { ...ARGS, runOnDeploy: true, deployTimeoutSeconds: 60, logRetentionDays: 365 }));
        const fn = inv.one("aws:lambda/function:Function");
        expect(fn.inputs).toMatchObject({
            region: "eu-central-1",
            name: "acme-prod-migrate-deploy-run",
            description: "Runs the acme-prod-migrate task to completion during pulumi up (prodstack)",
            architectures: ["arm64"],
            memorySize: 256,
        });
        expect(fn.dependsOn).toContain(inv.named("migrate-runner", "aws:iam/rolePolicy:RolePolicy").urn);
        expect(JSON.parse(String(inv.one("aws:lambda/invocation:Invocation").inputs.input)).timeoutSeconds).toBe(60);
        expect(inv.named("migrate-runner-logs").inputs).toEqual({
            region: "eu-central-1",
            name: "/prodstack/acme-prod/migrate-deploy-run",
            retentionInDays: 365,
            kmsKeyId: ARGS.logsKmsKeyArn,
        });
        const role = inv.named("migrate-runner", "aws:iam/role:Role");
        expect(role.inputs).toMatchObject({ name: "acme-prod-migrate-deploy-run", description: "Runs the acme-prod-migrate task to completion during pulumi up" });
        expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0]).toEqual({
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        expect(inv.named("migrate-runner", "aws:iam/rolePolicy:RolePolicy").inputs).toMatchObject({ role: "acme-prod-migrate-deploy-run", name: "run-the-task" });
        // The job's code gets no ECS Exec channel and no application grant it did not ask for.
        expect(byName(inv.ofType("aws:iam/rolePolicy:RolePolicy")).map((p) => p.name)).toEqual(["migrate-execution", "migrate-runner"]);
    });

    it("names and describes the scheduler's role and policy; defaults the time zone to UTC", async () => {
        const inv = await plan(() => new FargateJob("migrate", { ...ARGS, schedule: "rate(1 hour)" }));
        expect(inv.named("migrate-scheduler", "aws:iam/role:Role").inputs).toMatchObject({
            name: "acme-prod-migrate-scheduler",
            description: "EventBridge Scheduler starts the acme-prod-migrate task with this role",
        });
        expect(inv.named("migrate-scheduler", "aws:iam/rolePolicy:RolePolicy").inputs).toMatchObject({ role: "acme-prod-migrate-scheduler", name: "start-the-task" });
        expect(inv.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpressionTimezone).toBe("UTC");
        expect(inv.ofType("aws:lambda/invocation:Invocation")).toHaveLength(0);
    });

    it("parents every resource to the component (the tasks' group's rules to that group)", async () => {
        const inv = await plan(() => new FargateJob("migrate", { ...ARGS, runOnDeploy: true, schedule: "rate(1 hour)" }));
        const component = inv.one(FargateJob.TYPE);
        const group = inv.one("prodstack:aws:SecurityGroup");
        expect(inv.childrenOf(component.urn).length + inv.childrenOf(group.urn).length).toBe(inv.resources.length - 1);
    });
});
