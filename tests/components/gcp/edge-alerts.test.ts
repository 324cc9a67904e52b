import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { SecurityPolicyAlerts } from "../../../components/gcp/edge-alerts";
import { plan } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];

describe("gcp SecurityPolicyAlerts", () => {
    it("counts requests blocked by the Cloud Armor policy per minute", async () => {
        const inv = await plan(() => new SecurityPolicyAlerts("armor", {
            namePrefix: "acme-prod", policyName: pulumi.output("acme-prod-edge"), notificationChannels: CHANNELS,
        }));
        const policy = inv.one(POLICY).inputs;
        const t = (policy.conditions as any[])[0].conditionThreshold;
        expect(t.filter).toBe('resource.type = "network_security_policy" AND resource.labels.policy_name = "acme-prod-edge" AND metric.type = "networksecurity.googleapis.com/https/request_count" AND metric.labels.blocked = "true"');
        // A 60 s delta of a DELTA counter is a per-minute count.
        expect(t.aggregations).toEqual([{
            alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.policy_name"],
        }]);
        expect(t).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 100, duration: "300s" });
        expect(policy.displayName).toBe("acme-prod edge: Cloud Armor acme-prod-edge denying > 100/min");
        expect(policy.notificationChannels).toEqual(CHANNELS);
        expect((policy.documentation as Record<string, string>).content).toMatch(
            /### What fired\n.*acme-prod-edge[\s\S]*### Likely causes[\s\S]*### First steps[\s\S]*enforcedSecurityPolicy\.outcome/,
        );
    });

    it("honours an explicit rate and duration", async () => {
        const inv = await plan(() => new SecurityPolicyAlerts("armor", {
            namePrefix: "acme-stg", policyName: "acme-stg-edge", notificationChannels: CHANNELS, deniedPerMinute: 20, durationSeconds: 0,
        }));
        expect((inv.one(POLICY).inputs.conditions as any[])[0].conditionThreshold).toMatchObject({ thresholdValue: 20, duration: "0s" });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new SecurityPolicyAlerts("armor", { namePrefix: "x y", policyName: "p", notificationChannels: CHANNELS, deniedPerMinute: 0.5 });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "x y"',
            "deniedPerMinute: expected an integer from 1 to 1000000, got 0.5",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
