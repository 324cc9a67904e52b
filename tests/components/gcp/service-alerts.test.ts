import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { ServiceAlerts, instanceAlertCount, type ServiceAlertsArgs } from "../../../components/gcp/service-alerts";
import { plan, type Inventory } from "../../helpers/inventory";

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

const condition = (inv: Inventory, name: string) => (inv.named(name, POLICY).inputs.conditions as any[])[0];
const RUN = 'resource.type = "cloud_run_revision" AND resource.labels.service_name = "acme-prod-api" AND resource.labels.location = "europe-west1"';

describe("gcp ServiceAlerts", () => {
    it("alerts on the 5xx ratio: 5xx request_count over all request_count of the service", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", ARGS));
        const t = condition(inv, "svc-errors").conditionThreshold;
        expect(t.filter).toBe(`${RUN} AND metric.type = "run.googleapis.com/request_count" AND metric.labels.response_code_class = "5xx"`);
        expect(t.denominatorFilter).toBe(`${RUN} AND metric.type = "run.googleapis.com/request_count"`);
        const byService = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] };
        expect(t.aggregations).toEqual([byService]);
        expect(t.denominatorAggregations).toEqual([byService]);
        expect(t).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 0.05, duration: "300s" });
        expect(inv.named("svc-errors", POLICY).inputs.severity).toBe("CRITICAL");
    });

    it("alerts on the service's p95 latency, merging the request_latencies distributions of every series", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", ARGS));
        const t = condition(inv, "svc-latency").conditionThreshold;
        expect(t.filter).toBe(`${RUN} AND metric.type = "run.googleapis.com/request_latencies"`);
        // Not ALIGN_PERCENTILE_95 + REDUCE_MAX: that is the worst (revision, response code) series,
        // where one slow 504 alone in its series is its p95.
        expect(t.aggregations).toEqual([{
            alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_95", groupByFields: ["resource.label.service_name"],
        }]);
        expect(t).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 1500, duration: "300s" });
    });

    it("alerts when the instance count reaches the configured share of max instances", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", ARGS));
        const c = condition(inv, "svc-instances");
        expect(c.conditionThreshold.filter).toBe(`${RUN} AND metric.type = "run.googleapis.com/container/instance_count"`);
        expect(c.conditionThreshold.aggregations[0]).toMatchObject({ perSeriesAligner: "ALIGN_MAX", crossSeriesReducer: "REDUCE_SUM" });
        // 80% of 50 = 40 instances; the API compares strictly, so "> 39".
        expect(c.conditionThreshold).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 39 });
        expect(c.displayName).toBe("instances >= 40 (max 50)");
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

    it("alerts above minInstances: min 4 of max 5 fires at 5 (> 4), never at the steady-state 4", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", { ...ARGS, minInstances: 4, maxInstances: 5 }));
        expect(condition(inv, "svc-instances").conditionThreshold).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 4 });
        expect(condition(inv, "svc-instances").displayName).toBe("instances >= 5 (max 5)");
    });

    it.each([[2, 2], [1, 1]])("creates no instance alert for min %i / max %i (it could never resolve)", async (min, max) => {
        let alerts: ServiceAlerts | undefined;
        const inv = await plan(() => {
            alerts = new ServiceAlerts("svc", { ...ARGS, minInstances: min, maxInstances: max });
        });
        expect(inv.ofType(POLICY).map((p) => p.name).sort()).toEqual(["svc-errors", "svc-latency"]);
        expect(alerts!.policies.instances).toBeUndefined();
    });

    it("rejects minInstances above maxInstances", async () => {
        expect(() => new ServiceAlerts("svc", { ...ARGS, minInstances: 3, maxInstances: 2 })).toThrow(
            "minInstances: expected an integer from 0 to maxInstances (2), got 3",
        );
    });

    it("gives every policy a runbook and the environment's channels", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", ARGS));
        const policies = inv.ofType(POLICY);
        expect(policies).toHaveLength(3);
        for (const p of policies) {
            expect(p.inputs.notificationChannels).toEqual(CHANNELS);
            expect(p.inputs.combiner).toBe("OR");
            const doc = p.inputs.documentation as Record<string, string>;
            expect(doc.mimeType).toBe("text/markdown");
            expect(doc.content).toMatch(/### What fired\n.*acme-prod-api[\s\S]*### Likely causes\n- [\s\S]*### First steps\n1\. /);
            expect(doc.subject).toContain(String(p.inputs.displayName));
        }
        const component = inv.one(ServiceAlerts.TYPE);
        expect(inv.childrenOf(component.urn)).toHaveLength(3);
    });

    it("honours explicit thresholds and duration", async () => {
        const inv = await plan(() => new ServiceAlerts("svc", {
            ...ARGS, maxInstances: 10, errorRatePercent: 1, latencyP95Ms: 400, instancesPercentOfMax: 50, durationSeconds: 120,
        }));
        expect(condition(inv, "svc-errors").conditionThreshold).toMatchObject({ thresholdValue: 0.01, duration: "120s" });
        expect(condition(inv, "svc-latency").conditionThreshold).toMatchObject({ thresholdValue: 400, duration: "120s" });
        expect(condition(inv, "svc-instances").conditionThreshold).toMatchObject({ thresholdValue: 4, duration: "120s" });
        expect(inv.named("svc-errors", POLICY).inputs.displayName).toBe("acme-prod api: 5xx ratio above 1%");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new ServiceAlerts("svc", {
                    ...ARGS, region: "EU", maxInstances: 0, notificationChannels: [], errorRatePercent: 0, durationSeconds: 90,
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'region: expected a GCP region such as "europe-west1", got "EU"',
            "maxInstances: expected an integer from 1 to 1000, got 0",
            "notificationChannels: expected at least one notification channel, got []",
            "errorRatePercent: expected a number from 0.1 to 100, got 0",
            "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 90",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
