import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, resourceName } from "../core/internal";
import { lookupAccount, policyDocument, serviceTrustPolicy } from "./iam";

/** One SNS topic of {@link AlarmTopicsArgs.topics}: alarms publish to the topic of their own region. */
export interface AlarmTopicRegion {
    /**
     * Region of the topic, e.g. `eu-central-1`; `us-east-1` for alarms on Route 53, CloudFront
     * and CLOUDFRONT-scope WAF metrics, which exist only there. Plain string: names derive from it.
     * @default none (required)
     */
    region: string;
    /**
     * Customer-managed KMS key of that region encrypting the topic. Its key policy must let
     * `cloudwatch` and `budgets` (and `events`, for event rules) use it (`KmsKey` `services`):
     * alarms cannot publish to a topic under the AWS-managed `alias/aws/sns` key.
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
}

/** Slack destination through AWS Chatbot, of {@link AlarmTopicsArgs.slack}. */
export interface ChatbotSlackArgs {
    /**
     * Slack workspace (team) ID, e.g. `T0123456789`. The workspace must be authorised for
     * AWS Chatbot once, by hand, in the Chatbot console (an OAuth consent no API performs).
     * @default none (required)
     */
    workspaceId: string;
    /**
     * Slack channel ID, e.g. `C0123456789` (channel details in Slack). Private channels need
     * `/invite @aws` first.
     * @default none (required)
     */
    channelId: string;
}

/** Arguments of {@link AlarmTopics}. */
export interface AlarmTopicsArgs {
    /**
     * Prefix of topic and role names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * The topics, one per alarm region (regions distinct).
     * @default none (required, at least one)
     */
    topics: AlarmTopicRegion[];
    /**
     * Email addresses subscribed to every topic. Each subscription stays "PendingConfirmation"
     * (and delivers nothing) until the recipient follows the link AWS mails them.
     * @default []
     */
    emails?: string[];
    /**
     * HTTPS endpoints subscribed to every topic, by a short name (`pagerduty`, `webhook`), e.g.
     * PagerDuty's CloudWatch integration URL. URLs usually carry a token: kept secret. A
     * webhook must confirm the subscription (GET the `SubscribeURL` SNS posts first).
     * @default {}
     */
    httpsEndpoints?: Record<string, pulumi.Input<string>>;
    /**
     * A Slack channel receiving every topic through AWS Chatbot.
     * @default none (no Slack channel)
     */
    slack?: ChatbotSlackArgs;
}

/** Defaults of {@link AlarmTopicsArgs}. */
export const ALARM_TOPICS_DEFAULTS = {
    emails: [] as string[],
    httpsEndpoints: {} as Record<string, pulumi.Input<string>>,
};

/** The region AWS Chatbot's API is served from (its configurations are global). */
export const CHATBOT_REGION = "us-east-2";

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;

/** The part of an email subscription's resource name that comes from its address. */
const emailSlug = (email: string): string => resourceName([String(email)], 40);

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateAlarmTopicsArgs(name: string, args: AlarmTopicsArgs): void {
    const check = new ArgsChecker(AlarmTopics.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    const topics = Array.isArray(args.topics) ? args.topics : [];
    check.check(topics.length > 0, "topics", "at least one topic region", args.topics);
    topics.forEach((t, i) => check.matches(`topics[${i}].region`, t.region, AWS_REGION, "an AWS region such as \"eu-central-1\""));
    const regions = topics.map((t) => t.region);
    const repeated = regions.find((r, i) => regions.indexOf(r) !== i);
    if (repeated) check.fail("topics", "each region once", repeated);
    (args.emails ?? []).forEach((e, i) => check.matches(`emails[${i}]`, e, EMAIL, "an email address such as \"oncall@example.com\""));
    // Each subscription is named after its address without case and punctuation: two that
    // differ only there would be two resources of one name, which a deployment refuses.
    const slugs = (args.emails ?? []).map(emailSlug);
    slugs.forEach((slug, i) => {
        const first = slugs.indexOf(slug);
        if (first !== i) check.fail(`emails[${i}]`, `an address other than emails[${first}] (compared without case and punctuation)`, args.emails![i]);
    });
    for (const [key, url] of Object.entries(args.httpsEndpoints ?? {})) {
        check.matches(`httpsEndpoints key`, key, /^[a-z][a-z0-9-]{0,29}$/, "a short name such as \"pagerduty\"");
        check.matchesIfKnown(`httpsEndpoints.${key}`, url, /^https:\/\/[^\s/]+\/?\S*$/, "an https:// URL");
    }
    if (args.slack) {
        check.matches("slack.workspaceId", args.slack.workspaceId, /^[A-Z0-9]{9,15}$/, "a Slack workspace ID such as \"T0123456789\"");
        check.matches("slack.channelId", args.slack.channelId, /^[A-Z0-9]{9,15}$/, "a Slack channel ID such as \"C0123456789\"");
    }
    const channels = (args.emails?.length ?? 0) + Object.keys(args.httpsEndpoints ?? {}).length + (args.slack ? 1 : 0);
    check.check(channels > 0, "emails", "at least one destination (emails, httpsEndpoints or slack)", args.emails ?? []);
    check.throwIfAny();
}

/**
 * The SNS topics alarms and budgets notify, one per alarm region, each encrypted with a
 * customer-managed key and open to publishing only by CloudWatch alarms, AWS Budgets and
 * EventBridge rules of this account (`aws:SourceAccount`); every topic fans out to the same
 * emails, HTTPS endpoints (PagerDuty, webhooks) and, through AWS Chatbot, one Slack channel.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const key = new aws.KmsKey("alarms", {
 *     namePrefix: "acme-prod", purpose: "alarms", region: "eu-central-1", services: ["cloudwatch", "budgets"],
 * });
 * export const topicArns = new aws.AlarmTopics("alarms", {
 *     namePrefix: "acme-prod",
 *     topics: [{ region: "eu-central-1", kmsKeyArn: key.arn }],
 *     emails: ["oncall@example.com"],
 * }).topicArns;
 * ```
 */
export class AlarmTopics extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:AlarmTopics";

    /** Topic ARN by region. */
    readonly topicArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AlarmTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAlarmTopicsArgs(name, args);
        super(AlarmTopics.TYPE, name, {}, opts);
        const cfg = { ...ALARM_TOPICS_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const account = lookupAccount(this);
        this.topicArns = {};

        for (const { region, kmsKeyArn } of cfg.topics) {
            const at = `${name}-${region}`;
            const topic = new aws.sns.Topic(`${at}-topic`, {
                region,
                name: resourceName([cfg.namePrefix, "alarms"], 256),
                displayName: `${cfg.namePrefix} alarms`,
                kmsMasterKeyId: kmsKeyArn,
            }, parent);
            new aws.sns.TopicPolicy(`${at}-policy`, {
                region,
                arn: topic.arn,
                policy: policyDocument([{
                    Sid: "AlarmsBudgetsAndRulesOfThisAccountPublish",
                    Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"] },
                    Action: "sns:Publish",
                    Resource: topic.arn,
                    Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
                }]),
            }, parent);
            cfg.emails.forEach((email) => {
                new aws.sns.TopicSubscription(`${at}-email-${emailSlug(email)}`, {
                    region,
                    topic: topic.arn,
                    protocol: "email",
                    endpoint: email,
                }, parent);
            });
            for (const key of Object.keys(cfg.httpsEndpoints).sort()) {
                new aws.sns.TopicSubscription(`${at}-${key}`, {
                    region,
                    topic: topic.arn,
                    protocol: "https",
                    endpoint: pulumi.secret(cfg.httpsEndpoints[key]),
                    // PagerDuty's and most webhook receivers' endpoints confirm on their own.
                    endpointAutoConfirms: true,
                }, { ...parent, additionalSecretOutputs: ["endpoint"] });
            }
            this.topicArns[region] = topic.arn;
        }

        if (cfg.slack) {
            // Notifications only: the role may do nothing, and the guardrail caps what channel
            // members could ever do through it at reading CloudWatch.
            const role = new aws.iam.Role(`${name}-chatbot`, {
                name: resourceName([cfg.namePrefix, "chatbot"], 64),
                description: `AWS Chatbot posting ${cfg.namePrefix} alarms to Slack`,
                assumeRolePolicy: serviceTrustPolicy("chatbot.amazonaws.com", account),
            }, parent);
            new aws.chatbot.SlackChannelConfiguration(`${name}-slack`, {
                region: CHATBOT_REGION,
                configurationName: resourceName([cfg.namePrefix, "alarms"], 128),
                iamRoleArn: role.arn,
                slackTeamId: cfg.slack.workspaceId,
                slackChannelId: cfg.slack.channelId,
                snsTopicArns: Object.values(this.topicArns),
                guardrailPolicyArns: [pulumi.interpolate`arn:${account.partition}:iam::aws:policy/CloudWatchReadOnlyAccess`],
                loggingLevel: "ERROR",
            }, parent);
        }
        this.registerOutputs({ topicArns: this.topicArns });
    }
}
