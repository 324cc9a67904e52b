import { summarize } from "../../../infra/plan/summaries";
import { BillingBudget, validateBillingBudgetArgs, type BillingBudgetArgs } from "../../../components/aws/budget";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

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

    it("notifies only the topic when given no email", async () => {
        const inv = await plan(() => new BillingBudget("budget", { name: "acme-stg", amount: 1, thresholdPercents: [100], topicArn: TOPIC }));
        const b = inv.one(BUDGET).inputs as any;
        expect(inv.one(BUDGET).parent).toBe(inv.one(BillingBudget.TYPE).urn);
        expect(b).toMatchObject({ limitAmount: "1.00", limitUnit: "USD" });
        expect(b.notifications).toEqual([
            { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", subscriberSnsTopicArns: [TOPIC] },
            { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", subscriberSnsTopicArns: [TOPIC] },
        ]);
    });

    // Pure validation, table-driven: both sides of every bound, and text around a valid value.
    const OK: BillingBudgetArgs = { name: "acme-prod-monthly", amount: 1500, emails: ["a@example.com"] };
    it.each<[string, Partial<BillingBudgetArgs>]>([
        ["a one-character name", { name: "a" }],
        ["a 100-character name with spaces, dots and underscores", { name: `A${"b .-_".repeat(19)}9999` }],
        ["an amount of 1", { amount: 1 }],
        ["an amount of 10,000,000", { amount: 10000000 }],
        ["USD given explicitly", { currency: "USD" }],
        ["one threshold of 1 %", { thresholdPercents: [1] }],
        ["four thresholds up to 500 %", { thresholdPercents: [1, 100, 499, 500] }],
        ["ten emails, any case", { emails: ["ONCALL@Example.COM", ...Array.from({ length: 9 }, (_, i) => `a${i}@sub.example.io`)] }],
        ["a topic and no email", { emails: [], topicArn: TOPIC }],
        ["a 128-character tag key and an empty value", { tag: { key: `k${"e".repeat(126)}y`, value: "" } }],
        ["tag characters AWS allows", { tag: { key: "aws:env_1.x/y=z+w@q-r", value: "prod env_1.x/y=z+w@q-r:s" } }],
        ["a 256-character tag value", { tag: { key: "environment", value: "v".repeat(256) } }],
    ])("accepts %s", (_, extra) => {
        expect(argProblems(() => validateBillingBudgetArgs("budget", { ...OK, ...extra }))).toEqual([]);
    });

    const NAME = "name: expected up to 100 letters, digits, spaces, dots, hyphens or underscores, got";
    const EMAIL = 'expected an email address such as "oncall@example.com", got';
    it.each<[string, Partial<BillingBudgetArgs>, string[]]>([
        ["an empty name", { name: "" }, [`${NAME} ""`]],
        ["a 101-character name", { name: "n".repeat(101) }, [`${NAME} "${"n".repeat(101)}"`]],
        ["a name starting with a space", { name: " acme" }, [`${NAME} " acme"`]],
        ["a name with a colon after it", { name: "acme:" }, [`${NAME} "acme:"`]],
        ["an amount under 1", { amount: 0.99 }, ["amount: expected a number from 1 to 10000000, got 0.99"]],
        ["an amount over 10,000,000", { amount: 10000000.01 }, ["amount: expected a number from 1 to 10000000, got 10000000.01"]],
        ["no threshold", { thresholdPercents: [] }, ["thresholdPercents: expected 1 to 4 percentages (AWS Budgets allows 5 notifications, one is the forecast), got []"]],
        ["a threshold of 0 %", { thresholdPercents: [0] }, ["thresholdPercents[0]: expected an integer from 1 to 500, got 0"]],
        ["a threshold of 501 %", { thresholdPercents: [50, 501] }, ["thresholdPercents[1]: expected an integer from 1 to 500, got 501"]],
        ["a fractional threshold", { thresholdPercents: [50.5] }, ["thresholdPercents[0]: expected an integer from 1 to 500, got 50.5"]],
        ["an address without a domain", { emails: ["oncall@example"] }, [`emails[0]: ${EMAIL} "oncall@example"`]],
        ["an address with a one-letter top-level domain", { emails: ["oncall@example.c"] }, [`emails[0]: ${EMAIL} "oncall@example.c"`]],
        ["an address with a space before it", { emails: ["a@example.com", " b@example.com"] }, [`emails[1]: ${EMAIL} " b@example.com"`]],
        ["an address with text after it", { emails: ["b@example.com x"] }, [`emails[0]: ${EMAIL} "b@example.com x"`]],
        ["two @", { emails: ["a@b@example.com"] }, [`emails[0]: ${EMAIL} "a@b@example.com"`]],
        ["a 129-character tag key", { tag: { key: "k".repeat(129), value: "v" } }, [`tag.key: expected a tag key such as "environment", got "${"k".repeat(129)}"`]],
        ["an empty tag key", { tag: { key: "", value: "v" } }, ['tag.key: expected a tag key such as "environment", got ""']],
        ["a tag key with a space after it", { tag: { key: "env ", value: "v" } }, ['tag.key: expected a tag key such as "environment", got "env "']],
        ["a tag key with a # before it", { tag: { key: "#env", value: "v" } }, ['tag.key: expected a tag key such as "environment", got "#env"']],
        ["a 257-character tag value", { tag: { key: "environment", value: "v".repeat(257) } }, [`tag.value: expected a tag value such as "aws-prod", got "${"v".repeat(257)}"`]],
        ["a tag value with a # after it", { tag: { key: "environment", value: "prod#" } }, ['tag.value: expected a tag value such as "aws-prod", got "prod#"']],
        ["a tag value with a # before it", { tag: { key: "environment", value: "#prod" } }, ['tag.value: expected a tag value such as "aws-prod", got "#prod"']],
    ])("rejects %s", (_, extra, problems) => {
        expect(argProblems(() => validateBillingBudgetArgs("budget", { ...OK, ...extra }))).toEqual(problems);
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
