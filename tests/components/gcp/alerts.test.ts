import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker } from "../../../components/core/internal";
import {
    AUTO_CLOSE, NOTIFICATION_CHANNELS_DEFAULTS, NotificationChannels, checkChannels, checkDuration, checkNamePrefix, labelIn, policyBasics,
    runbookMarkdown, seconds, validateNotificationChannelsArgs, type NotificationChannelsArgs,
} from "../../../components/gcp/alerts";
import { argProblems, byName, plan, rejectedArgs } from "../../helpers/inventory";

const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";
const DESCRIPTION = "Alerts of acme-prod (managed by prodstack)";

describe("gcp NotificationChannels", () => {
    it("creates one email channel per address, named after the environment", async () => {
        let channels!: NotificationChannels;
        const inv = await plan(() => {
            channels = new NotificationChannels("alerts", { namePrefix: "acme-prod", emails: ["oncall@example.com", "Platform.Team@Example.org"] });
            return { ids: channels.channelIds, emailIds: channels.emailChannelIds };
        });
        expect(Object.keys(channels.channels)).toEqual(["email-oncall-example-com", "email-platform-team-example-org"]);
        const component = inv.one(NotificationChannels.TYPE);
        expect(byName(inv.childrenOf(component.urn)).map((c) => [c.name, c.inputs])).toEqual([
            ["alerts-email-oncall-example-com", {
                displayName: "acme-prod: email oncall@example.com", description: DESCRIPTION, type: "email", labels: { email_address: "oncall@example.com" },
            }],
            ["alerts-email-platform-team-example-org", {
                displayName: "acme-prod: email Platform.Team@Example.org", description: DESCRIPTION, type: "email", labels: { email_address: "Platform.Team@Example.org" },
            }],
        ]);
        expect(inv.outputs.emailIds).toEqual(inv.outputs.ids);
    });

    it("keeps the Slack token, webhook URL and PagerDuty key secret, even when given as plain strings", async () => {
        let channels!: NotificationChannels;
        const inv = await plan(() => {
            channels = new NotificationChannels("alerts", {
                namePrefix: "acme-prod",
                emails: ["oncall@example.com"],
                slack: { channel: "#ops-alerts", authToken: "xoxb-plain-token" },
                webhookUrl: "https://hooks.example.com/alert?token=plain-hook-token",
                pagerdutyServiceKey: "plain-pd-key",
            });
            // What the provider receives inside the secrets, unwrapped for the test only.
            const secrets = {
                slack: pulumi.unsecret(channels.channels.slack.sensitiveLabels),
                webhook: pulumi.unsecret(channels.channels.webhook.labels),
                pagerduty: pulumi.unsecret(channels.channels.pagerduty.sensitiveLabels),
            };
            return { ids: channels.channelIds, emailIds: channels.emailChannelIds, secrets };
        });
        expect(Object.keys(channels.channels)).toEqual(["email-oncall-example-com", "slack", "webhook", "pagerduty"]);
        expect(inv.childrenOf(inv.one(NotificationChannels.TYPE).urn).map((c) => c.name).sort()).toEqual([
            "alerts-email-oncall-example-com", "alerts-pagerduty", "alerts-slack", "alerts-webhook",
        ]);
        expect(inv.outputs.secrets).toEqual({
            slack: { authToken: "xoxb-plain-token" },
            webhook: { url: "https://hooks.example.com/alert?token=plain-hook-token" },
            pagerduty: { serviceKey: "plain-pd-key" },
        });
        const byName = Object.fromEntries(inv.ofType(CHANNEL).map((c) => [c.name, c.inputs]));
        // A secret anywhere inside an input object makes the whole object secret on the wire.
        expect(byName["alerts-slack"]).toEqual({
            displayName: "acme-prod: Slack #ops-alerts", description: DESCRIPTION, type: "slack", labels: { channel_name: "#ops-alerts" }, sensitiveLabels: "[secret]",
        });
        expect(byName["alerts-webhook"]).toEqual({ displayName: "acme-prod: webhook", description: DESCRIPTION, type: "webhook_tokenauth", labels: "[secret]" });
        expect(byName["alerts-pagerduty"]).toEqual({ displayName: "acme-prod: PagerDuty", description: DESCRIPTION, type: "pagerduty", sensitiveLabels: "[secret]" });
        const everything = JSON.stringify(inv.resources);
        for (const raw of ["xoxb-plain-token", "plain-hook-token", "plain-pd-key"]) expect(everything).not.toContain(raw);
        // Alert policies reference every channel; budgets only the email ones.
        const ids = inv.outputs.ids as string[];
        expect(ids).toHaveLength(4);
        expect(new Set(ids).size).toBe(4);
        for (const id of ids) expect(id).toMatch(/^projects\/[a-z0-9-]+\/notificationChannels\/\d+$/);
        expect(inv.outputs.emailIds).toEqual([ids[0]]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new NotificationChannels("alerts", {
            namePrefix: "Acme",
            emails: ["nope", "a@example.com", "a@example.com"],
            slack: { channel: "ops", authToken: "t" },
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'emails[0]: expected an email address such as "oncall@example.com", got "nope"',
            'emails: expected each address once (case and punctuation aside), got "a@example.com"',
            'slack.channel: expected a Slack channel such as "#ops-alerts", got "ops"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("refuses an environment without any channel", () => {
        expect(() => new NotificationChannels("alerts", { namePrefix: "acme-prod" })).toThrow(
            "emails: expected at least one channel (emails, slack, webhookUrl or pagerdutyServiceKey), got []",
        );
    });
});

describe("gcp NotificationChannels args, at both sides of each bound", () => {
    it("documents its defaults", () => {
        expect(NOTIFICATION_CHANNELS_DEFAULTS).toEqual({ emails: [] });
    });

    const ARGS: NotificationChannelsArgs = { namePrefix: "acme-prod", emails: ["oncall@example.com"] };
    const problems = (args: Partial<NotificationChannelsArgs>) => argProblems(() => validateNotificationChannelsArgs("alerts", { ...ARGS, ...args }));
    const email = (e: string, i = 0) => `emails[${i}]: expected an email address such as "oncall@example.com", got "${e}"`;
    const slack = (c: string) => `slack.channel: expected a Slack channel such as "#ops-alerts", got "${c}"`;
    const prefix = (p: string) => `namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "${p}"`;
    const once = (e: string) => `emails: expected each address once (case and punctuation aside), got "${e}"`;
    const none = "emails: expected at least one channel (emails, slack, webhookUrl or pagerdutyServiceKey), got []";

    it.each<[Partial<NotificationChannelsArgs>]>([
        [{ namePrefix: "a" }], [{ namePrefix: `a${"1".repeat(29)}` }], [{ namePrefix: "acme-prod-2" }],
        [{ emails: ["a@b.io"] }], [{ emails: ["O.Call+alerts@Example.CO.uk"] }], [{ emails: ["oncall@example.com", "platform@example.com"] }],
        [{ emails: undefined, slack: { channel: "#a", authToken: "t" } }], [{ emails: [], slack: { channel: `#${"a".repeat(80)}`, authToken: "t" } }],
        [{ emails: [], slack: { channel: "#ops_alerts-2", authToken: "t" } }],
        [{ emails: [], webhookUrl: "https://hooks.example.com/x" }], [{ emails: [], pagerdutyServiceKey: pulumi.secret("k") }],
    ])("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[Partial<NotificationChannelsArgs>, string[]]>([
        [{ namePrefix: "" }, [prefix("")]],
        [{ namePrefix: `a${"1".repeat(30)}` }, [prefix(`a${"1".repeat(30)}`)]],
        [{ namePrefix: "1acme" }, [prefix("1acme")]],
        [{ namePrefix: " acme" }, [prefix(" acme")]],
        [{ namePrefix: "acme prod" }, [prefix("acme prod")]],
        [{ emails: ["a@b.c"] }, [email("a@b.c")]],
        [{ emails: ["a@b.c0"] }, [email("a@b.c0")]],
        [{ emails: ["a@b"] }, [email("a@b")]],
        [{ emails: ["@example.com"] }, [email("@example.com")]],
        [{ emails: ["on call@example.com"] }, [email("on call@example.com")]],
        [{ emails: ["oncall@example.com x"] }, [email("oncall@example.com x")]],
        [{ emails: ["oncall@exa mple.com"] }, [email("oncall@exa mple.com")]],
        [{ emails: ["a@b@example.com"] }, [email("a@b@example.com")]],
        [{ emails: ["ok@example.com", "ok@example.com", "b@example.com", "b@example.com"] }, [once("ok@example.com")]],
        // One channel name (`email-on-call-example-com`) for both: the second channel would collide with the first.
        [{ emails: ["b@example.com", "On.Call@example.com", "on-call@example.com"] }, [once("on-call@example.com")]],
        [{ emails: ["Oncall@example.com", "oncall@example.com"] }, [once("oncall@example.com")]],
        [{ emails: [], slack: { channel: "#", authToken: "t" } }, [slack("#")]],
        [{ emails: [], slack: { channel: `#${"a".repeat(81)}`, authToken: "t" } }, [slack(`#${"a".repeat(81)}`)]],
        [{ emails: [], slack: { channel: "#Ops", authToken: "t" } }, [slack("#Ops")]],
        [{ emails: [], slack: { channel: "x#ops", authToken: "t" } }, [slack("x#ops")]],
        [{ emails: [], slack: { channel: "#ops x", authToken: "t" } }, [slack("#ops x")]],
        [{ emails: [] }, [none]],
        [{ emails: undefined }, [none]],
    ])("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});

describe("what every alert policy shares", () => {
    it("sets the combiner, severity, channels, labels and the runbook as markdown documentation", async () => {
        const inv = await plan(() => ({
            basics: policyBasics({
                displayName: pulumi.output("acme-prod api: 5xx"),
                severity: "CRITICAL",
                runbook: { whatFired: "It broke.", likelyCauses: ["A release"], firstSteps: ["Roll back"] },
                notificationChannels: ["projects/p/notificationChannels/1"],
                concern: "service",
            }),
        }));
        expect(inv.outputs.basics).toEqual({
            displayName: "acme-prod api: 5xx",
            combiner: "OR",
            severity: "CRITICAL",
            documentation: {
                content: "### What fired\nIt broke.\n\n### Likely causes\n- A release\n\n### First steps\n1. Roll back",
                mimeType: "text/markdown",
                subject: "[CRITICAL] acme-prod api: 5xx",
            },
            notificationChannels: ["projects/p/notificationChannels/1"],
            userLabels: { managed_by: "prodstack", concern: "service" },
        });
    });

    it("closes incidents after 30 min without data and writes durations in seconds", () => {
        expect(AUTO_CLOSE).toBe("1800s");
        expect(seconds(0)).toBe("0s");
        expect(seconds(300)).toBe("300s");
    });

    const checked = (run: (check: ArgsChecker) => void) => argProblems(() => {
        const check = new ArgsChecker("prodstack:gcp:Test", "t");
        run(check);
        check.throwIfAny();
    });
    const duration = (v: unknown) => `durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got ${v}`;

    it.each([[undefined], [0], [60], [86400]])("accepts a duration of %p s", (value) => {
        expect(checked((c) => checkDuration(c, "durationSeconds", value))).toEqual([]);
    });

    it.each([[-60], [30], [90], [86460]])("rejects a duration of %p s", (value) => {
        expect(checked((c) => checkDuration(c, "durationSeconds", value))).toEqual([duration(value)]);
    });

    it("requires at least one notification channel, in a list", () => {
        expect(checked((c) => checkChannels(c, ["projects/p/notificationChannels/1"]))).toEqual([]);
        expect(checked((c) => checkChannels(c, [pulumi.output("projects/p/notificationChannels/1")]))).toEqual([]);
        expect(checked((c) => checkChannels(c, []))).toEqual(["notificationChannels: expected at least one notification channel, got []"]);
        expect(checked((c) => checkChannels(c, undefined))).toEqual(["notificationChannels: expected at least one notification channel, got nothing"]);
        expect(checked((c) => checkChannels(c, "projects/p/notificationChannels/1" as never))).toEqual([
            'notificationChannels: expected at least one notification channel, got "projects/p/notificationChannels/1"',
        ]);
    });

    it("requires the display-name prefix", () => {
        expect(checked((c) => checkNamePrefix(c, "acme-prod"))).toEqual([]);
        expect(checked((c) => checkNamePrefix(c, undefined))).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got nothing',
        ]);
        expect(checked((c) => checkNamePrefix(c, "acme-prod!"))).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "acme-prod!"',
        ]);
    });
});

describe("runbooks and filters", () => {
    it("renders what fired, likely causes and numbered first steps as markdown", async () => {
        const inv = await plan(() => ({
            md: runbookMarkdown({
                whatFired: pulumi.output("The thing broke."),
                likelyCauses: ["A release", pulumi.output("A dependency")],
                firstSteps: ["Look at the logs", "Roll back"],
            }),
        }));
        expect(inv.outputs.md).toBe([
            "### What fired", "The thing broke.", "",
            "### Likely causes", "- A release", "- A dependency", "",
            "### First steps", "1. Look at the logs", "2. Roll back",
        ].join("\n"));
    });

    it("matches one label value exactly and several with one_of", () => {
        expect(labelIn("resource.labels.service_name", ["api"])).toBe('resource.labels.service_name = "api"');
        expect(labelIn("resource.labels.service_name", ["api", "web"])).toBe('resource.labels.service_name = one_of("api", "web")');
    });
});
