import { RestoreDrillAlarms, type RestoreDrillAlarmsArgs } from "../../../components/aws/restore-drill-alarms";
import { memo, plan, rejectedArgs } from "../../helpers/inventory";

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const ARGS: RestoreDrillAlarmsArgs = {
    namePrefix: "acme-prod",
    region: "eu-central-1",
    metricNamespace: "prodstack/acme-prod/restore-drill",
    scratchIdentifier: "acme-prod-db-drill",
    databaseIdentifier: "acme-prod-db",
    stateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill",
    schedulePeriodSeconds: 604800,
    topicArn: TOPIC,
};
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
let component: RestoreDrillAlarms | undefined;
const planned = memo(() => plan(() => (component = new RestoreDrillAlarms("drill", ARGS))));

describe("aws RestoreDrillAlarms", () => {
    it("alarms on a failed drill for a day, routed both ways", async () => {
        const inv = await planned();
        expect(inv.named("drill-failed", ALARM).inputs).toMatchObject({
            region: "eu-central-1", name: "acme-prod-restore-drill-failed", namespace: "prodstack/acme-prod/restore-drill", metricName: "DrillFailed",
            period: 86400, statistic: "Maximum", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 1,
            treatMissingData: "notBreaching", alarmActions: [TOPIC], okActions: [TOPIC],
        });
        expect(String(inv.named("drill-failed", ALARM).inputs.alarmDescription)).toMatch(/^The scheduled restore drill of RDS instance `acme-prod-db` \(eu-central-1\) failed/);
    });

    it("alarms when no drill succeeded for two schedule periods (the watch's age metric), and when the scratch instance lived a day", async () => {
        const inv = await planned();
        expect(inv.named("drill-noSuccess", ALARM).inputs).toMatchObject({
            name: "acme-prod-restore-drill-no-success", metricName: "SecondsSinceLastSuccess", period: 86400, statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold", threshold: 1209600, evaluationPeriods: 1, treatMissingData: "missing",
        });
        expect(String(inv.named("drill-noSuccess", ALARM).inputs.alarmDescription)).toContain("within 14 d (two schedule periods)");
        expect(inv.named("drill-leftover", ALARM).inputs).toMatchObject({
            name: "acme-prod-restore-drill-leftover", namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "acme-prod-db-drill" },
            period: 3600, statistic: "SampleCount", comparisonOperator: "GreaterThanThreshold", threshold: 0, evaluationPeriods: 24, datapointsToAlarm: 24,
            treatMissingData: "notBreaching",
        });
        expect(inv.ofType(ALARM)).toHaveLength(3);
        expect(component!.runbooks.map((r) => r.alarmName)).toEqual(["acme-prod-restore-drill-failed", "acme-prod-restore-drill-no-success", "acme-prod-restore-drill-leftover"]);
        expect(component!.runbooks[2].runbook.firstSteps).toContain(
            "Delete it: `aws rds delete-db-instance --db-instance-identifier acme-prod-db-drill --skip-final-snapshot --delete-automated-backups --region eu-central-1`.");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new RestoreDrillAlarms("drill", { ...ARGS, region: "eu", scratchIdentifier: "Drill", schedulePeriodSeconds: 3599 }));
        expect(error.problems).toEqual([
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'scratchIdentifier: expected an RDS instance identifier, got "Drill"',
            "schedulePeriodSeconds: expected an integer from 3600 to 31622400, got 3599",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
