import * as pulumi from "@pulumi/pulumi";
import { summarize } from "../../../infra/plan/summaries";
import {
    ALARM_DESCRIPTION_MAX, alarmDescription, checkAlarmDuration, checkRouting, minutePeriods, runbookDashboardName, runbookDashboardUrl,
} from "../../../components/aws/alarm";
import { AlarmRunbooks, validateAlarmRunbooksArgs, type AlarmRunbooksArgs } from "../../../components/aws/alarm-runbooks";
import { ServiceAlarms, SERVICE_ALARMS_DEFAULTS, validateServiceAlarmsArgs, type ServiceAlarmsArgs } from "../../../components/aws/service-alarms";
import { ArgsChecker } from "../../../components/core/errors";
import { runbookLines, runbooksOf } from "../../helpers/alarms";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

// The shared alarm helpers (components/aws/alarm.ts) and the runbook dashboard are tested here,
// with their first user, rather than in test files of their own: each test file loads the SDKs anew.

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const ARGS: ServiceAlarmsArgs = {
    namePrefix: "acme-prod", service: "api", region: "eu-central-1", clusterName: "acme-prod-api", serviceName: "acme-prod-api",
    minInstances: 2, maxInstances: 50, topicArn: TOPIC,
};
const LB = { loadBalancerArnSuffix: "app/acme-prod/0123456789abcdef", targetGroupArnSuffix: "targetgroup/acme-prod-api/fedcba9876543210" };
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const RUNBOOKS = "https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-prod-runbooks";
const RUNBOOK = { whatFired: "It fired.", likelyCauses: ["A cause."], firstSteps: ["Look."] };

/** The problems one check adds to a fresh checker. */
const problemsOf = (run: (check: ArgsChecker) => void) => argProblems(() => {
    const check = new ArgsChecker("prodstack:aws:Test", "t");
    run(check);
    check.throwIfAny();
});

describe("alarm descriptions", () => {
    it("keep what fired and the runbook link within CloudWatch's 1,024 characters, cutting what fired only", () => {
        const short = alarmDescription("The API failed.", "acme-prod-api-5xx-ratio", RUNBOOKS);
        expect(short).toBe(`The API failed. Full runbook (causes, first steps): ${RUNBOOKS} , section "acme-prod-api-5xx-ratio".`);
        const long = alarmDescription("x".repeat(5000), "acme-prod-api-5xx-ratio", RUNBOOKS);
        expect(long).toHaveLength(ALARM_DESCRIPTION_MAX);
        expect(long.endsWith(`${RUNBOOKS} , section "acme-prod-api-5xx-ratio".`)).toBe(true);
        expect(long).toContain("x…");
        // Exactly at the limit nothing is cut.
        const pointer = short.length - "The API failed.".length;
        expect(alarmDescription("y".repeat(ALARM_DESCRIPTION_MAX - pointer), "acme-prod-api-5xx-ratio", RUNBOOKS)).not.toContain("…");
        expect(alarmDescription("y".repeat(ALARM_DESCRIPTION_MAX - pointer + 1), "acme-prod-api-5xx-ratio", RUNBOOKS)).toContain("…");
    });
});

describe("runbook dashboard links and alarm descriptions", () => {
    it("name the environment's runbook dashboard and link to it in the environment's console region", () => {
        expect(runbookDashboardName("acme-prod")).toBe("acme-prod-runbooks");
        expect(runbookDashboardUrl("acme-stg", "us-west-2")).toBe("https://console.aws.amazon.com/cloudwatch/home?region=us-west-2#dashboards/dashboard/acme-stg-runbooks");
    });

    it("cut what fired to one character short of the room and mark the cut, keeping the link whole", () => {
        const url = runbookDashboardUrl("acme-prod", "eu-central-1");
        const pointer = ` Full runbook (causes, first steps): ${url} , section "acme-prod-api-cpu".`;
        const room = 1024 - pointer.length;
        expect(alarmDescription("a".repeat(room), "acme-prod-api-cpu", url)).toBe(`${"a".repeat(room)}${pointer}`);
        expect(alarmDescription("b".repeat(room + 1), "acme-prod-api-cpu", url)).toBe(`${"b".repeat(room - 1)}…${pointer}`);
    });
});

describe("minutePeriods", () => {
    it.each([[0, 1], [60, 1], [120, 2], [300, 5], [86400, 1440]])("gives %i s as %i one-minute periods", (seconds, periods) => {
        expect(minutePeriods(seconds)).toBe(periods);
    });
});

describe("checkRouting", () => {
    const routing = { namePrefix: "acme-prod", region: "eu-central-1", runbookRegion: "eu-central-1", topicArn: TOPIC };

    it.each([
        ["a one-letter prefix", { namePrefix: "a" }],
        ["a 30-character prefix", { namePrefix: `a${"b".repeat(29)}` }],
        ["no runbook region (the alarm's own)", { runbookRegion: undefined }],
        ["a GovCloud topic", { region: "us-gov-west-1", topicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms" }],
        ["a 256-character topic name", { topicArn: `arn:aws:sns:eu-central-1:123456789012:${"t".repeat(256)}` }],
        ["a topic not known before deployment", { topicArn: pulumi.output("arn:aws:sns:us-east-1:123456789012:elsewhere") }],
        ["a topic known later, from a promise", { topicArn: Promise.resolve("not an ARN") }],
        ["a bad alarm region, reported where it is checked, not as the topic's", { region: "nowhere" }],
    ])("accepts %s", (_, args) => {
        expect(problemsOf((check) => checkRouting(check, { ...routing, ...args }))).toEqual([]);
    });

    const prefix = 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got';
    const topic = "topicArn: expected an SNS topic ARN, got";
    it.each([
        [{ namePrefix: `a${"b".repeat(30)}` }, `${prefix} "a${"b".repeat(30)}"`],
        [{ namePrefix: "1acme" }, `${prefix} "1acme"`],
        [{ namePrefix: "acme prod" }, `${prefix} "acme prod"`],
        [{ namePrefix: "-acme" }, `${prefix} "-acme"`],
        [{ namePrefix: "acme-" + "_" }, `${prefix} "acme-_"`],
        [{ runbookRegion: "eu-central" }, 'runbookRegion: expected an AWS region such as "eu-central-1", got "eu-central"'],
        [{ topicArn: `x${TOPIC}` }, `${topic} "x${TOPIC}"`],
        [{ topicArn: `${TOPIC}/x` }, `${topic} "${TOPIC}/x"`],
        [{ topicArn: "arn:aws:sns:eu-central-1:12345678901:alarms" }, `${topic} "arn:aws:sns:eu-central-1:12345678901:alarms"`],
        [{ topicArn: "arn:aws:sns:eu-central-1:123456789012:" }, `${topic} "arn:aws:sns:eu-central-1:123456789012:"`],
        [{ topicArn: `arn:aws:sns:eu-central-1:123456789012:${"t".repeat(257)}` }, `${topic} "arn:aws:sns:eu-central-1:123456789012:${"t".repeat(257)}"`],
        [{ topicArn: "arn:aws:sns::123456789012:alarms" }, `${topic} "arn:aws:sns::123456789012:alarms"`],
        [{ topicArn: 42 as never }, `${topic} 42`],
        [{ topicArn: undefined as never }, `${topic} nothing`],
        // CloudWatch refuses it at deployment: "Invalid region eu-central-1 specified. Only us-east-1 is supported."
        [{ region: "us-east-1" }, `topicArn: expected an SNS topic in us-east-1, the alarms' region (CloudWatch notifies topics of its own region only), got "${TOPIC}"`],
        [{ topicArn: "arn:aws:sns:eu-central-2:123456789012:alarms" }, 'topicArn: expected an SNS topic in eu-central-1, the alarms\' region (CloudWatch notifies topics of its own region only), got "arn:aws:sns:eu-central-2:123456789012:alarms"'],
    ])("rejects bad routing #%#", (args, problem) => {
        expect(problemsOf((check) => checkRouting(check, { ...routing, ...args }))).toEqual([problem]);
    });
});

describe("checkAlarmDuration", () => {
    it.each([undefined, 0, 60, 300, 86400])("accepts %p", (seconds) => {
        expect(problemsOf((check) => checkAlarmDuration(check, seconds))).toEqual([]);
    });
    it.each([-60, 30, 90, 60.5, 86460])("rejects %p", (seconds) => {
        expect(problemsOf((check) => checkAlarmDuration(check, seconds))).toEqual([`durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got ${seconds}`]);
    });
});

describe("aws AlarmRunbooks args", () => {
    const ARGS: AlarmRunbooksArgs = { namePrefix: "acme-prod", region: "eu-central-1", runbooks: [{ alarmName: "acme-prod-a", runbook: RUNBOOK }] };
    const problems = (args: Partial<AlarmRunbooksArgs>) => argProblems(() => validateAlarmRunbooksArgs("r", { ...ARGS, ...args }));

    it("accepts one runbook and distinct names", () => {
        expect(problems({})).toEqual([]);
        expect(problems({ runbooks: [{ alarmName: "b", runbook: RUNBOOK }, { alarmName: "a", runbook: RUNBOOK }] })).toEqual([]);
    });

    it("names every bad key", () => {
        expect(problems({ namePrefix: "Acme", region: "eu", runbooks: "none" as never })).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'runbooks: expected at least one alarm runbook, got "none"',
        ]);
        const rb = (alarmName: string) => ({ alarmName, runbook: RUNBOOK });
        expect(problems({ runbooks: [rb("a"), rb("b"), rb("c"), rb("b")] })).toEqual(['runbooks: expected each alarm once, got "b"']);
        expect(problems({ namePrefix: "acme-prod!" })).toEqual(['namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "acme-prod!"']);
    });
});

describe("aws AlarmRunbooks", () => {
    it("stacks one full-width text widget per alarm, as tall as its text up to 30 rows, in the environment's region", async () => {
        const steps = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}.`);
        let runbooks!: AlarmRunbooks;
        const inv = await plan(() => { runbooks = new AlarmRunbooks("runbooks", {
            namePrefix: "acme-stg", region: "us-west-2",
            runbooks: [
                { alarmName: "acme-stg-c", runbook: RUNBOOK },
                { alarmName: "acme-stg-b", runbook: { ...RUNBOOK, firstSteps: steps } },
                { alarmName: "acme-stg-a", runbook: RUNBOOK },
            ],
        }); });
        expect(runbooks.dashboardName).toBe("acme-stg-runbooks");
        const dashboard = inv.one("aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.name).toBe("runbooks-dashboard");
        expect(dashboard.inputs.region).toBe("us-west-2");
        expect(dashboard.inputs.dashboardName).toBe("acme-stg-runbooks");
        expect(dashboard.parent).toBe(inv.one("prodstack:aws:AlarmRunbooks").urn);
        // 10 lines + 2 rows of margin; the 49-line runbook is capped at 30 rows.
        const widgets = JSON.parse(String(dashboard.inputs.dashboardBody)).widgets;
        expect(widgets.map((w: any) => [w.type, w.x, w.y, w.width, w.height, w.properties.markdown.split("\n")[0]])).toEqual([
            ["text", 0, 0, 24, 12, "# acme-stg-a"],
            ["text", 0, 12, 24, 30, "# acme-stg-b"],
            ["text", 0, 42, 24, 12, "# acme-stg-c"],
        ]);
        expect(widgets[1].properties.markdown.split("\n")).toHaveLength(49);
    });
});

describe("aws ServiceAlarms", () => {
    it("alarms on 5xx ratio, latency, CPU, memory, missing tasks and tasks near the maximum, each routed both ways with a runbook link", async () => {
        let service!: ServiceAlarms;
        const inv = await plan(() => { service = new ServiceAlarms("api", { ...ARGS, loadBalancer: LB }); });
        expect(Object.keys(service.alarms)).toEqual(["errors", "latency", "cpu", "memory", "tasks", "instances"]);
        expect(service.runbooks.map((r) => r.alarmName)).toEqual([
            "acme-prod-api-5xx-ratio", "acme-prod-api-p95-latency", "acme-prod-api-cpu", "acme-prod-api-memory", "acme-prod-api-tasks-below-desired", "acme-prod-api-tasks-near-max",
        ]);
        const alarms = inv.ofType(ALARM);
        expect(alarms.map((a) => a.inputs.name).sort()).toEqual([
            "acme-prod-api-5xx-ratio", "acme-prod-api-cpu", "acme-prod-api-memory", "acme-prod-api-p95-latency", "acme-prod-api-tasks-below-desired", "acme-prod-api-tasks-near-max",
        ]);
        for (const a of alarms) {
            expect(a.inputs).toMatchObject({ region: "eu-central-1", actionsEnabled: true, alarmActions: [TOPIC], okActions: [TOPIC] });
            const description = String(a.inputs.alarmDescription);
            expect(description.length).toBeLessThanOrEqual(1024);
            expect(description).toContain(`${RUNBOOKS} , section "${a.inputs.name}"`);
        }
        const ecs = { ClusterName: "acme-prod-api", ServiceName: "acme-prod-api" };
        // Five one-minute periods (the default 300 s), all of them breaching.
        const fiveMinutes = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 5 };
        for (const [alarm, metricName] of [["api-cpu", "CPUUtilization"], ["api-memory", "MemoryUtilization"]]) {
            expect(inv.named(alarm, ALARM).inputs).toMatchObject({
                namespace: "AWS/ECS", metricName, dimensions: ecs, statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 90,
                treatMissingData: "notBreaching", ...fiveMinutes,
            });
        }
        // Defaults: 5 % of requests, 1.5 s.
        expect(inv.named("api-errors", ALARM).inputs).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 5, treatMissingData: "notBreaching", evaluationPeriods: 5, datapointsToAlarm: 5 });
        expect(inv.named("api-latency", ALARM).inputs).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 1.5, treatMissingData: "notBreaching", ...fiveMinutes });
        const tasks = inv.named("api-tasks", ALARM).inputs;
        expect(tasks.metricQueries).toEqual([
            { id: "desired", returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", dimensions: { ClusterName: "acme-prod-api", ServiceName: "acme-prod-api" }, period: 60, stat: "Minimum" } },
            { id: "running", returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: { ClusterName: "acme-prod-api", ServiceName: "acme-prod-api" }, period: 60, stat: "Minimum" } },
            { id: "missing", expression: "desired - running", label: "tasks missing", returnData: true },
        ]);
        expect(tasks).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 0, treatMissingData: "breaching", evaluationPeriods: 5, datapointsToAlarm: 5 });
        expect(tasks.namespace).toBeUndefined();
        // 80 % of 50 tasks.
        expect(inv.named("api-instances", ALARM).inputs).toMatchObject({
            namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: ecs, statistic: "Maximum", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 40,
            treatMissingData: "notBreaching", ...fiveMinutes,
        });
        const component = inv.one("prodstack:aws:ServiceAlarms");
        expect(summarize(ServiceAlarms.TYPE, inv.resources)).toBe("6 alarms (eu-central-1) · each to the topic when firing and recovering · runbook linked");
        expect(alarms.every((a) => a.parent === component.urn)).toBe(true);
    });

    it("behind a load balancer, alarms on the targets' 5xx ratio (metric math) and p95 latency (extended statistic only)", async () => {
        const inv = await plan(() => runbooksOf(new ServiceAlarms("api", { ...ARGS, loadBalancer: LB, errorRatePercent: 2.5, latencyP95Ms: 800, durationSeconds: 120 })));
        const dims = { LoadBalancer: LB.loadBalancerArnSuffix, TargetGroup: LB.targetGroupArnSuffix };
        const errors = inv.named("api-errors", ALARM).inputs;
        expect(errors).toMatchObject({ name: "acme-prod-api-5xx-ratio", comparisonOperator: "GreaterThanThreshold", threshold: 2.5, evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: "notBreaching" });
        expect(errors.metricQueries).toEqual([
            { id: "errors", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: dims, period: 60, stat: "Sum" } },
            { id: "requests", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: dims, period: 60, stat: "Sum" } },
            { id: "ratio", expression: "100 * errors / requests", label: "5xx % of requests", returnData: true },
        ]);
        expect(String(errors.alarmDescription)).toMatch(/^More than 2.5% of the requests to ECS service `acme-prod-api` \(eu-central-1\) were answered with a 5xx for 2 min\./);
        const latency = inv.named("api-latency", ALARM).inputs;
        expect(latency).toMatchObject({
            name: "acme-prod-api-p95-latency", namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions: dims, period: 60, extendedStatistic: "p95", threshold: 0.8, unit: "Seconds",
            evaluationPeriods: 2, datapointsToAlarm: 2,
        });
        expect(latency.statistic).toBeUndefined();
        // The full runbooks, as the runbook dashboard shows them.
        expect(runbookLines(inv.outputs)).toEqual({
            "acme-prod-api-5xx-ratio": [
                "### What fired",
                "More than 2.5% of the requests to ECS service `acme-prod-api` (eu-central-1) were answered with a 5xx for 2 min. Users are seeing errors.",
                "",
                "### Likely causes",
                "- A bad release: the latest revision crashes, fails on startup or on a code path.",
                "- A dependency is failing: the database or cache is down, saturated or refusing connections.",
                "- Tasks are killed for memory or fail their health checks, or requests exceed the load balancer's idle timeout (502/504).",
                "- At very low traffic a handful of errors is enough to cross the ratio.",
                "",
                "### First steps",
                "1. Open the service's health and metrics (https://console.aws.amazon.com/ecs/v2/clusters/acme-prod-api/services/acme-prod-api/health?region=eu-central-1) and compare the errors with the last deployment.",
                "2. If the errors started with the latest deployment, redeploy the previous image (the circuit breaker rolls back only failed starts).",
                "3. Read the task logs: CloudWatch Logs Insights on `/prodstack/acme-prod/api`, `fields @timestamp, @message | sort @timestamp desc`.",
                "4. Check the database and cache alerts and dashboard charts for a concurrent incident.",
            ],
            "acme-prod-api-cpu": [
                "### What fired",
                "The tasks of ECS service `acme-prod-api` (eu-central-1) used more than 90% of their CPU on average for 2 min. Requests slow down and autoscaling is at its limit or too slow.",
                "",
                "### Likely causes",
                "- Traffic growth beyond maxInstances, or scaling out slower than traffic grows.",
                "- A hot code path or a busy loop in a new release.",
                "- The task size (cpu in the spec) is too small for the work per request.",
                "",
                "### First steps",
                "1. Open the service's metrics (https://console.aws.amazon.com/ecs/v2/clusters/acme-prod-api/services/acme-prod-api/health?region=eu-central-1): CPU, memory and running tasks per deployment.",
                "2. If it started with a release, roll back to the previous task definition (redeploy the previous image).",
                "3. Read the task logs: CloudWatch Logs Insights on `/prodstack/acme-prod/api`, `fields @timestamp, @message | sort @timestamp desc`.",
                "4. If the load is organic, raise maxInstances or cpu in the spec.",
            ],
            "acme-prod-api-memory": [
                "### What fired",
                "The tasks of ECS service `acme-prod-api` (eu-central-1) used more than 90% of their memory on average for 2 min. Near the limit a container is killed (exit code 137) and restarted.",
                "",
                "### Likely causes",
                "- A memory leak in a new release (usage climbs until the task restarts).",
                "- Larger payloads or caches held in memory.",
                "- The task size (memoryMiB in the spec) is too small for the working set.",
                "",
                "### First steps",
                "1. Open the service's metrics (https://console.aws.amazon.com/ecs/v2/clusters/acme-prod-api/services/acme-prod-api/health?region=eu-central-1): CPU, memory and running tasks per deployment.",
                "2. If it started with a release, roll back to the previous task definition (redeploy the previous image).",
                "3. Read the task logs: CloudWatch Logs Insights on `/prodstack/acme-prod/api`, `fields @timestamp, @message | sort @timestamp desc`.",
                "4. If usage is organic, raise memoryMiB in the spec (a valid Fargate pair).",
            ],
            "acme-prod-api-p95-latency": [
                "### What fired",
                "The 95th-percentile request latency of ECS service `acme-prod-api` (eu-central-1) stayed above 800 ms for 2 min (all targets and response codes together).",
                "",
                "### Likely causes",
                "- Slow database queries, lock contention or a saturated database (see the database CPU and connection alerts).",
                "- Scale-out lag: traffic grew faster than new tasks started, or the service is at maxInstances.",
                "- Tasks are CPU-bound (see the CPU alarm).",
                "- A slow downstream API without a timeout.",
                "",
                "### First steps",
                "1. Open the service's metrics (https://console.aws.amazon.com/ecs/v2/clusters/acme-prod-api/services/acme-prod-api/health?region=eu-central-1): target response time, CPU, running tasks.",
                "2. If a new deployment is slower, redeploy the previous image and investigate before deploying again.",
                "3. Check the database dashboard charts (CPU, connections) for the same time window.",
                "4. If tasks are saturated, raise cpu or maxInstances in the spec.",
            ],
            "acme-prod-api-tasks-below-desired": [
                "### What fired",
                "ECS service `acme-prod-api` (eu-central-1) ran fewer tasks than desired for 2 min: tasks fail to start, fail their health checks or keep stopping, and the remaining ones carry the load.",
                "",
                "### Likely causes",
                "- A bad release: the new image fails on start or its health path fails (the circuit breaker rolls it back).",
                "- A secret it reads has no value yet, or the image cannot be pulled.",
                "- Not enough Fargate capacity or IP addresses in the private subnets.",
                "- Containers exceed their memory and are killed (exit code 137).",
                "",
                "### First steps",
                "1. Open the service's events and stopped tasks (https://console.aws.amazon.com/ecs/v2/clusters/acme-prod-api/services/acme-prod-api/health?region=eu-central-1): the stop reason says why tasks end.",
                "2. Read the task logs: CloudWatch Logs Insights on `/prodstack/acme-prod/api`, `fields @timestamp, @message | sort @timestamp desc`.",
                "3. If it started with a release, redeploy the previous image.",
                "4. Check the database and cache alerts and dashboard charts for a concurrent incident.",
            ],
            "acme-prod-api-tasks-near-max": [
                "### What fired",
                "ECS service `acme-prod-api` (eu-central-1) ran 40 or more instances (80% of its maximum of 50) for 2 min. At the maximum, autoscaling adds no task: requests queue, slow down and time out (502/504).",
                "",
                "### Likely causes",
                "- Real traffic growth or a marketing event.",
                "- Requests got slower, so each instance serves fewer at a time (see the latency alert).",
                "- A crawler, a retry storm or an attack not caught by AWS WAF's rate limit.",
                "",
                "### First steps",
                "1. Open the service's metrics (https://console.aws.amazon.com/ecs/v2/clusters/acme-prod-api/services/acme-prod-api/health?region=eu-central-1): requests per target, latency and running tasks.",
                "2. If traffic is legitimate, raise maxInstances in the spec (check database max connections first) and deploy.",
                "3. If it is abusive, look at the WAF's sampled requests and the load balancer's logs by client IP and tighten the WAF rate limit.",
            ],
        });
    });

    it("gives a worker no request or near-max alarm, and a 2/2 service no near-max alarm", async () => {
        // 1 to 4 tasks would have a near-max alarm at 4 on a web service.
        const worker = await plan(() => new ServiceAlarms("worker", { ...ARGS, service: "worker", kind: "worker", minInstances: 1, maxInstances: 4 }));
        expect(worker.ofType(ALARM).map((a) => a.inputs.name)).toEqual(["acme-prod-worker-cpu", "acme-prod-worker-memory", "acme-prod-worker-tasks-below-desired"]);
        const fixed = await plan(() => new ServiceAlarms("api", { ...ARGS, minInstances: 2, maxInstances: 2 }));
        expect(fixed.ofType(ALARM)).toHaveLength(3);
        // Default minInstances (1) and percent (80) on 10 tasks: 8.
        const defaults = await plan(() => new ServiceAlarms("api", { ...ARGS, minInstances: undefined, maxInstances: 10 }));
        expect(defaults.named("api-instances", ALARM).inputs.threshold).toBe(8);
        expect(defaults.named("api-cpu", ALARM).inputs.evaluationPeriods).toBe(5);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new ServiceAlarms("api", {
            ...ARGS, service: "API", region: "europe-west1", kind: "worker", loadBalancer: LB, maxInstances: 0, errorRatePercent: 0,
            latencyP95Ms: 9, cpuPercent: 101, memoryPercent: 9, durationSeconds: 90, topicArn: "arn:aws:sqs:eu-central-1:123456789012:q",
        }));
        expect(error.problems).toEqual([
            'topicArn: expected an SNS topic ARN, got "arn:aws:sqs:eu-central-1:123456789012:q"',
            'service: expected a service name such as "api", got "API"',
            'region: expected an AWS region such as "eu-central-1", got "europe-west1"',
            "maxInstances: expected an integer from 1 to 1000, got 0",
            "errorRatePercent: expected a number from 0.1 to 100, got 0",
            "latencyP95Ms: expected an integer from 10 to 600000, got 9",
            "cpuPercent: expected an integer from 10 to 100, got 101",
            "memoryPercent: expected an integer from 10 to 100, got 9",
            "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 90",
            'loadBalancer: expected none for a worker (it serves no requests), got "a load balancer"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("aws ServiceAlarms args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(SERVICE_ALARMS_DEFAULTS).toEqual({
            kind: "web", minInstances: 1, errorRatePercent: 5, latencyP95Ms: 1500, instancesPercentOfMax: 80, cpuPercent: 90, memoryPercent: 90, durationSeconds: 300,
        });
    });

    const problems = (args: Partial<ServiceAlarmsArgs>) => argProblems(() => validateServiceAlarmsArgs("api", { ...ARGS, ...args }));
    const int = (key: string, min: number, max: number, value: number) => `${key}: expected an integer from ${min} to ${max}, got ${value}`;

    it.each<[Partial<ServiceAlarmsArgs>]>([
        [{ service: "a" }], [{ service: `a${"1".repeat(29)}` }], [{ region: "us-gov-west-1", topicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms" }], [{ runbookRegion: "us-east-1" }],
        [{ kind: "web", loadBalancer: LB }], [{ kind: "worker" }],
        [{ maxInstances: 1, minInstances: 1 }], [{ maxInstances: 1000, minInstances: 0 }], [{ maxInstances: 50, minInstances: 50 }],
        [{ errorRatePercent: 0.1 }], [{ errorRatePercent: 100 }], [{ latencyP95Ms: 10 }], [{ latencyP95Ms: 600000 }],
        [{ instancesPercentOfMax: 10 }], [{ instancesPercentOfMax: 100 }], [{ cpuPercent: 10 }], [{ cpuPercent: 100 }],
        [{ memoryPercent: 10 }], [{ memoryPercent: 100 }], [{ durationSeconds: 0 }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<ServiceAlarmsArgs>, string]>([
        [{ service: `a${"1".repeat(30)}` }, `service: expected a service name such as "api", got "a${"1".repeat(30)}"`],
        [{ service: "1api" }, 'service: expected a service name such as "api", got "1api"'],
        [{ service: undefined }, 'service: expected a service name such as "api", got nothing'],
        [{ service: "api_2" }, 'service: expected a service name such as "api", got "api_2"'],
        [{ region: "xeu-central-1" }, 'region: expected an AWS region such as "eu-central-1", got "xeu-central-1"'],
        [{ runbookRegion: "eu" }, 'runbookRegion: expected an AWS region such as "eu-central-1", got "eu"'],
        [{ region: "eu-west-1" }, `topicArn: expected an SNS topic in eu-west-1, the alarms' region (CloudWatch notifies topics of its own region only), got "${TOPIC}"`],
        [{ namePrefix: "Acme" }, 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"'],
        [{ kind: "job" as never }, 'kind: expected one of "web", "worker", got "job"'],
        [{ maxInstances: 1001, minInstances: 1 }, int("maxInstances", 1, 1000, 1001)],
        [{ maxInstances: 2.5, minInstances: 1 }, int("maxInstances", 1, 1000, 2.5)],
        [{ maxInstances: 50, minInstances: 51 }, int("minInstances", 0, 50, 51)],
        [{ maxInstances: 1, minInstances: 2 }, int("minInstances", 0, 1, 2)],
        [{ minInstances: -1 }, int("minInstances", 0, 50, -1)],
        [{ errorRatePercent: 0.09 }, "errorRatePercent: expected a number from 0.1 to 100, got 0.09"],
        [{ errorRatePercent: 100.5 }, "errorRatePercent: expected a number from 0.1 to 100, got 100.5"],
        [{ latencyP95Ms: 600001 }, int("latencyP95Ms", 10, 600000, 600001)],
        [{ instancesPercentOfMax: 9 }, int("instancesPercentOfMax", 10, 100, 9)],
        [{ instancesPercentOfMax: 101 }, int("instancesPercentOfMax", 10, 100, 101)],
        [{ cpuPercent: 9 }, int("cpuPercent", 10, 100, 9)],
        [{ memoryPercent: 101 }, int("memoryPercent", 10, 100, 101)],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });

    it("bounds minInstances by 1000 when maxInstances is itself invalid, so only maxInstances is reported", () => {
        expect(problems({ maxInstances: 0, minInstances: 999 })).toEqual([int("maxInstances", 1, 1000, 0)]);
        expect(problems({ maxInstances: 2.5, minInstances: 1000 })).toEqual([int("maxInstances", 1, 1000, 2.5)]);
        expect(problems({ maxInstances: 0, minInstances: 1001 })).toEqual([int("maxInstances", 1, 1000, 0), int("minInstances", 0, 1000, 1001)]);
    });
});
