import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

/** A cost allocation tag the budget counts ({@link BillingBudgetArgs.tag}). */
export interface BudgetTagFilter {
    /**
     * Tag key, e.g. `environment`. It must be activated as a cost allocation tag (Billing
     * console → Cost allocation tags), once per account, or the budget counts nothing.
     * @default none (required)
     */
    key: string;
    /**
     * Tag value, e.g. `aws-prod`.
     * @default none (required)
     */
    value: string;
}

/** Arguments of {@link BillingBudget}. */
export interface BillingBudgetArgs {
    /**
     * Name of the budget, e.g. `acme-prod-monthly`. Plain string: it names the resource.
     * @default none (required)
     */
    name: string;
    /**
     * Monthly amount in `currency`.
     * @default none (required)
     */
    amount: number;
    /**
     * Currency of the amount: AWS Budgets tracks cost in USD only.
     * @default "USD"
     */
    currency?: string;
    /**
     * Percentages of the amount at which actual spend notifies (at most 4: with the
     * forecast at 100 %, AWS Budgets allows 5 notifications per budget).
     * @default [50, 90, 100]
     */
    thresholdPercents?: number[];
    /**
     * Email addresses notified directly by AWS Budgets (at most 10 per notification).
     * @default []
     */
    emails?: string[];
    /**
     * SNS topic notified too (alarm channels: Slack, PagerDuty, webhooks); its policy must let
     * `budgets.amazonaws.com` publish.
     * @default none
     */
    topicArn?: pulumi.Input<string>;
    /**
     * Count only the cost of resources carrying this tag (an environment sharing its account).
     * @default none (the whole account)
     */
    tag?: BudgetTagFilter;
}

/** Defaults of {@link BillingBudgetArgs}. */
export const BILLING_BUDGET_DEFAULTS = { currency: "USD", thresholdPercents: [50, 90, 100], emails: [] as string[] };

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateBillingBudgetArgs(name: string, args: BillingBudgetArgs): void {
    const check = new ArgsChecker(BillingBudget.TYPE, name);
    check.matches("name", args.name, /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/, "up to 100 letters, digits, spaces, dots, hyphens or underscores");
    check.numberInRange("amount", args.amount, 1, 10000000);
    if (args.currency !== undefined) check.check(args.currency === "USD", "currency", "\"USD\" (AWS Budgets tracks cost in USD only)", args.currency);
    const thresholds = args.thresholdPercents ?? BILLING_BUDGET_DEFAULTS.thresholdPercents;
    check.check(thresholds.length >= 1 && thresholds.length <= 4, "thresholdPercents", "1 to 4 percentages (AWS Budgets allows 5 notifications, one is the forecast)", thresholds);
    thresholds.forEach((t, i) => check.intInRange(`thresholdPercents[${i}]`, t, 1, 500));
    if (new Set(thresholds).size !== thresholds.length) check.fail("thresholdPercents", "each percentage once", thresholds);
    const emails = args.emails ?? [];
    check.check(emails.length <= 10, "emails", "at most 10 addresses (AWS Budgets' limit per notification)", emails);
    emails.forEach((e, i) => check.matches(`emails[${i}]`, e, EMAIL, "an email address such as \"oncall@example.com\""));
    check.check(emails.length > 0 || args.topicArn !== undefined, "emails", "at least one email or a topicArn to notify", emails);
    if (args.tag) {
        check.matches("tag.key", args.tag.key, /^[\w.:/=+@-]{1,128}$/, "a tag key such as \"environment\"");
        check.matches("tag.value", args.tag.value, /^[\w.:/=+@ -]{0,256}$/, "a tag value such as \"aws-prod\"");
    }
    check.throwIfAny();
}

/**
 * An AWS Budgets monthly cost budget: a notification when actual spend crosses each threshold
 * and one when the month's forecast crosses 100 %, to the emails and the alarm topic.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.BillingBudget("budget", {
 *     name: "acme-prod-monthly",
 *     amount: 1500,
 *     emails: ["platform@example.com"],
 *     tag: { key: "environment", value: "aws-prod" },
 * });
 * ```
 */
export class BillingBudget extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:BillingBudget";

    /** The budget's name. */
    readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: BillingBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        validateBillingBudgetArgs(name, args);
        super(BillingBudget.TYPE, name, {}, opts);
        const cfg = { ...BILLING_BUDGET_DEFAULTS, ...definedOnly(args) };
        const to = {
            ...(cfg.emails.length ? { subscriberEmailAddresses: cfg.emails } : {}),
            ...(cfg.topicArn !== undefined ? { subscriberSnsTopicArns: [cfg.topicArn] } : {}),
        };
        const notification = (threshold: number, notificationType: "ACTUAL" | "FORECASTED") => ({
            comparisonOperator: "GREATER_THAN",
            threshold,
            thresholdType: "PERCENTAGE",
            notificationType,
            ...to,
        });
        const budget = new aws.budgets.Budget(`${name}-budget`, {
            name: resourceName([cfg.name], 100),
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: cfg.amount.toFixed(2),
            limitUnit: cfg.currency,
            ...(cfg.tag ? { costFilters: [{ name: "TagKeyValue", values: [`user:${cfg.tag.key}$${cfg.tag.value}`] }] } : {}),
            notifications: [
                ...[...cfg.thresholdPercents].sort((a, b) => a - b).map((t) => notification(t, "ACTUAL")),
                notification(100, "FORECASTED"),
            ],
        }, { parent: this });
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
