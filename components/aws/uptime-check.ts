import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, PATH_PREFIX, resourceName } from "../core/internal";
import { uptimeDownRunbook } from "../core/runbooks";
import { routedAlarm, type AlarmRunbook } from "./alarm";

/** Where Route 53 publishes health-check metrics: the alarm and its topic live there. */
export const ROUTE53_METRICS_REGION = "us-east-1";

/** Regions Route 53 health checkers run from (the provider's documented values). */
export const ROUTE53_CHECKER_REGIONS = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"] as const;

/** A Route 53 checker region. */
export type Route53CheckerRegion = (typeof ROUTE53_CHECKER_REGIONS)[number];

/** Arguments of {@link UptimeCheck}. */
export interface UptimeCheckArgs {
    /**
     * Prefix of the alarm's name, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Public host to probe over HTTPS (SNI on), e.g. `api.example.com`. It must accept TLS 1.2:
     * Route 53's checkers do not speak TLS 1.3 only.
     * @default none (required)
     */
    host: string;
    /**
     * Path to request, e.g. `/healthz`.
     * @default "/"
     */
    path?: string;
    /**
     * A string the first 5,120 bytes of the body must contain (`HTTPS_STR_MATCH`).
     * @default none (status only)
     */
    contentMatch?: string;
    /**
     * Seconds between two checks from each checker region: 10 or 30 (Route 53 offers no other).
     * @default 30
     */
    requestIntervalSeconds?: 10 | 30;
    /**
     * Consecutive failed checks before a checker considers the host down (1 to 10).
     * @default 3
     */
    failureThreshold?: number;
    /**
     * Checker regions (at least 3, distinct). The host is healthy while more than 18% of checkers see it healthy.
     * @default ["us-east-1", "eu-west-1", "ap-southeast-1"]
     */
    regions?: Route53CheckerRegion[];
    /**
     * SNS topic in us-east-1 the alarm notifies when the host goes down and when it recovers.
     * @default none (required)
     */
    topicArn: pulumi.Input<string>;
    /**
     * Region of the environment's runbook dashboard, which the alarm's description links to.
     * @default none (required)
     */
    runbookRegion: string;
    /**
     * Minutes the host must stay down before the alarm fires (1 to 60).
     * @default 1
     */
    alarmAfterMinutes?: number;
}

/** Defaults of {@link UptimeCheckArgs}. */
export const UPTIME_CHECK_DEFAULTS = {
    path: "/",
    requestIntervalSeconds: 30 as 10 | 30,
    failureThreshold: 3,
    regions: ["us-east-1", "eu-west-1", "ap-southeast-1"] as Route53CheckerRegion[],
    alarmAfterMinutes: 1,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateUptimeCheckArgs(name: string, args: UptimeCheckArgs): void {
    const check = new ArgsChecker(UptimeCheck.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.matches("host", args.host, /^(?=.{1,255}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a host name such as \"api.example.com\"");
    if (args.path !== undefined) check.check(PATH_PREFIX.test(args.path) && args.path.length <= 255, "path", "a URL path of up to 255 characters such as \"/healthz\"", args.path);
    if (args.contentMatch !== undefined) check.check(args.contentMatch.length >= 1 && args.contentMatch.length <= 255, "contentMatch", "1 to 255 characters", args.contentMatch);
    if (args.requestIntervalSeconds !== undefined) check.oneOf("requestIntervalSeconds", args.requestIntervalSeconds, [10, 30] as const);
    check.intInRange("failureThreshold", args.failureThreshold, 1, 10);
    if (args.regions !== undefined) {
        check.check(args.regions.length >= 3 && new Set(args.regions).size === args.regions.length, "regions", "at least 3 distinct checker regions", args.regions);
        args.regions.forEach((r, i) => check.oneOf(`regions[${i}]`, r, ROUTE53_CHECKER_REGIONS));
    }
    check.matches("runbookRegion", args.runbookRegion, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    check.intInRange("alarmAfterMinutes", args.alarmAfterMinutes, 1, 60);
    check.throwIfAny();
}

/**
 * A Route 53 HTTPS health check of one public endpoint, from at least three regions with SNI
 * (and a string match when asked), and its CloudWatch alarm with a runbook in us-east-1,
 * where Route 53 publishes `HealthCheckStatus`: it fires when the host stays unhealthy (or
 * reports nothing) and notifies again when it recovers. Route 53 does not alarm on
 * certificate expiry: `EdgeAlarms` watches the certificates (ACM `DaysToExpiry`).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * export const healthCheckId = new aws.UptimeCheck("api", {
 *     namePrefix: "acme-prod",
 *     host: "api.example.com",
 *     path: "/healthz",
 *     topicArn: "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms",
 *     runbookRegion: "eu-central-1",
 * }).healthCheckId;
 * ```
 */
export class UptimeCheck extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:UptimeCheck";

    /** ID of the Route 53 health check. */
    readonly healthCheckId: pulumi.Output<string>;
    /** The alarm on it. */
    readonly alarm: aws.cloudwatch.MetricAlarm;
    /** The alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];

    constructor(name: string, args: UptimeCheckArgs, opts?: pulumi.ComponentResourceOptions) {
        validateUptimeCheckArgs(name, args);
        super(UptimeCheck.TYPE, name, {}, opts);
        const cfg = { ...UPTIME_CHECK_DEFAULTS, ...definedOnly(args) };
        const url = `https://${cfg.host}${cfg.path}`;
        const check = new aws.route53.HealthCheck(`${name}-check`, {
            type: cfg.contentMatch ? "HTTPS_STR_MATCH" : "HTTPS",
            fqdn: cfg.host,
            port: 443,
            resourcePath: cfg.path,
            enableSni: true,
            ...(cfg.contentMatch ? { searchString: cfg.contentMatch } : {}),
            requestInterval: cfg.requestIntervalSeconds,
            failureThreshold: cfg.failureThreshold,
            regions: cfg.regions,
            measureLatency: true,
            tags: { Name: `${cfg.namePrefix} ${url}` },
        }, { parent: this });
        this.healthCheckId = check.id;

        const slug = resourceName([cfg.host, cfg.path === "/" ? "" : cfg.path], 80);
        const { alarm, entry } = routedAlarm(this, { namePrefix: cfg.namePrefix, runbookRegion: cfg.runbookRegion, topicArn: cfg.topicArn }, {
            logicalName: `${name}-down`,
            nameSuffix: `uptime-${slug}`,
            region: ROUTE53_METRICS_REGION,
            runbook: uptimeDownRunbook({
                whatFired: `${url} failed its Route 53 health check for ${cfg.alarmAfterMinutes} min (fewer than 18% of the checkers in ${cfg.regions.join(", ")} saw it healthy): no TCP connection within 4 s, no 2xx/3xx within 2 s, a TLS handshake failure${cfg.contentMatch ? ` or a body without "${cfg.contentMatch}"` : ""}. Users are likely affected.`,
                wafCause: "AWS WAF blocks the checkers (a new block rule, geo block or rate limit), or the host accepts TLS 1.3 only.",
                url,
                probesStep: pulumi.interpolate`Read each checker's last result: Route 53 → Health checks → ${check.id} → Health checkers (https://console.aws.amazon.com/route53/healthchecks/home#/details/${check.id}).`,
                edgeStep: "If the certificate or DNS is wrong, check the edge: certificate status in ACM, the CloudFront distribution or load balancer, and the host's DNS record.",
            }),
            metric: {
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: check.id },
                period: 60,
                statistic: "Minimum",
                comparisonOperator: "LessThanThreshold",
                threshold: 1,
                evaluationPeriods: cfg.alarmAfterMinutes,
                datapointsToAlarm: cfg.alarmAfterMinutes,
                // No status reported is no evidence of health.
                treatMissingData: "breaching",
            },
        });
        this.alarm = alarm;
        this.runbooks = [entry];
        this.registerOutputs({ healthCheckId: this.healthCheckId });
    }
}
