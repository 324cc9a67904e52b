import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ArgsChecker, CRON, definedOnly, isTimeZone, resourceName } from "../core/internal";
import type { ContainerImage } from "./image";
import {
    CLOUD_RUN_WORKLOAD_DEFAULTS,
    type CloudRunWorkloadArgs,
    checkWholeCpuMemory,
    checkWorkloadArgs,
    commandOf,
    containerEnvs,
    cpuLimit,
    secretFilesOf,
    setUpWorkload,
    vpcAccessOf,
    workloadAccountId,
} from "./workload";

/** When a scheduled job runs: a unix cron expression in a time zone. */
export interface JobSchedule {
    /**
     * Five-field unix cron expression (minute hour day-of-month month day-of-week), e.g. `0 3 * * *`.
     * @default none (required)
     */
    cron: string;
    /**
     * IANA time zone the expression is read in, e.g. `Europe/Berlin` (daylight saving included).
     * @default "Etc/UTC"
     */
    timeZone?: string;
}

/** Arguments of {@link CloudRunJob}. */
export interface CloudRunJobArgs extends CloudRunWorkloadArgs {
    /**
     * Short name of the job, e.g. `migrate` (the Cloud Run job is `<namePrefix>-migrate`).
     * @default none (required)
     */
    jobName: string;
    /**
     * Time one attempt of a task may run, in seconds, 1 to 86400.
     * @default 600
     */
    timeoutSeconds?: number;
    /**
     * Retries of a failed task before the execution fails, 0 to 10.
     * @default 0
     */
    retries?: number;
    /**
     * Tasks per execution, all run in parallel; each sees `CLOUD_RUN_TASK_INDEX`. 1 to 100.
     * @default 1
     */
    parallelism?: number;
    /**
     * Run the job to completion during `pulumi up`, and again whenever its image, command or
     * args change (through the provider's `runExecutionToken`: the job resource is ready only
     * once that execution succeeded, and a failed execution fails the deploy). Services that
     * must not roll out before it pass {@link CloudRunJob.job} in their `deployAfter`.
     * @default false
     */
    runOnDeploy?: boolean;
    /**
     * Run on a schedule through Cloud Scheduler, which calls the Cloud Run Admin API as its own
     * identity holding `roles/run.invoker` on this job only.
     * @default none (not scheduled)
     */
    schedule?: JobSchedule;
}

/** Defaults of {@link CloudRunJobArgs}, in one place. */
export const CLOUD_RUN_JOB_DEFAULTS = {
    ...CLOUD_RUN_WORKLOAD_DEFAULTS,
    timeoutSeconds: 600,
    retries: 0,
    parallelism: 1,
    runOnDeploy: false,
};

/** Env names Cloud Run sets for every task. */
const RESERVED_JOB_ENV = ["CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"];
/** Job name length: the execution token (12 hex digits) is appended, and name + token must stay under 63. */
const JOB_NAME_MAX = 48;
const TOKEN_BYTES = 6;

/** Throws if `args` would be rejected by Cloud Run or Cloud Scheduler. */
export function validateCloudRunJobArgs(name: string, args: CloudRunJobArgs): void {
    const check = new ArgsChecker(CloudRunJob.TYPE, name);
    const cfg = { ...CLOUD_RUN_JOB_DEFAULTS, ...definedOnly(args) };
    check.matches("jobName", args.jobName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");
    checkWorkloadArgs(check, args, RESERVED_JOB_ENV);
    checkWholeCpuMemory(check, cfg.cpu, cfg.memoryMiB);
    check.intInRange("timeoutSeconds", args.timeoutSeconds, 1, 86400);
    check.intInRange("retries", args.retries, 0, 10);
    check.intInRange("parallelism", args.parallelism, 1, 100);
    if (args.schedule) {
        check.matches("schedule.cron", args.schedule.cron, CRON, "a five-field cron expression such as \"0 3 * * *\"");
        if (args.schedule.timeZone !== undefined) {
            check.check(isTimeZone(args.schedule.timeZone), "schedule.timeZone", "an IANA time zone such as \"Europe/Berlin\"", args.schedule.timeZone);
        }
    }
    check.throwIfAny();
}

/**
 * A Cloud Run (v2) job: a container that runs to completion (migrations, imports, reports,
 * admin commands), with its own identity and the same secret, database and VPC wiring as a
 * {@link CloudRunService}.
 *
 * - **Run on deploy**: `runOnDeploy` sets the job's `runExecutionToken` to a random token drawn
 *   again when its image, command or args change. The provider starts an execution whenever the token changes and reports
 *   the job ready only when that execution succeeded; a failed run fails `pulumi up`. A service
 *   that passes {@link CloudRunJob.job} in `deployAfter` rolls out after the run.
 * - **Schedule**: a Cloud Scheduler job calls the Cloud Run Admin API `:run` method with an
 *   OAuth token of a scheduler identity of its own, which holds `roles/run.invoker` on this job
 *   only (the job's own identity cannot start itself).
 * - Without either, the job runs by hand: `gcloud run jobs execute <name> --region <region> --wait`.
 *
 * @example
 * ```typescript
 * import { CloudRunJob } from "prodstack/gcp";
 *
 * const migrate = new CloudRunJob("migrate", {
 *     project: "acme-web-prod",
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     jobName: "migrate",
 *     image: "europe-docker.pkg.dev/acme-web-shared/apps/api:1.4.2",
 *     args: ["manage.py", "migrate", "--noinput"],
 *     runOnDeploy: true,
 * });
 * export const migrationJob = migrate.jobName;
 * ```
 */
export class CloudRunJob extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:CloudRunJob";

    /** The Cloud Run job; with `runOnDeploy` it is ready once the deploy's execution succeeded. */
    readonly job: gcp.cloudrunv2.Job;
    /** The job's own identity. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** The image build, when the job was given a build context. */
    readonly image?: ContainerImage;
    /** The token whose every new value starts an execution, when the job runs on deploy. */
    readonly runToken?: random.RandomId;
    /** The Cloud Scheduler job, when scheduled. */
    readonly scheduler?: gcp.cloudscheduler.Job;
    /** Cloud Run job name, e.g. `acme-prod-migrate`. */
    readonly jobName: pulumi.Output<string>;
    /** The identity's email. */
    readonly serviceAccountEmail: pulumi.Output<string>;
    /** The image reference run (the pushed digest for builds). */
    readonly imageRef: pulumi.Output<string>;

    constructor(name: string, args: CloudRunJobArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCloudRunJobArgs(name, args);
        super(CloudRunJob.TYPE, name, {}, opts);
        const cfg = { ...CLOUD_RUN_JOB_DEFAULTS, ...definedOnly(args) };
        const labels = { ...cfg.labels, job: cfg.jobName };
        const workload = setUpWorkload(this, name, cfg.jobName, { description: "Cloud Run job", suffix: "job" }, cfg);
        this.serviceAccount = workload.account;
        this.image = workload.image;
        this.imageRef = workload.imageRef;

        this.runToken = cfg.runOnDeploy ? this.newRunToken(name, cfg.command, cfg.args) : undefined;
        this.job = new gcp.cloudrunv2.Job(`${name}-job`, {
            project: cfg.project,
            location: cfg.region,
            name: resourceName([cfg.namePrefix, cfg.jobName], JOB_NAME_MAX),
            labels,
            deletionProtection: cfg.deletionProtection,
            ...(this.runToken ? { runExecutionToken: this.runToken.hex } : {}),
            template: {
                labels,
                taskCount: cfg.parallelism,
                parallelism: cfg.parallelism,
                template: {
                    serviceAccount: this.serviceAccount.email,
                    executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
                    timeout: `${cfg.timeoutSeconds}s`,
                    maxRetries: cfg.retries,
                    ...vpcAccessOf(cfg.vpc),
                    ...secretFilesOf(cfg.secretFiles).template,
                    containers: [{
                        name: "app",
                        image: this.imageRef,
                        ...commandOf(cfg),
                        ...secretFilesOf(cfg.secretFiles).container,
                        resources: { limits: { cpu: cpuLimit(cfg.cpu), memory: `${cfg.memoryMiB}Mi` } },
                        envs: containerEnvs(cfg.env, cfg.secretEnv),
                    }],
                },
            },
        }, { parent: this, dependsOn: workload.grants });

        if (cfg.schedule) {
            this.scheduler = this.schedule(name, cfg.project, cfg.region, cfg.namePrefix, cfg.jobName, cfg.schedule);
        }

        this.jobName = this.job.name;
        this.serviceAccountEmail = this.serviceAccount.email;
        this.registerOutputs({ jobName: this.jobName, serviceAccountEmail: this.serviceAccountEmail, imageRef: this.imageRef });
    }

    /**
     * A random token, drawn again whenever the image, command or args change (its keepers):
     * a new execution for each such change, including a return to an earlier image, whose
     * execution name a hash would repeat (Cloud Run keeps past executions under their names).
     */
    private newRunToken(name: string, command: string[] | undefined, args: string[] | undefined): random.RandomId {
        return new random.RandomId(`${name}-run-token`, {
            byteLength: TOKEN_BYTES,
            keepers: { image: this.imageRef, command: JSON.stringify(command ?? null), args: JSON.stringify(args ?? null) },
        }, { parent: this });
    }

    /** Cloud Scheduler job + its invoker identity, allowed to run this job and nothing else. */
    private schedule(name: string, project: pulumi.Input<string>, region: pulumi.Input<string>, namePrefix: string, jobName: string, schedule: JobSchedule) {
        const invoker = new gcp.serviceaccount.Account(`${name}-scheduler-sa`, {
            project,
            accountId: workloadAccountId(namePrefix, jobName, "sched"),
            displayName: `Scheduler of Cloud Run job ${namePrefix}-${jobName}`,
            description: `Starts Cloud Run job ${namePrefix}-${jobName} on its schedule (managed by prodstack)`,
        }, { parent: this });
        const grant = new gcp.cloudrunv2.JobIamMember(`${name}-scheduler-invoker`, {
            project,
            location: region,
            name: this.job.name,
            role: "roles/run.invoker",
            member: invoker.member,
        }, { parent: this });
        return new gcp.cloudscheduler.Job(`${name}-schedule`, {
            project,
            region,
            name: resourceName([namePrefix, jobName, "schedule"]),
            description: `Runs Cloud Run job ${namePrefix}-${jobName} (managed by prodstack)`,
            schedule: schedule.cron,
            timeZone: schedule.timeZone ?? "Etc/UTC",
            attemptDeadline: "180s",
            retryConfig: { retryCount: 1 },
            httpTarget: {
                httpMethod: "POST",
                uri: pulumi.interpolate`https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${this.job.name}:run`,
                oauthToken: { serviceAccountEmail: invoker.email, scope: "https://www.googleapis.com/auth/cloud-platform" },
            },
        }, { parent: this, dependsOn: [grant] });
    }
}
