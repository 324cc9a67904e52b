import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";
import { runbookMarkdown, type Runbook } from "../core/runbooks";

// ---------------------------------------------------------------------------
// Notification channels
// ---------------------------------------------------------------------------

/** Slack destination of {@link NotificationChannelsArgs.slack}. */
export interface SlackChannelArgs {
    /**
     * Slack channel, e.g. `#ops-alerts`.
     * @default none (required)
     */
    channel: string;
    /**
     * OAuth token of Google Cloud Monitoring's Slack app for the workspace. Stored only as
     * a sensitive label of the channel; wrapped as a Pulumi secret.
     * @default none (required)
     */
    authToken: pulumi.Input<string>;
}

/** Arguments of {@link NotificationChannels}. */
export interface NotificationChannelsArgs {
    /**
     * Prefix of every display name, e.g. `acme-prod`, so channels of several environments
     * sharing a project stay distinguishable.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Email addresses, one channel each.
     * @default []
     */
    emails?: string[];
    /**
     * A Slack channel reached through Cloud Monitoring's Slack app.
     * @default none (no Slack channel)
     */
    slack?: SlackChannelArgs;
    /**
     * HTTPS endpoint receiving alert JSON (`webhook_tokenauth` channel). The URL usually
     * carries its token, so it is treated as a secret end to end.
     * @default none (no webhook channel)
     */
    webhookUrl?: pulumi.Input<string>;
    /**
     * PagerDuty Events API v2 integration key (service key). Stored only as a sensitive
     * label; wrapped as a Pulumi secret.
     * @default none (no PagerDuty channel)
     */
    pagerdutyServiceKey?: pulumi.Input<string>;
}

/** Defaults of {@link NotificationChannelsArgs}. */
export const NOTIFICATION_CHANNELS_DEFAULTS = { emails: [] as string[] };

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const SLACK_CHANNEL = /^#[a-z0-9_-]{1,80}$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;

/** Key of an email channel in {@link NotificationChannels.channels}, and its logical name's suffix. */
const emailChannelKey = (email: string): string => `email-${resourceName([email], 40)}`;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateNotificationChannelsArgs(name: string, args: NotificationChannelsArgs): void {
    const check = new ArgsChecker(NotificationChannels.TYPE, name);
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    (args.emails ?? []).forEach((e, i) => check.matches(`emails[${i}]`, e, EMAIL, "an email address such as \"oncall@example.com\""));
    // Two addresses differing only in case or punctuation would get one channel name: the
    // second resource would collide with the first, and one address would never be notified.
    const keys = (args.emails ?? []).map(emailChannelKey);
    const dupes = (args.emails ?? []).filter((_, i) => keys.indexOf(keys[i]) !== i);
    if (dupes.length) check.fail("emails", "each address once (case and punctuation aside)", dupes[0]);
    if (args.slack) check.matches("slack.channel", args.slack.channel, SLACK_CHANNEL, "a Slack channel such as \"#ops-alerts\"");
    const count = (args.emails?.length ?? 0) + (args.slack ? 1 : 0) + (args.webhookUrl !== undefined ? 1 : 0) +
        (args.pagerdutyServiceKey !== undefined ? 1 : 0);
    check.check(count > 0, "emails", "at least one channel (emails, slack, webhookUrl or pagerdutyServiceKey)", args.emails ?? []);
    check.throwIfAny();
}

/**
 * Cloud Monitoring notification channels of one environment: one email channel per
 * address, and optionally Slack, a token-authenticated webhook and PagerDuty. Tokens,
 * the webhook URL and the PagerDuty key are secrets: they reach the provider only as
 * Pulumi secrets (sensitive labels where the API has them) and stay encrypted in state.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", {
 *     namePrefix: "acme-prod",
 *     emails: ["oncall@example.com"],
 *     pagerdutyServiceKey: new pulumi.Config().requireSecret("pagerdutyServiceKey"),
 * });
 * export const channelIds = channels.channelIds;
 * ```
 */
export class NotificationChannels extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:NotificationChannels";

    /** The channels, by kind (`email-<address>`, `slack`, `webhook`, `pagerduty`). */
    readonly channels: Record<string, gcp.monitoring.NotificationChannel>;
    /** Channel resource names (`projects/…/notificationChannels/…`), for alert policies. */
    readonly channelIds: pulumi.Output<string>[];
    /** Resource names of the email channels only: the Billing Budget API accepts no other kind. */
    readonly emailChannelIds: pulumi.Output<string>[];

    constructor(name: string, args: NotificationChannelsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateNotificationChannelsArgs(name, args);
        super(NotificationChannels.TYPE, name, {}, opts);
        const cfg = { ...NOTIFICATION_CHANNELS_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const description = `Alerts of ${cfg.namePrefix} (managed by prodstack)`;
        this.channels = {};

        for (const email of cfg.emails) {
            const key = emailChannelKey(email);
            this.channels[key] = new gcp.monitoring.NotificationChannel(`${name}-${key}`, {
                displayName: `${cfg.namePrefix}: email ${email}`,
                description,
                type: "email",
                labels: { email_address: email },
            }, parent);
        }
        if (cfg.slack) {
            this.channels.slack = new gcp.monitoring.NotificationChannel(`${name}-slack`, {
                displayName: `${cfg.namePrefix}: Slack ${cfg.slack.channel}`,
                description,
                type: "slack",
                labels: { channel_name: cfg.slack.channel },
                sensitiveLabels: { authToken: pulumi.secret(cfg.slack.authToken) },
            }, { ...parent, additionalSecretOutputs: ["sensitiveLabels"] });
        }
        if (cfg.webhookUrl !== undefined) {
            // `url` is an ordinary label for this channel type (there is no sensitive variant),
            // so the whole label map is made secret, in the inputs and in state.
            this.channels.webhook = new gcp.monitoring.NotificationChannel(`${name}-webhook`, {
                displayName: `${cfg.namePrefix}: webhook`,
                description,
                type: "webhook_tokenauth",
                labels: pulumi.secret(pulumi.output(cfg.webhookUrl).apply((url) => ({ url }))),
            }, { ...parent, additionalSecretOutputs: ["labels"] });
        }
        if (cfg.pagerdutyServiceKey !== undefined) {
            this.channels.pagerduty = new gcp.monitoring.NotificationChannel(`${name}-pagerduty`, {
                displayName: `${cfg.namePrefix}: PagerDuty`,
                description,
                type: "pagerduty",
                sensitiveLabels: { serviceKey: pulumi.secret(cfg.pagerdutyServiceKey) },
            }, { ...parent, additionalSecretOutputs: ["sensitiveLabels"] });
        }

        this.channelIds = Object.values(this.channels).map((c) => c.name);
        this.emailChannelIds = Object.entries(this.channels).filter(([key]) => key.startsWith("email-")).map(([, c]) => c.name);
        this.registerOutputs({ channelIds: this.channelIds });
    }
}

// ---------------------------------------------------------------------------
// Shared pieces of every alert policy component
// ---------------------------------------------------------------------------

export { runbookMarkdown, type Runbook };

/** Severity shown on incidents and notifications. */
export type AlertSeverity = "CRITICAL" | "ERROR" | "WARNING";

/** The fields every policy of ours sets the same way. */
export function policyBasics(p: {
    displayName: pulumi.Input<string>;
    severity: AlertSeverity;
    runbook: Runbook;
    notificationChannels: pulumi.Input<string>[];
    concern: string;
}): Pick<gcp.monitoring.AlertPolicyArgs, "displayName" | "combiner" | "severity" | "documentation" | "notificationChannels" | "userLabels"> {
    return {
        displayName: p.displayName,
        combiner: "OR",
        severity: p.severity,
        documentation: {
            content: runbookMarkdown(p.runbook),
            mimeType: "text/markdown",
            subject: pulumi.interpolate`[${p.severity}] ${p.displayName}`,
        },
        notificationChannels: p.notificationChannels,
        userLabels: { managed_by: "prodstack", concern: p.concern },
    };
}

/** Incidents of metric policies close on their own once data stops arriving for this long. */
export const AUTO_CLOSE = "1800s";

/** A duration as the Monitoring API writes it (`300s`). */
export const seconds = (s: number): string => `${s}s`;

/** Checks a condition duration: the API accepts whole minutes only, up to a day. */
export function checkDuration(check: ArgsChecker, key: string, value: number | undefined): void {
    if (value === undefined) return;
    check.check(
        Number.isInteger(value) && value >= 0 && value <= 86400 && value % 60 === 0,
        key,
        "a multiple of 60 from 0 to 86400 (whole minutes)",
        value,
    );
}

/** Checks the channel list of a policy component: alerts nobody receives are useless. */
export function checkChannels(check: ArgsChecker, channels: readonly unknown[] | undefined): void {
    check.check(Array.isArray(channels) && channels.length > 0, "notificationChannels", "at least one notification channel", channels);
}

/** Checks the display-name prefix shared by every alert component. */
export function checkNamePrefix(check: ArgsChecker, value: string | undefined): void {
    check.check(typeof value === "string" && NAME_PREFIX.test(value), "namePrefix", "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"", value);
}

/** `key = "a"` or `key = one_of("a", "b")` for a Monitoring filter. */
export function labelIn(key: string, values: readonly string[]): string {
    return values.length === 1 ? `${key} = "${values[0]}"` : `${key} = one_of(${values.map((v) => `"${v}"`).join(", ")})`;
}
