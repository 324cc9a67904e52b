/**
 * Turns EventBridge events into CloudWatch metrics an alarm can watch (internal, not exported):
 * rules send matching events to a KMS-encrypted log group under `/aws/events/` (the prefix
 * EventBridge's CloudWatch Logs targets use), a log resource policy lets exactly those rules
 * write there, and a metric filter per counter counts its events. Used where AWS publishes
 * an event but no metric: failed ECS tasks, RDS backups.
 *
 * Each use adds one log resource policy to the account's region (at most 10 per region).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "../core/internal";
import { lookupAccount, policyDocument } from "./iam";

/** Namespace of the metrics prodstack derives from events, per environment. */
export const eventMetricsNamespace = (namePrefix: string): string => `prodstack/${namePrefix}/events`;

/** What to count: events matched by `rules`, split into metrics by `counters`. */
export interface EventMetricsSpec {
    /**
     * Prefix of names, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the rules, log group and metrics.
     * @default none (required)
     */
    region: string;
    /**
     * What the events are, a slug ending the log group's name (`task-failures`).
     * @default none (required)
     */
    purpose: string;
    /**
     * Key of the log group.
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Days the log group keeps the events (a CloudWatch Logs retention value).
     * @default none (required)
     */
    retentionDays: number;
    /**
     * The rules, by a key (logical names and rule names end with it), each an event pattern.
     * @default none (required)
     */
    rules: Array<{
        /**
         * Slug of the rule.
         * @default none (required)
         */
        key: string;
        /**
         * What the rule matches.
         * @default none (required)
         */
        description: string;
        /**
         * The event pattern (outputs allowed inside).
         * @default none (required)
         */
        pattern: Record<string, unknown>;
    }>;
    /**
     * The metrics: each counts the logged events matching its filter pattern, as 1 per event.
     * @default none (required)
     */
    counters: Array<{
        /**
         * Metric name, unique in the environment's namespace.
         * @default none (required)
         */
        metricName: string;
        /**
         * CloudWatch Logs filter pattern over the event JSON.
         * @default none (required)
         */
        filterPattern: pulumi.Input<string>;
    }>;
}

/** Creates the log group, rules, their targets, the delivery policy and the metric filters. */
export function eventMetrics(parent: pulumi.Resource, name: string, spec: EventMetricsSpec): { logGroup: aws.cloudwatch.LogGroup; namespace: string } {
    const { region } = spec;
    const opts = { parent };
    const account = lookupAccount(parent);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-events`, {
        region,
        name: `/aws/events/${spec.namePrefix}/${spec.purpose}`,
        retentionInDays: spec.retentionDays,
        kmsKeyId: spec.kmsKeyArn,
    }, opts);
    const rules = spec.rules.map(({ key, description, pattern }) => {
        const rule = new aws.cloudwatch.EventRule(`${name}-${key}`, {
            region,
            name: resourceName([spec.namePrefix, key], 64),
            description,
            eventPattern: pulumi.jsonStringify(pattern),
        }, opts);
        new aws.cloudwatch.EventTarget(`${name}-${key}-to-logs`, { region, rule: rule.name, arn: logGroup.arn }, opts);
        return rule;
    });
    new aws.cloudwatch.LogResourcePolicy(`${name}-delivery`, {
        region,
        policyName: resourceName([spec.namePrefix, spec.purpose, "events"], 255),
        policyDocument: policyDocument([{
            Sid: "TheseRulesWriteTheirEvents",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${logGroup.arn}:*`,
            Condition: {
                StringEquals: { "aws:SourceAccount": account.accountId },
                ArnEquals: { "aws:SourceArn": rules.map((r) => r.arn) },
            },
        }]),
    }, opts);
    const namespace = eventMetricsNamespace(spec.namePrefix);
    for (const { metricName, filterPattern } of spec.counters) {
        new aws.cloudwatch.LogMetricFilter(`${name}-${metricName}`, {
            region,
            name: resourceName([spec.namePrefix, metricName], 512),
            logGroupName: logGroup.name,
            pattern: filterPattern,
            metricTransformation: { namespace, name: metricName, value: "1", unit: "Count" },
        }, opts);
    }
    return { logGroup, namespace };
}
