/**
 * The Cloud Workflows sources of a restore drill, generated as JSON (a format Workflows
 * accepts, like YAML) from plain settings: pure functions, so tests parse the result and walk
 * every path. Values only the cloud knows (the source instance, the verification job, the
 * private range) reach the workflow as its environment variables (`userEnvVars`, read with
 * `sys.get_env`), which keeps the source itself free of outputs.
 *
 * - The **drill** clones the instance to a point in time, labels and unprotects the copy,
 *   waits until it is RUNNABLE, runs the verification job against it (if any), logs one
 *   result record and deletes the copy. Any failure after the clone was asked for logs a
 *   failed record, deletes the copy and re-raises, so the execution fails too.
 * - The **watch** (every few hours) deletes copies older than a day that a cancelled drill
 *   left, and logs whether the newest successful automated backup is fresh.
 */
import { RESTORE_DRILL_KIND, RESTORE_DRILL_LABEL, SCRATCH_MAX_AGE_SECONDS } from "../core/restore-drill";

/** Names of the environment variables the workflows read. */
export const DRILL_ENV = {
    source: "DRILL_SOURCE_INSTANCE",
    scratchPrefix: "DRILL_SCRATCH_PREFIX",
    allocatedIpRange: "DRILL_ALLOCATED_IP_RANGE",
    verifyJob: "DRILL_VERIFY_JOB",
    environment: "DRILL_ENVIRONMENT",
} as const;

/** What the drill's source needs to know up front. */
export interface DrillWorkflowOptions {
    /**
     * Minutes before the drill's start to restore to.
     * @default none (required)
     */
    pointInTimeOffsetMinutes: number;
    /**
     * Whether a verification job runs against the copy.
     * @default none (required)
     */
    verify: boolean;
    /**
     * Longest wait for the clone (and for the copy to become RUNNABLE), in seconds.
     * @default none (required)
     */
    cloneTimeoutSeconds: number;
    /**
     * Longest wait for the verification job's execution, in seconds.
     * @default none (required)
     */
    verifyTimeoutSeconds: number;
}

/** What the watch's source needs to know up front. */
export interface WatchWorkflowOptions {
    /**
     * Age above which the newest successful automated backup is not fresh, in seconds.
     * @default none (required)
     */
    backupMaxAgeSeconds: number;
}

type Step = Record<string, unknown>;
const env = (name: string) => `\${sys.get_env("${name}")}`;
const POLL_SECONDS = 30;

/** Retries a Cloud SQL call on conflicts (an operation still running), throttling and server errors. */
const RETRY = {
    predicate: "${retry_sql}",
    max_retries: 8,
    backoff: { initial_delay: 30, max_delay: 300, multiplier: 2 },
};

/** Subworkflows both sources share: the retry predicate and the delete of one copy. */
function sharedSubworkflows(): Record<string, unknown> {
    return {
        retry_sql: {
            params: ["e"],
            steps: [
                {
                    what: {
                        switch: [
                            { condition: '${"code" in e and (e.code == 409 or e.code == 429 or e.code >= 500)}', return: true },
                        ],
                    },
                },
                { other: { return: false } },
            ],
        },
        // Deletion protection is turned off first: a copy made before the drill labelled it
        // carries the source's protection. A copy already gone counts as deleted.
        delete_scratch: {
            params: ["project", "name"],
            steps: [
                {
                    unprotect: {
                        try: {
                            call: "googleapis.sqladmin.v1.instances.patch",
                            args: { project: "${project}", instance: "${name}", body: { settings: { deletionProtectionEnabled: false } } },
                        },
                        retry: RETRY,
                        except: {
                            as: "e",
                            steps: [
                                { gone: { switch: [{ condition: '${"code" in e and e.code == 404}', return: "absent" }] } },
                                { unexpected: { raise: "${e}" } },
                            ],
                        },
                    },
                },
                {
                    delete: {
                        try: { call: "googleapis.sqladmin.v1.instances.delete", args: { project: "${project}", instance: "${name}" } },
                        retry: RETRY,
                    },
                },
                { deleted: { return: "deleted" } },
            ],
        },
    };
}

/** A `sys.log` step writing the drill's result record (components/core/restore-drill.ts). */
function record(result: "succeeded" | "failed", step: string, severity: string): Step {
    const json: Record<string, unknown> = {
        drill: RESTORE_DRILL_KIND,
        result,
        durationSeconds: "${int(sys.now() - started)}",
        step,
        environment: "${environment}",
        instance: "${source}",
        scratch: "${scratch}",
    };
    if (result === "failed") json.error = '${default(map.get(e, "message"), json.encode_to_string(e))}';
    return { call: "sys.log", args: { severity, json } };
}

/** The drill's steps inside its `try`, in order. */
function drillSteps(o: DrillWorkflowOptions): Step[] {
    const steps: Step[] = [
        {
            clone: {
                call: "googleapis.sqladmin.v1.instances.clone",
                args: {
                    project: "${project}",
                    instance: "${source}",
                    body: {
                        cloneContext: {
                            destinationInstanceName: "${scratch}",
                            pointInTime: "${pointInTime}",
                            // A private-IP clone needs a range of the private services connection.
                            allocatedIpRange: env(DRILL_ENV.allocatedIpRange),
                        },
                    },
                    connector_params: { timeout: o.cloneTimeoutSeconds },
                },
            },
        },
        { mark_label: { assign: [{ step: "label" }] } },
        {
            // The copy takes the source's settings: label it so it is found, let it be deleted,
            // and keep it without a public address (the source has none either).
            label: {
                call: "googleapis.sqladmin.v1.instances.patch",
                args: {
                    project: "${project}",
                    instance: "${scratch}",
                    body: {
                        settings: {
                            userLabels: { [RESTORE_DRILL_LABEL.key]: RESTORE_DRILL_LABEL.value, environment: "${environment}" },
                            deletionProtectionEnabled: false,
                            ipConfiguration: { ipv4Enabled: false },
                        },
                    },
                    connector_params: { timeout: o.cloneTimeoutSeconds },
                },
            },
        },
        { mark_wait: { assign: [{ step: "wait" }, { polls: 0 }] } },
        { read_scratch: { call: "googleapis.sqladmin.v1.instances.get", args: { project: "${project}", instance: "${scratch}" }, result: "copy" } },
        {
            check_runnable: {
                switch: [
                    { condition: '${copy.state == "RUNNABLE"}', next: "restored" },
                    { condition: `\${polls * ${POLL_SECONDS} >= ${o.cloneTimeoutSeconds}}`, raise: `scratch instance not RUNNABLE within ${o.cloneTimeoutSeconds} s` },
                ],
            },
        },
        { wait_runnable: { call: "sys.sleep", args: { seconds: POLL_SECONDS } } },
        { count_poll: { assign: [{ polls: "${polls + 1}" }], next: "read_scratch" } },
        { restored: { assign: [{ restoredAt: "${sys.now()}" }] } },
    ];
    if (o.verify) steps.push(...verifySteps(o));
    return steps;
}

/** Runs the verification job against the copy (host and CA as per-execution env) and waits for its result. */
function verifySteps(o: DrillWorkflowOptions): Step[] {
    return [
        { mark_verify: { assign: [{ step: "verify" }, { host: "" }, { polls: 0 }] } },
        {
            private_ip: {
                for: {
                    value: "address",
                    in: "${copy.ipAddresses}",
                    steps: [{ pick: { switch: [{ condition: '${address.type == "PRIVATE"}', assign: [{ host: "${address.ipAddress}" }] }] } }],
                },
            },
        },
        { has_ip: { switch: [{ condition: '${host == ""}', raise: "scratch instance has no private IP address" }] } },
        {
            run_verify: {
                call: "googleapis.run.v2.projects.locations.jobs.run",
                args: {
                    name: env(DRILL_ENV.verifyJob),
                    body: {
                        overrides: {
                            containerOverrides: [{
                                env: [
                                    { name: "DATABASE_HOST", value: "${host}" },
                                    // The copy has a server CA of its own: the client verifies against it.
                                    { name: "DATABASE_CA_CERT", value: "${copy.serverCaCert.cert}" },
                                ],
                            }],
                        },
                    },
                    // The execution is polled below, on the job's own executions.
                    connector_params: { skip_polling: true },
                },
                result: "started_run",
            },
        },
        {
            read_execution: {
                call: "googleapis.run.v2.projects.locations.jobs.executions.get",
                args: { name: "${started_run.metadata.name}" },
                result: "execution",
            },
        },
        {
            check_execution: {
                switch: [
                    { condition: '${"completionTime" in execution and default(map.get(execution, "succeededCount"), 0) >= 1}', next: "verified" },
                    { condition: '${"completionTime" in execution}', raise: "verification job failed: verifyQuery returned no row or could not connect" },
                    { condition: `\${polls * ${POLL_SECONDS} >= ${o.verifyTimeoutSeconds}}`, raise: `verification job not finished within ${o.verifyTimeoutSeconds} s` },
                ],
            },
        },
        { wait_execution: { call: "sys.sleep", args: { seconds: POLL_SECONDS } } },
        { count_execution_poll: { assign: [{ polls: "${polls + 1}" }], next: "read_execution" } },
        { verified: { assign: [{ step: "done" }] } },
    ];
}

/**
 * A workflow: `main` starts with an `init` step reading the values both workflows share from
 * the environment, then `assign`, then `steps`; the shared subworkflows follow.
 */
function workflowOf(assign: Array<Record<string, unknown>>, steps: Step[]): Record<string, unknown> {
    const shared = [
        { project: '${sys.get_env("GOOGLE_CLOUD_PROJECT_ID")}' },
        { source: env(DRILL_ENV.source) },
        { environment: env(DRILL_ENV.environment) },
    ];
    return { main: { steps: [{ init: { assign: [...shared, ...assign] } }, ...steps] }, ...sharedSubworkflows() };
}

/** The drill workflow's source (JSON). */
export function drillWorkflowSource(o: DrillWorkflowOptions): string {
    return JSON.stringify(drillWorkflow(o), null, 2);
}

/** The drill workflow as an object (what {@link drillWorkflowSource} serializes). */
export function drillWorkflow(o: DrillWorkflowOptions): Record<string, unknown> {
    return workflowOf(
        [
            { started: "${sys.now()}" },
            { scratch: `\${sys.get_env("${DRILL_ENV.scratchPrefix}") + "-" + string(int(sys.now()))}` },
            { pointInTime: `\${time.format(sys.now() - ${o.pointInTimeOffsetMinutes * 60})}` },
            { step: "clone" },
        ],
        [
            {
                drill: {
                    try: { steps: drillSteps(o) },
                    except: {
                        as: "e",
                        steps: [
                            { record_failure: record("failed", "${step}", "ERROR") },
                            { delete_after_failure: { call: "delete_scratch", args: { project: "${project}", name: "${scratch}" } } },
                            { reraise: { raise: "${e}" } },
                        ],
                    },
                },
            },
            { record_success: record("succeeded", "done", "INFO") },
            { delete_scratch: { call: "delete_scratch", args: { project: "${project}", name: "${scratch}" } } },
            { finish: { return: { result: "succeeded", scratch: "${scratch}" } } },
        ],
    );
}

/** The watch workflow's source (JSON): sweeps leftover copies, checks backup freshness. */
export function watchWorkflowSource(o: WatchWorkflowOptions): string {
    return JSON.stringify(watchWorkflow(o), null, 2);
}

/** The watch workflow as an object. */
export function watchWorkflow(o: WatchWorkflowOptions): Record<string, unknown> {
    return workflowOf(
        [
            { copies: `\${"^" + sys.get_env("${DRILL_ENV.scratchPrefix}") + "-[0-9]+$"}` },
            { cutoff: `\${sys.now() - ${SCRATCH_MAX_AGE_SECONDS}}` },
            { swept: [] },
        ],
        [
            { list_instances: { call: "googleapis.sqladmin.v1.instances.list", args: { project: "${project}" }, result: "listed" } },
            {
                sweep: {
                    for: {
                        value: "instance",
                        in: '${default(map.get(listed, "items"), [])}',
                        steps: [{
                            leftover: {
                                switch: [{
                                    condition: "${text.match_regex(instance.name, copies) and time.parse(instance.createTime) < cutoff}",
                                    steps: [
                                        { delete_leftover: { call: "delete_scratch", args: { project: "${project}", name: "${instance.name}" } } },
                                        { note_leftover: { assign: [{ swept: "${list.concat(swept, instance.name)}" }] } },
                                    ],
                                }],
                            },
                        }],
                    },
                },
            },
            {
                record_sweep: {
                    call: "sys.log",
                    args: { severity: '${if(len(swept) > 0, "WARNING", "INFO")}', json: { drill: "restore-sweep", environment: "${environment}", swept: "${swept}" } },
                },
            },
            { read_source: { call: "googleapis.sqladmin.v1.instances.get", args: { project: "${project}", instance: "${source}" }, result: "instance" } },
            {
                list_backups: {
                    call: "googleapis.sqladmin.v1.backupRuns.list",
                    args: { project: "${project}", instance: "${source}", maxResults: 50 },
                    result: "runs",
                },
            },
            // A new instance counts as fresh until it is older than the allowed age.
            { newest: { assign: [{ newest: "${time.parse(instance.createTime)}" }, { backups: 0 }] } },
            {
                find_newest: {
                    for: {
                        value: "run",
                        in: '${default(map.get(runs, "items"), [])}',
                        steps: [{
                            successful: {
                                switch: [{
                                    condition: '${run.type == "AUTOMATED" and run.status == "SUCCESSFUL" and "endTime" in run}',
                                    steps: [{ take: { assign: [{ backups: "${backups + 1}" }, { newest: "${if(backups == 1 or time.parse(run.endTime) > newest, time.parse(run.endTime), newest)}" }] } }],
                                }],
                            },
                        }],
                    },
                },
            },
            { age: { assign: [{ ageSeconds: "${int(sys.now() - newest)}" }] } },
            {
                record_freshness: {
                    call: "sys.log",
                    args: {
                        severity: `\${if(ageSeconds > ${o.backupMaxAgeSeconds}, "ERROR", "INFO")}`,
                        json: {
                            drill: "backup-freshness",
                            fresh: `\${ageSeconds <= ${o.backupMaxAgeSeconds}}`,
                            newestBackupAgeSeconds: "${ageSeconds}",
                            successfulBackups: "${backups}",
                            environment: "${environment}",
                            instance: "${source}",
                        },
                    },
                },
            },
            { finish: { return: { swept: "${swept}", backupAgeSeconds: "${ageSeconds}" } } },
        ],
    );
}
