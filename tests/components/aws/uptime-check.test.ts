import { summarize } from "../../../infra/plan/summaries";
import { UptimeCheck, type UptimeCheckArgs } from "../../../components/aws/uptime-check";
import { plan, rejectedArgs } from "../../helpers/inventory";

const US = "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms";
const ARGS: UptimeCheckArgs = { namePrefix: "acme-prod", host: "api.example.com", path: "/healthz", topicArn: US, runbookRegion: "eu-central-1" };
const CHECK = "aws:route53/healthCheck:HealthCheck";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("aws UptimeCheck", () => {
    it("probes the host over HTTPS with SNI from three regions every 30 s and alarms in us-east-1 when it goes down", async () => {
        const inv = await plan(() => new UptimeCheck("api", ARGS));
        const check = inv.one(CHECK);
        expect(check.inputs).toMatchObject({
            type: "HTTPS", fqdn: "api.example.com", port: 443, resourcePath: "/healthz", enableSni: true, requestInterval: 30,
            failureThreshold: 3, regions: ["us-east-1", "eu-west-1", "ap-southeast-1"], measureLatency: true,
        });
        expect(check.inputs.searchString).toBeUndefined();
        // Route 53 has no region input: health checks are global.
        expect(check.inputs.region).toBeUndefined();
        const alarm = inv.one(ALARM).inputs;
        expect(alarm).toMatchObject({
            region: "us-east-1", name: "acme-prod-uptime-api-example-com-healthz", namespace: "AWS/Route53", metricName: "HealthCheckStatus",
            statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1, evaluationPeriods: 1, treatMissingData: "breaching",
            alarmActions: [US], okActions: [US],
        });
        // The alarm names the check by the UUID Route 53 gives it.
        expect((alarm.dimensions as any).HealthCheckId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(String(alarm.alarmDescription)).toMatch(/^https:\/\/api\.example\.com\/healthz failed its Route 53 health check for 1 min/);
        expect(summarize(UptimeCheck.TYPE, inv.resources)).toBe(
            "HTTPS https://api.example.com/healthz · from 3 regions every 30 s · SNI · 1 alarm (us-east-1) · each to the topic when firing and recovering · runbook linked",
        );
    });

    it("matches content with HTTPS_STR_MATCH and takes a 10 s interval and more regions", async () => {
        const inv = await plan(() => new UptimeCheck("api", { ...ARGS, contentMatch: "ok", requestIntervalSeconds: 10, regions: ["us-east-1", "us-west-2", "eu-west-1", "sa-east-1"], alarmAfterMinutes: 3 }));
        expect(inv.one(CHECK).inputs).toMatchObject({ type: "HTTPS_STR_MATCH", searchString: "ok", requestInterval: 10, regions: ["us-east-1", "us-west-2", "eu-west-1", "sa-east-1"] });
        expect(inv.one(ALARM).inputs).toMatchObject({ evaluationPeriods: 3, datapointsToAlarm: 3 });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new UptimeCheck("api", {
            ...ARGS, host: "API.example.com", path: "healthz", requestIntervalSeconds: 60 as never, failureThreshold: 11,
            regions: ["us-east-1", "eu-central-1" as never], alarmAfterMinutes: 0,
        }));
        expect(error.problems).toEqual([
            'host: expected a host name such as "api.example.com", got "API.example.com"',
            'path: expected a URL path of up to 255 characters such as "/healthz", got "healthz"',
            "requestIntervalSeconds: expected one of 10, 30, got 60",
            "failureThreshold: expected an integer from 1 to 10, got 11",
            'regions: expected at least 3 distinct checker regions, got ["us-east-1","eu-central-1"]',
            'regions[1]: expected one of "us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", got "eu-central-1"',
            "alarmAfterMinutes: expected an integer from 1 to 60, got 0",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
