import * as pulumi from "@pulumi/pulumi";
import {
    ServiceAlerts, SERVICE_ALERTS_DEFAULTS, instanceAlertCount, validateServiceAlertsArgs, type ServiceAlertsArgs,
} from "../../../components/gcp/service-alerts";
import { argProblems, memo, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1", "projects/acme-prod/notificationChannels/2"];
const ARGS: ServiceAlertsArgs = {
    namePrefix: "acme-prod",
    service: "api",
    serviceName: pulumi.output("acme-prod-api"),
    region: "europe-west1",
    maxInstances: 50,
    notificationChannels: CHANNELS,
};

const inputs = (inv: Inventory, name: string) => inv.named(name, POLICY).inputs as Record<string, any>;
const condition = (inv: Inventory, name: string) => inputs(inv, name).conditions[0];
const runbook = (inv: Inventory, name: string) => (inputs(inv, name).documentation.content as string).split("\n");
const RUN = 'resource.type = "cloud_run_revision" AND resource.labels.service_name = "acme-prod-api" AND resource.labels.location = "europe-west1"';
const METRICS = "https://console.cloud.google.com/run/detail/europe-west1/acme-prod-api/metrics";
const basics = (displayName: string, severity: string) => ({
    displayName,
    combiner: "OR",
    severity,
    notificationChannels: CHANNELS,
    userLabels: { managed_by: "prodstack", concern: "service" },
    documentation: expect.objectContaining({ mimeType: "text/markdown", subject: `[${severity}] ${displayName}` }),
    alertStrategy: { autoClose: "1800s" },
});
/** The service with every default: the plan most tests read. */
const defaults = memo(() => plan(() => new ServiceAlerts("svc", ARGS)));

describe("gcp ServiceAlerts", () => {
    it("alerts on the 5xx ratio: 5xx request_count over all request_count of the service", async () => {
        const inv = await defaults();
        const byService = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] };
        expect(inputs(inv, "svc-errors")).toEqual({
            ...basics("acme-prod api: 5xx ratio above 5%", "CRITICAL"),
            conditions: [{
                displayName: "5xx / all requests > 5%",
                conditionThreshold: {
                    filter: `${RUN} AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`,
                    aggregations: [byService],
                    denominatorFilter: `${RUN} AND metric.type = "run.googleapis.com/request_count"`,
                    denominatorAggregations: [byService],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0.05,
                    duration: "300s",
                    trigger: { count: 1 },
                },
            }],
        });
        expect(runbook(inv, "svc-errors")).toEqual([
            "### What fired",
            "More than 5% of the requests to Cloud Run service `acme-prod-api` (europe-west1) were answered with a 5xx for 5 min. Users are seeing errors.",
            "",
            "### Likely causes",
            "- A bad release: the latest revision crashes, fails on startup or on a code path.",
            "- A dependency is failing: the database or cache is down, saturated or refusing connections.",
            "- Requests time out or instances run out of memory (Cloud Run answers 500/503 for them).",
            "- At very low traffic a handful of errors is enough to cross the ratio.",
            "",
            "### First steps",
            `1. Open the service's metrics (${METRICS}) and compare the error rate per revision.`,
            "2. If the errors started with the latest revision, roll traffic back to the previous revision (Revisions → Manage traffic).",
            '3. Read the errors in Logs Explorer: `resource.type="cloud_run_revision" resource.labels.service_name="acme-prod-api" severity>=ERROR`.',
            "4. Check the database and cache alerts and dashboard charts for a concurrent incident.",
        ]);
    });

    it("alerts on the service's p95 latency, merging the request_latencies distributions of every series", async () => {
        const inv = await defaults();
        expect(inputs(inv, "svc-latency")).toEqual({
            ...basics("acme-prod api: p95 latency above 1500 ms", "WARNING"),
            conditions: [{
                displayName: "p95 request latency > 1500 ms",
                conditionThreshold: {
                    filter: `${RUN} AND metric.type = "run.googleapis.com/request_latencies"`,
                    // Not ALIGN_PERCENTILE_95 + REDUCE_MAX: that is the worst (revision, response code) series,
                    // where one slow 504 alone in its series is its p95.
                    aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_95", groupByFields: ["resource.label.service_name"] }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 1500,
                    duration: "300s",
                    trigger: { count: 1 },
                },
            }],
        });
        expect(runbook(inv, "svc-latency")).toEqual([
            "### What fired",
            "The 95th-percentile request latency of Cloud Run service `acme-prod-api` (europe-west1) stayed above 1500 ms for 5 min (all revisions and response codes together).",
            "",
            "### Likely causes",
            "- Slow database queries, lock contention or a saturated database (see the database CPU and connection alerts).",
            "- Cold starts: traffic grew faster than instances started, or min instances is 0.",
            "- Instances are CPU-bound at the configured concurrency.",
            "- A slow downstream API without a timeout.",
            "",
            "### First steps",
            `1. Open the service's metrics (${METRICS}): latency, container CPU, instance count and startup latency.`,
            "2. If a new revision is slower, roll traffic back and investigate before redeploying.",
            "3. Check the database dashboard charts (CPU, connections) for the same time window.",
            "4. If instances are saturated, lower concurrency or raise CPU / max instances in the spec.",
        ]);
    });

    it("alerts when the instance count reaches the configured share of max instances", async () => {
        const inv = await defaults();
        expect(inputs(inv, "svc-instances")).toEqual({
            ...basics("acme-prod api: 40 of 50 max instances in use", "WARNING"),
            conditions: [{
                // 80% of 50 = 40 instances; the API compares strictly, so "> 39".
                displayName: "instances >= 40 (max 50)",
                conditionThreshold: {
                    filter: `${RUN} AND metric.type = "run.googleapis.com/container/instance_count"`,
                    aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 39,
                    duration: "300s",
                    trigger: { count: 1 },
                },
            }],
        });
        expect(runbook(inv, "svc-instances")).toEqual([
            "### What fired",
            "Cloud Run service `acme-prod-api` (europe-west1) ran 40 or more instances (80% of its maximum of 50) for 5 min. At the maximum, new requests queue and then fail with 429/503.",
            "",
            "### Likely causes",
            "- Real traffic growth or a marketing event.",
            "- Requests got slower, so each instance serves fewer at a time (see the latency alert).",
            "- A crawler, a retry storm or an attack not caught by Cloud Armor's rate limit.",
            "",
            "### First steps",
            `1. Open the service's metrics (${METRICS}): request count, latency and instance count.`,
            "2. If traffic is legitimate, raise maxInstances in the spec (check database max connections first) and deploy.",
            "3. If it is abusive, look at the load balancer logs by client IP and tighten the Cloud Armor rate limit.",
        ]);
        expect(inv.childrenOf(inv.one(ServiceAlerts.TYPE).urn).map((p) => p.name).sort()).toEqual(["svc-errors", "svc-instances", "svc-latency"]);
    });

    it("rounds the instance alert up to a whole instance", () => {
        expect(instanceAlertCount(5, 80)).toBe(4);
        expect(instanceAlertCount(3, 80)).toBe(3);
        expect(instanceAlertCount(1, 10)).toBe(1);
        expect(instanceAlertCount(10, 100)).toBe(10);
    });

    it("keeps the instance threshold strictly above minInstances and at most maxInstances", () => {
        // 80% of 5 is 4; min 4 moves it to 5 (= max), min 5 leaves nothing to alert on.
        expect(instanceAlertCount(5, 80, 3)).toBe(4);
        expect(instanceAlertCount(5, 80, 4)).toBe(5);
        expect(instanceAlertCount(5, 80, 5)).toBeUndefined();
        expect(instanceAlertCount(2, 80, 2)).toBeUndefined();
        expect(instanceAlertCount(1, 80, 1)).toBeUndefined();
        expect(instanceAlertCount(1, 80, 0)).toBe(1);
        expect(instanceAlertCount(50, 80, 2)).toBe(40);
    });

    it("alerts above minInstances (min 4 of max 5 fires at 5, never at the steady-state 4), and not at all when min = max", async () => {
        const made: Record<string, ServiceAlerts> = {};
        const inv = await plan(() => {
            made.svc = new ServiceAlerts("svc", { ...ARGS, minInstances: 4, maxInstances: 5 });
            // min = max: an instance alert could never resolve.
            made.full = new ServiceAlerts("full", { ...ARGS, minInstances: 2, maxInstances: 2 });
            made.one = new ServiceAlerts("one", { ...ARGS, minInstances: 1, maxInstances: 1 });
        });
        expect(condition(inv, "svc-instances").conditionThreshold).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 4 });
        expect(condition(inv, "svc-instances").displayName).toBe("instances >= 5 (max 5)");
        expect(Object.keys(made.svc.policies)).toEqual(["errors", "latency", "instances"]);
        expect(inv.ofType(POLICY).map((p) => p.name).sort()).toEqual(["full-errors", "full-latency", "one-errors", "one-latency", "svc-errors", "svc-instances", "svc-latency"]);
        expect(Object.keys(made.full.policies)).toEqual(["errors", "latency"]);
        expect(made.one.policies.instances).toBeUndefined();
    });

    it("honours explicit thresholds and duration", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", {
            ...ARGS, maxInstances: 10, errorRatePercent: 1, latencyP95Ms: 400, instancesPercentOfMax: 50, durationSeconds: 120,
        }));
        expect(condition(inv, "svc-errors")).toMatchObject({ displayName: "5xx / all requests > 1%", conditionThreshold: { thresholdValue: 0.01, duration: "120s" } });
        expect(condition(inv, "svc-latency")).toMatchObject({ displayName: "p95 request latency > 400 ms", conditionThreshold: { thresholdValue: 400, duration: "120s" } });
        expect(condition(inv, "svc-instances")).toMatchObject({ displayName: "instances >= 5 (max 10)", conditionThreshold: { thresholdValue: 4, duration: "120s" } });
        expect([inputs(inv, "svc-errors"), inputs(inv, "svc-latency"), inputs(inv, "svc-instances")].map((p) => p.displayName)).toEqual([
            "acme-prod api: 5xx ratio above 1%", "acme-prod api: p95 latency above 400 ms", "acme-prod api: 5 of 10 max instances in use",
        ]);
        expect([runbook(inv, "svc-errors")[1], runbook(inv, "svc-latency")[1], runbook(inv, "svc-instances")[1]]).toEqual([
            "More than 1% of the requests to Cloud Run service `acme-prod-api` (europe-west1) were answered with a 5xx for 2 min. Users are seeing errors.",
            "The 95th-percentile request latency of Cloud Run service `acme-prod-api` (europe-west1) stayed above 400 ms for 2 min (all revisions and response codes together).",
            "Cloud Run service `acme-prod-api` (europe-west1) ran 5 or more instances (50% of its maximum of 10) for 2 min. At the maximum, new requests queue and then fail with 429/503.",
        ]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new ServiceAlerts("svc", {
            ...ARGS, namePrefix: "Acme", service: "API", region: "EU", maxInstances: 0, notificationChannels: [], errorRatePercent: 0, latencyP95Ms: 9,
            instancesPercentOfMax: 101, durationSeconds: 90,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'service: expected a service name such as "api", got "API"',
            'region: expected a GCP region such as "europe-west1", got "EU"',
            "maxInstances: expected an integer from 1 to 1000, got 0",
            "notificationChannels: expected at least one notification channel, got []",
            "errorRatePercent: expected a number from 0.1 to 100, got 0",
            "latencyP95Ms: expected an integer from 10 to 600000, got 9",
            "instancesPercentOfMax: expected an integer from 10 to 100, got 101",
            "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 90",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp ServiceAlerts args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(SERVICE_ALERTS_DEFAULTS).toEqual({ errorRatePercent: 5, latencyP95Ms: 1500, instancesPercentOfMax: 80, durationSeconds: 300, minInstances: 0 });
    });

    const problems = (args: Partial<ServiceAlertsArgs>) => argProblems(() => validateServiceAlertsArgs("svc", { ...ARGS, ...args }));
    const service = (s: string) => `service: expected a service name such as "api", got "${s}"`;
    const region = (r: string) => `region: expected a GCP region such as "europe-west1", got "${r}"`;
    const max = (v: unknown) => `maxInstances: expected an integer from 1 to 1000, got ${v}`;
    const min = (v: unknown, bound: number) => `minInstances: expected an integer from 0 to maxInstances (${bound}), got ${v}`;

    it.each<[Partial<ServiceAlertsArgs>]>([
        [{ service: "a" }], [{ service: `a${"1".repeat(29)}` }], [{ service: "api-2" }],
        [{ region: "europe-west12" }], [{ region: "northamerica-northeast2" }], [{ region: pulumi.output("Not-Known-Yet") }],
        [{ maxInstances: 1 }], [{ maxInstances: 1000 }], [{ minInstances: 0 }], [{ minInstances: 50 }], [{ minInstances: 1, maxInstances: 1 }],
        [{ errorRatePercent: 0.1 }], [{ errorRatePercent: 100 }], [{ errorRatePercent: 2.5 }],
        [{ latencyP95Ms: 10 }], [{ latencyP95Ms: 600000 }], [{ instancesPercentOfMax: 10 }], [{ instancesPercentOfMax: 100 }],
        [{ durationSeconds: 0 }], [{ durationSeconds: 86400 }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<ServiceAlertsArgs>, string[]]>([
        [{ service: `a${"1".repeat(30)}` }, [service(`a${"1".repeat(30)}`)]],
        [{ service: "1api" }, [service("1api")]],
        [{ service: undefined }, ['service: expected a service name such as "api", got nothing']],
        [{ service: " api" }, [service(" api")]],
        [{ service: "api x" }, [service("api x")]],
        [{ region: "europe-west" }, [region("europe-west")]],
        [{ region: "1europe-west1" }, [region("1europe-west1")]],
        [{ region: "europe-west1a" }, [region("europe-west1a")]],
        [{ maxInstances: 1001 }, [max(1001)]],
        [{ maxInstances: 1.5 }, [max(1.5)]],
        [{ maxInstances: undefined as never }, [max("nothing")]],
        [{ minInstances: -1 }, [min(-1, 50)]],
        [{ minInstances: 51 }, [min(51, 50)]],
        [{ minInstances: 0.5 }, [min(0.5, 50)]],
        // An invalid maximum is reported on its own; the minimum is then held to the largest maximum.
        [{ maxInstances: 2.5, minInstances: 1000 }, [max(2.5)]],
        [{ maxInstances: 2.5, minInstances: 1001 }, [max(2.5), min(1001, 1000)]],
        [{ errorRatePercent: 0.09 }, ["errorRatePercent: expected a number from 0.1 to 100, got 0.09"]],
        [{ errorRatePercent: 100.1 }, ["errorRatePercent: expected a number from 0.1 to 100, got 100.1"]],
        [{ latencyP95Ms: 600001 }, ["latencyP95Ms: expected an integer from 10 to 600000, got 600001"]],
        [{ instancesPercentOfMax: 9 }, ["instancesPercentOfMax: expected an integer from 10 to 100, got 9"]],
        [{ durationSeconds: 86460 }, ["durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 86460"]],
    ])("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
