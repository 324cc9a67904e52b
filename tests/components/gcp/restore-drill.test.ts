import { RestoreDrill, type RestoreDrillArgs } from "../../../components/gcp/restore-drill";
import { memo, plan, rejectedArgs } from "../../helpers/inventory";

const ARGS: RestoreDrillArgs = {
    project: "acme-web-prod",
    region: "europe-west1",
    namePrefix: "acme-prod",
    instanceName: "acme-prod-db",
    allocatedIpRange: "acme-prod-psa",
    drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60, verifyQuery: "SELECT 1 FROM users LIMIT 1" },
    verification: {
        vpc: { network: "acme-prod-vpc", subnetwork: "acme-prod-subnet" },
        databaseName: "app",
        user: "app",
        passwordSecret: { secretId: "projects/acme-web-prod/secrets/acme-prod-db-password", version: "1", key: "db-password" },
    },
    notificationChannels: ["projects/acme-web-prod/notificationChannels/1"],
};
const withVerify = memo(() => plan(() => new RestoreDrill("restore-drill", ARGS)));
const withoutVerify = memo(() => plan(() => new RestoreDrill("restore-drill", { ...ARGS, drill: { schedule: "0 4 * * *", pointInTimeOffsetMinutes: 30 }, verification: undefined })));

const T = {
    account: "gcp:serviceaccount/account:Account",
    role: "gcp:projects/iAMCustomRole:IAMCustomRole",
    member: "gcp:projects/iAMMember:IAMMember",
    jobMember: "gcp:cloudrunv2/jobIamMember:JobIamMember",
    workflow: "gcp:workflows/workflow:Workflow",
    scheduler: "gcp:cloudscheduler/job:Job",
    metric: "gcp:logging/metric:Metric",
    policy: "gcp:monitoring/alertPolicy:AlertPolicy",
    runJob: "gcp:cloudrunv2/job:Job",
};
const inputs = (r: { inputs: unknown }) => r.inputs as Record<string, any>;

describe("gcp RestoreDrill", () => {
    it("gives the workflows an identity with three narrow custom roles, log writing and the verification job's runner role only", async () => {
        const inv = await withVerify();
        const roles = inv.ofType(T.role).map(inputs).sort((a, b) => a.roleId.localeCompare(b.roleId));
        expect(roles.map((r) => [r.roleId, r.permissions, r.stage])).toEqual([
            ["acme_prod_restore_drill_project", ["cloudsql.instances.create", "cloudsql.instances.list", "cloudsql.operations.get"], "GA"],
            ["acme_prod_restore_drill_scratch", ["cloudsql.instances.delete", "cloudsql.instances.get", "cloudsql.instances.update"], "GA"],
            ["acme_prod_restore_drill_source", ["cloudsql.backupRuns.list", "cloudsql.instances.clone", "cloudsql.instances.get"], "GA"],
        ]);
        const sa = inputs(inv.named("restore-drill-sa"));
        expect(sa.accountId).toBe("acme-prod-restore-drill");
        // The verification job's own identity (its workload grants) is CloudRunJob's.
        const grants = Object.fromEntries(inv.ofType(T.member).filter((r) => !r.name.startsWith("restore-drill-verify")).map((r) => [r.name, inputs(r)]));
        expect(grants["restore-drill-grant-source"]).toMatchObject({
            role: "projects/acme-web-prod/roles/acme_prod_restore_drill_source",
            condition: {
                title: "source instance only",
                expression: 'resource.name == "projects/acme-web-prod/instances/acme-prod-db" || resource.name.startsWith("projects/acme-web-prod/instances/acme-prod-db/")',
            },
        });
        expect(grants["restore-drill-grant-scratch"]).toMatchObject({
            role: "projects/acme-web-prod/roles/acme_prod_restore_drill_scratch",
            condition: { title: "scratch copies only", expression: 'resource.name.startsWith("projects/acme-web-prod/instances/acme-prod-drill-")' },
        });
        expect(grants["restore-drill-grant-project"].condition).toBeUndefined();
        expect(grants["restore-drill-log-writer"].role).toBe("roles/logging.logWriter");
        expect(grants["restore-drill-invoker-grant"].role).toBe("roles/workflows.invoker");
        expect(Object.values(grants).map((g) => g.role).sort()).toEqual([
            "projects/acme-web-prod/roles/acme_prod_restore_drill_project",
            "projects/acme-web-prod/roles/acme_prod_restore_drill_scratch",
            "projects/acme-web-prod/roles/acme_prod_restore_drill_source",
            "roles/logging.logWriter",
            "roles/workflows.invoker",
        ]);
        const runner = inputs(inv.one(T.jobMember));
        expect(runner).toMatchObject({ role: "roles/run.jobsExecutorWithOverrides", name: "acme-prod-drill-verify", location: "europe-west1" });
        // Every grant goes to the drill's own identity, except the invoker's.
        expect(grants["restore-drill-grant-source"].member).toBe(grants["restore-drill-log-writer"].member);
        expect(grants["restore-drill-invoker-grant"].member).not.toBe(grants["restore-drill-log-writer"].member);
    });

    it("runs the drill and the watch as that identity, with the cloud's values as environment variables", async () => {
        const inv = await withVerify();
        const flows = Object.fromEntries(inv.ofType(T.workflow).map((r) => [r.name, inputs(r)]));
        const flow = flows["restore-drill-workflow"];
        expect(flow).toMatchObject({
            name: "acme-prod-restore-drill",
            region: "europe-west1",
            callLogLevel: "LOG_ERRORS_ONLY",
            deletionProtection: false,
            userEnvVars: {
                DRILL_SOURCE_INSTANCE: "acme-prod-db",
                DRILL_SCRATCH_PREFIX: "acme-prod-drill",
                DRILL_ALLOCATED_IP_RANGE: "acme-prod-psa",
                DRILL_ENVIRONMENT: "acme-prod",
                DRILL_VERIFY_JOB: "projects/acme-web-prod/locations/europe-west1/jobs/acme-prod-drill-verify",
            },
        });
        expect(flow.serviceAccount).toBe(flows["restore-drill-watch"].serviceAccount);
        const source = JSON.parse(flow.sourceContents);
        expect(source.main.steps[0].init.assign).toContainEqual({ pointInTime: "${time.format(sys.now() - 3600)}" });
        expect(JSON.stringify(source)).toContain("googleapis.run.v2.projects.locations.jobs.run");
        expect(flows["restore-drill-watch"].name).toBe("acme-prod-restore-drill-watch");
        expect(JSON.parse(flows["restore-drill-watch"].sourceContents).main.steps.at(-2).record_freshness.args.json.fresh).toBe("${ageSeconds <= 100800}");
        expect(inv.named("restore-drill-workflow").dependsOn.length).toBeGreaterThanOrEqual(5);
    });

    it("schedules both in UTC through the Workflow Executions API as an invoker identity of their own", async () => {
        const inv = await withVerify();
        const jobs = Object.fromEntries(inv.ofType(T.scheduler).map((r) => [r.name, inputs(r)]));
        expect(jobs["restore-drill-run-schedule"]).toMatchObject({
            name: "acme-prod-restore-drill-run",
            schedule: "0 5 * * 1",
            timeZone: "Etc/UTC",
            httpTarget: {
                httpMethod: "POST",
                uri: "https://workflowexecutions.googleapis.com/v1/projects/acme-web-prod/locations/europe-west1/workflows/acme-prod-restore-drill/executions",
                oauthToken: { scope: "https://www.googleapis.com/auth/cloud-platform" },
            },
        });
        expect(JSON.parse(Buffer.from(jobs["restore-drill-run-schedule"].httpTarget.body, "base64").toString())).toEqual({ callLogLevel: "LOG_ERRORS_ONLY" });
        expect(jobs["restore-drill-watch-schedule"]).toMatchObject({ schedule: "17 */6 * * *", name: "acme-prod-restore-drill-watch" });
        expect(inputs(inv.named("restore-drill-invoker")).accountId).toBe("acme-prod-drill-invoker");
    });

    it("verifies through a Cloud Run job: client image, query and user as env, the password as secret env, TLS against the copy's CA", async () => {
        const inv = await withVerify();
        const job = inputs(inv.one(T.runJob));
        const container = job.template.template.containers[0];
        expect(job.name).toBe("acme-prod-drill-verify");
        expect(container.image).toBe("docker.io/library/postgres:17-alpine");
        expect(container.commands).toEqual(["/bin/sh", "-c", expect.stringContaining("sslmode=verify-ca sslrootcert=/tmp/server-ca.pem")]);
        expect(container.commands[2]).toContain('if [ -z "$rows" ]; then echo "verifyQuery returned no row" >&2; exit 1; fi');
        const env = Object.fromEntries(container.envs.map((e: any) => [e.name, e.value ?? e.valueSource]));
        expect(env).toMatchObject({ VERIFY_QUERY: "SELECT 1 FROM users LIMIT 1", DATABASE_NAME: "app", DATABASE_USER: "app" });
        expect(env.PGPASSWORD).toEqual({ secretKeyRef: { secret: "projects/acme-web-prod/secrets/acme-prod-db-password", version: "1" } });
        expect(job.template.template.vpcAccess.networkInterfaces[0]).toMatchObject({ network: "acme-prod-vpc", subnetwork: "acme-prod-subnet" });
    });

    it("uses the mysql client with the password in MYSQL_PWD for MySQL", async () => {
        const inv = await plan(() => new RestoreDrill("restore-drill", { ...ARGS, engine: "mysql" }));
        const container = inputs(inv.one(T.runJob)).template.template.containers[0];
        expect(container.image).toBe("docker.io/library/mysql:8.4");
        expect(container.commands[2]).toContain('mysql --host="$DATABASE_HOST" --user="$DATABASE_USER" --ssl-mode=VERIFY_CA --ssl-ca=/tmp/server-ca.pem');
        expect(container.envs.map((e: any) => e.name)).toContain("MYSQL_PWD");
    });

    it("counts results and records durations from the drill's log records", async () => {
        const inv = await withVerify();
        const metrics = Object.fromEntries(inv.ofType(T.metric).map((r) => [r.name, inputs(r)]));
        const filter = 'resource.type="workflows.googleapis.com/Workflow" AND resource.labels.workflow_id="acme-prod-restore-drill" AND jsonPayload.drill="restore"';
        expect(metrics["restore-drill-runs"]).toMatchObject({
            name: "prodstack_acme_prod_restore_drill_runs",
            filter,
            metricDescriptor: { metricKind: "DELTA", valueType: "INT64" },
            labelExtractors: { result: "EXTRACT(jsonPayload.result)", step: "EXTRACT(jsonPayload.step)" },
        });
        expect(metrics["restore-drill-duration"]).toMatchObject({
            name: "prodstack_acme_prod_restore_drill_duration",
            filter,
            metricDescriptor: { metricKind: "DELTA", valueType: "DISTRIBUTION", unit: "s" },
            valueExtractor: "EXTRACT(jsonPayload.durationSeconds)",
            bucketOptions: { exponentialBuckets: { numFiniteBuckets: 16, growthFactor: 1.5, scale: 60 } },
        });
    });

    it("alerts on a failed drill, on no success within two periods, on a stale backup and on a leftover copy, each with a runbook", async () => {
        const inv = await withVerify();
        const policies = Object.fromEntries(inv.ofType(T.policy).map((r) => [r.name, inputs(r)]));
        expect(Object.keys(policies).sort()).toEqual(["restore-drill-backup-freshness", "restore-drill-failed", "restore-drill-leftover", "restore-drill-stale"]);
        for (const p of Object.values(policies)) {
            expect(p.notificationChannels).toEqual(["projects/acme-web-prod/notificationChannels/1"]);
            expect(p.documentation.content).toMatch(/### What fired[\s\S]*### Likely causes[\s\S]*### First steps/);
        }
        expect(policies["restore-drill-failed"]).toMatchObject({
            displayName: "acme-prod restore drill: drill failed",
            severity: "ERROR",
            conditions: [{ conditionMatchedLog: { filter: 'resource.type="workflows.googleapis.com/Workflow" AND resource.labels.workflow_id="acme-prod-restore-drill" AND jsonPayload.drill="restore" AND jsonPayload.result="failed"' } }],
            alertStrategy: { notificationRateLimit: { period: "3600s" } },
        });
        expect(policies["restore-drill-failed"].documentation.content).toContain("gcloud workflows run acme-prod-restore-drill --location=europe-west1 --project=acme-web-prod");
        const runs = 'logging_googleapis_com:user_prodstack_acme_prod_restore_drill_runs{monitored_resource="workflows.googleapis.com/Workflow",workflow_id="acme-prod-restore-drill"';
        expect(policies["restore-drill-stale"]).toMatchObject({
            displayName: "acme-prod restore drill: no successful drill within 14 d",
            conditions: [{
                conditionPrometheusQueryLanguage: {
                    query: `(sum(increase(${runs},result="succeeded"}[1209600s])) or vector(0)) < 1 and on() (sum(increase(${runs}}[2419200s])) > 0)`,
                    disableMetricValidation: true,
                },
            }],
        });
        expect(policies["restore-drill-backup-freshness"].conditions[0].conditionMatchedLog.filter).toBe(
            'resource.type="workflows.googleapis.com/Workflow" AND resource.labels.workflow_id="acme-prod-restore-drill-watch" AND jsonPayload.drill="backup-freshness" AND jsonPayload.fresh=false',
        );
        expect(policies["restore-drill-leftover"]).toMatchObject({
            severity: "WARNING",
            conditions: [{
                conditionThreshold: {
                    filter: 'resource.type = "cloudsql_database" AND resource.labels.database_id = starts_with("acme-web-prod:acme-prod-drill-") AND metric.type = "cloudsql.googleapis.com/database/up"',
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0,
                    duration: "86400s",
                },
            }],
        });
    });

    it("without a query has no verification job nor its grant, and waits two daily periods", async () => {
        const inv = await withoutVerify();
        expect(inv.ofType(T.runJob)).toHaveLength(0);
        expect(inv.ofType(T.jobMember)).toHaveLength(0);
        const flow = inputs(inv.named("restore-drill-workflow"));
        expect(flow.userEnvVars.DRILL_VERIFY_JOB).toBeUndefined();
        expect(flow.sourceContents).not.toContain("jobs.run");
        expect(flow.sourceContents).toContain("sys.now() - 1800");
        expect(inputs(inv.named("restore-drill-stale")).displayName).toBe("acme-prod restore drill: no successful drill within 2 d");
        expect(inputs(inv.named("restore-drill-run-schedule")).schedule).toBe("0 4 * * *");
    });

    it("uses the documented defaults", async () => {
        const inv = await plan(() => new RestoreDrill("restore-drill", { ...ARGS, drill: undefined, verification: undefined, engine: undefined, watchSchedule: undefined }));
        expect(inputs(inv.named("restore-drill-run-schedule")).schedule).toBe("0 5 * * 1");
        expect(inputs(inv.named("restore-drill-watch-schedule")).schedule).toBe("17 */6 * * *");
        expect(inputs(inv.named("restore-drill-workflow")).sourceContents).toContain("sys.now() - 3600");
    });

    it.each([
        [{ namePrefix: "Acme" }, "namePrefix"],
        [{ drill: { schedule: "weekly", pointInTimeOffsetMinutes: 60 } }, "drill.schedule"],
        [{ drill: { schedule: "0 5 1 * 1", pointInTimeOffsetMinutes: 60 } }, "drill.schedule"],
        [{ drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 4 } }, "drill.pointInTimeOffsetMinutes"],
        [{ drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 50401 } }, "drill.pointInTimeOffsetMinutes"],
        [{ verification: undefined }, "verification"],
        [{ drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60, verifyQuery: " " } }, "drill.verifyQuery"],
        [{ notificationChannels: [] }, "notificationChannels"],
        [{ watchSchedule: "often" }, "watchSchedule"],
        [{ engine: "oracle" as never }, "engine"],
    ])("refuses %p, naming %s, before registering anything", async (change, key) => {
        const { error, inv } = await rejectedArgs(() => new RestoreDrill("restore-drill", { ...ARGS, ...change }));
        expect(error.problems).toEqual([expect.stringMatching(new RegExp(`^${key.replace(/\./g, "\\.")}: expected `))]);
        expect(inv.resources).toHaveLength(0);
    });

    it("accepts the bounds of the offset", async () => {
        for (const minutes of [5, 50400]) {
            const inv = await plan(() => new RestoreDrill("restore-drill", { ...ARGS, drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: minutes } }));
            expect(inputs(inv.named("restore-drill-workflow")).sourceContents).toContain(`sys.now() - ${minutes * 60}`);
        }
    });
});
