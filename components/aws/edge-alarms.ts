import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, resourceName } from "../core/internal";
import { cdn5xxRunbook, certificateExpiryRunbook, minutesOf, wafBlockedRunbook } from "../core/runbooks";
import { checkAlarmDuration, checkAlarmTopic, minutePeriods, routedAlarm } from "./alarm";
import type { AlarmRef, AlarmRunbook } from "./alarm-types";

/** Region of CloudFront's metrics and of CLOUDFRONT-scope web ACLs' metrics. */
const GLOBAL_METRICS_REGION = "us-east-1";

/** The web ACL of {@link EdgeAlarmsArgs.webAcl}. */
export interface WebAclRef {
    /**
     * The web ACL's metric name (`visibilityConfig.metricName`, `WebAcl.metricName`): what its
     * metrics' `WebACL` dimension carries (not necessarily its name).
     * @default none (required)
     */
    metricName: pulumi.Input<string>;
    /**
     * `CLOUDFRONT` (metrics in us-east-1) or `REGIONAL` (in the `region`, e.g. on a load balancer).
     * @default none (required)
     */
    scope: "CLOUDFRONT" | "REGIONAL";
}

/** An ACM certificate of {@link EdgeAlarmsArgs.certificates}. */
export interface CertificateRef {
    /**
     * The certificate's ARN, the `CertificateArn` dimension.
     * @default none (required)
     */
    arn: pulumi.Input<string>;
    /**
     * Region of the certificate (`us-east-1` for CloudFront's); its metric is published there.
     * @default none (required)
     */
    region: string;
    /**
     * The domain it covers, for alarm names and runbooks, e.g. `app.example.com`.
     * @default none (required)
     */
    domain: string;
}

/** Arguments of {@link EdgeAlarms}. */
export interface EdgeAlarmsArgs {
    /**
     * Prefix of alarm names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the environment: REGIONAL web ACLs' metrics and the runbook dashboard's link.
     * @default none (required)
     */
    region: string;
    /**
     * Topic ARN by region: alarms notify the topic of their own region (us-east-1 for
     * CloudFront and CLOUDFRONT-scope WAF, the certificate's region for expiry).
     * @default none (required)
     */
    topicArns: Record<string, pulumi.Input<string>>;
    /**
     * The web ACL: alarm on blocked requests per minute.
     * @default none (no WAF alarm)
     */
    webAcl?: WebAclRef;
    /**
     * CloudFront distribution IDs by a short label (the host they serve, e.g. `app.example.com`):
     * an alarm on each one's 5xx error rate.
     * @default {}
     */
    distributions?: Record<string, pulumi.Input<string>>;
    /**
     * ACM certificates: alarm when one is fewer than `certificateExpiryDays` from expiry. Alarm
     * names carry the domain, and the region too when the domain has certificates in several
     * regions; a domain twice in one region is refused.
     * @default []
     */
    certificates?: CertificateRef[];
    /**
     * Blocked requests per minute above which the WAF alarm fires.
     * @default 100
     */
    blockedPerMinute?: number;
    /**
     * Share of CloudFront responses that are 5xx, in percent, above which the CDN alarm fires.
     * @default 5
     */
    errorRatePercent?: number;
    /**
     * Days before expiry under which the certificate alarm fires. ACM renews managed
     * certificates from 60 days before expiry, so firing means renewal has stalled.
     * @default 14
     */
    certificateExpiryDays?: number;
    /**
     * How long a condition must hold before the alarm fires, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link EdgeAlarmsArgs}. */
export const EDGE_ALARMS_DEFAULTS = {
    distributions: {} as Record<string, pulumi.Input<string>>,
    certificates: [] as CertificateRef[],
    blockedPerMinute: 100,
    errorRatePercent: 5,
    certificateExpiryDays: 14,
    durationSeconds: 300,
};

/** A host or domain as alarm names carry it: `*.` becomes `wildcard-`, punctuation hyphens. */
function hostSlug(host: string, ...more: string[]): string {
    return resourceName([String(host).replace(/^\*\./, "wildcard-"), ...more], 60);
}

/**
 * The name slug of each certificate's alarm: its domain, and its region too when the domain
 * has certificates in several regions (CloudFront's in us-east-1, a load balancer's at home).
 */
function certificateSlugs(certificates: CertificateRef[]): string[] {
    return certificates.map((c) => hostSlug(c.domain, ...(certificates.some((o) => o.domain === c.domain && o.region !== c.region) ? [c.region] : [])));
}

/** Reports each item whose slug repeats an earlier one's: the two alarms would share a resource name. */
function checkDistinct(slugs: string[], report: (i: number, first: number) => void): void {
    slugs.forEach((slug, i) => {
        const first = slugs.indexOf(slug);
        if (first !== i) report(i, first);
    });
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateEdgeAlarmsArgs(name: string, args: EdgeAlarmsArgs): void {
    const check = new ArgsChecker(EdgeAlarms.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const needed = new Set<string>();
    if (args.webAcl) {
        check.oneOf("webAcl.scope", args.webAcl.scope, ["CLOUDFRONT", "REGIONAL"] as const);
        needed.add(args.webAcl.scope === "CLOUDFRONT" ? GLOBAL_METRICS_REGION : args.region);
    }
    const labels = Object.keys(args.distributions ?? {});
    for (const label of labels) {
        check.matches(`distributions key`, label, /^[a-z0-9*][a-z0-9.-]{0,252}$/, "a label such as \"app.example.com\"");
        needed.add(GLOBAL_METRICS_REGION);
    }
    checkDistinct(labels.map((l) => hostSlug(l)), (i, first) =>
        check.fail("distributions key", `a label other than "${labels[first]}" once punctuation is dropped (alarm names carry it)`, labels[i]));
    const certificates = args.certificates ?? [];
    certificates.forEach((c, i) => {
        check.matches(`certificates[${i}].region`, c.region, AWS_REGION, "an AWS region such as \"us-east-1\"");
        check.matches(`certificates[${i}].domain`, c.domain, /^[a-z0-9*][a-z0-9.-]{0,252}$/, "a domain such as \"app.example.com\"");
        needed.add(c.region);
    });
    checkDistinct(certificateSlugs(certificates), (i, first) =>
        check.fail(`certificates[${i}]`, `a domain and region other than certificates[${first}]'s (one expiry alarm each)`, `${certificates[i].domain} in ${certificates[i].region}`));
    for (const region of needed) {
        if (!args.topicArns?.[region]) check.fail(`topicArns.${region}`, `a topic in ${region}, where those alarms live`, undefined);
        else checkAlarmTopic(check, `topicArns.${region}`, args.topicArns[region], region);
    }
    check.check(needed.size > 0, "webAcl", "at least one of webAcl, distributions or certificates", undefined);
    check.intInRange("blockedPerMinute", args.blockedPerMinute, 1, 1000000);
    check.numberInRange("errorRatePercent", args.errorRatePercent, 0.1, 100);
    check.intInRange("certificateExpiryDays", args.certificateExpiryDays, 1, 59);
    checkAlarmDuration(check, args.durationSeconds);
    check.throwIfAny();
}

/**
 * CloudWatch alarms of the edge, each with its runbook, in the region its metric lives in:
 * blocked requests of the web ACL (`AWS/WAFV2` `BlockedRequests`, `Rule=ALL`), the CloudFront
 * distribution's 5xx rate (`AWS/CloudFront` `5xxErrorRate`, `Region=Global`, us-east-1) and
 * ACM certificate expiry (`AWS/CertificateManager` `DaysToExpiry`).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.EdgeAlarms("edge", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     topicArns: { "us-east-1": "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms" },
 *     webAcl: { metricName: "acme-prod-edge", scope: "CLOUDFRONT" },
 *     distributions: { "app.example.com": "E2QWRUHEXAMPLE" },
 * });
 * ```
 */
export class EdgeAlarms extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:EdgeAlarms";

    /** The alarms: `waf`, `cdn5xx-<label>`, `certificate-<domain>` (`certificate-<domain>-<region>` for a domain certified in several regions). */
    readonly alarms: Record<string, AlarmRef>;
    /** Each alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];

    constructor(name: string, args: EdgeAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEdgeAlarmsArgs(name, args);
        super(EdgeAlarms.TYPE, name, {}, opts);
        const cfg = { ...EDGE_ALARMS_DEFAULTS, ...definedOnly(args) };
        const minutes = minutesOf(cfg.durationSeconds);
        const periods = minutePeriods(cfg.durationSeconds);
        this.alarms = {};
        this.runbooks = [];
        const add = (key: string, suffix: string, region: string, runbook: Parameters<typeof routedAlarm>[2]["runbook"], metric: Parameters<typeof routedAlarm>[2]["metric"]) => {
            const routing = { namePrefix: cfg.namePrefix, runbookRegion: cfg.region, topicArn: cfg.topicArns[region] };
            const { alarm, entry } = routedAlarm(this, routing, { logicalName: `${name}-${key}`, nameSuffix: suffix, region, runbook, metric });
            this.alarms[key] = alarm;
            this.runbooks.push(entry);
        };

        if (cfg.webAcl) {
            const cloudfront = cfg.webAcl.scope === "CLOUDFRONT";
            const region = cloudfront ? GLOBAL_METRICS_REGION : cfg.region;
            const acl = cfg.webAcl.metricName;
            add("waf", "waf-blocked", region, wafBlockedRunbook({
                subject: pulumi.interpolate`AWS WAF web ACL \`${acl}\` (metric name)`,
                perMinute: cfg.blockedPerMinute,
                minutes,
                rulesStep: pulumi.interpolate`Open the web ACL's traffic overview (https://console.aws.amazon.com/wafv2/homev2/web-acls?region=${cloudfront ? "global" : region}) to see which rules block.`,
                logsStep: "Query the WAF logs (`aws-waf-logs-…` log group) with Logs Insights: `filter action = \"BLOCK\" | stats count(*) by terminatingRuleId, httpRequest.clientIp`.",
                exemptStep: "If legitimate users are blocked, exempt them (an allow rule of higher priority) or set the offending managed rule to Count; if it is an attack, check the services' error and task alarms.",
            }), {
                namespace: "AWS/WAFV2",
                metricName: "BlockedRequests",
                dimensions: cloudfront ? { WebACL: acl, Rule: "ALL" } : { WebACL: acl, Rule: "ALL", Region: region },
                period: 60,
                statistic: "Sum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: cfg.blockedPerMinute,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                treatMissingData: "notBreaching",
            });
        }

        for (const label of Object.keys(cfg.distributions).sort()) {
            const id = cfg.distributions[label];
            const slug = hostSlug(label);
            add(`cdn5xx-${slug}`, `cdn-${slug}-5xx-rate`, GLOBAL_METRICS_REGION, cdn5xxRunbook({
                subject: pulumi.interpolate`CloudFront distribution \`${id}\``,
                percent: cfg.errorRatePercent,
                minutes,
                pageStep: pulumi.interpolate`Open the distribution's monitoring (https://console.aws.amazon.com/cloudfront/v4/home#/monitoring/distribution/${id}): 5xx by status code, origin latency.`,
            }), {
                namespace: "AWS/CloudFront",
                metricName: "5xxErrorRate",
                dimensions: { DistributionId: id, Region: "Global" },
                period: 60,
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: cfg.errorRatePercent,
                evaluationPeriods: periods,
                datapointsToAlarm: periods,
                treatMissingData: "notBreaching",
            });
        }

        const certificateSlug = certificateSlugs(cfg.certificates);
        cfg.certificates.forEach((cert, i) => {
            const slug = certificateSlug[i];
            add(`certificate-${slug}`, `certificate-${slug}-expiry`, cert.region, certificateExpiryRunbook({
                whatFired: `The ACM certificate for ${cert.domain} (${cert.region}) expires in fewer than ${cfg.certificateExpiryDays} days. ACM renews DNS-validated certificates from 60 days before expiry, so renewal has stalled.`,
                likelyCauses: [
                    "The DNS validation CNAME of the certificate was removed or changed, so ACM cannot renew it.",
                    "The certificate is no longer in use by CloudFront or a load balancer (ACM renews only certificates in use).",
                    "A CAA record on the domain no longer allows amazon.com.",
                ],
                statusStep: pulumi.interpolate`Check the certificate's renewal status in ACM (https://console.aws.amazon.com/acm/home?region=${cert.region}#/certificates/list), e.g. \`aws acm describe-certificate --certificate-arn ${cert.arn} --region ${cert.region}\`.`,
                dnsStep: `Verify DNS: the validation CNAME must resolve, and \`dig CAA\` on ${cert.domain} must allow amazon.com.`,
                fixStep: "Restore the validation record; ACM then renews within hours. If expiry is days away, request a new certificate and switch to it.",
            }), {
                namespace: "AWS/CertificateManager",
                metricName: "DaysToExpiry",
                dimensions: { CertificateArn: cert.arn },
                // ACM publishes once a day.
                period: 86400,
                statistic: "Minimum",
                comparisonOperator: "LessThanThreshold",
                threshold: cfg.certificateExpiryDays,
                evaluationPeriods: 1,
                treatMissingData: "missing",
            });
        });
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn) });
    }
}
