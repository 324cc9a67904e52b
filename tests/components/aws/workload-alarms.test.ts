import { WorkloadAlarms, WORKLOAD_ALARMS_DEFAULTS, validateWorkloadAlarmsArgs, type WorkloadAlarmsArgs } from "../../../components/aws/workload-alarms";
import { runbookLines, runbooksOf } from "../../helpers/alarms";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: WorkloadAlarmsArgs = {
    namePrefix: "acme-prod", region: "eu-central-1", jobs: { migrate: "acme-prod-migrate" }, workers: { worker: "acme-prod-worker" },
    topicArn: TOPIC, logsKmsKeyArn: KEY, logRetentionDays: 365,
};
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const RULE = "aws:cloudwatch/eventRule:EventRule";

describe("aws WorkloadAlarms", () => {
    it("sends failed job runs and exiting workers to an encrypted log group, counts them per workload and alarms on one", async () => {
        let alarms!: WorkloadAlarms;
        const inv = await plan(() => {
            alarms = new WorkloadAlarms("workloads", ARGS);
            return { ...runbooksOf(alarms), logGroupName: alarms.logGroupName };
        });
        expect(inv.outputs.logGroupName).toBe("/aws/events/acme-prod/task-failures");
        expect(Object.keys(alarms.alarms)).toEqual(["job-migrate", "worker-worker"]);
        const group = inv.one("aws:cloudwatch/logGroup:LogGroup").inputs;
        expect(group).toEqual({ region: "eu-central-1", name: "/aws/events/acme-prod/task-failures", retentionInDays: 365, kmsKeyId: KEY });
        const [jobs, workers] = [inv.named("workloads-job-failures", RULE).inputs, inv.named("workloads-worker-failures", RULE).inputs];
        expect(jobs.description).toBe("ECS job tasks that failed to start or exited non-zero");
        expect(workers.description).toBe("ECS worker tasks that failed to start or exited on their own");
        expect(JSON.parse(String(jobs.eventPattern))).toEqual({
            source: ["aws.ecs"],
            "detail-type": ["ECS Task State Change"],
            detail: {
                lastStatus: ["STOPPED"],
                group: ["family:acme-prod-migrate"],
                $or: [{ stopCode: ["TaskFailedToStart"] }, { stopCode: ["EssentialContainerExited"], containers: { exitCode: [{ "anything-but": 0 }] } }],
            },
        });
        // Deployments and scale-in stop worker tasks too (ServiceSchedulerInitiated): those are not crashes.
        expect(JSON.parse(String(workers.eventPattern)).detail).toEqual({
            lastStatus: ["STOPPED"], group: ["service:acme-prod-worker"], $or: [{ stopCode: ["TaskFailedToStart", "EssentialContainerExited"] }],
        });
        expect(inv.ofType("aws:cloudwatch/eventTarget:EventTarget").map((t) => t.inputs.arn)).toEqual([
            "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/events/acme-prod/task-failures",
            "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/events/acme-prod/task-failures",
        ]);
        const policy = JSON.parse(String(inv.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy").inputs.policyDocument)).Statement[0];
        expect(policy.Condition.ArnEquals["aws:SourceArn"]).toEqual([
            "arn:aws:events:eu-central-1:123456789012:rule/acme-prod-job-failures",
            "arn:aws:events:eu-central-1:123456789012:rule/acme-prod-worker-failures",
        ]);
        expect(policy.Resource).toBe("arn:aws:logs:eu-central-1:123456789012:log-group:/aws/events/acme-prod/task-failures:*");
        const filters = inv.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => [f.inputs.pattern, (f.inputs.metricTransformation as any).name]);
        expect(filters).toEqual([
            ['{ $.detail.group = "family:acme-prod-migrate" }', "job-migrate-failed"],
            ['{ $.detail.group = "service:acme-prod-worker" }', "worker-worker-exited"],
        ]);
        const job = inv.named("workloads-job-migrate", ALARM).inputs;
        expect(job).toMatchObject({
            name: "acme-prod-migrate-job-failed", namespace: "prodstack/acme-prod/events", metricName: "job-migrate-failed", period: 300, statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 1, treatMissingData: "notBreaching",
            alarmActions: [TOPIC], okActions: [TOPIC],
        });
        expect(inv.named("workloads-worker-worker", ALARM).inputs).toMatchObject({
            name: "acme-prod-worker-worker-exiting", namespace: "prodstack/acme-prod/events", metricName: "worker-worker-exited", period: 300, statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 1, treatMissingData: "notBreaching",
        });
        expect(String(job.alarmDescription)).toMatch(/^A run of ECS job `acme-prod-migrate` \(eu-central-1\) failed/);
        expect(String(job.alarmDescription)).toContain(
            'https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-prod-runbooks , section "acme-prod-migrate-job-failed".',
        );
        expect(String(inv.named("workloads-worker-worker", ALARM).inputs.alarmDescription)).toMatch(/^Containers of ECS worker service `acme-prod-worker` \(eu-central-1\) exited or were killed\. ECS restarts them/);
        // The full runbooks, as the runbook dashboard shows them.
        expect(runbookLines(inv.outputs)).toEqual({
            "acme-prod-migrate-job-failed": [
                "### What fired",
                "A run of ECS job `acme-prod-migrate` (eu-central-1) failed: its task did not start or its container exited with a non-zero code. If it ran on deploy, that deploy failed and the services waiting for it kept their previous revision.",
                "",
                "### Likely causes",
                "- The command itself failed: a migration that conflicts with the schema, bad input data, a bug in a new image.",
                "- A dependency was unreachable: the database or cache was down, or refused the connection.",
                "- The task ran out of memory or exceeded its timeout (timeoutSeconds in the spec).",
                "- A secret it reads has no version yet, so the task could not start.",
                "",
                "### First steps",
                "1. Find the run in CloudWatch Logs Insights on `/aws/events/acme-prod/task-failures`: `fields detail.stoppedReason, detail.containers.0.exitCode, detail.containers.0.reason | filter detail.group = \"family:acme-prod-migrate\"`.",
                "2. Read the task's own logs: `/prodstack/acme-prod/migrate` (its stream is named after the task ID).",
                "3. Fix the cause, then re-run it: redeploy (run-on-deploy jobs), or `aws ecs run-task` with the job's task definition and network settings.",
                "4. For a failed migration, check the schema state before re-running: a partial migration may need a manual rollback.",
            ],
            "acme-prod-worker-worker-exiting": [
                "### What fired",
                "Containers of ECS worker service `acme-prod-worker` (eu-central-1) exited or were killed. ECS restarts them, so repeated exits are a crash loop: the queue they consume is not being worked off.",
                "",
                "### Likely causes",
                "- A bad release: the new image fails on start (missing setting, import error).",
                "- The broker, database or cache is unreachable and the worker exits instead of retrying.",
                "- The container exceeds its memory limit (memoryMiB in the spec).",
                "- A secret it reads has no version yet.",
                "",
                "### First steps",
                "1. Read the stop reasons in CloudWatch Logs Insights on `/aws/events/acme-prod/task-failures` (`filter detail.group = \"service:acme-prod-worker\"`) and the lines before each exit in `/prodstack/acme-prod/worker`.",
                "2. If it started with a new image, redeploy the previous image tag.",
                "3. Check the database and cache alerts for a concurrent incident, and the queue's backlog.",
            ],
        });
    });

    it("creates only the rule it needs, watching workloads in name order", async () => {
        const jobsOnly = await plan(() => new WorkloadAlarms("workloads", { ...ARGS, jobs: { seed: "acme-prod-seed", migrate: "acme-prod-migrate" }, workers: undefined }));
        expect(jobsOnly.ofType(RULE).map((r) => r.inputs.name)).toEqual(["acme-prod-job-failures"]);
        expect(JSON.parse(String(jobsOnly.one(RULE).inputs.eventPattern)).detail.group).toEqual(["family:acme-prod-migrate", "family:acme-prod-seed"]);
        expect(jobsOnly.ofType(ALARM).map((a) => a.inputs.name)).toEqual(["acme-prod-migrate-job-failed", "acme-prod-seed-job-failed"]);
        const workersOnly = await plan(() => new WorkloadAlarms("workloads", { ...ARGS, jobs: undefined, workers: { mailer: "acme-prod-mailer", indexer: "acme-prod-indexer" } }));
        expect(workersOnly.ofType(RULE).map((r) => r.inputs.name)).toEqual(["acme-prod-worker-failures"]);
        expect(JSON.parse(String(workersOnly.one(RULE).inputs.eventPattern)).detail.group).toEqual(["service:acme-prod-indexer", "service:acme-prod-mailer"]);
        expect(workersOnly.ofType(ALARM).map((a) => a.inputs.name)).toEqual(["acme-prod-indexer-worker-exiting", "acme-prod-mailer-worker-exiting"]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new WorkloadAlarms("workloads", { ...ARGS, region: "eu", jobs: {}, workers: {}, logRetentionDays: 3650 }));
        expect(error.problems).toEqual([
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            "jobs: expected at least one job or worker to watch, got {}",
            "logRetentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 3288 or 3653, got 3650",
        ]);
        expect(inv.resources).toHaveLength(0);
        const names = await rejectedArgs(() => new WorkloadAlarms("workloads", { ...ARGS, jobs: { Migrate: "x" } }));
        expect(names.error.problems).toEqual(['jobs.Migrate: expected a short name such as "migrate", got "Migrate"']);
    });
});

describe("aws WorkloadAlarms args", () => {
    it("documents its defaults", () => {
        expect(WORKLOAD_ALARMS_DEFAULTS).toEqual({ jobs: {}, workers: {} });
    });

    const problems = (args: Partial<WorkloadAlarmsArgs>) => argProblems(() => validateWorkloadAlarmsArgs("workloads", { ...ARGS, ...args }));
    const short = (key: string) => `${key}: expected a short name such as "migrate", got "${key.slice(key.indexOf(".") + 1)}"`;

    it.each<[Partial<WorkloadAlarmsArgs>]>([
        [{ jobs: { m: "f" }, workers: undefined }], [{ jobs: undefined, workers: { [`w${"1".repeat(29)}`]: "s" } }],
        [{ logRetentionDays: 1 }], [{ logRetentionDays: 3653 }], [{ runbookRegion: "us-east-1" }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<WorkloadAlarmsArgs>, string[]]>([
        [{ jobs: { [`m${"1".repeat(30)}`]: "f" } }, [short(`jobs.m${"1".repeat(30)}`)]],
        [{ jobs: { "1m": "f", "m_2": "f" } }, [short("jobs.1m"), short("jobs.m_2")]],
        [{ workers: { "worker.x": "s" } }, [short("workers.worker.x")]],
        [{ jobs: undefined, workers: undefined }, ["jobs: expected at least one job or worker to watch, got {}"]],
        [{ namePrefix: "acme_prod" }, ['namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "acme_prod"']],
        [{ topicArn: "arn:aws:sqs:eu-central-1:123456789012:q" }, ['topicArn: expected an SNS topic ARN, got "arn:aws:sqs:eu-central-1:123456789012:q"']],
    ])("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
