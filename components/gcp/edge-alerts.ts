import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";
import { wafBlockedRunbook } from "../core/runbooks";
import { AUTO_CLOSE, checkChannels, checkDuration, checkNamePrefix, policyBasics, seconds } from "./alerts";

/** Arguments of {@link SecurityPolicyAlerts}. */
export interface SecurityPolicyAlertsArgs {
    /**
     * Prefix of every display name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Cloud Armor security policy name, the `policy_name` label of its metrics.
     * @default none (required)
     */
    policyName: pulumi.Input<string>;
    /**
     * Channel resource names the policy notifies.
     * @default none (required)
     */
    notificationChannels: pulumi.Input<string>[];
    /**
     * Denied requests per minute above which the spike alert fires.
     * @default 100
     */
    deniedPerMinute?: number;
    /**
     * How long the condition must hold before an incident opens, in seconds (whole minutes).
     * @default 300
     */
    durationSeconds?: number;
}

/** Defaults of {@link SecurityPolicyAlertsArgs}. */
export const SECURITY_POLICY_ALERTS_DEFAULTS = { deniedPerMinute: 100, durationSeconds: 300 };

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateSecurityPolicyAlertsArgs(name: string, args: SecurityPolicyAlertsArgs): void {
    const check = new ArgsChecker(SecurityPolicyAlerts.TYPE, name);
    checkNamePrefix(check, args.namePrefix);
    checkChannels(check, args.notificationChannels);
    check.intInRange("deniedPerMinute", args.deniedPerMinute, 1, 1000000);
    checkDuration(check, "durationSeconds", args.durationSeconds);
    check.throwIfAny();
}

/**
 * The denial-spike alert of one Cloud Armor security policy, with its runbook: requests
 * the policy blocked (WAF rules, deny lists, rate-limit bans), counted per minute from
 * Cloud Armor's own `networksecurity.googleapis.com/https/request_count` metric on the
 * `network_security_policy` resource (label `blocked`).
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * const waf = new gcp.Waf("waf", { namePrefix: "acme-prod", tier: "prod" });
 * export const wafAlerts = new gcp.SecurityPolicyAlerts("waf", {
 *     namePrefix: "acme-prod",
 *     policyName: waf.policy.name,
 *     notificationChannels: channels.channelIds,
 * });
 * ```
 */
export class SecurityPolicyAlerts extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:SecurityPolicyAlerts";

    /** The denial-spike policy. */
    readonly denials: gcp.monitoring.AlertPolicy;

    constructor(name: string, args: SecurityPolicyAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecurityPolicyAlertsArgs(name, args);
        super(SecurityPolicyAlerts.TYPE, name, {}, opts);
        const cfg = { ...SECURITY_POLICY_ALERTS_DEFAULTS, ...definedOnly(args) };
        const policyName = pulumi.output(cfg.policyName);
        const minutes = `${cfg.durationSeconds / 60} min`;

        this.denials = new gcp.monitoring.AlertPolicy(`${name}-denials`, {
            ...policyBasics({
                displayName: pulumi.interpolate`${cfg.namePrefix} edge: Cloud Armor ${policyName} denying > ${cfg.deniedPerMinute}/min`,
                severity: "WARNING",
                notificationChannels: cfg.notificationChannels,
                concern: "edge",
                runbook: wafBlockedRunbook({
                    subject: pulumi.interpolate`Cloud Armor security policy \`${policyName}\``,
                    perMinute: cfg.deniedPerMinute,
                    minutes,
                    rulesStep: pulumi.interpolate`Open the policy (https://console.cloud.google.com/net-security/securitypolicies/details/${policyName}) and the Network Security Policies dashboard to see which rules match.`,
                    logsStep: "Query the load balancer logs: `resource.type=\"http_load_balancer\" jsonPayload.enforcedSecurityPolicy.outcome=\"DENY\"`, grouped by `jsonPayload.enforcedSecurityPolicy.name`, `preconfiguredExprIds` and client IP.",
                    exemptStep: "If legitimate users are blocked, exempt them (higher-priority allow rule) or switch the offending WAF rule to preview; if it is an attack, check the services' error and instance alerts.",
                }),
            }),
            conditions: [{
                displayName: `blocked requests > ${cfg.deniedPerMinute}/min`,
                conditionThreshold: {
                    filter: pulumi.interpolate`resource.type = "network_security_policy" AND resource.labels.policy_name = "${policyName}" AND metric.type = "networksecurity.googleapis.com/https/request_count" AND metric.labels.blocked = "true"`,
                    // A one-minute delta is the number of denials per minute.
                    aggregations: [{
                        alignmentPeriod: "60s",
                        perSeriesAligner: "ALIGN_DELTA",
                        crossSeriesReducer: "REDUCE_SUM",
                        groupByFields: ["resource.label.policy_name"],
                    }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: cfg.deniedPerMinute,
                    duration: seconds(cfg.durationSeconds),
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: AUTO_CLOSE },
        }, { parent: this });

        this.registerOutputs({ policyIds: [this.denials.name] });
    }
}
