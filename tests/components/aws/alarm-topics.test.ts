import { summarize } from "../../../infra/plan/summaries";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTopics, ALARM_TOPICS_DEFAULTS, CHATBOT_REGION, validateAlarmTopicsArgs, type AlarmTopicsArgs } from "../../../components/aws/alarm-topics";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const US_KEY = "arn:aws:kms:us-east-1:123456789012:key/5678abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: AlarmTopicsArgs = { namePrefix: "acme-prod", topics: [{ region: "eu-central-1", kmsKeyArn: KEY }], emails: ["oncall@example.com"] };

describe("aws AlarmTopics", () => {
    it("creates a CMK-encrypted topic that only this account's alarms, budgets and rules may publish to, with an email subscription", async () => {
        const inv = await plan(() => new AlarmTopics("alarms", ARGS));
        expect(inv.counts()).toEqual({
            "prodstack:aws:AlarmTopics": 1, "aws:sns/topic:Topic": 1, "aws:sns/topicPolicy:TopicPolicy": 1, "aws:sns/topicSubscription:TopicSubscription": 1,
        });
        expect(inv.one("aws:sns/topic:Topic").inputs).toEqual({
            region: "eu-central-1", name: "acme-prod-alarms", displayName: "acme-prod alarms", kmsMasterKeyId: KEY,
        });
        const policy = inv.one("aws:sns/topicPolicy:TopicPolicy").inputs;
        expect(policy.arn).toBe("arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms");
        expect(JSON.parse(String(policy.policy)).Statement).toEqual([{
            Sid: "AlarmsBudgetsAndRulesOfThisAccountPublish",
            Effect: "Allow",
            Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"] },
            Action: "sns:Publish",
            Resource: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }]);
        expect(inv.one("aws:sns/topicSubscription:TopicSubscription").inputs).toEqual({
            region: "eu-central-1", topic: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms", protocol: "email", endpoint: "oncall@example.com",
        });
    });

    it("fans every region's topic out to the same emails, secret HTTPS endpoints and one Slack channel through AWS Chatbot", async () => {
        const inv = await plan(() => new AlarmTopics("alarms", {
            ...ARGS,
            topics: [{ region: "eu-central-1", kmsKeyArn: KEY }, { region: "us-east-1", kmsKeyArn: US_KEY }],
            emails: ["a@example.com", "b@example.com"],
            httpsEndpoints: { webhook: "https://hooks.example.com/alarms", pagerduty: "https://events.pagerduty.com/integration/abc/enqueue" },
            slack: { workspaceId: "T0123456789", channelId: "C0123456789" },
        }));
        const topics = inv.ofType("aws:sns/topic:Topic");
        expect(topics.map((t) => [t.inputs.region, t.inputs.kmsMasterKeyId])).toEqual([["eu-central-1", KEY], ["us-east-1", US_KEY]]);
        const subs = inv.ofType("aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map((s) => [s.inputs.region, s.inputs.protocol])).toEqual([
            ["eu-central-1", "email"], ["eu-central-1", "email"], ["eu-central-1", "https"], ["eu-central-1", "https"],
            ["us-east-1", "email"], ["us-east-1", "email"], ["us-east-1", "https"], ["us-east-1", "https"],
        ]);
        const https = subs.find((s) => s.inputs.protocol === "https")!;
        // The URL carries the integration key: the plan (and state) sees only a secret.
        expect(https.inputs).toMatchObject({ endpointAutoConfirms: true, endpoint: "[secret]" });
        expect(summarize(AlarmTopics.TYPE, inv.resources)).toBe("2 topics (eu-central-1, us-east-1) · KMS CMK · 4 subscriptions each (email, https) + Slack via AWS Chatbot");
        const slack = inv.one("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").inputs;
        expect(slack).toMatchObject({
            region: "us-east-2", slackTeamId: "T0123456789", slackChannelId: "C0123456789", loggingLevel: "ERROR",
            snsTopicArns: ["arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms", "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms"],
            guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
        });
        const role = inv.one("aws:iam/role:Role").inputs;
        expect(role).toMatchObject({ name: "acme-prod-chatbot", description: "AWS Chatbot posting acme-prod alarms to Slack" });
        expect(slack).toMatchObject({ configurationName: "acme-prod-alarms", iamRoleArn: "arn:aws:iam::123456789012:role/acme-prod-chatbot" });
        expect(inv.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toHaveLength(0);
        const component = inv.one(AlarmTopics.TYPE).urn;
        expect(inv.resources.filter((r) => r.type !== AlarmTopics.TYPE).every((r) => r.parent === component)).toBe(true);
        expect(subs.filter((s) => s.inputs.protocol === "email").map((s) => [s.name, s.inputs.endpoint])).toEqual([
            ["alarms-eu-central-1-email-a-example-com", "a@example.com"], ["alarms-eu-central-1-email-b-example-com", "b@example.com"],
            ["alarms-us-east-1-email-a-example-com", "a@example.com"], ["alarms-us-east-1-email-b-example-com", "b@example.com"],
        ]);
        // Endpoints by name, whatever order the spec lists them in.
        expect(subs.filter((s) => s.inputs.protocol === "https").map((s) => s.name)).toEqual([
            "alarms-eu-central-1-pagerduty", "alarms-eu-central-1-webhook", "alarms-us-east-1-pagerduty", "alarms-us-east-1-webhook",
        ]);
        expect(JSON.parse(String(role.assumeRolePolicy)).Statement[0]).toMatchObject({
            Principal: { Service: "chatbot.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new AlarmTopics("alarms", {
            namePrefix: "Acme",
            topics: [{ region: "eu-central", kmsKeyArn: KEY }, { region: "eu-central", kmsKeyArn: KEY }],
            emails: ["nobody"],
            httpsEndpoints: { pagerduty: "http://insecure.example.com" },
            slack: { workspaceId: "workspace", channelId: "#ops" },
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'topics[0].region: expected an AWS region such as "eu-central-1", got "eu-central"',
            'topics[1].region: expected an AWS region such as "eu-central-1", got "eu-central"',
            'topics: expected each region once, got "eu-central"',
            'emails[0]: expected an email address such as "oncall@example.com", got "nobody"',
            'httpsEndpoints.pagerduty: expected an https:// URL, got "http://insecure.example.com"',
            'slack.workspaceId: expected a Slack workspace ID such as "T0123456789", got "workspace"',
            'slack.channelId: expected a Slack channel ID such as "C0123456789", got "#ops"',
        ]);
        expect(inv.resources).toHaveLength(0);
        const none = await rejectedArgs(() => new AlarmTopics("alarms", { namePrefix: "acme-prod", topics: [] }));
        expect(none.error.problems).toEqual([
            "topics: expected at least one topic region, got []",
            "emails: expected at least one destination (emails, httpsEndpoints or slack), got []",
        ]);
    });
});

describe("aws AlarmTopics args", () => {
    it("documents its defaults", () => {
        expect(ALARM_TOPICS_DEFAULTS).toEqual({ emails: [], httpsEndpoints: {} });
        expect(CHATBOT_REGION).toBe("us-east-2");
    });

    const problems = (args: Partial<AlarmTopicsArgs>) => argProblems(() => validateAlarmTopicsArgs("alarms", { ...ARGS, ...args }));
    const email = (i: number, e: string) => `emails[${i}]: expected an email address such as "oncall@example.com", got "${e}"`;
    const url = (key: string, u: string) => `httpsEndpoints.${key}: expected an https:// URL, got "${u}"`;
    const SLACK = { workspaceId: "T0123456789", channelId: "C0123456789" };

    it.each<[Partial<AlarmTopicsArgs>]>([
        [{ emails: ["On.Call+prod@Example.CO"] }],
        [{ emails: undefined, httpsEndpoints: { pagerduty: "https://events.pagerduty.com/x" } }],
        [{ emails: [], httpsEndpoints: { [`h${"1".repeat(29)}`]: "https://hooks.example.com" } }],
        [{ emails: undefined, httpsEndpoints: { webhook: pulumi.secret("not known until deployment") } }],
        [{ emails: undefined, slack: { workspaceId: "T01234567", channelId: "C01234567890123" } }],
        [{ topics: [{ region: "eu-central-1", kmsKeyArn: "k" }, { region: "us-east-1", kmsKeyArn: "k" }] }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<AlarmTopicsArgs>, string[]]>([
        [{ namePrefix: "acme-prod-" + "x".repeat(21) }, [`namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "acme-prod-${"x".repeat(21)}"`]],
        [{ topics: "eu-central-1" as never }, ['topics: expected at least one topic region, got "eu-central-1"']],
        [{ topics: [{ region: "eu-central-1", kmsKeyArn: "k" }, { region: "us-east-1", kmsKeyArn: "k" }, { region: "us-east-1", kmsKeyArn: "k" }] }, ['topics: expected each region once, got "us-east-1"']],
        [{ emails: ["oncall@example.com", "a@b.c", "a b@example.com", "x@example.com.", "mailto:x@example.com y"] }, [
            email(1, "a@b.c"), email(2, "a b@example.com"), email(3, "x@example.com."), email(4, "mailto:x@example.com y"),
        ]],
        [{ emails: ["@example.com", "a@@example.com"] }, [email(0, "@example.com"), email(1, "a@@example.com")]],
        // Subscriptions are named after their address: two of one name, a deployment refuses the second.
        [{ emails: ["a.b@example.com", "c@example.com", "A-B@example.com", "c@example.com"] }, [
            'emails[2]: expected an address other than emails[0] (compared without case and punctuation), got "A-B@example.com"',
            'emails[3]: expected an address other than emails[1] (compared without case and punctuation), got "c@example.com"',
        ]],
        [{ httpsEndpoints: { PagerDuty: "https://events.pagerduty.com" } }, ['httpsEndpoints key: expected a short name such as "pagerduty", got "PagerDuty"']],
        [{ httpsEndpoints: { [`h${"1".repeat(30)}`]: "https://x.example.com" } }, [`httpsEndpoints key: expected a short name such as "pagerduty", got "h${"1".repeat(30)}"`]],
        [{ httpsEndpoints: { a: "https://", b: "https:// x.example.com", c: "xhttps://x.example.com", d: "https://x.example.com/a b" } }, [
            url("a", "https://"), url("b", "https:// x.example.com"), url("c", "xhttps://x.example.com"), url("d", "https://x.example.com/a b"),
        ]],
        [{ slack: { workspaceId: "T01234567", channelId: "C0123456789012345" } }, ['slack.channelId: expected a Slack channel ID such as "C0123456789", got "C0123456789012345"']],
        [{ slack: { ...SLACK, workspaceId: "T0123456" } }, ['slack.workspaceId: expected a Slack workspace ID such as "T0123456789", got "T0123456"']],
        [{ slack: { ...SLACK, workspaceId: "t0123456789" } }, ['slack.workspaceId: expected a Slack workspace ID such as "T0123456789", got "t0123456789"']],
        [{ slack: { ...SLACK, workspaceId: "T0123456789/" } }, ['slack.workspaceId: expected a Slack workspace ID such as "T0123456789", got "T0123456789/"']],
        [{ slack: { ...SLACK, channelId: " C0123456789" } }, ['slack.channelId: expected a Slack channel ID such as "C0123456789", got " C0123456789"']],
        [{ slack: { ...SLACK, channelId: "C0123456789 " } }, ['slack.channelId: expected a Slack channel ID such as "C0123456789", got "C0123456789 "']],
    ])("rejects bad args #%#", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
