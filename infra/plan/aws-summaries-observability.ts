/**
 * One-line summaries of the AWS observability components (alarm topics, alarms, health
 * checks, dashboards, budget), from the inputs their children send to AWS.
 */
import { restoreDrillSummary } from "../../components/core/restore-drill";
import type { PlannedResource } from "./engine";
import { arr, first, obj, ofType } from "./inputs";
import { parsedJson, plural, type Summarize } from "./summary-helpers";

/** `5 alarms, all routed both ways (eu-central-1)`, or what is missing, loudly. */
function summarizeAlarms(c: PlannedResource[]): string {
    const alarms = ofType(c, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs);
    const unrouted = alarms.filter((a) => !arr(a.alarmActions).length || !arr(a.okActions).length).length;
    const long = alarms.filter((a) => String(a.alarmDescription ?? "").length > 1024).length;
    const regions = [...new Set(alarms.map((a) => String(a.region)))].join(", ");
    return [
        `${plural(alarms.length, "alarm")} (${regions})`,
        unrouted ? `${unrouted} NOT ROUTED BOTH WAYS` : "each to the topic when firing and recovering",
        long ? `${long} DESCRIPTIONS OVER 1024 CHARS` : "runbook linked",
    ].join(" · ");
}

function summarizeAlarmTopics(c: PlannedResource[]): string {
    const topics = ofType(c, "aws:sns/topic:Topic").map((t) => t.inputs);
    const subs = ofType(c, "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs);
    const perTopic = topics.length ? subs.length / topics.length : 0;
    const kinds = [...new Set(subs.map((s) => String(s.protocol)))];
    const slack = ofType(c, "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").length;
    const encrypted = topics.every((t) => t.kmsMasterKeyId && t.kmsMasterKeyId !== "alias/aws/sns");
    return [
        `${plural(topics.length, "topic")} (${topics.map((t) => t.region).join(", ")})`,
        encrypted ? "KMS CMK" : "NOT ON A CUSTOMER-MANAGED KEY",
        `${plural(perTopic, "subscription")} each${kinds.length ? ` (${kinds.join(", ")})` : ""}${slack ? " + Slack via AWS Chatbot" : ""}`,
    ].join(" · ");
}

function summarizeUptime(c: PlannedResource[]): string {
    const check = first(c, "aws:route53/healthCheck:HealthCheck");
    return [
        `${check.type} https://${check.fqdn}${check.resourcePath ?? "/"}`,
        `from ${arr(check.regions).length} regions every ${check.requestInterval} s`,
        check.enableSni ? "SNI" : "NO SNI",
        summarizeAlarms(c),
    ].join(" · ");
}

function summarizeDashboard(c: PlannedResource[]): string {
    const dashboard = first(c, "aws:cloudwatch/dashboard:Dashboard");
    const widgets = arr(obj(parsedJson(dashboard.dashboardBody)).widgets).map(obj);
    return `${dashboard.dashboardName} · ${plural(widgets.filter((w) => w.type === "metric").length, "chart")} · ${plural(widgets.filter((w) => w.type === "text").length, "text widget")}`;
}

function summarizeBudget(c: PlannedResource[]): string {
    const budget = first(c, "aws:budgets/budget:Budget");
    const notes = arr(budget.notifications).map(obj);
    const actual = notes.filter((n) => n.notificationType === "ACTUAL").map((n) => `${n.threshold}%`);
    const forecast = notes.filter((n) => n.notificationType === "FORECASTED").map((n) => `${n.threshold}%`);
    const filter = arr(budget.costFilters).map(obj).flatMap((f) => arr(f.values)).join(", ");
    return [
        `${budget.limitAmount} ${budget.limitUnit} / month`,
        `actual at ${actual.join(", ")}${forecast.length ? `, forecast at ${forecast.join(", ")}` : ""}`,
        filter ? `cost of ${filter}` : "whole account",
    ].join(" · ");
}

/** Unix cron of an EventBridge `cron(m h dom month dow year)` as `eventBridgeCron` writes it (days of the week 1–7 → 0–6). */
export function unixCronOf(expression: string): string | undefined {
    const m = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) \*\)$/.exec(expression);
    if (!m) return undefined;
    const [, minute, hour, dom, month, dow] = m;
    const days = dow === "?" ? "*" : dow.replace(/\d+/g, (d) => String(Number(d) - 1));
    return `${minute} ${hour} ${dom === "?" ? "*" : dom} ${month} ${days}`;
}

/**
 * `restore drill weekly · PITR −1 h · verify "…" · scratch db.t4g.micro, deleted on every path`,
 * read back from what AWS receives: the drill's schedule, the restore's time expression, the
 * verification task's query.
 */
function summarizeRestoreDrill(c: PlannedResource[]): string {
    const machine = ofType(c, "aws:sfn/stateMachine:StateMachine").map((m) => obj(parsedJson(m.inputs.definition))).find((d) => obj(d.States).Restore);
    const restore = obj(obj(obj(machine?.States).Restore).Arguments);
    const offsetMs = /- (\d+)\) %\}$/.exec(String(restore.RestoreTime ?? ""))?.[1];
    const schedule = ofType(c, "aws:scheduler/schedule:Schedule").map((s) => String(s.inputs.scheduleExpression)).find((e) => e.startsWith("cron("));
    const cron = schedule ? unixCronOf(schedule) : undefined;
    const [container] = arr(parsedJson(first(c, "aws:ecs/taskDefinition:TaskDefinition").containerDefinitions));
    const query = String(obj(arr(obj(container).environment).map(obj).find((e) => e.name === "VERIFY_QUERY")).value ?? "");
    const verifyQuery = /^SELECT 1 FROM \((.*)\) AS drill_verify LIMIT 1$/s.exec(query)?.[1];
    if (!cron || offsetMs === undefined) return "RESTORE DRILL INCOMPLETE (no cron schedule or restore time)";
    return [
        restoreDrillSummary({ schedule: cron, pointInTimeOffsetMinutes: Number(offsetMs) / 60000, ...(verifyQuery ? { verifyQuery } : { }) }),
        ...(verifyQuery ? [] : ["login check"]),
        `scratch ${restore.DbInstanceClass}${restore.PubliclyAccessible === false ? ", private" : ", PUBLIC"}, deleted on every path`,
    ].join(" · ");
}

export const AWS_OBSERVABILITY_SUMMARIES: Record<string, Summarize> = {
    "prodstack:aws:RestoreDrill": summarizeRestoreDrill,
    "prodstack:aws:RestoreDrillAlarms": summarizeAlarms,
    "prodstack:aws:AlarmTopics": summarizeAlarmTopics,
    "prodstack:aws:ServiceAlarms": summarizeAlarms,
    "prodstack:aws:WorkloadAlarms": summarizeAlarms,
    "prodstack:aws:DatabaseAlarms": summarizeAlarms,
    "prodstack:aws:CacheAlarms": summarizeAlarms,
    "prodstack:aws:EdgeAlarms": summarizeAlarms,
    "prodstack:aws:UptimeCheck": summarizeUptime,
    "prodstack:aws:EnvironmentDashboard": summarizeDashboard,
    "prodstack:aws:AlarmRunbooks": summarizeDashboard,
    "prodstack:aws:BillingBudget": summarizeBudget,
};
