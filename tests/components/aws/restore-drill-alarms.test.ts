import { AlarmRunbooks } from "../../../components/aws/alarm-runbooks";
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
const planned = memo(() => plan(() => {
    component = new RestoreDrillAlarms("drill", ARGS);
    new AlarmRunbooks("runbooks", { namePrefix: "acme-prod", region: "eu-central-1", runbooks: component.runbooks });
}));
/** Each runbook section's first steps, as the runbook dashboard shows them. */
const steps = (inv: Awaited<ReturnType<typeof planned>>) => JSON.parse(String(inv.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody)).widgets
    .map((w: any) => w.properties.markdown.split("### First steps\n")[1].trim().split("\n"));

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

    it("gives each runbook the drill's console pages and commands", async () => {
        const inv = await planned();
        const executions = "https://console.aws.amazon.com/states/home?region=eu-central-1#/statemachines/view/arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill";
        const rerun = "Drill again by hand once fixed: `aws stepfunctions start-execution --state-machine-arn arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill --region eu-central-1`.";
        const page = "https://console.aws.amazon.com/rds/home?region=eu-central-1#database:id=acme-prod-db-drill";
        const del = "`aws rds delete-db-instance --db-instance-identifier acme-prod-db-drill --skip-final-snapshot --delete-automated-backups --region eu-central-1`";
        // The runbook dashboard orders sections by alarm name.
        const [failed, leftover, stale] = steps(inv);
        expect(failed).toEqual([
            `1. Open the failed execution (${executions}): its \`Failed\` cause is the result record with the step and the error; the verification's logs are in \`/prodstack/acme-prod/restore-drill\`.`,
            `2. Check that the scratch instance is gone (${page}); if not: ${del}.`,
            expect.stringMatching(/^3\. /),
            `4. ${rerun}`,
        ]);
        expect(stale).toEqual([
            `1. Check the schedule \`acme-prod-restore-drill\` in EventBridge Scheduler (enabled, next run) and the drill's executions (${executions}).`,
            expect.stringMatching(/^2\. /),
            `3. ${rerun}`,
        ]);
        expect(leftover).toEqual([
            `1. List the drill's instances: \`aws rds describe-db-instances --region eu-central-1 --query "DBInstances[?TagList[?Key=='prodstack-restore-drill']].[DBInstanceIdentifier,InstanceCreateTime]"\` (${page}).`,
            expect.stringMatching(/^2\. /),
            `3. Delete it: ${del}.`,
        ]);
        expect(String(inv.named("drill-leftover", ALARM).inputs.alarmDescription)).toMatch(
            /^Scratch instance `acme-prod-db-drill` of the restore drill of RDS instance `acme-prod-db` \(eu-central-1\), tagged prodstack-restore-drill=true, is older than a day/);
        expect(String(inv.named("drill-failed", ALARM).inputs.alarmDescription)).toContain("https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-prod-runbooks");
        // A runbook region of its own.
        const other = await plan(() => new RestoreDrillAlarms("drill", { ...ARGS, runbookRegion: "eu-west-1" }));
        expect(String(other.named("drill-failed", ALARM).inputs.alarmDescription)).toContain("https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/acme-prod-runbooks");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new RestoreDrillAlarms("drill", {
            ...ARGS, namePrefix: "Acme", topicArn: "topic", region: "eu", metricNamespace: "prodstack drill", scratchIdentifier: "drill_1", databaseIdentifier: "-db", schedulePeriodSeconds: 3599,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'topicArn: expected an SNS topic ARN, got "topic"',
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'metricNamespace: expected a CloudWatch namespace such as "prodstack/acme-prod/restore-drill", got "prodstack drill"',
            'scratchIdentifier: expected an RDS instance identifier, got "drill_1"',
            'databaseIdentifier: expected an RDS instance identifier, got "-db"',
            "schedulePeriodSeconds: expected an integer from 3600 to 31622400, got 3599",
        ]);
        const anchored = await rejectedArgs(() => new RestoreDrillAlarms("drill", { ...ARGS, metricNamespace: " prodstack", scratchIdentifier: "1drill", databaseIdentifier: "db!" }));
        expect(anchored.error.problems).toEqual([
            'metricNamespace: expected a CloudWatch namespace such as "prodstack/acme-prod/restore-drill", got " prodstack"',
            'scratchIdentifier: expected an RDS instance identifier, got "1drill"',
            'databaseIdentifier: expected an RDS instance identifier, got "db!"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
