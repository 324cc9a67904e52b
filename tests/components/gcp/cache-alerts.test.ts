import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { CacheAlerts, type CacheAlertsArgs } from "../../../components/gcp/cache-alerts";
import { plan } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];
const INSTANCE = "projects/acme-web-prod/locations/europe-west1/instances/acme-prod-cache";
const ARGS: CacheAlertsArgs = { namePrefix: "acme-prod", cache: "main", instanceId: pulumi.output(INSTANCE), notificationChannels: CHANNELS };

describe("gcp CacheAlerts", () => {
    it("alerts on the Redis memory usage ratio of the instance, fullest node deciding", async () => {
        const inv = await plan(() => new CacheAlerts("cache", ARGS));
        const policy = inv.one(POLICY).inputs;
        const t = (policy.conditions as any[])[0].conditionThreshold;
        expect(t.filter).toBe(`resource.type = "redis_instance" AND resource.labels.instance_id = "${INSTANCE}" AND metric.type = "redis.googleapis.com/stats/memory/usage_ratio"`);
        expect(t.aggregations).toEqual([{
            alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_MAX", groupByFields: ["resource.label.instance_id"],
        }]);
        expect(t).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 0.8, duration: "300s" });
        expect(policy.notificationChannels).toEqual(CHANNELS);
        const doc = policy.documentation as Record<string, string>;
        expect(doc.content).toMatch(/### What fired\n.*acme-prod-cache[\s\S]*### Likely causes[\s\S]*### First steps/);
        expect(doc.content).toContain("locations/europe-west1/instances/acme-prod-cache/details/overview?project=acme-web-prod");
    });

    it("honours an explicit threshold and duration", async () => {
        const inv = await plan(() => new CacheAlerts("cache", { ...ARGS, memoryPercent: 90, durationSeconds: 600 }));
        const t = (inv.one(POLICY).inputs.conditions as any[])[0].conditionThreshold;
        expect(t).toMatchObject({ thresholdValue: 0.9, duration: "600s" });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new CacheAlerts("cache", { ...ARGS, memoryPercent: 5, notificationChannels: [] });
            } catch (e) {
                error = e;
            }
        });
        expect((error as InvalidArgsError).problems).toEqual([
            "notificationChannels: expected at least one notification channel, got []",
            "memoryPercent: expected an integer from 10 to 100, got 5",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
