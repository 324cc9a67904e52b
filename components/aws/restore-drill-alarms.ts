import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION } from "../core/internal";
import { durationText, RESTORE_DRILL_LABEL, restoreDrillFailedRunbook, restoreDrillStaleRunbook, SCRATCH_MAX_AGE_SECONDS, scratchLeftoverRunbook } from "../core/restore-drill";
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
    checkRouting(check, { namePrefix: args.namePrefix, region: args.region, runbookRegion: args.runbookRegion, topicArn: args.topicArn });
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
        this.alarms = {};
        this.runbooks = [];
        const add = (key: string, suffix: string, runbook: Runbook, metric: Parameters<typeof routedAlarm>[2]["metric"]) => {
            const { alarm, entry } = routedAlarm(this, routing, { logicalName: `${name}-${key}`, nameSuffix: suffix, region, runbook, metric });
            this.alarms[key] = alarm;
            this.runbooks.push(entry);
        };

        const subject = `RDS instance \`${cfg.databaseIdentifier}\` (${region})`;
        const leftoverStep = `Check that the scratch instance is gone (${scratchPage}); if not: ${deleteCommand}.`;

        add("failed", "restore-drill-failed", restoreDrillFailedRunbook({
            subject,
            runStep: pulumi.interpolate`Open the failed execution (${executions}): its \`Failed\` cause is the result record with the step and the error; the verification's logs are in \`/prodstack/${cfg.namePrefix}/restore-drill\`.`,
            rerunStep: rerun,
            leftoverStep,
        }), {
            namespace: cfg.metricNamespace, metricName: "DrillFailed", period: DAY, statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, evaluationPeriods: 1, treatMissingData: "notBreaching",
        });

        add("noSuccess", "restore-drill-no-success", restoreDrillStaleRunbook({
            subject,
            window: durationText(Math.round((2 * cfg.schedulePeriodSeconds) / 60)),
            scheduleStep: pulumi.interpolate`Check the schedule \`${cfg.namePrefix}-restore-drill\` in EventBridge Scheduler (enabled, next run) and the drill's executions (${executions}).`,
            rerunStep: rerun,
        }), {
            namespace: cfg.metricNamespace, metricName: "SecondsSinceLastSuccess", period: DAY, statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold", threshold: 2 * cfg.schedulePeriodSeconds, evaluationPeriods: 1,
            // No data: the watch has not run yet (a new stack); it publishes every 6 hours.
            treatMissingData: "missing",
        });

        add("leftover", "restore-drill-leftover", scratchLeftoverRunbook({
            subject: `Scratch instance \`${cfg.scratchIdentifier}\` of the restore drill of ${subject}, tagged ${RESTORE_DRILL_LABEL.key}=${RESTORE_DRILL_LABEL.value},`,
            listStep: `List the drill's instances: \`aws rds describe-db-instances --region ${region} --query "DBInstances[?TagList[?Key=='${RESTORE_DRILL_LABEL.key}']].[DBInstanceIdentifier,InstanceCreateTime]"\` (${scratchPage}).`,
            deleteStep: `Delete it: ${deleteCommand}.`,
        }), {
            // RDS reports an instance's CPU every minute: samples in each of 24 hours in a row
            // mean it has lived a day (a drill takes hours).
            namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: cfg.scratchIdentifier }, period: 3600, statistic: "SampleCount",
            comparisonOperator: "GreaterThanThreshold", threshold: 0, evaluationPeriods: SCRATCH_MAX_AGE_SECONDS / 3600, datapointsToAlarm: SCRATCH_MAX_AGE_SECONDS / 3600,
            treatMissingData: "notBreaching",
        });
        this.registerOutputs({ alarmArns: Object.values(this.alarms).map((a) => a.arn) });
    }
}
