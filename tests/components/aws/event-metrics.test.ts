import * as pulumi from "@pulumi/pulumi";
import { eventMetrics, eventMetricsNamespace } from "../../../components/aws/event-metrics";
import { byName, plan } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const GROUP_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/acme-stg/backups";

class Owner extends pulumi.ComponentResource {
    readonly events: ReturnType<typeof eventMetrics>;
    constructor() {
        super("prodstack:test:Owner", "owner");
        this.events = eventMetrics(this, "db", {
            namePrefix: "acme-stg", region: "eu-west-1", purpose: "backups", kmsKeyArn: KEY, retentionDays: 90,
            rules: [
                { key: "backup-failed", description: "Failed backups.", pattern: { source: ["aws.rds"], detail: { EventID: [pulumi.output("RDS-EVENT-0001")] } } },
                { key: "backup-late", description: "Late backups.", pattern: { source: ["aws.rds"] } },
            ],
            counters: [{ metricName: "backups-failed", filterPattern: '{ $.detail.EventID = "RDS-EVENT-0001" }' }, { metricName: "backups-late", filterPattern: "late" }],
        });
        this.registerOutputs({});
    }
}

describe("aws eventMetrics", () => {
    it("sends each rule's events to one encrypted log group that only these rules may write to, and counts them per metric", async () => {
        const inv = await plan(() => {
            const { events } = new Owner();
            return { namespace: events.namespace, logGroup: events.logGroup.name };
        });
        // What the caller's alarms watch.
        expect(inv.outputs).toEqual({ namespace: "prodstack/acme-stg/events", logGroup: "/aws/events/acme-stg/backups" });
        const owner = inv.one("prodstack:test:Owner");
        expect(inv.childrenOf(owner.urn).map((c) => c.name).sort()).toEqual([
            "db-backup-failed", "db-backup-failed-to-logs", "db-backup-late", "db-backup-late-to-logs", "db-backups-failed", "db-backups-late", "db-delivery", "db-events",
        ]);
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({ region: "eu-west-1", name: "/aws/events/acme-stg/backups", retentionInDays: 90, kmsKeyId: KEY });
        expect(byName(inv.ofType("aws:cloudwatch/eventRule:EventRule")).map((r) => [r.inputs.region, r.inputs.name, r.inputs.description, JSON.parse(String(r.inputs.eventPattern))])).toEqual([
            ["eu-west-1", "acme-stg-backup-failed", "Failed backups.", { source: ["aws.rds"], detail: { EventID: ["RDS-EVENT-0001"] } }],
            ["eu-west-1", "acme-stg-backup-late", "Late backups.", { source: ["aws.rds"] }],
        ]);
        expect(byName(inv.ofType("aws:cloudwatch/eventTarget:EventTarget")).map((t) => t.inputs)).toEqual([
            { region: "eu-west-1", rule: "acme-stg-backup-failed", arn: GROUP_ARN },
            { region: "eu-west-1", rule: "acme-stg-backup-late", arn: GROUP_ARN },
        ]);
        const delivery = inv.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy").inputs;
        expect(delivery).toMatchObject({ region: "eu-west-1", policyName: "acme-stg-backups-events" });
        expect(JSON.parse(String(delivery.policyDocument))).toEqual({
            Version: "2012-10-17",
            Statement: [{
                Sid: "TheseRulesWriteTheirEvents",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${GROUP_ARN}:*`,
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnEquals: { "aws:SourceArn": ["arn:aws:events:eu-west-1:123456789012:rule/acme-stg-backup-failed", "arn:aws:events:eu-west-1:123456789012:rule/acme-stg-backup-late"] },
                },
            }],
        });
        expect(byName(inv.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter")).map((f) => f.inputs)).toEqual([
            {
                region: "eu-west-1", name: "acme-stg-backups-failed", logGroupName: "/aws/events/acme-stg/backups", pattern: '{ $.detail.EventID = "RDS-EVENT-0001" }',
                metricTransformation: { namespace: "prodstack/acme-stg/events", name: "backups-failed", value: "1", unit: "Count" },
            },
            {
                region: "eu-west-1", name: "acme-stg-backups-late", logGroupName: "/aws/events/acme-stg/backups", pattern: "late",
                metricTransformation: { namespace: "prodstack/acme-stg/events", name: "backups-late", value: "1", unit: "Count" },
            },
        ]);
        expect(eventMetricsNamespace("acme-prod")).toBe("prodstack/acme-prod/events");
    });
});
