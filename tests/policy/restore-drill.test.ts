import { mentions } from "../../policy/rules/gcp/observability";
import { r, urn, validateStack } from "./harness";

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const WORKFLOW = "gcp:workflows/workflow:Workflow";
const SCHEDULE = "gcp:cloudscheduler/job:Job";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const JOB = "gcp:cloudrunv2/job:Job";
const CHANNELS = ["projects/p/notificationChannels/1"];
const SOURCE = JSON.stringify({ main: { steps: [{ clone: { call: "googleapis.sqladmin.v1.instances.clone" } }, { del: { call: "googleapis.sqladmin.v1.instances.delete" } }] } });

const db = (name = "acme-prod-db", props: Record<string, unknown> = {}) => r(SQL, "database-primary", { name, ...props });
const workflow = (props: Record<string, unknown> = {}) =>
    r(WORKFLOW, "restore-drill-workflow", {
        name: "acme-prod-restore-drill",
        sourceContents: SOURCE,
        userEnvVars: { DRILL_SOURCE_INSTANCE: "acme-prod-db", DRILL_VERIFY_JOB: "projects/p/locations/europe-west1/jobs/acme-prod-drill-verify" },
        ...props,
    });
const schedule = (target = "acme-prod-restore-drill") =>
    r(SCHEDULE, "restore-drill-run-schedule", { httpTarget: { uri: `https://workflowexecutions.googleapis.com/v1/projects/p/locations/europe-west1/workflows/${target}/executions` } });
const alert = (name: string, filter: string, props: Record<string, unknown> = {}) =>
    r(ALERT, name, { displayName: name, conditions: [{ conditionMatchedLog: { filter } }], notificationChannels: CHANNELS, ...props });
const failed = (props: Record<string, unknown> = {}) => alert("restore-drill-failed", 'resource.labels.workflow_id="acme-prod-restore-drill" AND jsonPayload.result="failed"', props);
const stale = () => alert("restore-drill-stale", 'increase(x{workflow_id="acme-prod-restore-drill",result="succeeded"}[1209600s])');

describe("backups-restore-tested (gcp)", () => {
    it("passes a database with a drill that restores and deletes, a schedule, and both alerts notifying someone", async () => {
        const out = await validateStack("backups-restore-tested", [db(), workflow(), schedule(), failed(), stale()], { tier: "prod" });
        expect(out.messages).toEqual([]);
    });

    it("fails a database without a drill, naming the spec key", async () => {
        const d = db();
        const out = await validateStack("backups-restore-tested", [d, failed(), stale()], { tier: "prod" });
        expect(out.messages).toEqual([
            'Cloud SQL instance "database-primary" has no restore drill: add a workflow that clones it to a point in time (or restores a backup), checks the copy and deletes it, on a schedule (prodstack: database.restoreDrill).',
        ]);
        expect(out.urns).toEqual([urn(d)]);
    });

    it.each([
        ["restores another instance", { userEnvVars: { DRILL_SOURCE_INSTANCE: "other-db" } }],
        ["never deletes its copy", { sourceContents: SOURCE.replace("instances.delete", "instances.get") }],
        ["restores nothing", { sourceContents: SOURCE.replace("instances.clone", "instances.get") }],
    ])("does not count a workflow that %s as a drill", async (_what, props) => {
        const out = await validateStack("backups-restore-tested", [db(), workflow(props), schedule(), failed(), stale()], { tier: "prod" });
        expect(out.messages).toEqual([expect.stringContaining('has no restore drill')]);
    });

    it("counts a drill that restores a backup instead of cloning", async () => {
        const restoring = workflow({ sourceContents: SOURCE.replace("instances.clone", "instances.restoreBackup") });
        expect((await validateStack("backups-restore-tested", [db(), restoring, schedule(), failed(), stale()], { tier: "prod" })).messages).toEqual([]);
    });

    it("fails a drill without a schedule or its alerts, listing what is missing", async () => {
        const w = workflow();
        const out = await validateStack("backups-restore-tested", [db(), w, schedule("another-workflow")], { tier: "prod" });
        expect(out.messages).toEqual([
            'Cloud Workflows workflow "restore-drill-workflow" restores Cloud SQL instance "database-primary" but lacks a Cloud Scheduler job that starts it, ' +
                "an alert that notifies someone when a drill fails and an alert that notifies someone when no drill succeeded for two schedule periods.",
        ]);
        expect(out.urns).toEqual([urn(w)]);
    });

    it("does not count alerts that notify nobody, are disabled, or watch another workflow of a longer name", async () => {
        const silent = failed({ notificationChannels: [] });
        const disabled = stale();
        disabled.props.enabled = false;
        const watchOnly = alert("restore-drill-watch", 'resource.labels.workflow_id="acme-prod-restore-drill-watch" AND jsonPayload.result="failed" succeeded');
        const out = await validateStack("backups-restore-tested", [db(), workflow(), schedule(), silent, disabled, watchOnly], { tier: "prod" });
        expect(out.messages).toEqual([
            'Cloud Workflows workflow "restore-drill-workflow" restores Cloud SQL instance "database-primary" but lacks an alert that notifies someone when a drill fails and an alert that notifies someone when no drill succeeded for two schedule periods.',
        ]);
    });

    it("ignores read replicas, and is not applicable without a primary", async () => {
        const replica = r(SQL, "database-replica-1", { name: "acme-prod-db-replica", masterInstanceName: "acme-prod-db" });
        expect((await validateStack("backups-restore-tested", [db(), replica, workflow(), schedule(), failed(), stale()], { tier: "prod" })).messages).toEqual([]);
        expect((await validateStack("backups-restore-tested", [replica], { tier: "prod" })).notApplicable).toBe("no Cloud SQL primary in this stack");
    });
});

describe("a drill's verification job is watched by the drill's failure alert", () => {
    const verifyJob = () => r(JOB, "restore-drill-verify-job", { name: "acme-prod-drill-verify", location: "europe-west1" });

    it("passes the verification job when the drill that runs it alerts on failure", async () => {
        const out = await validateStack("jobs-and-workers-alerted", [verifyJob(), workflow(), failed()]);
        expect(out.messages).toEqual([]);
    });

    it("fails it when no drill runs it, or the drill's alert is not about failures", async () => {
        const other = workflow({ userEnvVars: { DRILL_SOURCE_INSTANCE: "acme-prod-db", DRILL_VERIFY_JOB: "projects/p/locations/europe-west1/jobs/another" } });
        expect((await validateStack("jobs-and-workers-alerted", [verifyJob(), other, failed()])).messages).toEqual([expect.stringContaining('Cloud Run job "restore-drill-verify-job" has no alert policy')]);
        expect((await validateStack("jobs-and-workers-alerted", [verifyJob(), workflow(), stale()])).messages).toEqual([expect.stringContaining('Cloud Run job "restore-drill-verify-job" has no alert policy')]);
    });

    it.each([
        ['workflow_id=\\"acme-prod-restore-drill\\"', true],
        ["acme-prod-restore-drill", true],
        ["acme-prod-restore-drill-watch", false],
        ["xacme-prod-restore-drill", false],
        ["", false],
    ])("mentions(%p, the drill's name) is %p", (text, expected) => {
        expect(mentions(text, "acme-prod-restore-drill")).toBe(expected);
    });
});
