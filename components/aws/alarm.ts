/**
 * What every CloudWatch alarm of prodstack shares (internal, not exported): a runbook, the
 * notification topic for `alarmActions` and `okActions` (the topic of the alarm's region),
 * and a description that fits CloudWatch's 1,024 characters.
 *
 * Where the full runbook lives: the environment's runbook dashboard (`<namePrefix>-runbooks`,
 * see `AlarmRunbooks`), one text widget per alarm headed by the alarm's name. The description
 * carries what fired and the dashboard's console link, so every notification (email, Slack,
 * PagerDuty) leads the on-call to the full text in one click, in the console they already use
 * for the alarm. A dashboard rather than an S3 object: no bucket, policy or console link to
 * an object to keep private and current, and the text is rewritten on every deploy from the
 * same shared runbooks as GCP's (`components/core/runbooks.ts`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, resourceName } from "../core/internal";
import type { Runbook } from "../core/runbooks";
import type { AlarmRunbook } from "./alarm-types";

/** CloudWatch's limit on `alarmDescription` (PutMetricAlarm). */
export const ALARM_DESCRIPTION_MAX = 1024;

/** Name of the environment's runbook dashboard. */
export function runbookDashboardName(namePrefix: string): string {
    return resourceName([namePrefix, "runbooks"], 255);
}

/** Console link of the runbook dashboard (dashboards are global; the region only picks the console's). */
export function runbookDashboardUrl(namePrefix: string, region: string): string {
    return `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${runbookDashboardName(namePrefix)}`;
}


/**
 * `<whatFired> Runbook: <link> (section "<alarm>")`, cutting what fired (never the link) so the
 * whole stays within {@link ALARM_DESCRIPTION_MAX} characters.
 */
export function alarmDescription(whatFired: string, alarmName: string, runbookUrl: string): string {
    const pointer = ` Full runbook (causes, first steps): ${runbookUrl} , section "${alarmName}".`;
    const room = ALARM_DESCRIPTION_MAX - pointer.length;
    const what = whatFired.length <= room ? whatFired : `${whatFired.slice(0, room - 1)}…`;
    return `${what}${pointer}`;
}

/** Where alarms of a component go: shared by every alarm component's args. */
export interface AlarmRouting {
    /**
     * Prefix of alarm names (`acme-prod`).
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the environment: the runbook dashboard's console link.
     * @default none (required)
     */
    runbookRegion: string;
    /**
     * Topic for `alarmActions` and `okActions`, in the alarm's region.
     * @default none (required)
     */
    topicArn: pulumi.Input<string>;
}

/** What one alarm is, besides its metric: its name (suffix), region and runbook. */
export interface AlarmSpec {
    /**
     * Logical name of the resource.
     * @default none (required)
     */
    logicalName: string;
    /**
     * Suffix of the alarm's name after the prefix, e.g. `api-5xx-ratio`.
     * @default none (required)
     */
    nameSuffix: string;
    /**
     * Region of the alarm (where its metric is published).
     * @default none (required)
     */
    region: string;
    /**
     * The full runbook.
     * @default none (required)
     */
    runbook: Runbook;
    /**
     * The metric part of the alarm (namespace/metric or metric queries, threshold, periods).
     * @default none (required)
     */
    metric: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "region" | "alarmDescription" | "alarmActions" | "okActions" | "actionsEnabled">;
}

/**
 * Creates a MetricAlarm routed to `routing.topicArn` when it fires and when it recovers, its
 * description pointing at the runbook dashboard; returns it with its runbook entry.
 */
export function routedAlarm(parent: pulumi.Resource, routing: AlarmRouting, spec: AlarmSpec): { alarm: aws.cloudwatch.MetricAlarm; entry: AlarmRunbook } {
    const alarmName = resourceName([routing.namePrefix, spec.nameSuffix], 255);
    const url = runbookDashboardUrl(routing.namePrefix, routing.runbookRegion);
    const alarm = new aws.cloudwatch.MetricAlarm(spec.logicalName, {
        ...spec.metric,
        region: spec.region,
        name: alarmName,
        alarmDescription: pulumi.output(spec.runbook.whatFired).apply((w) => alarmDescription(w, alarmName, url)),
        actionsEnabled: true,
        alarmActions: [routing.topicArn],
        okActions: [routing.topicArn],
    }, { parent });
    return { alarm, entry: { alarmName, runbook: spec.runbook } };
}

/** Evaluation periods of one minute covering `durationSeconds` (at least one). */
export function minutePeriods(durationSeconds: number): number {
    return Math.max(1, Math.round(durationSeconds / 60));
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/**
 * Checks an alarm topic: an SNS topic ARN and, when the ARN is known, a topic of the alarms'
 * own region (CloudWatch rejects an action on another region's topic: "Invalid region … specified").
 */
export function checkAlarmTopic(check: ArgsChecker, key: string, topicArn: pulumi.Input<string> | undefined, alarmRegion: string): void {
    if (pulumi.Output.isInstance(topicArn) || topicArn instanceof Promise) return;
    if (!check.check(typeof topicArn === "string" && SNS_TOPIC_ARN.test(topicArn), key, "an SNS topic ARN", topicArn) || !AWS_REGION.test(alarmRegion)) return;
    const topicRegion = String(topicArn).split(":")[3];
    check.check(topicRegion === alarmRegion, key, `an SNS topic in ${alarmRegion}, the alarms' region (CloudWatch notifies topics of its own region only)`, topicArn);
}

/** Checks the routing args every alarm component takes; `region` is the alarms' region. */
export function checkRouting(check: ArgsChecker, args: { namePrefix: string; region: string; runbookRegion?: string; topicArn: pulumi.Input<string> }): void {
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    if (args.runbookRegion !== undefined) check.matches("runbookRegion", args.runbookRegion, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    checkAlarmTopic(check, "topicArn", args.topicArn, args.region);
}

/** Checks a condition duration: whole minutes from 0 to a day, as the spec's `durationSeconds`. */
export function checkAlarmDuration(check: ArgsChecker, value: number | undefined): void {
    if (value === undefined) return;
    check.check(Number.isInteger(value) && value >= 0 && value <= 86400 && value % 60 === 0, "durationSeconds", "a multiple of 60 from 0 to 86400 (whole minutes)", value);
}
