import { RestoreDrill, validateRestoreDrillArgs, type RestoreDrillArgs } from "../../../components/gcp/restore-drill";
import { drillMetricName, promqlMetric } from "../../../components/gcp/restore-drill-alerts";
import { argProblems, memo, plan, rejectedArgs } from "../../helpers/inventory";
import { EXPECTED_ACCOUNTS, EXPECTED_METRICS, EXPECTED_POLICIES, EXPECTED_ROLES, EXPECTED_SCHEDULES, EXPECTED_WORKFLOWS } from "./restore-drill.expected";

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
    labels: { team: "data" },
};
/** The component `withVerify` built last (re-built with each plan). */
let built: RestoreDrill | undefined;
const withVerify = memo(() => plan(() => (built = new RestoreDrill("restore-drill", ARGS))));
// The verification is given (a stack may always pass it): no query, no job.
const withoutVerify = memo(() => plan(() => new RestoreDrill("restore-drill", { ...ARGS, drill: { schedule: "0 4 * * *", pointInTimeOffsetMinutes: 30 } })));

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
        expect(runner.member).toBe("serviceAccount:acme-prod-restore-drill@acme-web-prod.iam.gserviceaccount.com");
        expect(grants["restore-drill-log-writer"].member).toBe("serviceAccount:acme-prod-restore-drill@acme-web-prod.iam.gserviceaccount.com");
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
        const inv = await plan(() => new RestoreDrill("restore-drill", { ...ARGS, drill: undefined, verification: undefined, engine: undefined, watchSchedule: undefined, labels: undefined }));
        expect(inputs(inv.named("restore-drill-workflow")).labels).toEqual({ "prodstack-drill": "restore" });
        expect(inputs(inv.named("restore-drill-run-schedule")).schedule).toBe("0 5 * * 1");
        expect(inputs(inv.named("restore-drill-watch-schedule")).schedule).toBe("17 */6 * * *");
        expect(inputs(inv.named("restore-drill-workflow")).sourceContents).toContain("sys.now() - 3600");
    });

    it("plans every identity, role, schedule, workflow, metric and alert with exactly the reviewed inputs", async () => {
        const inv = await withVerify();
        const all = (type: string) => Object.fromEntries(inv.ofType(type).filter((r) => !r.name.startsWith("restore-drill-verify-"))
            .map((r) => { const { sourceContents: _, ...rest } = inputs(r); return [r.name, rest]; }));
        expect(all(T.account)).toStrictEqual(EXPECTED_ACCOUNTS);
        expect(all(T.role)).toStrictEqual(EXPECTED_ROLES);
        expect(all(T.scheduler)).toStrictEqual(EXPECTED_SCHEDULES);
        expect(all(T.workflow)).toStrictEqual(EXPECTED_WORKFLOWS);
        expect(all(T.metric)).toStrictEqual(EXPECTED_METRICS);
        expect(all(T.policy)).toStrictEqual(EXPECTED_POLICIES);
    });

    it("parents every resource to the drill and orders grants before their users", async () => {
        const inv = await withVerify();
        const drill = inv.one(RestoreDrill.TYPE);
        const job = inv.one("prodstack:gcp:CloudRunJob");
        for (const r of inv.resources.filter((x) => x !== drill)) {
            expect([r.name, r.parent]).toEqual([r.name, r.name.startsWith("restore-drill-verify-") && r !== inv.named("restore-drill-verify-runner") ? job.urn : drill.urn]);
        }
        const deps = (name: string) => inv.named(name).dependsOn.map((u: string) => u.split("::").pop()).sort();
        for (const key of ["source", "scratch", "project"]) expect(deps(`restore-drill-grant-${key}`)).toContain(`restore-drill-role-${key}`);
        for (const flow of ["restore-drill-workflow", "restore-drill-watch"]) {
            expect(deps(flow)).toEqual(expect.arrayContaining(["restore-drill-grant-project", "restore-drill-grant-scratch", "restore-drill-grant-source", "restore-drill-log-writer", "restore-drill-verify-runner"]));
        }
        for (const key of ["run", "watch"]) expect(deps(`restore-drill-${key}-schedule`)).toContain("restore-drill-invoker-grant");
    });

    it("runs the verification script in full, within the drill's wait, labelled as the drill", async () => {
        const inv = await withVerify();
        const job = inputs(inv.one(T.runJob));
        expect(job.labels).toEqual({ team: "data", job: "drill-verify" });
        expect(job.template.template.timeout).toBe("840s");
        expect(job.template.template.containers[0].commands[2]).toBe([
            "set -eu",
            'printf "%s\\n" "$DATABASE_CA_CERT" > /tmp/server-ca.pem',
            'rows=$(psql "host=$DATABASE_HOST port=5432 dbname=$DATABASE_NAME user=$DATABASE_USER sslmode=verify-ca sslrootcert=/tmp/server-ca.pem connect_timeout=30" -v ON_ERROR_STOP=1 -At -c "$VERIFY_QUERY")',
            'if [ -z "$rows" ]; then echo "verifyQuery returned no row" >&2; exit 1; fi',
            'echo "verifyQuery returned a row"',
        ].join("\n"));
        const env = Object.fromEntries(job.template.template.containers[0].envs.map((e: any) => [e.name, e.value]));
        expect(env).toMatchObject({ DATABASE_HOST: "set-per-execution-by-the-drill", DATABASE_CA_CERT: "set-per-execution-by-the-drill" });
    });

    it("exposes the workflow, its metrics' names, the policies and the verification job", async () => {
        await withVerify();
        const drill = built!;
        expect(drill.runsMetricName).toBe("prodstack_acme_prod_restore_drill_runs");
        expect(drill.durationMetricName).toBe("prodstack_acme_prod_restore_drill_duration");
        expect(Object.keys(drill.policies).sort()).toEqual(["backupFreshness", "failed", "leftover", "stale"]);
        expect(drill.verifyJob).toBeDefined();
        expect(await new Promise((resolve) => drill.workflowName.apply(resolve))).toBe("acme-prod-restore-drill");
    });

    it("names metrics with underscores for every hyphen, and in PromQL form", () => {
        expect(drillMetricName("acme-web-prod", "duration")).toBe("prodstack_acme_web_prod_restore_drill_duration");
        expect(promqlMetric("prodstack_x_restore_drill_runs")).toBe("logging_googleapis_com:user_prodstack_x_restore_drill_runs");
    });

    const valid = (change: Partial<RestoreDrillArgs>) => argProblems(() => validateRestoreDrillArgs("restore-drill", { ...ARGS, ...change }));
    it.each([
        [{ namePrefix: "a" }],
        [{ namePrefix: "abcdefghij-1234" }],
        [{ engine: "mysql" as const }],
        [{ drill: { schedule: "30 23 * * 0", pointInTimeOffsetMinutes: 5 } }],
        [{ drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 50400, verifyQuery: "SELECT 1" } }],
        [{ watchSchedule: "0 */4 * * *" }],
    ])("accepts %p", (change) => {
        expect(valid(change)).toEqual([]);
    });

    it.each([
        [{ namePrefix: "abcdefghij-12345" }, 'namePrefix: expected 1-15 lowercase letters, digits or hyphens such as "acme-prod", got "abcdefghij-12345"'],
        [{ namePrefix: "acme-prod!" }, 'namePrefix: expected 1-15 lowercase letters, digits or hyphens such as "acme-prod", got "acme-prod!"'],
        [{ namePrefix: "" }, 'namePrefix: expected 1-15 lowercase letters, digits or hyphens such as "acme-prod", got ""'],
        [{ drill: { schedule: "0 5 * * 1x", pointInTimeOffsetMinutes: 60 } }, 'drill.schedule: expected a five-field cron expression in UTC such as "0 5 * * 1", got "0 5 * * 1x"'],
        [{ drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60, verifyQuery: 42 as never } }, "drill.verifyQuery: expected one SQL statement, got 42"],
        [{ watchSchedule: "17 */6 * * * *" }, 'watchSchedule: expected a five-field cron expression such as "17 */6 * * *", got "17 */6 * * * *"'],
        [{ notificationChannels: "projects/p/notificationChannels/1" as never }, 'notificationChannels: expected at least one notification channel, got "projects/p/notificationChannels/1"'],
        [{ drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60, verifyQuery: "SELECT 1" }, verification: undefined }, "verification: expected the job's network and credentials when drill.verifyQuery is set, got nothing"],
    ])("refuses %p with its message", (change, message) => {
        expect(valid(change)).toEqual([message]);
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
            // The lower bound's plan also gives its own client image.
            const verification = { ...ARGS.verification!, clientImage: minutes === 5 ? "europe-docker.pkg.dev/acme/tools/psql:17" : undefined };
            const inv = await plan(() => new RestoreDrill("restore-drill", { ...ARGS, verification, drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: minutes, verifyQuery: "SELECT 1" } }));
            expect(inputs(inv.named("restore-drill-workflow")).sourceContents).toContain(`sys.now() - ${minutes * 60}`);
            expect(inputs(inv.one(T.runJob)).template.template.containers[0].image).toBe(minutes === 5 ? "europe-docker.pkg.dev/acme/tools/psql:17" : "docker.io/library/postgres:17-alpine");
        }
    });
});
