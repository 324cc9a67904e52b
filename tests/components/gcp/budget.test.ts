import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { BillingBudget, validateBillingBudgetArgs, type BillingBudgetArgs } from "../../../components/gcp/budget";
import { argProblems, plan } from "../../helpers/inventory";

const BUDGET = "gcp:billing/budget:Budget";
const ARGS: BillingBudgetArgs = {
    displayName: "acme-prod monthly",
    billingAccount: "012345-6789AB-CDEF01",
    projectNumber: pulumi.output("123456789012"),
    amount: 1500,
    notificationChannels: ["projects/p/notificationChannels/1", "projects/p/notificationChannels/2"],
};

describe("gcp BillingBudget", () => {
    it("budgets the project's monthly spend with threshold and forecast notifications", async () => {
        // No channels given: the billing account's admins only (the default `[]`).
        const inv = await plan(() => new BillingBudget("budget", { ...ARGS, notificationChannels: undefined }));
        expect(inv.one(BUDGET).parent).toBe(inv.one(BillingBudget.TYPE).urn);
        expect(inv.one(BUDGET).inputs).toEqual({
            displayName: "acme-prod monthly",
            billingAccount: "012345-6789AB-CDEF01",
            budgetFilter: { projects: ["projects/123456789012"], calendarPeriod: "MONTH", creditTypesTreatment: "INCLUDE_ALL_CREDITS" },
            amount: { specifiedAmount: { currencyCode: "USD", units: "1500" } },
            thresholdRules: [
                { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
                { thresholdPercent: 0.9, spendBasis: "CURRENT_SPEND" },
                { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
                { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
            ],
            allUpdatesRule: { disableDefaultIamRecipients: false },
        });
    });

    it("splits fractional amounts into units and nanos, sorts thresholds and passes up to five channels", async () => {
        const channels = Array.from({ length: 5 }, (_, i) => `projects/p/notificationChannels/${i}`);
        const inv = await plan(() => new BillingBudget("budget", {
            ...ARGS, amount: 99.5, currency: "EUR", thresholdPercents: [120, 80, 80], forecastPercent: 0, notificationChannels: channels,
        }));
        const b = inv.one(BUDGET).inputs as any;
        expect(b.amount.specifiedAmount).toEqual({ currencyCode: "EUR", units: "99", nanos: 500000000 });
        expect(b.thresholdRules).toEqual([
            { thresholdPercent: 0.8, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1.2, spendBasis: "CURRENT_SPEND" },
        ]);
        expect(b.allUpdatesRule.monitoringNotificationChannels).toEqual(channels);
    });

    // Pure validation, table-driven: both sides of every bound, and text around a valid value.
    it.each<[string, Partial<BillingBudgetArgs>]>([
        ["a one-character name", { displayName: "a" }],
        ["a 60-character name", { displayName: "n".repeat(60) }],
        ["a billing account with every hex digit", { billingAccount: "ABCDEF-012345-6789AF" }],
        ["a billing account known only at deployment", { billingAccount: pulumi.output("not checked here") }],
        ["no channels", { notificationChannels: undefined }],
        ["an amount of 0.01", { amount: 0.01 }],
        ["an amount of 10^12", { amount: 1e12 }],
        ["thresholds of 1 % and 1000 %", { thresholdPercents: [1, 1000] }],
        ["a forecast of 0 % (off) and EUR", { forecastPercent: 0, currency: "EUR" }],
        ["a forecast of 1000 %", { forecastPercent: 1000 }],
    ])("accepts %s", (_, extra) => {
        expect(argProblems(() => validateBillingBudgetArgs("budget", { ...ARGS, ...extra }))).toEqual([]);
    });

    const ACCOUNT = 'billingAccount: expected a billing account ID such as "012345-6789AB-CDEF01", got';
    const CURRENCY = 'currency: expected an ISO 4217 currency code such as "USD", got';
    it.each<[string, Partial<BillingBudgetArgs>, string[]]>([
        ["an empty name", { displayName: "" }, ['displayName: expected 1-60 characters, got ""']],
        ["no name (null from untyped config)", { displayName: null as never }, ["displayName: expected 1-60 characters, got null"]],
        ["text before the billing account", { billingAccount: "x012345-6789AB-CDEF01" }, [`${ACCOUNT} "x012345-6789AB-CDEF01"`]],
        ["text after the billing account", { billingAccount: "012345-6789AB-CDEF01x" }, [`${ACCOUNT} "012345-6789AB-CDEF01x"`]],
        ["a lowercase billing account", { billingAccount: "012345-6789ab-cdef01" }, [`${ACCOUNT} "012345-6789ab-cdef01"`]],
        ["an amount over 10^12", { amount: 1e12 + 1 }, ["amount: expected a number from 0.01 to 1000000000000, got 1000000000001"]],
        ["text before the currency", { currency: "XEUR" }, [`${CURRENCY} "XEUR"`]],
        ["text after the currency", { currency: "EURO" }, [`${CURRENCY} "EURO"`]],
        ["thresholds of 0 % and 1001 %", { thresholdPercents: [50, 0, 1001] }, [
            "thresholdPercents[1]: expected a number from 1 to 1000, got 0",
            "thresholdPercents[2]: expected a number from 1 to 1000, got 1001",
        ]],
        ["a negative forecast", { forecastPercent: -1 }, ["forecastPercent: expected a number from 0 to 1000, got -1"]],
        ["a forecast over 1000 %", { forecastPercent: 1001 }, ["forecastPercent: expected a number from 0 to 1000, got 1001"]],
    ])("rejects %s", (_, extra, problems) => {
        expect(argProblems(() => validateBillingBudgetArgs("budget", { ...ARGS, ...extra }))).toEqual(problems);
    });

    it("rejects a sixth channel instead of dropping it silently", () => {
        const channels = Array.from({ length: 6 }, (_, i) => `projects/p/notificationChannels/${i}`);
        expect(() => new BillingBudget("budget", { ...ARGS, notificationChannels: channels })).toThrow(
            "notificationChannels: expected at most 5 email channels (the Billing Budget API's limit), got 6",
        );
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new BillingBudget("budget", { ...ARGS, displayName: "x".repeat(61), billingAccount: "0123", amount: 0, currency: "usd", thresholdPercents: [] });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            `displayName: expected 1-60 characters, got "${"x".repeat(61)}"`,
            'billingAccount: expected a billing account ID such as "012345-6789AB-CDEF01", got "0123"',
            "amount: expected a number from 0.01 to 1000000000000, got 0",
            'currency: expected an ISO 4217 currency code such as "USD", got "usd"',
            "thresholdPercents: expected at least one percentage, got []",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
