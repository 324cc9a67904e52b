import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION } from "../core/internal";
import type { Runbook } from "../core/runbooks";
import { checkRouting, routedAlarm } from "./alarm";
import type { AlarmRef, AlarmRunbook } from "./alarm-types";

/** Arguments of {@link RestoreDrillAlarms}. */
export interface RestoreDrillAlarmsArgs {
    /**
     * Prefix of alarm names, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the drill and its metrics. Plain string: every alarm names it.
     * @default none (required)
     */
    region: string;
    /**
     * The drill's metric namespace (`RestoreDrill.metricNamespace`).
     * @default none (required)
     */
    metricNamespace: string;
    /**
     * The scratch instance's identifier (`RestoreDrill.scratchIdentifier`).
     * @default none (required)
     */
    scratchIdentifier: string;
    /**
     * The database drilled, as runbooks name it.
     * @default none (required)
     */
    databaseIdentifier: string;
    /**
     * ARN of the drill's state machine (the runbooks link its executions).
     * @default none (required)
     */
    stateMachineArn: pulumi.Input<string>;
    /**
     * Seconds between two scheduled drills: the no-success alarm fires after two of them.
     * @default none (required)
     */
    schedulePeriodSeconds: number;
    /**
     * SNS topic (in `region`) every alarm notifies when it fires and when it recovers.
     * @default none (required)
     */
    topicArn: pulumi.Input<string>;
    /**
     * Region of the environment's runbook dashboard, which alarm descriptions link to.
     * @default the `region`
     */
    runbookRegion?: string;
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateRestoreDrillAlarmsArgs(name: string, args: RestoreDrillAlarmsArgs): void {
    const check = new ArgsChecker(RestoreDrillAlarms.TYPE, name);
    checkRouting(check, { namePrefix: args.namePrefix, runbookRegion: args.runbookRegion, topicArn: args.topicArn });
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    check.matches("metricNamespace", args.metricNamespace, /^[A-Za-z0-9./_#:-]{1,255}$/, "a CloudWatch namespace such as \"prodstack/acme-prod/restore-drill\"");
    check.matches("scratchIdentifier", args.scratchIdentifier, /^[a-z][a-z0-9-]{0,62}$/, "an RDS instance identifier");
    check.matches("databaseIdentifier", args.databaseIdentifier, /^[a-z][a-z0-9-]{0,62}$/, "an RDS instance identifier");
    check.intInRange("schedulePeriodSeconds", args.schedulePeriodSeconds, 3600, 366 * 86400);
    check.throwIfAny();
}

const DAY = 86400;

/**
 * The restore drill's alarms, each with its runbook: a drill failed (its `DrillFailed`
 * metric, held for a day); no drill succeeded within two schedule periods (the watch's
 * `SecondsSinceLastSuccess`, published every 6 hours); and a scratch instance left over for
 * more than a day (RDS reported metrics of `<database>-drill` in each of 24 hours in a row: a
 * drill takes hours, so only an instance its cleanup missed lives that long). The backups'
 * freshness is `DatabaseAlarms`' "no backup for a day".
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * new aws.RestoreDrillAlarms("drill-alarms", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     metricNamespace: "prodstack/acme-prod/restore-drill",
 *     scratchIdentifier: "acme-prod-db-drill",
 *     databaseIdentifier: "acme-prod-db",
 *     stateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill",
 *     schedulePeriodSeconds: 604800,
 *     topicArn: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
 * });
 * ```
 */
export class RestoreDrillAlarms extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:RestoreDrillAlarms";

    /** The alarms: `failed`, `noSuccess`, `leftover`. */
    readonly alarms: Record<string, AlarmRef>;
    /** Each alarm's runbook, for the runbook dashboard. */
    readonly runbooks: AlarmRunbook[];

    constructor(name: string, args: RestoreDrillAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreDrillAlarmsArgs(name, args);
        super(RestoreDrillAlarms.TYPE, name, {}, opts);
        const cfg = args;
        const region = cfg.region;
        const routing = { namePrefix: cfg.namePrefix, runbookRegion: cfg.runbookRegion ?? region, topicArn: cfg.topicArn };
        const executions = pulumi.interpolate`https://console.aws.amazon.com/states/home?region=${region}#/statemachines/view/${cfg.stateMachineArn}`;
        const scratchPage = `https://console.aws.amazon.com/rds/home?region=${region}#database:id=${cfg.scratchIdentifier}`;
        const deleteCommand = `\`aws rds delete-db-instance --db-instance-identifier ${cfg.scratchIdentifier} --skip-final-snapshot --delete-automated-backups --region ${region}\``;
        const rerun = pulumi.interpolate`Drill again by hand once fixed: \`aws stepfunctions start-execution --state-machine-arn ${cfg.stateMachineArn} --region ${region}\`.`;
        const periodDays = Math.round((2 * cfg.schedulePeriodSeconds) / DAY * 10) / 10;
        this.alarms = {};
        this.runbooks = [];
        const add = (key: string, suffix: string, runbook: Runbook, metric: Parameters<typeof routedAlarm>[2]["metric"]) => {
            const { alarm, entry } = routedAlarm(this, routing, { logicalName: `${name}-${key}`, nameSuffix: suffix, region, runbook, metric });
            this.alarms[key] = alarm;
            this.runbooks.push(entry);
        };

        add("failed", "restore-drill-failed", {
            whatFired: `A restore drill of RDS instance \`${cfg.databaseIdentifier}\` (${region}) failed: its point-in-time restore, the wait for the copy, the verification query or the cleanup did not succeed. Until a drill succeeds, nobody knows that a restore works.`,
            likelyCauses: [
                "The verification query found no row or failed (schema change, renamed table, the application user's grants).",
                "The restore was refused: the point in time is outside the backup window, the scratch instance still exists, or a quota was reached.",
                "The copy did not become available in time (a large database restoring to a small class).",
                "The verification task could not start or reach the copy (image pull, security group, secret).",
            ],
            firstSteps: [
                pulumi.interpolate`Open the failed execution (${executions}): its \`Failed\` cause is the result record with the step and the error.`,
                `Read the verification task's logs (CloudWatch Logs, \`/prodstack/${cfg.namePrefix}/restore-drill\`).`,
                `Check that the scratch instance is gone (${scratchPage}); if not: ${deleteCommand}.`,
                rerun,
            ],
        }, {
            namespace: cfg.metricNamespace, metricName: "DrillFailed", period: DAY, statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 1, treatMissingData: "notBreaching",
        });

        add("noSuccess", "restore-drill-no-success", {
            whatFired: `No restore drill of RDS instance \`${cfg.databaseIdentifier}\` (${region}) has succeeded for more than ${periodDays} days (two schedule periods). The environment's backups are unproven.`,
            likelyCauses: [
                "Drills keep failing (see the restore-drill-failed alarm and the executions).",
                "The drill's schedule was disabled or deleted, or its role lost a permission.",
                "The first drill after the stack was created has not run yet, or has never succeeded.",
            ],
            firstSteps: [
                pulumi.interpolate`List the drill's executions (${executions}) and open the latest failed one.`,
                `Check the schedule \`${cfg.namePrefix}-restore-drill\` in EventBridge Scheduler (enabled, next run).`,
                rerun,
            ],
        }, {
            namespace: cfg.metricNamespace, metricName: "SecondsSinceLastSuccess", period: DAY, statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold", threshold: 2 * cfg.schedulePeriodSeconds, evaluationPeriods: 1,
            // No data: the watch has not run yet (a new stack) or stopped; its failures show as failed executions.
            treatMissingData: "missing",
        });

        add("leftover", "restore-drill-leftover", {
            whatFired: `Scratch instance \`${cfg.scratchIdentifier}\` of the restore drill (${region}) has existed for more than a day. Drills delete it within hours; this one was left over and costs money until deleted, and it blocks the next drill.`,
            likelyCauses: [
                "The drill's execution was stopped or timed out before its cleanup step.",
                "The deletion failed (the instance stayed in a state RDS would not delete for an hour).",
                "Someone restored or renamed an instance to the drill's identifier by hand.",
            ],
            firstSteps: [
                `Look at the instance (${scratchPage}): its tag \`prodstack-restore-drill\` and creation time.`,
                `Delete it: ${deleteCommand}.`,
                pulumi.interpolate`Find the execution that left it (${executions}) and why its cleanup did not run.`,
            ],
        }, {
            namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: cfg.scratchIdentifier }, period: 3600, statistic: "SampleCount",
            comparisonOperator: "GreaterThanThreshold", threshold: 0, evaluationPeriods: 24, datapointsToAlarm: 24, treatMissingData: "notBreaching",
        });
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn) });
    }
}
