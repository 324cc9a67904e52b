import { summarize } from "../../../infra/plan/summaries";
import { BillingBudget } from "../../../components/aws/budget";
import { plan, rejectedArgs } from "../../helpers/inventory";

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const BUDGET = "aws:budgets/budget:Budget";

describe("aws BillingBudget", () => {
    it("notifies the emails and the topic at each actual threshold and when the forecast crosses 100 %", async () => {
        const inv = await plan(() => new BillingBudget("budget", {
            name: "acme-prod-monthly", amount: 1500, emails: ["a@example.com"], topicArn: TOPIC, tag: { key: "environment", value: "aws-prod" },
        }));
        const to = { subscriberEmailAddresses: ["a@example.com"], subscriberSnsTopicArns: [TOPIC] };
        const n = (threshold: number, notificationType: string) => ({ comparisonOperator: "GREATER_THAN", threshold, thresholdType: "PERCENTAGE", notificationType, ...to });
        expect(inv.one(BUDGET).inputs).toEqual({
            name: "acme-prod-monthly", budgetType: "COST", timeUnit: "MONTHLY", limitAmount: "1500.00", limitUnit: "USD",
            costFilters: [{ name: "TagKeyValue", values: ["user:environment$aws-prod"] }],
            notifications: [n(50, "ACTUAL"), n(90, "ACTUAL"), n(100, "ACTUAL"), n(100, "FORECASTED")],
        });
        expect(summarize(BillingBudget.TYPE, inv.resources)).toBe("1500.00 USD / month · actual at 50%, 90%, 100%, forecast at 100% · cost of user:environment$aws-prod");
    });

    it("takes the whole account and emails only when given no tag or topic", async () => {
        const inv = await plan(() => new BillingBudget("budget", { name: "acme-prod-monthly", amount: 99.5, thresholdPercents: [120, 80], emails: ["a@example.com"] }));
        const b = inv.one(BUDGET).inputs as any;
        expect(b.costFilters).toBeUndefined();
        expect(b.limitAmount).toBe("99.50");
        expect(b.notifications.map((x: any) => [x.threshold, x.notificationType, x.subscriberSnsTopicArns])).toEqual([[80, "ACTUAL", undefined], [120, "ACTUAL", undefined], [100, "FORECASTED", undefined]]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new BillingBudget("budget", {
            name: "acme/prod", amount: 0, currency: "EUR", thresholdPercents: [10, 20, 30, 40, 50], emails: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`),
        }));
        expect(error.problems).toEqual([
            'name: expected up to 100 letters, digits, spaces, dots, hyphens or underscores, got "acme/prod"',
            "amount: expected a number from 1 to 10000000, got 0",
            'currency: expected "USD" (AWS Budgets tracks cost in USD only), got "EUR"',
            "thresholdPercents: expected 1 to 4 percentages (AWS Budgets allows 5 notifications, one is the forecast), got [10,20,30,40,50]",
            'emails: expected at most 10 addresses (AWS Budgets\' limit per notification), got ["a0@example.com","a1@example.com","a2@example.com","a3@example.com","a4@exam...',
        ]);
        expect(inv.resources).toHaveLength(0);
        const nobody = await rejectedArgs(() => new BillingBudget("budget", { name: "b", amount: 10, thresholdPercents: [50, 50] }));
        expect(nobody.error.problems).toEqual(["thresholdPercents: expected each percentage once, got [50,50]", "emails: expected at least one email or a topicArn to notify, got []"]);
    });
});
