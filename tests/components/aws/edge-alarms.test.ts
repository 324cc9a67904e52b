import { EdgeAlarms, type EdgeAlarmsArgs } from "../../../components/aws/edge-alarms";
import { plan, rejectedArgs } from "../../helpers/inventory";

const EU = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const US = "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: EdgeAlarmsArgs = { namePrefix: "acme-prod", region: "eu-central-1", topicArns: { "eu-central-1": EU, "us-east-1": US } };
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("aws EdgeAlarms", () => {
    it("alarms in us-east-1 on a CloudFront web ACL's blocks, the distribution's 5xx rate and its certificate's expiry", async () => {
        const inv = await plan(() => new EdgeAlarms("edge", {
            ...ARGS,
            webAcl: { metricName: "acme-prod-edge", scope: "CLOUDFRONT" },
            distributions: { "app.example.com": "E2QWRUHEXAMPLE" },
            certificates: [{ arn: CERT, region: "us-east-1", domain: "app.example.com" }],
        }));
        expect(inv.named("edge-waf", ALARM).inputs).toMatchObject({
            region: "us-east-1", name: "acme-prod-waf-blocked", namespace: "AWS/WAFV2", metricName: "BlockedRequests",
            dimensions: { WebACL: "acme-prod-edge", Rule: "ALL" }, statistic: "Sum", threshold: 100, alarmActions: [US], okActions: [US],
        });
        expect(inv.named("edge-cdn5xx-app-example-com", ALARM).inputs).toMatchObject({
            region: "us-east-1", name: "acme-prod-cdn-app-example-com-5xx-rate", namespace: "AWS/CloudFront", metricName: "5xxErrorRate", dimensions: { DistributionId: "E2QWRUHEXAMPLE", Region: "Global" },
            statistic: "Average", threshold: 5,
        });
        expect(inv.named("edge-certificate-app-example-com", ALARM).inputs).toMatchObject({
            region: "us-east-1", name: "acme-prod-certificate-app-example-com-expiry", namespace: "AWS/CertificateManager", metricName: "DaysToExpiry",
            dimensions: { CertificateArn: CERT }, period: 86400, statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 14,
        });
    });

    it("alarms on a REGIONAL web ACL in the environment's region, with its Region dimension", async () => {
        const inv = await plan(() => new EdgeAlarms("edge", { ...ARGS, webAcl: { metricName: "acme-prod-alb", scope: "REGIONAL" }, blockedPerMinute: 10 }));
        expect(inv.one(ALARM).inputs).toMatchObject({
            region: "eu-central-1", dimensions: { WebACL: "acme-prod-alb", Rule: "ALL", Region: "eu-central-1" }, threshold: 10, alarmActions: [EU],
        });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new EdgeAlarms("edge", {
            ...ARGS, topicArns: { "eu-central-1": EU }, distributions: { "app.example.com": "E2QWRUHEXAMPLE" }, certificateExpiryDays: 60,
        }));
        expect(error.problems).toEqual([
            "topicArns.us-east-1: expected a topic in us-east-1, where those alarms live, got nothing",
            "certificateExpiryDays: expected an integer from 1 to 59, got 60",
        ]);
        expect(inv.resources).toHaveLength(0);
        const nothing = await rejectedArgs(() => new EdgeAlarms("edge", ARGS));
        expect(nothing.error.problems).toEqual(["webAcl: expected at least one of webAcl, distributions or certificates, got nothing"]);
    });
});
