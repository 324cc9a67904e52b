import { EdgeAlarms, EDGE_ALARMS_DEFAULTS, validateEdgeAlarmsArgs, type EdgeAlarmsArgs } from "../../../components/aws/edge-alarms";
import { runbookLines, runbooksOf } from "../../helpers/alarms";
import { argProblems, byName, plan, rejectedArgs } from "../../helpers/inventory";

const EU = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const US = "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: EdgeAlarmsArgs = { namePrefix: "acme-prod", region: "eu-central-1", topicArns: { "eu-central-1": EU, "us-east-1": US } };
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** Five one-minute periods (the default 300 s), all of them breaching. */
const fiveMinutes = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 5 };

describe("aws EdgeAlarms", () => {
    it("alarms in us-east-1 on a CloudFront web ACL's blocks, the distribution's 5xx rate and its certificate's expiry", async () => {
        let alarms!: EdgeAlarms;
        const inv = await plan(() => runbooksOf(alarms = new EdgeAlarms("edge", {
            ...ARGS,
            webAcl: { metricName: "acme-prod-edge", scope: "CLOUDFRONT" },
            distributions: { "app.example.com": "E2QWRUHEXAMPLE" },
            certificates: [{ arn: CERT, region: "us-east-1", domain: "app.example.com" }],
        })));
        expect(inv.named("edge-waf", ALARM).inputs).toMatchObject({
            region: "us-east-1", name: "acme-prod-waf-blocked", namespace: "AWS/WAFV2", metricName: "BlockedRequests",
            dimensions: { WebACL: "acme-prod-edge", Rule: "ALL" }, statistic: "Sum", threshold: 100, alarmActions: [US], okActions: [US],
            comparisonOperator: "GreaterThanThreshold", ...fiveMinutes, treatMissingData: "notBreaching",
        });
        expect(inv.named("edge-cdn5xx-app-example-com", ALARM).inputs).toMatchObject({
            region: "us-east-1", name: "acme-prod-cdn-app-example-com-5xx-rate", namespace: "AWS/CloudFront", metricName: "5xxErrorRate", dimensions: { DistributionId: "E2QWRUHEXAMPLE", Region: "Global" },
            statistic: "Average", threshold: 5, comparisonOperator: "GreaterThanThreshold", ...fiveMinutes, treatMissingData: "notBreaching", alarmActions: [US], okActions: [US],
        });
        expect(inv.named("edge-certificate-app-example-com", ALARM).inputs).toMatchObject({
            region: "us-east-1", name: "acme-prod-certificate-app-example-com-expiry", namespace: "AWS/CertificateManager", metricName: "DaysToExpiry",
            dimensions: { CertificateArn: CERT }, period: 86400, statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 14,
            evaluationPeriods: 1, treatMissingData: "missing", alarmActions: [US], okActions: [US],
        });
        expect(inv.childrenOf(inv.one("prodstack:aws:EdgeAlarms").urn)).toHaveLength(3);
        expect(Object.keys(alarms.alarms)).toEqual(["waf", "cdn5xx-app-example-com", "certificate-app-example-com"]);
        // The full runbooks, as the runbook dashboard shows them.
        expect(runbookLines(inv.outputs)).toEqual({
            "acme-prod-cdn-app-example-com-5xx-rate": [
                "### What fired",
                "More than 5% of the responses of CloudFront distribution `E2QWRUHEXAMPLE` were 5xx for 5 min: users are seeing errors, from an origin or from the CDN itself.",
                "",
                "### Likely causes",
                "- An origin fails: the service behind it answers 5xx (see its error alert) or the load balancer has no healthy targets.",
                "- The origin is unreachable or too slow: 502/504 from the CDN (TLS mismatch, timeout, security group).",
                "- A bad deploy of a static site (missing objects answer 403/404, not 5xx; a 5xx points at an origin).",
                "",
                "### First steps",
                "1. Open the distribution's monitoring (https://console.aws.amazon.com/cloudfront/v4/home#/monitoring/distribution/E2QWRUHEXAMPLE): 5xx by status code, origin latency.",
                "2. Check the services' error and task alerts; roll back the last release if the errors started with it.",
                "3. Request the origin directly from inside the VPC to tell the CDN from the origin.",
            ],
            "acme-prod-certificate-app-example-com-expiry": [
                "### What fired",
                "The ACM certificate for app.example.com (us-east-1) expires in fewer than 14 days. ACM renews DNS-validated certificates from 60 days before expiry, so renewal has stalled.",
                "",
                "### Likely causes",
                "- The DNS validation CNAME of the certificate was removed or changed, so ACM cannot renew it.",
                "- The certificate is no longer in use by CloudFront or a load balancer (ACM renews only certificates in use).",
                "- A CAA record on the domain no longer allows amazon.com.",
                "",
                "### First steps",
                "1. Check the certificate's renewal status in ACM (https://console.aws.amazon.com/acm/home?region=us-east-1#/certificates/list), e.g. `aws acm describe-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab --region us-east-1`.",
                "2. Verify DNS: the validation CNAME must resolve, and `dig CAA` on app.example.com must allow amazon.com.",
                "3. Restore the validation record; ACM then renews within hours. If expiry is days away, request a new certificate and switch to it.",
            ],
            "acme-prod-waf-blocked": [
                "### What fired",
                "AWS WAF web ACL `acme-prod-edge` (metric name) blocked more than 100 requests per minute for 5 min.",
                "",
                "### Likely causes",
                "- An attack or a scanner: the WAF and rate limit are doing their job, but watch the backends.",
                "- A legitimate client hitting the rate limit (integration partner, load test, mobile app retry loop).",
                "- A false positive: a WAF rule matching legitimate requests after a release (new payload shapes).",
                "",
                "### First steps",
                "1. Open the web ACL's traffic overview (https://console.aws.amazon.com/wafv2/homev2/web-acls?region=global) to see which rules block.",
                "2. Query the WAF logs (`aws-waf-logs-…` log group) with Logs Insights: `filter action = \"BLOCK\" | stats count(*) by terminatingRuleId, httpRequest.clientIp`.",
                "3. If legitimate users are blocked, exempt them (an allow rule of higher priority) or set the offending managed rule to Count; if it is an attack, check the services' error and task alarms.",
            ],
        });
    });

    it("alarms on a REGIONAL web ACL in the environment's region, with its Region dimension", async () => {
        const inv = await plan(() => runbooksOf(new EdgeAlarms("edge", { ...ARGS, webAcl: { metricName: "acme-prod-alb", scope: "REGIONAL" }, blockedPerMinute: 10, durationSeconds: 120 })));
        expect(inv.one(ALARM).inputs).toMatchObject({
            region: "eu-central-1", dimensions: { WebACL: "acme-prod-alb", Rule: "ALL", Region: "eu-central-1" }, threshold: 10, alarmActions: [EU], okActions: [EU],
            evaluationPeriods: 2, datapointsToAlarm: 2,
        });
        expect(runbookLines(inv.outputs)["acme-prod-waf-blocked"].slice(1, 11)).toEqual([
            "AWS WAF web ACL `acme-prod-alb` (metric name) blocked more than 10 requests per minute for 2 min.",
            "", "### Likely causes",
            "- An attack or a scanner: the WAF and rate limit are doing their job, but watch the backends.",
            "- A legitimate client hitting the rate limit (integration partner, load test, mobile app retry loop).",
            "- A false positive: a WAF rule matching legitimate requests after a release (new payload shapes).",
            "", "### First steps",
            "1. Open the web ACL's traffic overview (https://console.aws.amazon.com/wafv2/homev2/web-acls?region=eu-central-1) to see which rules block.",
            "2. Query the WAF logs (`aws-waf-logs-…` log group) with Logs Insights: `filter action = \"BLOCK\" | stats count(*) by terminatingRuleId, httpRequest.clientIp`.",
        ]);
    });

    it("names a domain's expiry alarms after their regions when it has certificates in several (one name each)", async () => {
        const EU_CERT = "arn:aws:acm:eu-central-1:123456789012:certificate/5678abcd-12ab-34cd-56ef-1234567890ab";
        let alarms!: EdgeAlarms;
        const inv = await plan(() => alarms = new EdgeAlarms("edge", {
            ...ARGS,
            distributions: { "www.example.com": "E1", "*.example.com": "E2" },
            certificates: [
                { arn: CERT, region: "us-east-1", domain: "*.example.com" },
                { arn: EU_CERT, region: "eu-central-1", domain: "*.example.com" },
                { arn: CERT, region: "us-east-1", domain: "example.com" },
            ],
        }));
        // Distributions in label order, whatever order the spec lists them in.
        expect(Object.keys(alarms.alarms)).toEqual([
            "cdn5xx-wildcard-example-com", "cdn5xx-www-example-com",
            "certificate-wildcard-example-com-us-east-1", "certificate-wildcard-example-com-eu-central-1", "certificate-example-com",
        ]);
        expect(byName(inv.ofType(ALARM)).filter((a) => a.inputs.namespace === "AWS/CertificateManager").map((a) => [a.name, a.inputs.name, a.inputs.region, (a.inputs.dimensions as any).CertificateArn, a.inputs.alarmActions])).toEqual([
            ["edge-certificate-example-com", "acme-prod-certificate-example-com-expiry", "us-east-1", CERT, [US]],
            ["edge-certificate-wildcard-example-com-eu-central-1", "acme-prod-certificate-wildcard-example-com-eu-central-1-expiry", "eu-central-1", EU_CERT, [EU]],
            ["edge-certificate-wildcard-example-com-us-east-1", "acme-prod-certificate-wildcard-example-com-us-east-1-expiry", "us-east-1", CERT, [US]],
        ]);
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

describe("aws EdgeAlarms args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(EDGE_ALARMS_DEFAULTS).toEqual({ distributions: {}, certificates: [], blockedPerMinute: 100, errorRatePercent: 5, certificateExpiryDays: 14, durationSeconds: 300 });
    });

    const DIST = { distributions: { "app.example.com": "E2QWRUHEXAMPLE" } };
    const problems = (args: Partial<EdgeAlarmsArgs>) => argProblems(() => validateEdgeAlarmsArgs("edge", { ...ARGS, ...DIST, ...args }));
    const int = (key: string, min: number, max: number, value: number) => `${key}: expected an integer from ${min} to ${max}, got ${value}`;
    const cert = (region: string, domain = "app.example.com") => ({ arn: CERT, region, domain });

    it.each<[Partial<EdgeAlarmsArgs>]>([
        [{ distributions: { "*.example.com": "E1", a: "E2", [`a${"b".repeat(252)}`]: "E3" } }],
        [{ distributions: undefined, webAcl: { metricName: "m", scope: "REGIONAL" }, topicArns: { "eu-central-1": EU } }],
        [{ distributions: undefined, webAcl: { metricName: "m", scope: "CLOUDFRONT" }, topicArns: { "us-east-1": US } }],
        [{ distributions: undefined, certificates: [cert("eu-central-1", "*.example.com")], topicArns: { "eu-central-1": EU } }],
        [{ blockedPerMinute: 1 }], [{ blockedPerMinute: 1000000 }], [{ errorRatePercent: 0.1 }], [{ errorRatePercent: 100 }],
        [{ certificateExpiryDays: 1 }], [{ certificateExpiryDays: 59 }], [{ durationSeconds: 0 }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<EdgeAlarmsArgs>, string[]]>([
        [{ namePrefix: "a".repeat(31) }, [`namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "${"a".repeat(31)}"`]],
        [{ region: "global" }, ['region: expected an AWS region such as "eu-central-1", got "global"']],
        [{ topicArns: { "us-east-1": EU } }, [`topicArns.us-east-1: expected an SNS topic in us-east-1, the alarms' region (CloudWatch notifies topics of its own region only), got "${EU}"`]],
        [{ topicArns: { "us-east-1": "arn:aws:sqs:us-east-1:123456789012:q" } }, ['topicArns.us-east-1: expected an SNS topic ARN, got "arn:aws:sqs:us-east-1:123456789012:q"']],
        [{ distributions: undefined, webAcl: { metricName: "m", scope: "GLOBAL" as never } }, ['webAcl.scope: expected one of "CLOUDFRONT", "REGIONAL", got "GLOBAL"']],
        [{ distributions: undefined, webAcl: { metricName: "m", scope: "REGIONAL" }, topicArns: { "us-east-1": US } }, ["topicArns.eu-central-1: expected a topic in eu-central-1, where those alarms live, got nothing"]],
        [{ distributions: undefined, webAcl: { metricName: "m", scope: "CLOUDFRONT" }, topicArns: { "eu-central-1": EU } }, ["topicArns.us-east-1: expected a topic in us-east-1, where those alarms live, got nothing"]],
        [{ distributions: { "App.example.com": "E1" } }, ['distributions key: expected a label such as "app.example.com", got "App.example.com"']],
        [{ distributions: { [`a${"b".repeat(253)}`]: "E1" } }, [`distributions key: expected a label such as "app.example.com", got "a${"b".repeat(253)}"`]],
        [{ distributions: { "-app.example.com": "E1" } }, ['distributions key: expected a label such as "app.example.com", got "-app.example.com"']],
        [{ distributions: { "app example": "E1" } }, ['distributions key: expected a label such as "app.example.com", got "app example"']],
        [{ distributions: undefined, certificates: [cert("ap-south-2"), cert("us-east-1x")] }, [
            'certificates[1].region: expected an AWS region such as "us-east-1", got "us-east-1x"',
            "topicArns.ap-south-2: expected a topic in ap-south-2, where those alarms live, got nothing",
            "topicArns.us-east-1x: expected a topic in us-east-1x, where those alarms live, got nothing",
        ]],
        [{ certificates: [cert("us-east-1", "App.example.com")] }, ['certificates[0].domain: expected a domain such as "app.example.com", got "App.example.com"']],
        [{ certificates: [cert("us-east-1", "_acme.example.com")] }, ['certificates[0].domain: expected a domain such as "app.example.com", got "_acme.example.com"']],
        [{ certificates: [cert("us-east-1", "app.example.com/")] }, ['certificates[0].domain: expected a domain such as "app.example.com", got "app.example.com/"']],
        [{ topicArns: undefined as never }, ["topicArns.us-east-1: expected a topic in us-east-1, where those alarms live, got nothing"]],
        // Two alarms of one resource name: a deployment refuses the second.
        [{ distributions: { "app.example.com": "E1", "app-example.com": "E2", "*.example.com": "E3", "wildcard.example.com": "E4" } }, [
            'distributions key: expected a label other than "app.example.com" once punctuation is dropped (alarm names carry it), got "app-example.com"',
            'distributions key: expected a label other than "*.example.com" once punctuation is dropped (alarm names carry it), got "wildcard.example.com"',
        ]],
        [{ certificates: [cert("us-east-1"), cert("eu-central-1", "a.example.com"), cert("us-east-1"), cert("eu-central-1", "a-example.com")], topicArns: ARGS.topicArns }, [
            "certificates[2]: expected a domain and region other than certificates[0]'s (one expiry alarm each), got \"app.example.com in us-east-1\"",
            "certificates[3]: expected a domain and region other than certificates[1]'s (one expiry alarm each), got \"a-example.com in eu-central-1\"",
        ]],
        [{ blockedPerMinute: 0 }, [int("blockedPerMinute", 1, 1000000, 0)]],
        [{ blockedPerMinute: 1000001 }, [int("blockedPerMinute", 1, 1000000, 1000001)]],
        [{ errorRatePercent: 0.09 }, ["errorRatePercent: expected a number from 0.1 to 100, got 0.09"]],
        [{ errorRatePercent: 101 }, ["errorRatePercent: expected a number from 0.1 to 100, got 101"]],
        [{ certificateExpiryDays: 0 }, [int("certificateExpiryDays", 1, 59, 0)]],
        [{ durationSeconds: 86401 }, ["durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 86401"]],
    ])("rejects bad args #%#", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
