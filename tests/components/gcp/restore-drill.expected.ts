/**
 * The planned inputs of `RestoreDrill` for the test file's ARGS (with a verification query), written
 * out and reviewed: identities, roles, schedules, metrics and the four alerts with their runbooks.
 * The workflow sources are asserted in restore-drill-workflow.test.ts.
 */

const METRIC_LABELS = [
    { description: "succeeded or failed", key: "result", valueType: "STRING" },
    { description: "the failing step, or done", key: "step", valueType: "STRING" },
];
const LABEL_EXTRACTORS = { result: "EXTRACT(jsonPayload.result)", step: "EXTRACT(jsonPayload.step)" };
const DRILL_ENV_VARS = {
    DRILL_ALLOCATED_IP_RANGE: "acme-prod-psa",
    DRILL_ENVIRONMENT: "acme-prod",
    DRILL_SCRATCH_PREFIX: "acme-prod-drill",
    DRILL_SOURCE_INSTANCE: "acme-prod-db",
    DRILL_VERIFY_JOB: "projects/acme-web-prod/locations/europe-west1/jobs/acme-prod-drill-verify",
};
/** What every alert policy of the drill shares. */
const POLICY_COMMON = {
    combiner: "OR",
    notificationChannels: ["projects/acme-web-prod/notificationChannels/1"],
    project: "acme-web-prod",
    userLabels: { concern: "database", managed_by: "prodstack" },
};
/** Log-based conditions: a notification rate limit, incidents closed after a day. */
const LOG_STRATEGY = { autoClose: "86400s", notificationRateLimit: { period: "3600s" } };
const SCHEDULE_TARGET = {
    body: "eyJjYWxsTG9nTGV2ZWwiOiJMT0dfRVJST1JTX09OTFkifQ==",
    headers: { "Content-Type": "application/json" },
    httpMethod: "POST",
    oauthToken: { scope: "https://www.googleapis.com/auth/cloud-platform", serviceAccountEmail: "acme-prod-drill-invoker@acme-web-prod.iam.gserviceaccount.com" },
};

export const EXPECTED_ACCOUNTS = {
    "restore-drill-invoker": {
        accountId: "acme-prod-drill-invoker",
        description: "Starts the restore drill workflows of acme-prod on their schedules (managed by prodstack)",
        displayName: "Restore drill scheduler of acme-prod",
        project: "acme-web-prod"
    },
    "restore-drill-sa": {
        accountId: "acme-prod-restore-drill",
        description: "Runs the restore drill workflows of acme-prod (managed by prodstack)",
        displayName: "Restore drill of acme-prod",
        project: "acme-web-prod"
    },
};

export const EXPECTED_ROLES = {
    "restore-drill-role-project": {
        description: "What the restore drill of acme-prod may do: create and list instances, read operations (managed by prodstack)",
        permissions: [
            "cloudsql.instances.create",
            "cloudsql.instances.list",
            "cloudsql.operations.get"
        ],
        project: "acme-web-prod",
        roleId: "acme_prod_restore_drill_project",
        stage: "GA",
        title: "acme-prod restore drill: create and list instances, read operations"
    },
    "restore-drill-role-scratch": {
        description: "What the restore drill of acme-prod may do: change and delete its scratch copies (managed by prodstack)",
        permissions: [
            "cloudsql.instances.delete",
            "cloudsql.instances.get",
            "cloudsql.instances.update"
        ],
        project: "acme-web-prod",
        roleId: "acme_prod_restore_drill_scratch",
        stage: "GA",
        title: "acme-prod restore drill: change and delete its scratch copies"
    },
    "restore-drill-role-source": {
        description: "What the restore drill of acme-prod may do: clone the source instance (managed by prodstack)",
        permissions: [
            "cloudsql.backupRuns.list",
            "cloudsql.instances.clone",
            "cloudsql.instances.get"
        ],
        project: "acme-web-prod",
        roleId: "acme_prod_restore_drill_source",
        stage: "GA",
        title: "acme-prod restore drill: clone the source instance"
    }
};

export const EXPECTED_SCHEDULES = {
    "restore-drill-run-schedule": {
        attemptDeadline: "180s",
        description: "Starts the restore drill of acme-prod (managed by prodstack)",
        httpTarget: {
            ...SCHEDULE_TARGET,
            uri: "https://workflowexecutions.googleapis.com/v1/projects/acme-web-prod/locations/europe-west1/workflows/acme-prod-restore-drill/executions"
        },
        name: "acme-prod-restore-drill-run",
        project: "acme-web-prod",
        region: "europe-west1",
        retryConfig: {
            retryCount: 1
        },
        schedule: "0 5 * * 1",
        timeZone: "Etc/UTC"
    },
    "restore-drill-watch-schedule": {
        attemptDeadline: "180s",
        description: "Starts the restore drill watch of acme-prod (managed by prodstack)",
        httpTarget: {
            ...SCHEDULE_TARGET,
            uri: "https://workflowexecutions.googleapis.com/v1/projects/acme-web-prod/locations/europe-west1/workflows/acme-prod-restore-drill-watch/executions"
        },
        name: "acme-prod-restore-drill-watch",
        project: "acme-web-prod",
        region: "europe-west1",
        retryConfig: {
            retryCount: 1
        },
        schedule: "17 */6 * * *",
        timeZone: "Etc/UTC"
    }
};

export const EXPECTED_WORKFLOWS = {
    "restore-drill-watch": {
        callLogLevel: "LOG_ERRORS_ONLY",
        deletionProtection: false,
        description: "Deletes restore-drill copies older than a day and checks backup freshness of acme-prod (managed by prodstack)",
        labels: {
            team: "data",
            "prodstack-drill": "restore"
        },
        name: "acme-prod-restore-drill-watch",
        project: "acme-web-prod",
        region: "europe-west1",
        serviceAccount: "acme-prod-restore-drill@acme-web-prod.iam.gserviceaccount.com",
        userEnvVars: DRILL_ENV_VARS,
    },
    "restore-drill-workflow": {
        callLogLevel: "LOG_ERRORS_ONLY",
        deletionProtection: false,
        description: "Restore drill of acme-prod: clone to a point in time, verify, delete (managed by prodstack)",
        labels: {
            team: "data",
            "prodstack-drill": "restore"
        },
        name: "acme-prod-restore-drill",
        project: "acme-web-prod",
        region: "europe-west1",
        serviceAccount: "acme-prod-restore-drill@acme-web-prod.iam.gserviceaccount.com",
        userEnvVars: DRILL_ENV_VARS,
    }
};

export const EXPECTED_METRICS = {
    "restore-drill-duration": {
        bucketOptions: {
            exponentialBuckets: {
                growthFactor: 1.5,
                numFiniteBuckets: 16,
                scale: 60
            }
        },
        description: "Restore duration of acme-prod's drills: restore start to verified copy, in seconds (managed by prodstack)",
        filter: "resource.type=\"workflows.googleapis.com/Workflow\" AND resource.labels.workflow_id=\"acme-prod-restore-drill\" AND jsonPayload.drill=\"restore\"",
        labelExtractors: LABEL_EXTRACTORS,
        metricDescriptor: {
            displayName: "acme-prod restore duration",
            labels: METRIC_LABELS,
            metricKind: "DELTA",
            unit: "s",
            valueType: "DISTRIBUTION"
        },
        name: "prodstack_acme_prod_restore_drill_duration",
        project: "acme-web-prod",
        valueExtractor: "EXTRACT(jsonPayload.durationSeconds)"
    },
    "restore-drill-runs": {
        description: "Restore drills of acme-prod by result (managed by prodstack)",
        filter: "resource.type=\"workflows.googleapis.com/Workflow\" AND resource.labels.workflow_id=\"acme-prod-restore-drill\" AND jsonPayload.drill=\"restore\"",
        labelExtractors: LABEL_EXTRACTORS,
        metricDescriptor: {
            displayName: "acme-prod restore drills",
            labels: METRIC_LABELS,
            metricKind: "DELTA",
            unit: "1",
            valueType: "INT64"
        },
        name: "prodstack_acme_prod_restore_drill_runs",
        project: "acme-web-prod"
    }
};

export const EXPECTED_POLICIES = {
    "restore-drill-backup-freshness": {
        alertStrategy: LOG_STRATEGY,
        conditions: [
            {
                conditionMatchedLog: {
                    filter: "resource.type=\"workflows.googleapis.com/Workflow\" AND resource.labels.workflow_id=\"acme-prod-restore-drill-watch\" AND jsonPayload.drill=\"backup-freshness\" AND jsonPayload.fresh=false"
                },
                displayName: "newest automated backup older than 28 h"
            }
        ],
        displayName: "acme-prod restore drill: newest backup older than 28 h",
        documentation: {
            content: "### What fired\nNo automated backup of Cloud SQL instance `acme-prod-db` succeeded within 28 h, longer than the daily backup schedule and its window allow. A restore now would lose more data than planned.\n\n### Likely causes\n- Automated backups were turned off, or the instance was stopped during the backup window.\n- Backups are failing (see the failed-backup alert), e.g. an export or maintenance overlapping the window.\n- The backup window was moved, so one day had no backup (clears after the next one).\n\n### First steps\n1. List the backups: `gcloud sql backups list --instance=acme-prod-db --project=acme-web-prod` (the watch's record says the newest one's age).\n2. Take an on-demand backup now: `gcloud sql backups create --instance=acme-prod-db --project=acme-web-prod`.\n3. Check that automated backups and point-in-time recovery are still enabled as the spec says (a manual change drifts from it: deploy to restore it).",
            mimeType: "text/markdown",
            subject: "[ERROR] acme-prod restore drill: newest backup older than 28 h"
        },
        ...POLICY_COMMON,
        severity: "ERROR"
    },
    "restore-drill-failed": {
        alertStrategy: LOG_STRATEGY,
        conditions: [
            {
                conditionMatchedLog: {
                    filter: "resource.type=\"workflows.googleapis.com/Workflow\" AND resource.labels.workflow_id=\"acme-prod-restore-drill\" AND jsonPayload.drill=\"restore\" AND jsonPayload.result=\"failed\"",
                    labelExtractors: {
                        step: "EXTRACT(jsonPayload.step)"
                    }
                },
                displayName: "restore drill result: failed"
            }
        ],
        displayName: "acme-prod restore drill: drill failed",
        documentation: {
            content: "### What fired\nThe scheduled restore drill of Cloud SQL instance `acme-prod-db` failed: restoring the backup to a scratch instance, reaching it or its verification query did not succeed. Until a drill succeeds, nobody knows that this database can be restored.\n\n### Likely causes\n- The verification query no longer matches the schema (a renamed table or column) or returned no row.\n- The point in time lies outside the recovery window (PITR turned off or shortened, or logs not yet available).\n- A quota or capacity limit on new instances in the region, or the scratch instance took longer than the drill waits.\n- The drill's identity lost a permission it needs, or the verification image or secret changed.\n\n### First steps\n1. Open the failed execution (https://console.cloud.google.com/workflows/workflow/europe-west1/acme-prod-restore-drill/executions?project=acme-web-prod): the log record's `step` and `error` say where it stopped.\n2. List the copies: `gcloud sql instances list --project=acme-web-prod --filter=\"name~^acme-prod-drill-\"`. The drill deletes its copy after a failure; a copy still listed is deleted by the watch after a day.\n3. Fix the cause (query, permission, quota) and run the drill again; treat a restore that fails twice as a data-loss risk and escalate.\n4. Run the drill now: `gcloud workflows run acme-prod-restore-drill --location=europe-west1 --project=acme-web-prod`.",
            mimeType: "text/markdown",
            subject: "[ERROR] acme-prod restore drill: drill failed"
        },
        ...POLICY_COMMON,
        severity: "ERROR"
    },
    "restore-drill-leftover": {
        alertStrategy: {
            autoClose: "1800s"
        },
        conditions: [
            {
                conditionThreshold: {
                    aggregations: [
                        {
                            alignmentPeriod: "300s",
                            perSeriesAligner: "ALIGN_MAX"
                        }
                    ],
                    comparison: "COMPARISON_GT",
                    duration: "86400s",
                    filter: "resource.type = \"cloudsql_database\" AND resource.labels.database_id = starts_with(\"acme-web-prod:acme-prod-drill-\") AND metric.type = \"cloudsql.googleapis.com/database/up\"",
                    thresholdValue: 0,
                    trigger: {
                        count: 1
                    }
                },
                displayName: "a acme-prod-drill-* instance up for 24 h"
            }
        ],
        displayName: "acme-prod restore drill: scratch copy older than a day",
        documentation: {
            content: "### What fired\nA restore-drill copy of Cloud SQL instance `acme-prod-db` (an instance named `acme-prod-drill-…`, labelled prodstack-restore-drill=true) is older than a day: a restore drill did not delete its scratch copy. It costs money every hour and holds a copy of production data.\n\n### Likely causes\n- The drill was cancelled or timed out between creating and deleting the copy.\n- The delete call failed (a transient API error, or the drill's identity lost the right to delete).\n- Deletion protection was turned on by hand on the copy.\n\n### First steps\n1. List the copies: `gcloud sql instances list --project=acme-web-prod --filter=\"name~^acme-prod-drill-\"`.\n2. Check no drill is running right now (a drill's copy younger than its run is not a leftover).\n3. Delete it: `gcloud sql instances patch NAME --no-deletion-protection --project=acme-web-prod`, then `gcloud sql instances delete NAME --project=acme-web-prod` (the watch, acme-prod-restore-drill-watch, retries every six hours).",
            mimeType: "text/markdown",
            subject: "[WARNING] acme-prod restore drill: scratch copy older than a day"
        },
        ...POLICY_COMMON,
        severity: "WARNING",
    },
    "restore-drill-stale": {
        alertStrategy: {
            autoClose: "1800s"
        },
        conditions: [
            {
                conditionPrometheusQueryLanguage: {
                    disableMetricValidation: true,
                    duration: "0s",
                    evaluationInterval: "300s",
                    query: "(sum(increase(logging_googleapis_com:user_prodstack_acme_prod_restore_drill_runs{monitored_resource=\"workflows.googleapis.com/Workflow\",workflow_id=\"acme-prod-restore-drill\",result=\"succeeded\"}[1209600s])) or vector(0)) < 1 and on() (sum(increase(logging_googleapis_com:user_prodstack_acme_prod_restore_drill_runs{monitored_resource=\"workflows.googleapis.com/Workflow\",workflow_id=\"acme-prod-restore-drill\"}[2419200s])) > 0)"
                },
                displayName: "no succeeded drill in 1209600s"
            }
        ],
        displayName: "acme-prod restore drill: no successful drill within 14 d",
        documentation: {
            content: "### What fired\nNo restore drill of Cloud SQL instance `acme-prod-db` succeeded within 14 d (two schedule periods) although drills ran. The last proven restore is older than the schedule promises.\n\n### Likely causes\n- Every drill since has failed (see the drill-failed alerts).\n- The scheduler stopped triggering the drill: paused, deleted by hand, or its identity lost the right to start it.\n- The drill starts but never ends (stuck waiting), so no result is recorded.\n\n### First steps\n1. Check the Cloud Scheduler job `acme-prod-restore-drill-run` (https://console.cloud.google.com/cloudscheduler?project=acme-web-prod): enabled, and its last attempts succeeded.\n2. Read the last drill runs and their failing step; fix and rerun.\n3. Run the drill now: `gcloud workflows run acme-prod-restore-drill --location=europe-west1 --project=acme-web-prod`.",
            mimeType: "text/markdown",
            subject: "[ERROR] acme-prod restore drill: no successful drill within 14 d"
        },
        ...POLICY_COMMON,
        severity: "ERROR",
    }
};
