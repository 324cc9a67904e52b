import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { BillingBudget, type BillingBudgetArgs } from "../../../components/gcp/budget";
import { plan } from "../../helpers/inventory";

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
        const inv = await plan(() => new BillingBudget("budget", ARGS));
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
            allUpdatesRule: { monitoringNotificationChannels: ARGS.notificationChannels, disableDefaultIamRecipients: false },
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
