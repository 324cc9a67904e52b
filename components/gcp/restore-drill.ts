import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, CRON, definedOnly, eventBridgeCron, resourceName } from "../core/internal";
import { type RestoreDrillSettings, RESTORE_DRILL_DEFAULTS } from "../core/restore-drill";
import { CloudRunJob } from "./job";
import { drillMetricName, restoreDrillAlerts, restoreDrillMetrics, type RestoreDrillPolicies } from "./restore-drill-alerts";
import { DRILL_ENV, drillWorkflowSource, watchWorkflowSource } from "./restore-drill-workflow";
import type { SecretEnvVar, ServiceVpcAccess } from "./service-types";

/** How the drill reaches and logs in to the restored copy to run its verification query. */
export interface RestoreDrillVerification {
    /**
     * Direct VPC egress of the verification job: the copy has a private IP only.
     * @default none (required)
     */
    vpc: ServiceVpcAccess;
    /**
     * Database the query runs in.
     * @default none (required)
     */
    databaseName: pulumi.Input<string>;
    /**
     * User the query runs as (the application user: the copy has the source's users).
     * @default none (required)
     */
    user: pulumi.Input<string>;
    /**
     * The user's password in Secret Manager; the job reads it as secret env, never in args.
     * @default none (required)
     */
    passwordSecret: SecretEnvVar;
    /**
     * Client image with `psql` (postgres) or `mysql` and a POSIX shell; pin a tag.
     * @default "docker.io/library/postgres:17-alpine" (postgres), "docker.io/library/mysql:8.4" (mysql)
     */
    clientImage?: pulumi.Input<string>;
}

/** Arguments of {@link RestoreDrill}. */
export interface RestoreDrillArgs {
    /**
     * GCP project of the instance (and of the drill's resources).
     * @default none (required)
     */
    project: pulumi.Input<string>;
    /**
     * Region of the instance; the workflows and schedules run there.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Prefix of every name, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * The Cloud SQL instance restored (its name, not the connection name).
     * @default none (required)
     */
    instanceName: pulumi.Input<string>;
    /**
     * Engine of the instance: picks the verification client.
     * @default "postgres"
     */
    engine?: "postgres" | "mysql";
    /**
     * Name of the private services range the copy's private IP comes from (a private-IP clone needs one).
     * @default none (required)
     */
    allocatedIpRange: pulumi.Input<string>;
    /**
     * When the drill runs, to which point in time, and its verification query.
     * @default { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60 }
     */
    drill?: RestoreDrillSettings;
    /**
     * How the verification query reaches the copy. Required when `drill.verifyQuery` is set.
     * @default none (no verification job)
     */
    verification?: RestoreDrillVerification;
    /**
     * When the watch runs: it deletes leftover copies older than a day and checks backup freshness.
     * @default "17 *\/6 * * *" (every six hours)
     */
    watchSchedule?: string;
    /**
     * Channel resource names the drill's alerts notify.
     * @default none (required)
     */
    notificationChannels: pulumi.Input<string>[];
    /**
     * Labels of the drill's resources.
     * @default {}
     */
    labels?: Record<string, string>;
}

/** Defaults of {@link RestoreDrillArgs}. */
export const RESTORE_DRILL_ARGS_DEFAULTS = {
    engine: "postgres" as "postgres" | "mysql",
    drill: { ...RESTORE_DRILL_DEFAULTS } as RestoreDrillSettings,
    watchSchedule: "17 */6 * * *",
    labels: {} as Record<string, string>,
};

/** Client images per engine, when the verification names none. */
export const VERIFY_CLIENT_IMAGES = { postgres: "docker.io/library/postgres:17-alpine", mysql: "docker.io/library/mysql:8.4" };

/** The clone (and the copy's start) may take this long: large databases take tens of minutes. */
const CLONE_TIMEOUT_SECONDS = 7200;
const VERIFY_TIMEOUT_SECONDS = 900;
/** Cloud SQL takes a daily automated backup within a 4-hour window: older than 28 h is late. */
export const BACKUP_MAX_AGE_SECONDS = 28 * 3600;

/**
 * The permissions of the drill's custom roles, by what they may touch (see the class doc).
 * Creating the copy is checked on the project (the instance does not exist yet), so `create`
 * cannot be narrowed to the copies' names; changing and deleting instances can.
 */
export const DRILL_PERMISSIONS = {
    source: ["cloudsql.backupRuns.list", "cloudsql.instances.clone", "cloudsql.instances.get"],
    scratch: ["cloudsql.instances.delete", "cloudsql.instances.get", "cloudsql.instances.update"],
    project: ["cloudsql.instances.create", "cloudsql.instances.list", "cloudsql.operations.get"],
};

/** Throws if `args` would be rejected; called before anything is registered. */
export function validateRestoreDrillArgs(name: string, args: RestoreDrillArgs): void {
    const check = new ArgsChecker(RestoreDrill.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,14}$/, "1-15 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.oneOf("engine", args.engine, ["postgres", "mysql"] as const);
    const drill = args.drill;
    if (drill) {
        check.matches("drill.schedule", drill.schedule, CRON, "a five-field cron expression in UTC such as \"0 5 * * 1\"");
        const converted = CRON.test(drill.schedule ?? "") ? eventBridgeCron(drill.schedule) : undefined;
        if (converted && "problem" in converted) check.fail("drill.schedule", converted.problem, drill.schedule);
        check.intInRange("drill.pointInTimeOffsetMinutes", drill.pointInTimeOffsetMinutes, 5, 35 * 1440);
        if (drill.verifyQuery !== undefined) {
            check.check(typeof drill.verifyQuery === "string" && drill.verifyQuery.trim().length > 0, "drill.verifyQuery", "one SQL statement", drill.verifyQuery);
            check.check(args.verification !== undefined, "verification", "the job's network and credentials when drill.verifyQuery is set", args.verification);
        }
    }
    if (args.watchSchedule !== undefined) check.matches("watchSchedule", args.watchSchedule, CRON, "a five-field cron expression such as \"17 */6 * * *\"");
    check.check(Array.isArray(args.notificationChannels) && args.notificationChannels.length > 0, "notificationChannels", "at least one notification channel", args.notificationChannels);
    check.throwIfAny();
}

/**
 * A scheduled restore drill of one Cloud SQL instance: proof, every schedule period, that its
 * backups restore. Cloud Scheduler starts a Cloud Workflows workflow that clones the instance to
 * *now − offset* (`instances.clone` with `pointInTime`, into the private services range),
 * labels the copy `prodstack-restore-drill=true` with deletion protection off and no public IP,
 * waits until it is RUNNABLE, runs the verification query through a Cloud Run job (the copy's
 * host and CA as per-execution env overrides, the user's password as secret env), logs one JSON
 * result record, and deletes the copy, also when a step failed (then the run fails). A second
 * workflow, every six hours, deletes copies older than a day and logs whether the newest
 * successful automated backup is fresh (at most 28 h old). Log-based metrics count the results
 * and record the restore duration; alerts with runbooks fire on a failed drill, on no success
 * within two schedule periods, on a stale backup and on a leftover copy.
 *
 * Identities: the workflows run as `<prefix>-restore-drill`, holding three custom roles, each as
 * narrow as the API allows: on the source instance only (IAM condition on its name) clone, get
 * and list its backup runs; on instances named `<prefix>-drill-*` only get, update and delete;
 * project-wide create and list instances and read operations (none has a narrower resource);
 * plus `roles/logging.logWriter` and `roles/run.jobsExecutorWithOverrides` on the verification
 * job only. The schedules call as `<prefix>-drill-invoker`, holding `roles/workflows.invoker`
 * (Workflows has no per-workflow IAM). The copy is created at the source's tier: a clone takes
 * the source's settings, and a resize would restart it for longer than it lives.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * const db = new gcp.Database("db", { region: "europe-west1", namePrefix: "acme-prod", network: network.networkId });
 * export const drillWorkflow = new gcp.RestoreDrill("db", {
 *     project: "acme-web-prod",
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     instanceName: db.instanceName,
 *     allocatedIpRange: network.privateServicesRangeName,
 *     drill: { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60, verifyQuery: "SELECT 1 FROM users LIMIT 1" },
 *     verification: {
 *         vpc: { network: network.networkId, subnetwork: network.subnetworkId },
 *         databaseName: db.databaseName,
 *         user: db.userName,
 *         passwordSecret: db.passwordSecret,
 *     },
 *     notificationChannels: channels.channelIds,
 * }).workflowName;
 * ```
 */
export class RestoreDrill extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:RestoreDrill";

    /** The drill workflow. */
    readonly workflow: gcp.workflows.Workflow;
    /** The watch workflow (leftover copies, backup freshness). */
    readonly watch: gcp.workflows.Workflow;
    /** The workflows' identity. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** The verification job, when there is a query. */
    readonly verifyJob?: CloudRunJob;
    /** The alert policies: `failed`, `stale`, `backupFreshness`, `leftover`. */
    readonly policies: RestoreDrillPolicies;
    /** Drill workflow name, e.g. `acme-prod-restore-drill`. */
    readonly workflowName: pulumi.Output<string>;
    /** Name of the log-based metric counting drill results by `result` (derived from `namePrefix`). */
    readonly runsMetricName: string;
    /** Name of the log-based distribution metric of restore durations (derived from `namePrefix`). */
    readonly durationMetricName: string;

    constructor(name: string, args: RestoreDrillArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRestoreDrillArgs(name, args);
        super(RestoreDrill.TYPE, name, {}, opts);
        const cfg = { ...RESTORE_DRILL_ARGS_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const project = pulumi.output(cfg.project);
        const labels = { ...cfg.labels, [`prodstack-drill`]: "restore" };
        const scratchPrefix = `${cfg.namePrefix}-drill`;
        const instanceResource = pulumi.interpolate`projects/${project}/instances/${cfg.instanceName}`;

        this.serviceAccount = new gcp.serviceaccount.Account(`${name}-sa`, {
            project,
            accountId: resourceName([cfg.namePrefix, "restore-drill"], 30),
            displayName: `Restore drill of ${cfg.namePrefix}`,
            description: `Runs the restore drill workflows of ${cfg.namePrefix} (managed by prodstack)`,
        }, parent);
        const member = this.serviceAccount.member;
        const roleId = (suffix: string) => `${cfg.namePrefix.replace(/-/g, "_")}_restore_drill_${suffix}`;
        const grant = (key: keyof typeof DRILL_PERMISSIONS, title: string, condition?: gcp.types.input.projects.IAMMemberCondition) => {
            const role = new gcp.projects.IAMCustomRole(`${name}-role-${key}`, {
                project,
                roleId: roleId(key),
                title: `${cfg.namePrefix} restore drill: ${title}`,
                description: `What the restore drill of ${cfg.namePrefix} may do: ${title} (managed by prodstack)`,
                permissions: DRILL_PERMISSIONS[key],
                stage: "GA",
            }, parent);
            return new gcp.projects.IAMMember(`${name}-grant-${key}`, {
                project,
                role: pulumi.interpolate`projects/${project}/roles/${roleId(key)}`,
                member,
                ...(condition ? { condition } : {}),
            }, { parent: this, dependsOn: [role] });
        };
        const grants: pulumi.Resource[] = [
            grant("source", "clone the source instance", {
                title: "source instance only",
                expression: pulumi.interpolate`resource.name == "${instanceResource}" || resource.name.startsWith("${instanceResource}/")`,
            }),
            grant("scratch", "change and delete its scratch copies", {
                title: "scratch copies only",
                expression: pulumi.interpolate`resource.name.startsWith("projects/${project}/instances/${scratchPrefix}-")`,
            }),
            grant("project", "create and list instances, read operations"),
            new gcp.projects.IAMMember(`${name}-log-writer`, { project, role: "roles/logging.logWriter", member }, parent),
        ];

        const drill = cfg.drill;
        if (drill.verifyQuery !== undefined && cfg.verification) {
            this.verifyJob = this.verificationJob(name, cfg.project, cfg.region, cfg.namePrefix, cfg.engine, drill.verifyQuery, cfg.verification, cfg.labels);
            grants.push(new gcp.cloudrunv2.JobIamMember(`${name}-verify-runner`, {
                project,
                location: cfg.region,
                name: this.verifyJob.jobName,
                role: "roles/run.jobsExecutorWithOverrides",
                member,
            }, parent));
        }

        const userEnvVars: Record<string, pulumi.Input<string>> = {
            [DRILL_ENV.source]: cfg.instanceName,
            [DRILL_ENV.scratchPrefix]: scratchPrefix,
            [DRILL_ENV.allocatedIpRange]: cfg.allocatedIpRange,
            [DRILL_ENV.environment]: cfg.namePrefix,
            ...(this.verifyJob ? { [DRILL_ENV.verifyJob]: pulumi.interpolate`projects/${project}/locations/${cfg.region}/jobs/${this.verifyJob.jobName}` } : {}),
        };
        const workflow = (key: string, workflowName: string, description: string, sourceContents: string) =>
            new gcp.workflows.Workflow(`${name}-${key}`, {
                project,
                region: cfg.region,
                name: workflowName,
                description,
                serviceAccount: this.serviceAccount.email,
                sourceContents,
                userEnvVars,
                callLogLevel: "LOG_ERRORS_ONLY",
                deletionProtection: false,
                labels,
            }, { parent: this, dependsOn: grants });
        this.workflow = workflow("workflow", resourceName([cfg.namePrefix, "restore-drill"]),
            `Restore drill of ${cfg.namePrefix}: clone to a point in time, verify, delete (managed by prodstack)`,
            drillWorkflowSource({
                pointInTimeOffsetMinutes: drill.pointInTimeOffsetMinutes,
                verify: this.verifyJob !== undefined,
                cloneTimeoutSeconds: CLONE_TIMEOUT_SECONDS,
                verifyTimeoutSeconds: VERIFY_TIMEOUT_SECONDS,
            }));
        this.watch = workflow("watch", resourceName([cfg.namePrefix, "restore-drill-watch"]),
            `Deletes restore-drill copies older than a day and checks backup freshness of ${cfg.namePrefix} (managed by prodstack)`,
            watchWorkflowSource({ backupMaxAgeSeconds: BACKUP_MAX_AGE_SECONDS }));
        this.schedule(name, cfg.project, cfg.region, cfg.namePrefix, drill.schedule, cfg.watchSchedule);

        const metrics = restoreDrillMetrics(this, name, { project, namePrefix: cfg.namePrefix, workflowName: this.workflow.name });
        this.runsMetricName = drillMetricName(cfg.namePrefix, "runs");
        this.durationMetricName = drillMetricName(cfg.namePrefix, "duration");
        this.policies = restoreDrillAlerts(this, name, {
            project,
            region: cfg.region,
            namePrefix: cfg.namePrefix,
            instanceName: pulumi.output(cfg.instanceName),
            workflowName: this.workflow.name,
            watchName: this.watch.name,
            runsMetric: metrics.runs,
            schedule: drill.schedule,
            notificationChannels: cfg.notificationChannels,
        });
        this.workflowName = this.workflow.name;
        this.registerOutputs({ workflowName: this.workflowName, runsMetric: metrics.runs.name, durationMetric: metrics.duration.name });
    }

    /** The Cloud Run job that runs `verifyQuery` on the copy: must print at least one row. */
    private verificationJob(name: string, project: pulumi.Input<string>, region: pulumi.Input<string>, namePrefix: string,
        engine: "postgres" | "mysql", query: string, v: RestoreDrillVerification, labels: Record<string, string>): CloudRunJob {
        // The CA and host are overridden per execution by the drill; the password stays secret env.
        const client = engine === "postgres"
            ? 'psql "host=$DATABASE_HOST port=5432 dbname=$DATABASE_NAME user=$DATABASE_USER sslmode=verify-ca sslrootcert=/tmp/server-ca.pem connect_timeout=30" -v ON_ERROR_STOP=1 -At -c "$VERIFY_QUERY"'
            : 'mysql --host="$DATABASE_HOST" --user="$DATABASE_USER" --ssl-mode=VERIFY_CA --ssl-ca=/tmp/server-ca.pem --connect-timeout=30 --batch --skip-column-names -e "$VERIFY_QUERY" "$DATABASE_NAME"';
        const script = [
            "set -eu",
            'printf "%s\\n" "$DATABASE_CA_CERT" > /tmp/server-ca.pem',
            `rows=$(${client})`,
            'if [ -z "$rows" ]; then echo "verifyQuery returned no row" >&2; exit 1; fi',
            'echo "verifyQuery returned a row"',
        ].join("\n");
        return new CloudRunJob(`${name}-verify`, {
            project,
            region,
            namePrefix,
            jobName: "drill-verify",
            image: v.clientImage ?? VERIFY_CLIENT_IMAGES[engine],
            command: ["/bin/sh", "-c", script],
            env: {
                DATABASE_HOST: "set-per-execution-by-the-drill",
                DATABASE_CA_CERT: "set-per-execution-by-the-drill",
                DATABASE_NAME: v.databaseName,
                DATABASE_USER: v.user,
                VERIFY_QUERY: query,
            },
            // psql and mysql read the password from these variables: never on a command line.
            secretEnv: { [engine === "postgres" ? "PGPASSWORD" : "MYSQL_PWD"]: v.passwordSecret },
            vpc: v.vpc,
            timeoutSeconds: VERIFY_TIMEOUT_SECONDS - 60,
            labels,
        }, { parent: this });
    }

    /** The schedules of both workflows, calling the Workflow Executions API as an invoker identity of their own. */
    private schedule(name: string, project: pulumi.Input<string>, region: pulumi.Input<string>, namePrefix: string, drillCron: string, watchCron: string): void {
        const invoker = new gcp.serviceaccount.Account(`${name}-invoker`, {
            project,
            accountId: resourceName([namePrefix, "drill-invoker"], 30),
            displayName: `Restore drill scheduler of ${namePrefix}`,
            description: `Starts the restore drill workflows of ${namePrefix} on their schedules (managed by prodstack)`,
        }, { parent: this });
        const grant = new gcp.projects.IAMMember(`${name}-invoker-grant`, {
            project,
            role: "roles/workflows.invoker",
            member: invoker.member,
        }, { parent: this });
        const job = (key: string, workflow: gcp.workflows.Workflow, cron: string, what: string) =>
            new gcp.cloudscheduler.Job(`${name}-${key}-schedule`, {
                project,
                region,
                name: resourceName([namePrefix, `restore-drill-${key}`]),
                description: `Starts ${what} of ${namePrefix} (managed by prodstack)`,
                schedule: cron,
                timeZone: "Etc/UTC",
                attemptDeadline: "180s",
                retryConfig: { retryCount: 1 },
                httpTarget: {
                    httpMethod: "POST",
                    uri: pulumi.interpolate`https://workflowexecutions.googleapis.com/v1/projects/${project}/locations/${region}/workflows/${workflow.name}/executions`,
                    body: Buffer.from(JSON.stringify({ callLogLevel: "LOG_ERRORS_ONLY" })).toString("base64"),
                    headers: { "Content-Type": "application/json" },
                    oauthToken: { serviceAccountEmail: invoker.email, scope: "https://www.googleapis.com/auth/cloud-platform" },
                },
            }, { parent: this, dependsOn: [grant] });
        job("run", this.workflow, drillCron, "the restore drill");
        job("watch", this.watch, watchCron, "the restore drill watch");
    }
}
