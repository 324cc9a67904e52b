import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";

/** Arguments of {@link BillingBudget}. */
export interface BillingBudgetArgs {
    /**
     * Budget name shown in Billing (at most 60 characters), e.g. `acme-prod monthly`.
     * @default none (required)
     */
    displayName: string;
    /**
     * Billing account paying for the project, e.g. `012345-6789AB-CDEF01`.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    billingAccount: pulumi.Input<string>;
    /**
     * Number of the project whose spend counts (not its ID); see `gcp.organizations.getProjectOutput`.
     * @default none (required)
     */
    projectNumber: pulumi.Input<string>;
    /**
     * Monthly budget in `currency`.
     * @default none (required)
     */
    amount: number;
    /**
     * ISO 4217 currency; must be the billing account's currency.
     * @default "USD"
     */
    currency?: string;
    /**
     * Percentages of the budget whose crossing (actual spend) notifies.
     * @default [50, 90, 100]
     */
    thresholdPercents?: number[];
    /**
     * Also notify when the month's forecast spend exceeds this percentage; 0 turns it off.
     * @default 100
     */
    forecastPercent?: number;
    /**
     * Resource names of Monitoring **email** channels notified on threshold crossings, at
     * most 5: the Billing Budget API rejects other channel kinds (Slack, PagerDuty,
     * webhooks) and more channels (`NotificationChannels.emailChannelIds` lists the emails).
     * @default []
     */
    notificationChannels?: pulumi.Input<string>[];
}

/** Defaults of {@link BillingBudgetArgs}. */
export const BILLING_BUDGET_DEFAULTS = {
    currency: "USD",
    thresholdPercents: [50, 90, 100],
    forecastPercent: 100,
    notificationChannels: [] as pulumi.Input<string>[],
};

/** The Budget API accepts at most this many monitoring channels (email channels only). */
export const MAX_BUDGET_CHANNELS = 5;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateBillingBudgetArgs(name: string, args: BillingBudgetArgs): void {
    const check = new ArgsChecker(BillingBudget.TYPE, name);
    check.check(typeof args.displayName === "string" && args.displayName.length > 0 && args.displayName.length <= 60,
        "displayName", "1-60 characters", args.displayName);
    check.matchesIfKnown("billingAccount", args.billingAccount, /^[A-F0-9]{6}-[A-F0-9]{6}-[A-F0-9]{6}$/, "a billing account ID such as \"012345-6789AB-CDEF01\"");
    check.numberInRange("amount", args.amount, 0.01, 1e12);
    check.matchesIfGiven("currency", args.currency, /^[A-Z]{3}$/, "an ISO 4217 currency code such as \"USD\"");
    (args.thresholdPercents ?? []).forEach((p, i) => check.numberInRange(`thresholdPercents[${i}]`, p, 1, 1000));
    if (args.thresholdPercents !== undefined) {
        check.check(args.thresholdPercents.length > 0, "thresholdPercents", "at least one percentage", args.thresholdPercents);
    }
    check.numberInRange("forecastPercent", args.forecastPercent, 0, 1000);
    if (args.notificationChannels !== undefined) {
        check.check(args.notificationChannels.length <= MAX_BUDGET_CHANNELS, "notificationChannels",
            `at most ${MAX_BUDGET_CHANNELS} email channels (the Billing Budget API's limit)`, args.notificationChannels.length);
    }
    check.throwIfAny();
}

/**
 * A monthly billing budget for one project with threshold notifications: actual spend
 * crossing each configured percentage, plus a forecast rule, sent to the billing
 * account's admins and to the environment's monitoring channels.
 *
 * The deployer needs `roles/billing.costsManager` on the billing account, and the Budget
 * API needs a quota project (a service account's own project, or `billingProject` with
 * `userProjectOverride` on the provider when deploying with user credentials).
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as google from "@pulumi/gcp";
 * import * as gcp from "prodstack/gcp";
 *
 * const project = google.organizations.getProjectOutput({ projectId: "acme-web-prod" });
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * export const budget = new gcp.BillingBudget("budget", {
 *     displayName: "acme-prod monthly",
 *     billingAccount: new pulumi.Config("gcp").require("billingAccount"),
 *     projectNumber: project.number,
 *     amount: 1500,
 *     notificationChannels: channels.channelIds,
 * });
 * ```
 */
export class BillingBudget extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:BillingBudget";

    /** The budget. */
    readonly budget: gcp.billing.Budget;

    constructor(name: string, args: BillingBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        validateBillingBudgetArgs(name, args);
        super(BillingBudget.TYPE, name, {}, opts);
        const cfg = { ...BILLING_BUDGET_DEFAULTS, ...definedOnly(args) };
        const units = Math.floor(cfg.amount);
        const nanos = Math.round((cfg.amount - units) * 1e9);
        const percents = [...new Set(cfg.thresholdPercents)].sort((a, b) => a - b);
        const channels = cfg.notificationChannels;

        this.budget = new gcp.billing.Budget(`${name}-budget`, {
            displayName: cfg.displayName,
            billingAccount: cfg.billingAccount,
            budgetFilter: {
                projects: [pulumi.interpolate`projects/${cfg.projectNumber}`],
                calendarPeriod: "MONTH",
                creditTypesTreatment: "INCLUDE_ALL_CREDITS",
            },
            amount: {
                specifiedAmount: { currencyCode: cfg.currency, units: String(units), ...(nanos ? { nanos } : {}) },
            },
            thresholdRules: [
                ...percents.map((p) => ({ thresholdPercent: p / 100, spendBasis: "CURRENT_SPEND" })),
                ...(cfg.forecastPercent > 0 ? [{ thresholdPercent: cfg.forecastPercent / 100, spendBasis: "FORECASTED_SPEND" }] : []),
            ],
            allUpdatesRule: {
                ...(channels.length ? { monitoringNotificationChannels: channels } : {}),
                disableDefaultIamRecipients: false,
            },
        }, { parent: this });

        this.registerOutputs({ budgetId: this.budget.id });
    }
}
