import { restoreDrillDefinition, restoreDrillWatchDefinition } from "../../../components/aws/restore-drill-asl";
import { r, validateStack } from "../harness";

const DB = "aws:rds/instance:Instance";
const MACHINE = "aws:sfn/stateMachine:StateMachine";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const NAMESPACE = "prodstack/acme-prod/restore-drill";

const primary = r(DB, "database-primary", { identifier: "acme-prod-db", backupRetentionPeriod: 30 });
const definition = (source = "acme-prod-db") => JSON.stringify(restoreDrillDefinition({
    sourceIdentifier: source, scratchIdentifier: `${source}-drill`, instanceClass: "db.t4g.micro", subnetGroupName: "g", parameterGroupName: "p", securityGroupId: "sg-1",
    pointInTimeOffsetMinutes: 60, tag: { key: "prodstack-restore-drill", value: "true" }, clusterArn: "c", taskDefinitionArn: "t", container: "restore-drill",
    subnetIds: ["s"], taskSecurityGroupId: "sg-2", namespace: NAMESPACE, environment: "acme-prod", pollSeconds: 60, maxPolls: 360, verifyTimeoutSeconds: 900,
}));
const machine = (def = definition()) => r(MACHINE, "restore-drill-state-machine", { name: "acme-prod-restore-drill", definition: def });
const schedule = r(SCHEDULE, "restore-drill-drill-schedule", { target: { arn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill" } });
const alarm = (name: string, props: Record<string, unknown>) => r(ALARM, name, { alarmActions: [TOPIC], okActions: [TOPIC], ...props });
const ALARMS = [
    alarm("alarms-restore-drill-failed", { namespace: NAMESPACE, metricName: "DrillFailed" }),
    alarm("alarms-restore-drill-noSuccess", { namespace: NAMESPACE, metricName: "SecondsSinceLastSuccess" }),
    alarm("alarms-restore-drill-leftover", { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "acme-prod-db-drill" } }),
];

describe("backups-restore-tested (AWS)", () => {
    it("passes a primary with a scheduled drill that restores and deletes a scratch copy, and its three alarms", async () => {
        // The watch restores nothing: it is no drill, and no obstacle.
        const watch = r(MACHINE, "restore-drill-watch", { name: "acme-prod-restore-drill-watch", definition: JSON.stringify(restoreDrillWatchDefinition({
            drillStateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill", namespace: NAMESPACE, scratchIdentifier: "acme-prod-db-drill", maxAgeSeconds: 86400,
        })) });
        const out = await validateStack("backups-restore-tested", [primary, r(DB, "database-replica-1", { identifier: "acme-prod-db-replica-1", replicateSourceDb: "acme-prod-db" }), watch, machine(), schedule, ...ALARMS], { tier: "prod" });
        expect(out.messages).toEqual([]);
    });

    it("fails a primary without a drill, or whose drill restores but never deletes, or restores another instance", async () => {
        const none = 'RDS instance "database-primary" has no restore drill: add a state machine that restores it to a scratch instance, checks the copy and deletes it, on a schedule (prodstack: database.restoreDrill).';
        expect((await validateStack("backups-restore-tested", [primary, schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        const noDelete = JSON.parse(definition());
        delete noDelete.States.DeleteScratch;
        expect((await validateStack("backups-restore-tested", [primary, machine(JSON.stringify(noDelete)), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        expect((await validateStack("backups-restore-tested", [primary, machine(definition("other-db")), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        // The check runs in staging too (the pack reports it as not required there).
        expect((await validateStack("backups-restore-tested", [primary], { tier: "non-prod" })).messages).toEqual([none]);
    });

    it("names what a drill lacks: its schedule and each alarm, and counts only alarms that notify", async () => {
        const out = await validateStack("backups-restore-tested", [primary, machine(), alarm("mute", { namespace: NAMESPACE, metricName: "DrillFailed", alarmActions: [] })], { tier: "prod" });
        expect(out.messages).toEqual([
            'Step Functions state machine "restore-drill-state-machine" restores RDS instance "database-primary" but lacks a Scheduler schedule that starts it, ' +
                "an alarm that notifies someone when a drill fails, an alarm that notifies someone when no drill succeeded for two schedule periods " +
                "and an alarm on a left-over scratch instance acme-prod-db-drill.",
        ]);
        const other = r(SCHEDULE, "s", { target: { arn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill-watch" } });
        expect((await validateStack("backups-restore-tested", [primary, machine(), other, ...ALARMS], { tier: "prod" })).messages[0]).toMatch(/lacks a Scheduler schedule that starts it\.$/);
    });

    it("counts a drill nested in a Parallel branch, and only alarms of its own namespace and scratch instance", async () => {
        const nested = JSON.stringify({ StartAt: "Both", States: { Both: { Type: "Parallel", Branches: [JSON.parse(definition())], End: true } } });
        expect((await validateStack("backups-restore-tested", [primary, machine(nested), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([]);
        const elsewhere = [
            alarm("f", { namespace: "prodstack/other/restore-drill", metricName: "DrillFailed" }),
            alarm("n", { namespace: "prodstack/other/restore-drill", metricName: "SecondsSinceLastSuccess" }),
            alarm("l", { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "acme-prod-db" } }),
        ];
        expect((await validateStack("backups-restore-tested", [primary, machine(), schedule, ...elsewhere], { tier: "prod" })).messages).toEqual([
            'Step Functions state machine "restore-drill-state-machine" restores RDS instance "database-primary" but lacks an alarm that notifies someone when a drill fails, ' +
                "an alarm that notifies someone when no drill succeeded for two schedule periods and an alarm on a left-over scratch instance acme-prod-db-drill.",
        ]);
    });

    it("does not count a drill that deletes another instance, publishes nowhere, has no name, or cannot be read", async () => {
        const none = 'RDS instance "database-primary" has no restore drill: add a state machine that restores it to a scratch instance, checks the copy and deletes it, on a schedule (prodstack: database.restoreDrill).';
        const otherDelete = JSON.parse(definition());
        otherDelete.States.DeleteScratch.Arguments.DbInstanceIdentifier = "acme-prod-db";
        expect((await validateStack("backups-restore-tested", [primary, machine(JSON.stringify(otherDelete)), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        expect((await validateStack("backups-restore-tested", [primary, machine("not json"), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        for (const odd of [{}, { States: "Restore" }, { States: null }]) {
            expect((await validateStack("backups-restore-tested", [primary, machine(JSON.stringify(odd)), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        }
        expect((await validateStack("backups-restore-tested", [r(DB, "database-primary", { backupRetentionPeriod: 30 }), machine(), schedule, ...ALARMS], { tier: "prod" })).messages).toEqual([none]);
        // No metrics published: alarms without a namespace are not the drill's.
        const silent = JSON.parse(definition());
        delete silent.States.RecordResult;
        const unnamed = alarm("x", { metricName: "DrillFailed" });
        expect((await validateStack("backups-restore-tested", [primary, machine(JSON.stringify(silent)), schedule, unnamed, ALARMS[2]], { tier: "prod" })).messages[0])
            .toMatch(/lacks an alarm that notifies someone when a drill fails and an alarm that notifies someone when no drill succeeded for two schedule periods\.$/);
        // A machine without a name: no schedule can be told to start it.
        const anonymous = r(MACHINE, "m", { definition: definition() });
        const blank = r(SCHEDULE, "s", { target: { arn: "arn:aws:states:eu-central-1:123456789012:stateMachine:" } });
        expect((await validateStack("backups-restore-tested", [primary, anonymous, blank, ...ALARMS], { tier: "prod" })).messages[0]).toMatch(/lacks a Scheduler schedule that starts it\.$/);
        expect((await validateStack("backups-restore-tested", [primary, machine(), r(SCHEDULE, "s", {}), ...ALARMS], { tier: "prod" })).messages[0]).toMatch(/lacks a Scheduler schedule that starts it\.$/);
    });

    it("has nothing to check without an RDS primary", async () => {
        expect((await validateStack("backups-restore-tested", [r(DB, "replica", { identifier: "x", replicateSourceDb: "y" })], { tier: "prod" })).notApplicable).toBe("no Cloud SQL primary in this stack; no RDS primary in this stack");
    });
});
