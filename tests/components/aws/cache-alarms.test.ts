import { Cache } from "../../../components/aws/cache";
import { CacheAlarms, CACHE_ALARMS_DEFAULTS, validateCacheAlarmsArgs, type CacheAlarmsArgs } from "../../../components/aws/cache-alarms";
import type { PlanDocument } from "../../../infra/plan/document";
import { evaluatePlan } from "../../../policy/run";
import * as pulumi from "@pulumi/pulumi";
import { runbookLines, runbooksOf } from "../../helpers/alarms";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("aws CacheAlarms", () => {
    it("alarms on memory and evictions of every member node", async () => {
        let alarms!: CacheAlarms;
        const inv = await plan(() => runbooksOf(alarms = new CacheAlarms("cache", {
            namePrefix: "acme-prod", cache: "main", region: "eu-central-1", memberClusterIds: ["acme-prod-cache-001", "acme-prod-cache-002"], topicArn: TOPIC,
        })));
        expect(inv.ofType(ALARM).map((a) => [a.inputs.name, a.inputs.metricName, (a.inputs.dimensions as any).CacheClusterId, a.inputs.threshold]).sort()).toEqual([
            ["acme-prod-cache-main-1-evictions", "Evictions", "acme-prod-cache-001", 0],
            ["acme-prod-cache-main-1-memory", "DatabaseMemoryUsagePercentage", "acme-prod-cache-001", 80],
            ["acme-prod-cache-main-2-evictions", "Evictions", "acme-prod-cache-002", 0],
            ["acme-prod-cache-main-2-memory", "DatabaseMemoryUsagePercentage", "acme-prod-cache-002", 80],
        ]);
        // Five one-minute periods (the default 300 s), all breaching; a node that reports nothing is not judged.
        const common = {
            region: "eu-central-1", namespace: "AWS/ElastiCache", period: 60, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 5, datapointsToAlarm: 5,
            treatMissingData: "missing", actionsEnabled: true, alarmActions: [TOPIC], okActions: [TOPIC],
        };
        expect(inv.named("cache-evictions-1", ALARM).inputs).toMatchObject({ ...common, statistic: "Sum" });
        expect(inv.named("cache-memory-2", ALARM).inputs).toMatchObject({ ...common, statistic: "Average" });
        // The runbook dashboard of the alarms' region when no other is named.
        expect(String(inv.named("cache-memory-2", ALARM).inputs.alarmDescription)).toContain(
            'https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-prod-runbooks , section "acme-prod-cache-main-2-memory".',
        );
        expect(inv.childrenOf(inv.one("prodstack:aws:CacheAlarms").urn)).toHaveLength(4);
        expect(Object.keys(alarms.alarms)).toEqual(["memory-1", "evictions-1", "memory-2", "evictions-2"]);
        const runbooks = runbookLines(inv.outputs);
        expect(Object.keys(runbooks).sort()).toEqual(["acme-prod-cache-main-1-evictions", "acme-prod-cache-main-1-memory", "acme-prod-cache-main-2-evictions", "acme-prod-cache-main-2-memory"]);
        expect(runbooks["acme-prod-cache-main-1-memory"]).toEqual([
            "### What fired",
            "ElastiCache node `acme-prod-cache-001` used more than 80% of its maxmemory for 5 min. Close to the limit Redis evicts keys (cache misses hit the database) or rejects writes.",
            "",
            "### Likely causes",
            "- Keys written without a TTL accumulating after a release.",
            "- A larger working set from traffic growth.",
            "- Large values (sessions, serialized objects) stored by a new feature.",
            "",
            "### First steps",
            "1. Open the node's metrics (https://console.aws.amazon.com/elasticache/home?region=eu-central-1#/redis): memory usage, evictions, cache hit rate.",
            "2. Check the database CPU alert and chart: evictions shift load to the database.",
            "3. Find keys without TTL (`redis-cli --bigkeys` / `SCAN` with `TTL`) and fix the writer.",
            "4. If the working set grew legitimately, raise cache.memoryGb in the spec (a node type change: an online scaling operation).",
        ]);
        expect(runbooks["acme-prod-cache-main-1-evictions"].slice(0, 2)).toEqual(["### What fired", "ElastiCache node `acme-prod-cache-001` evicted keys during 5 min: it is full, so every eviction is a cache miss that hits the database."]);
        expect(runbooks["acme-prod-cache-main-2-evictions"][1]).toBe("ElastiCache node `acme-prod-cache-002` evicted keys during 5 min: it is full, so every eviction is a cache miss that hits the database.");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new CacheAlarms("cache", {
            namePrefix: "acme-prod", cache: "main", region: "eu-central-1", memberClusterIds: [], topicArn: TOPIC, memoryPercent: 5,
        }));
        expect(error.problems).toEqual(["memberClusterIds: expected 1 to 6 member cluster IDs, got []", "memoryPercent: expected an integer from 10 to 100, got 5"]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("aws CacheAlarms on a Cache", () => {
    it("watches each member node the Cache component names, which satisfies stateful-resources-alerted", async () => {
        const inv = await plan(() => {
            const cache = new Cache("cache", {
                namePrefix: "acme-prod", region: "eu-central-1", vpcId: "vpc-0123456789abcdef0",
                subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], clientSecurityGroups: { api: "sg-0123456789abcdef0" },
                kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", memoryGb: 5, logRetentionDays: 365,
                highAvailability: true,
            });
            // Wiring the cache in is one entry: its member cluster IDs.
            new CacheAlarms("cache-alarms", { namePrefix: "acme-prod", cache: "main", region: "eu-central-1", memberClusterIds: cache.memberClusterIds, topicArn: TOPIC });
        });
        const members = inv.ofType(ALARM).map((a) => (a.inputs.dimensions as any).CacheClusterId);
        expect([...new Set(members)].sort()).toEqual(["acme-prod-cache-001", "acme-prod-cache-002"]);
        const run = await evaluatePlan({ formatVersion: 1, project: "prodstack", stack: "test", cloud: "aws", outputs: {}, resources: inv.resources } as unknown as PlanDocument);
        const item = run.report.find((i) => i.id === "resource-alerts")!;
        expect(item.verdict).toBe("pass");
    });
});

describe("aws CacheAlarms args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(CACHE_ALARMS_DEFAULTS).toEqual({ memoryPercent: 80, durationSeconds: 300 });
    });

    const ARGS: CacheAlarmsArgs = { namePrefix: "acme-prod", cache: "main", region: "eu-central-1", memberClusterIds: ["acme-prod-cache-001"], topicArn: TOPIC };
    const problems = (args: Partial<CacheAlarmsArgs>) => argProblems(() => validateCacheAlarmsArgs("cache", { ...ARGS, ...args }));
    const six = ["a-001", "a-002", "a-003", "a-004", "a-005", "a-006"];
    const member = (id: string) => `an ElastiCache cluster ID such as "acme-prod-cache-001", got "${id}"`;

    it.each<[Partial<CacheAlarmsArgs>]>([
        [{ cache: "c" }], [{ cache: `c${"1".repeat(29)}` }], [{ memberClusterIds: six }], [{ memberClusterIds: [`a${"1".repeat(49)}`] }],
        [{ memberClusterIds: [pulumi.output("Not-Known-Yet")] }], [{ memoryPercent: 10 }], [{ memoryPercent: 100 }], [{ durationSeconds: 60 }],
        [{ runbookRegion: "us-east-1" }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<CacheAlarmsArgs>, string]>([
        [{ cache: `c${"1".repeat(30)}` }, `cache: expected a short name such as "main", got "c${"1".repeat(30)}"`],
        [{ cache: "1c" }, 'cache: expected a short name such as "main", got "1c"'],
        [{ cache: undefined }, 'cache: expected a short name such as "main", got nothing'],
        [{ cache: "main cache" }, 'cache: expected a short name such as "main", got "main cache"'],
        [{ region: "eu-central" }, 'region: expected an AWS region such as "eu-central-1", got "eu-central"'],
        [{ namePrefix: "" }, 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got ""'],
        [{ memberClusterIds: [...six, "a-007"] }, 'memberClusterIds: expected 1 to 6 member cluster IDs, got ["a-001","a-002","a-003","a-004","a-005","a-006","a-007"]'],
        [{ memberClusterIds: "a-001" as never }, 'memberClusterIds: expected 1 to 6 member cluster IDs, got "a-001"'],
        [{ memberClusterIds: ["a-001", `a${"1".repeat(50)}`] }, `memberClusterIds[1]: expected ${member(`a${"1".repeat(50)}`)}`],
        [{ memberClusterIds: ["1a"] }, `memberClusterIds[0]: expected ${member("1a")}`],
        [{ memberClusterIds: ["A-001"] }, `memberClusterIds[0]: expected ${member("A-001")}`],
        [{ memberClusterIds: ["a-001 "] }, `memberClusterIds[0]: expected ${member("a-001 ")}`],
        [{ memoryPercent: 101 }, "memoryPercent: expected an integer from 10 to 100, got 101"],
        [{ durationSeconds: 90 }, "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 90"],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });
});
