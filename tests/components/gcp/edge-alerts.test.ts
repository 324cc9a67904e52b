import * as pulumi from "@pulumi/pulumi";
import {
    SecurityPolicyAlerts, SECURITY_POLICY_ALERTS_DEFAULTS, validateSecurityPolicyAlertsArgs, type SecurityPolicyAlertsArgs,
} from "../../../components/gcp/edge-alerts";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];
const ARGS: SecurityPolicyAlertsArgs = { namePrefix: "acme-prod", policyName: pulumi.output("acme-prod-edge"), notificationChannels: CHANNELS };

describe("gcp SecurityPolicyAlerts", () => {
    it("counts requests blocked by the Cloud Armor policy per minute, with its runbook", async () => {
        const inv = await plan(() => new SecurityPolicyAlerts("armor", ARGS));
        const policy = inv.one(POLICY);
        expect(policy.parent).toBe(inv.one(SecurityPolicyAlerts.TYPE).urn);
        const { documentation, ...inputs } = policy.inputs as Record<string, any>;
        expect(inputs).toEqual({
            displayName: "acme-prod edge: Cloud Armor acme-prod-edge denying > 100/min",
            combiner: "OR",
            severity: "WARNING",
            notificationChannels: CHANNELS,
            userLabels: { managed_by: "prodstack", concern: "edge" },
            conditions: [{
                displayName: "blocked requests > 100/min",
                conditionThreshold: {
                    filter: 'resource.type = "network_security_policy" AND resource.labels.policy_name = "acme-prod-edge" AND metric.type = "networksecurity.googleapis.com/https/request_count" AND metric.labels.blocked = "true"',
                    // A 60 s delta of a DELTA counter is a per-minute count.
                    aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.policy_name"] }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: 100,
                    duration: "300s",
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: "1800s" },
        });
        expect(documentation.mimeType).toBe("text/markdown");
        expect(documentation.subject).toBe("[WARNING] acme-prod edge: Cloud Armor acme-prod-edge denying > 100/min");
        expect(documentation.content.split("\n")).toEqual([
            "### What fired",
            "Cloud Armor security policy `acme-prod-edge` blocked more than 100 requests per minute for 5 min.",
            "",
            "### Likely causes",
            "- An attack or a scanner: the WAF and rate limit are doing their job, but watch the backends.",
            "- A legitimate client hitting the rate limit (integration partner, load test, mobile app retry loop).",
            "- A false positive: a WAF rule matching legitimate requests after a release (new payload shapes).",
            "",
            "### First steps",
            "1. Open the policy (https://console.cloud.google.com/net-security/securitypolicies/details/acme-prod-edge) and the Network Security Policies dashboard to see which rules match.",
            '2. Query the load balancer logs: `resource.type="http_load_balancer" jsonPayload.enforcedSecurityPolicy.outcome="DENY"`, grouped by `jsonPayload.enforcedSecurityPolicy.name`, `preconfiguredExprIds` and client IP.',
            "3. If legitimate users are blocked, exempt them (higher-priority allow rule) or switch the offending WAF rule to preview; if it is an attack, check the services' error and instance alerts.",
        ]);
    });

    it("honours an explicit rate and duration", async () => {
        const inv = await plan(() => new SecurityPolicyAlerts("armor", {
            namePrefix: "acme-stg", policyName: "acme-stg-edge", notificationChannels: CHANNELS, deniedPerMinute: 20, durationSeconds: 600,
        }));
        const policy = inv.one(POLICY).inputs as Record<string, any>;
        expect(policy.displayName).toBe("acme-stg edge: Cloud Armor acme-stg-edge denying > 20/min");
        expect(policy.conditions[0].displayName).toBe("blocked requests > 20/min");
        expect(policy.conditions[0].conditionThreshold).toMatchObject({ thresholdValue: 20, duration: "600s" });
        expect(policy.documentation.content.split("\n")[1]).toBe("Cloud Armor security policy `acme-stg-edge` blocked more than 20 requests per minute for 10 min.");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new SecurityPolicyAlerts("armor", {
            namePrefix: "x y", policyName: "p", notificationChannels: [], deniedPerMinute: 0.5, durationSeconds: 30,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "x y"',
            "notificationChannels: expected at least one notification channel, got []",
            "deniedPerMinute: expected an integer from 1 to 1000000, got 0.5",
            "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 30",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp SecurityPolicyAlerts args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(SECURITY_POLICY_ALERTS_DEFAULTS).toEqual({ deniedPerMinute: 100, durationSeconds: 300 });
    });

    const problems = (args: Partial<SecurityPolicyAlertsArgs>) => argProblems(() => validateSecurityPolicyAlertsArgs("armor", { ...ARGS, ...args }));

    it.each<[Partial<SecurityPolicyAlertsArgs>]>([
        [{ deniedPerMinute: 1 }], [{ deniedPerMinute: 1000000 }], [{ durationSeconds: 0 }], [{ durationSeconds: 86400 }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<SecurityPolicyAlertsArgs>, string]>([
        [{ deniedPerMinute: 0 }, "deniedPerMinute: expected an integer from 1 to 1000000, got 0"],
        [{ deniedPerMinute: 1000001 }, "deniedPerMinute: expected an integer from 1 to 1000000, got 1000001"],
        [{ durationSeconds: 86460 }, "durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 86460"],
    ])("rejects %j", (args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });
});
