import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION } from "../core/internal";
import { runbookMarkdown } from "../core/runbooks";
import { runbookDashboardName, type AlarmRunbook } from "./alarm";

/** Arguments of {@link AlarmRunbooks}. */
export interface AlarmRunbooksArgs {
    /**
     * Prefix of the dashboard's name (`<namePrefix>-runbooks`): the name alarm descriptions link to.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region the dashboard is managed from (the environment's).
     * @default none (required)
     */
    region: string;
    /**
     * The runbooks, as the alarm components return them (`runbooks`).
     * @default none (required, at least one)
     */
    runbooks: AlarmRunbook[];
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateAlarmRunbooksArgs(name: string, args: AlarmRunbooksArgs): void {
    const check = new ArgsChecker(AlarmRunbooks.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const runbooks = Array.isArray(args.runbooks) ? args.runbooks : [];
    check.check(runbooks.length > 0, "runbooks", "at least one alarm runbook", args.runbooks);
    const names = runbooks.map((r) => r.alarmName);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) check.fail("runbooks", "each alarm once", repeated);
    check.throwIfAny();
}

/**
 * The environment's runbook dashboard: the full runbook of every alarm (what fired, likely
 * causes, first steps), one text widget per alarm headed by the alarm's name, in alarm-name
 * order. Each alarm's description (cut to CloudWatch's 1,024 characters) links here, so the
 * complete text is one click away from every notification, and it is rewritten from the same
 * runbooks on every deploy.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const api = new aws.ServiceAlarms("api", {
 *     namePrefix: "acme-prod", service: "api", region: "eu-central-1", clusterName: "acme-prod",
 *     serviceName: "acme-prod-api", maxInstances: 10, topicArn: "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms",
 * });
 * new aws.AlarmRunbooks("runbooks", { namePrefix: "acme-prod", region: "eu-central-1", runbooks: api.runbooks });
 * ```
 */
export class AlarmRunbooks extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:AlarmRunbooks";

    /** The dashboard's name. */
    readonly dashboardName: string;

    constructor(name: string, args: AlarmRunbooksArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAlarmRunbooksArgs(name, args);
        super(AlarmRunbooks.TYPE, name, {}, opts);
        this.dashboardName = runbookDashboardName(args.namePrefix);
        const sorted = [...args.runbooks].sort((a, b) => a.alarmName.localeCompare(b.alarmName));
        const body = pulumi.all(sorted.map((r) => runbookMarkdown(r.runbook))).apply((texts) => {
            let y = 0;
            const widgets = texts.map((text, i) => {
                const markdown = `# ${sorted[i].alarmName}\n\n${text}`;
                const height = Math.min(30, 2 + markdown.split("\n").length);
                const widget = { type: "text", x: 0, y, width: 24, height, properties: { markdown } };
                y += height;
                return widget;
            });
            return JSON.stringify({ widgets });
        });
        new aws.cloudwatch.Dashboard(`${name}-dashboard`, { region: args.region, dashboardName: this.dashboardName, dashboardBody: body }, { parent: this });
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}
