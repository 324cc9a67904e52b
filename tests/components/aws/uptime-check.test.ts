import { summarize } from "../../../infra/plan/summaries";
import * as pulumi from "@pulumi/pulumi";
import { UptimeCheck, validateUptimeCheckArgs, type UptimeCheckArgs } from "../../../components/aws/uptime-check";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

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
        // Without a content match, no body is expected.
        expect(String(alarm.alarmDescription)).toContain("no 2xx/3xx within 2 s, a TLS handshake failure. Users are likely affected.");
        expect(summarize(UptimeCheck.TYPE, inv.resources)).toBe(
            "HTTPS https://api.example.com/healthz · from 3 regions every 30 s · SNI · 1 alarm (us-east-1) · each to the topic when firing and recovering · runbook linked",
        );
    });

    it("matches content with HTTPS_STR_MATCH and takes a 10 s interval and more regions; the path defaults to /", async () => {
        const { path: _path, ...noPath } = ARGS;
        const inv = await plan(() => {
            const c = new UptimeCheck("api", { ...noPath, contentMatch: "ok", requestIntervalSeconds: 10, failureThreshold: 1, regions: ["us-east-1", "us-west-2", "eu-west-1", "sa-east-1"], alarmAfterMinutes: 3 });
            return { runbooks: pulumi.output(c.runbooks) };
        });
        const component = inv.one(UptimeCheck.TYPE);
        expect(inv.childrenOf(component.urn).map((c) => c.type).sort()).toEqual([ALARM, CHECK]);
        expect(inv.one(CHECK).inputs).toEqual({
            type: "HTTPS_STR_MATCH", fqdn: "api.example.com", port: 443, resourcePath: "/", enableSni: true, searchString: "ok", requestInterval: 10,
            failureThreshold: 1, regions: ["us-east-1", "us-west-2", "eu-west-1", "sa-east-1"], measureLatency: true, tags: { Name: "acme-prod https://api.example.com/" },
        });
        expect(inv.one(ALARM).inputs).toMatchObject({ name: "acme-prod-uptime-api-example-com", period: 60, evaluationPeriods: 3, datapointsToAlarm: 3 });
        const [entry] = (inv.outputs.runbooks as any[]);
        const checkId = (inv.one(ALARM).inputs.dimensions as any).HealthCheckId;
        expect(entry.alarmName).toBe("acme-prod-uptime-api-example-com");
        expect(entry.runbook.whatFired).toBe(
            "https://api.example.com/ failed its Route 53 health check for 3 min (fewer than 18% of the checkers in us-east-1, us-west-2, eu-west-1, sa-east-1 saw it healthy): " +
                'no TCP connection within 4 s, no 2xx/3xx within 2 s, a TLS handshake failure or a body without "ok". Users are likely affected.',
        );
        expect(entry.runbook.likelyCauses[2]).toBe("AWS WAF blocks the checkers (a new block rule, geo block or rate limit), or the host accepts TLS 1.3 only.");
        expect(entry.runbook.firstSteps).toEqual([
            "Request it yourself: `curl -sv https://api.example.com/` — note status, certificate and body.",
            `Read each checker's last result: Route 53 → Health checks → ${checkId} → Health checkers (https://console.aws.amazon.com/route53/healthchecks/home#/details/${checkId}).`,
            "If the backend answers 5xx, follow the service's error runbook (roll back the last revision).",
            "If the certificate or DNS is wrong, check the edge: certificate status in ACM, the CloudFront distribution or load balancer, and the host's DNS record.",
        ]);
    });

    // Pure validation, table-driven: both sides of every bound, and text around a valid value.
    const host255 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(59)}.com`;
    it.each<[string, Partial<UptimeCheckArgs>]>([
        ["a one-letter prefix", { namePrefix: "a" }],
        ["a 30-character prefix", { namePrefix: `a${"-".repeat(28)}9` }],
        ["a two-letter top-level domain", { host: "a.io" }],
        ["a host of 255 characters with 63-character labels", { host: host255 }],
        ["an inner hyphen and digits", { host: "api-2.x9.example.com" }],
        ["the root path", { path: "/" }],
        ["a path of 255 characters", { path: `/${"p".repeat(254)}` }],
        ["a one-character content match", { contentMatch: "o" }],
        ["a 255-character content match", { contentMatch: "o".repeat(255) }],
        ["a 10 s interval", { requestIntervalSeconds: 10 }],
        ["30 s", { requestIntervalSeconds: 30 }],
        ["a failure threshold of 1", { failureThreshold: 1 }],
        ["a failure threshold of 10", { failureThreshold: 10 }],
        ["the first three checker regions", { regions: ["us-east-1", "us-west-1", "us-west-2"] }],
        ["the other five checker regions", { regions: ["eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"] }],
        ["an alarm after 60 minutes", { alarmAfterMinutes: 60 }],
        ["a GovCloud runbook region", { runbookRegion: "us-gov-west-1" }],
    ])("accepts %s", (_, extra) => {
        expect(argProblems(() => validateUptimeCheckArgs("api", { ...ARGS, ...extra }))).toEqual([]);
    });

    const PREFIX = 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got';
    const HOST = 'host: expected a host name such as "api.example.com", got';
    const PATH = 'path: expected a URL path of up to 255 characters such as "/healthz", got';
    it.each<[string, Partial<UptimeCheckArgs>, string]>([
        ["an empty prefix", { namePrefix: "" }, `${PREFIX} ""`],
        ["a 31-character prefix", { namePrefix: "a".repeat(31) }, `${PREFIX} "${"a".repeat(31)}"`],
        ["a prefix starting with a digit", { namePrefix: "1acme" }, `${PREFIX} "1acme"`],
        ["a prefix with text after it", { namePrefix: "acme-prod!" }, `${PREFIX} "acme-prod!"`],
        ["a prefix with text before it", { namePrefix: "!acme" }, `${PREFIX} "!acme"`],
        ["a host without a dot", { host: "localhost" }, `${HOST} "localhost"`],
        ["a host of 256 characters", { host: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(60)}.com` }, expect.stringMatching(/^host: expected a host name such as "api\.example\.com", got "a{63}\.b+/)],
        ["a 64-character label", { host: `${"a".repeat(64)}.example.com` }, `${HOST} "${"a".repeat(64)}.example.com"`],
        ["a label starting with a hyphen", { host: "-api.example.com" }, `${HOST} "-api.example.com"`],
        ["a label ending with a hyphen", { host: "api-.example.com" }, `${HOST} "api-.example.com"`],
        ["a one-letter top-level domain", { host: "api.example.c" }, `${HOST} "api.example.c"`],
        ["a numeric top-level domain", { host: "api.example.c0m" }, `${HOST} "api.example.c0m"`],
        ["a host with a trailing dot", { host: "api.example.com." }, `${HOST} "api.example.com."`],
        ["a host with text before it", { host: "https://api.example.com" }, `${HOST} "https://api.example.com"`],
        ["a path of 256 characters", { path: `/${"p".repeat(255)}` }, `${PATH} "/${"p".repeat(255)}"`],
        ["an empty content match", { contentMatch: "" }, 'contentMatch: expected 1 to 255 characters, got ""'],
        ["a 256-character content match", { contentMatch: "o".repeat(256) }, `contentMatch: expected 1 to 255 characters, got "${"o".repeat(256)}"`],
        ["a failure threshold of 0", { failureThreshold: 0 }, "failureThreshold: expected an integer from 1 to 10, got 0"],
        ["a fractional failure threshold", { failureThreshold: 2.5 }, "failureThreshold: expected an integer from 1 to 10, got 2.5"],
        ["a region twice", { regions: ["us-east-1", "us-east-1", "eu-west-1"] }, 'regions: expected at least 3 distinct checker regions, got ["us-east-1","us-east-1","eu-west-1"]'],
        ["a bad runbook region", { runbookRegion: "Frankfurt" }, 'runbookRegion: expected an AWS region such as "eu-central-1", got "Frankfurt"'],
        ["an alarm after 61 minutes", { alarmAfterMinutes: 61 }, "alarmAfterMinutes: expected an integer from 1 to 60, got 61"],
    ])("rejects %s", (_, extra, problem) => {
        expect(argProblems(() => validateUptimeCheckArgs("api", { ...ARGS, ...extra }))).toEqual([problem]);
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
