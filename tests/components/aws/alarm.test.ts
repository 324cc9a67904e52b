import * as pulumi from "@pulumi/pulumi";
import { alarmDescription, checkAlarmDuration, checkRouting, minutePeriods, runbookDashboardName, runbookDashboardUrl } from "../../../components/aws/alarm";
import { AlarmRunbooks, validateAlarmRunbooksArgs, type AlarmRunbooksArgs } from "../../../components/aws/alarm-runbooks";
import { ArgsChecker } from "../../../components/core/errors";
import { argProblems, plan } from "../../helpers/inventory";

const TOPIC = "arn:aws:sns:eu-central-1:123456789012:acme-prod-alarms";
const RUNBOOK = { whatFired: "It fired.", likelyCauses: ["A cause."], firstSteps: ["Look."] };

/** The problems one check adds to a fresh checker. */
const problemsOf = (run: (check: ArgsChecker) => void) => argProblems(() => {
    const check = new ArgsChecker("prodstack:aws:Test", "t");
    run(check);
    check.throwIfAny();
});

describe("runbook dashboard links and alarm descriptions", () => {
    it("name the environment's runbook dashboard and link to it in the environment's console region", () => {
        expect(runbookDashboardName("acme-prod")).toBe("acme-prod-runbooks");
        expect(runbookDashboardUrl("acme-stg", "us-west-2")).toBe("https://console.aws.amazon.com/cloudwatch/home?region=us-west-2#dashboards/dashboard/acme-stg-runbooks");
    });

    it("cut what fired to one character short of the room and mark the cut, keeping the link whole", () => {
        const url = runbookDashboardUrl("acme-prod", "eu-central-1");
        const pointer = ` Full runbook (causes, first steps): ${url} , section "acme-prod-api-cpu".`;
        const room = 1024 - pointer.length;
        expect(alarmDescription("a".repeat(room), "acme-prod-api-cpu", url)).toBe(`${"a".repeat(room)}${pointer}`);
        expect(alarmDescription("b".repeat(room + 1), "acme-prod-api-cpu", url)).toBe(`${"b".repeat(room - 1)}…${pointer}`);
    });
});

describe("minutePeriods", () => {
    it.each([[0, 1], [60, 1], [120, 2], [300, 5], [86400, 1440]])("gives %i s as %i one-minute periods", (seconds, periods) => {
        expect(minutePeriods(seconds)).toBe(periods);
    });
});

describe("checkRouting", () => {
    const routing = { namePrefix: "acme-prod", region: "eu-central-1", runbookRegion: "eu-central-1", topicArn: TOPIC };

    it.each([
        ["a one-letter prefix", { namePrefix: "a" }],
        ["a 30-character prefix", { namePrefix: `a${"b".repeat(29)}` }],
        ["no runbook region (the alarm's own)", { runbookRegion: undefined }],
        ["a GovCloud topic", { region: "us-gov-west-1", topicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms" }],
        ["a 256-character topic name", { topicArn: `arn:aws:sns:eu-central-1:123456789012:${"t".repeat(256)}` }],
        ["a topic not known before deployment", { topicArn: pulumi.output("arn:aws:sns:us-east-1:123456789012:elsewhere") }],
        ["a topic known later, from a promise", { topicArn: Promise.resolve("not an ARN") }],
        ["a bad alarm region, reported where it is checked, not as the topic's", { region: "nowhere" }],
    ])("accepts %s", (_, args) => {
        expect(problemsOf((check) => checkRouting(check, { ...routing, ...args }))).toEqual([]);
    });

    const prefix = 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got';
    const topic = "topicArn: expected an SNS topic ARN, got";
    it.each([
        [{ namePrefix: `a${"b".repeat(30)}` }, `${prefix} "a${"b".repeat(30)}"`],
        [{ namePrefix: "1acme" }, `${prefix} "1acme"`],
        [{ namePrefix: "acme prod" }, `${prefix} "acme prod"`],
        [{ namePrefix: "-acme" }, `${prefix} "-acme"`],
        [{ namePrefix: "acme-" + "_" }, `${prefix} "acme-_"`],
        [{ runbookRegion: "eu-central" }, 'runbookRegion: expected an AWS region such as "eu-central-1", got "eu-central"'],
        [{ topicArn: `x${TOPIC}` }, `${topic} "x${TOPIC}"`],
        [{ topicArn: `${TOPIC}/x` }, `${topic} "${TOPIC}/x"`],
        [{ topicArn: "arn:aws:sns:eu-central-1:12345678901:alarms" }, `${topic} "arn:aws:sns:eu-central-1:12345678901:alarms"`],
        [{ topicArn: "arn:aws:sns:eu-central-1:123456789012:" }, `${topic} "arn:aws:sns:eu-central-1:123456789012:"`],
        [{ topicArn: `arn:aws:sns:eu-central-1:123456789012:${"t".repeat(257)}` }, `${topic} "arn:aws:sns:eu-central-1:123456789012:${"t".repeat(257)}"`],
        [{ topicArn: "arn:aws:sns::123456789012:alarms" }, `${topic} "arn:aws:sns::123456789012:alarms"`],
        [{ topicArn: 42 as never }, `${topic} 42`],
        [{ topicArn: undefined as never }, `${topic} nothing`],
        // CloudWatch refuses it at deployment: "Invalid region eu-central-1 specified. Only us-east-1 is supported."
        [{ region: "us-east-1" }, `topicArn: expected an SNS topic in us-east-1, the alarms' region (CloudWatch notifies topics of its own region only), got "${TOPIC}"`],
        [{ topicArn: "arn:aws:sns:eu-central-2:123456789012:alarms" }, 'topicArn: expected an SNS topic in eu-central-1, the alarms\' region (CloudWatch notifies topics of its own region only), got "arn:aws:sns:eu-central-2:123456789012:alarms"'],
    ])("rejects bad routing #%#", (args, problem) => {
        expect(problemsOf((check) => checkRouting(check, { ...routing, ...args }))).toEqual([problem]);
    });
});

describe("checkAlarmDuration", () => {
    it.each([undefined, 0, 60, 300, 86400])("accepts %p", (seconds) => {
        expect(problemsOf((check) => checkAlarmDuration(check, seconds))).toEqual([]);
    });
    it.each([-60, 30, 90, 60.5, 86460])("rejects %p", (seconds) => {
        expect(problemsOf((check) => checkAlarmDuration(check, seconds))).toEqual([`durationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got ${seconds}`]);
    });
});

describe("aws AlarmRunbooks args", () => {
    const ARGS: AlarmRunbooksArgs = { namePrefix: "acme-prod", region: "eu-central-1", runbooks: [{ alarmName: "acme-prod-a", runbook: RUNBOOK }] };
    const problems = (args: Partial<AlarmRunbooksArgs>) => argProblems(() => validateAlarmRunbooksArgs("r", { ...ARGS, ...args }));

    it("accepts one runbook and distinct names", () => {
        expect(problems({})).toEqual([]);
        expect(problems({ runbooks: [{ alarmName: "b", runbook: RUNBOOK }, { alarmName: "a", runbook: RUNBOOK }] })).toEqual([]);
    });

    it("names every bad key", () => {
        expect(problems({ namePrefix: "Acme", region: "eu", runbooks: "none" as never })).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'runbooks: expected at least one alarm runbook, got "none"',
        ]);
        const rb = (alarmName: string) => ({ alarmName, runbook: RUNBOOK });
        expect(problems({ runbooks: [rb("a"), rb("b"), rb("c"), rb("b")] })).toEqual(['runbooks: expected each alarm once, got "b"']);
    });
});

describe("aws AlarmRunbooks", () => {
    it("stacks one full-width text widget per alarm, as tall as its text up to 30 rows, in the environment's region", async () => {
        const steps = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}.`);
        let runbooks!: AlarmRunbooks;
        const inv = await plan(() => { runbooks = new AlarmRunbooks("runbooks", {
            namePrefix: "acme-stg", region: "us-west-2",
            runbooks: [
                { alarmName: "acme-stg-c", runbook: RUNBOOK },
                { alarmName: "acme-stg-b", runbook: { ...RUNBOOK, firstSteps: steps } },
                { alarmName: "acme-stg-a", runbook: RUNBOOK },
            ],
        }); });
        expect(runbooks.dashboardName).toBe("acme-stg-runbooks");
        const dashboard = inv.one("aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.name).toBe("runbooks-dashboard");
        expect(dashboard.inputs.region).toBe("us-west-2");
        expect(dashboard.inputs.dashboardName).toBe("acme-stg-runbooks");
        expect(dashboard.parent).toBe(inv.one("prodstack:aws:AlarmRunbooks").urn);
        // 10 lines + 2 rows of margin; the 49-line runbook is capped at 30 rows.
        const widgets = JSON.parse(String(dashboard.inputs.dashboardBody)).widgets;
        expect(widgets.map((w: any) => [w.type, w.x, w.y, w.width, w.height, w.properties.markdown.split("\n")[0]])).toEqual([
            ["text", 0, 0, 24, 12, "# acme-stg-a"],
            ["text", 0, 12, 24, 30, "# acme-stg-b"],
            ["text", 0, 42, 24, 12, "# acme-stg-c"],
        ]);
        expect(widgets[1].properties.markdown.split("\n")).toHaveLength(49);
    });
});
