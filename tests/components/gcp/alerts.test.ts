import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { NotificationChannels, labelIn, runbookMarkdown } from "../../../components/gcp/alerts";
import { plan } from "../../helpers/inventory";

const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";

describe("gcp NotificationChannels", () => {
    it("creates one email channel per address, named after the environment", async () => {
        const inv = await plan(() => new NotificationChannels("alerts", {
            namePrefix: "acme-prod",
            emails: ["oncall@example.com", "platform@example.com"],
        }));
        const channels = inv.ofType(CHANNEL);
        expect(channels.map((c) => c.inputs.labels)).toEqual([
            { email_address: "oncall@example.com" },
            { email_address: "platform@example.com" },
        ]);
        expect(channels.every((c) => c.inputs.type === "email")).toBe(true);
        expect(channels.map((c) => c.inputs.displayName)).toEqual([
            "acme-prod: email oncall@example.com",
            "acme-prod: email platform@example.com",
        ]);
        const component = inv.one(NotificationChannels.TYPE);
        expect(inv.childrenOf(component.urn)).toHaveLength(2);
    });

    it("keeps the Slack token, webhook URL and PagerDuty key secret, even when given as plain strings", async () => {
        const inv = await plan(() => new NotificationChannels("alerts", {
            namePrefix: "acme-prod",
            slack: { channel: "#ops-alerts", authToken: "xoxb-plain-token" },
            webhookUrl: "https://hooks.example.com/alert?token=plain-hook-token",
            pagerdutyServiceKey: "plain-pd-key",
        }));
        const byType = Object.fromEntries(inv.ofType(CHANNEL).map((c) => [c.inputs.type, c.inputs]));
        expect(Object.keys(byType).sort()).toEqual(["pagerduty", "slack", "webhook_tokenauth"]);
        // A secret anywhere inside an input object makes the whole object secret on the wire.
        expect(byType.slack).toMatchObject({ labels: { channel_name: "#ops-alerts" }, sensitiveLabels: "[secret]" });
        expect(byType.webhook_tokenauth.labels).toBe("[secret]");
        expect(byType.pagerduty.sensitiveLabels).toBe("[secret]");
        const everything = JSON.stringify(inv.resources);
        for (const raw of ["xoxb-plain-token", "plain-hook-token", "plain-pd-key"]) expect(everything).not.toContain(raw);
    });

    it("exposes the channel resource names that alert policies reference", async () => {
        const inv = await plan(() => {
            const c = new NotificationChannels("alerts", { namePrefix: "acme-stg", emails: ["a@example.com"], pagerdutyServiceKey: pulumi.secret("k") });
            return { ids: c.channelIds };
        });
        const ids = inv.outputs.ids as string[];
        expect(ids).toHaveLength(2);
        for (const id of ids) expect(id).toMatch(/^projects\/[a-z0-9-]+\/notificationChannels\/\d+$/);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new NotificationChannels("alerts", {
                    namePrefix: "Acme",
                    emails: ["nope", "a@example.com", "a@example.com"],
                    slack: { channel: "ops", authToken: "t" },
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'emails[0]: expected an email address such as "oncall@example.com", got "nope"',
            'emails: expected each address once, got "a@example.com"',
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
