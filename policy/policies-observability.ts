/**
 * Policies of observability: uptime checks and alerts, runbooks, log retention and
 * encryption, network flow logs.
 */
import { ADVISORY, days, MANDATORY, PROD_MANDATORY, resourcePolicy, stackPolicy } from "./define";
import * as awsNetwork from "./rules/aws/network";
import * as awsObservability from "./rules/aws/observability";
import * as gcpObservability from "./rules/gcp/observability";
import type { HardeningPolicy } from "./types";

/** Observability policies of the pack, in roadmap order (policies.ts concatenates the groups). */
export const OBSERVABILITY_POLICIES: readonly HardeningPolicy[] = [
    stackPolicy({
        name: "uptime-and-alerts-per-public-host",
        description: "Every public host has an HTTPS uptime check and an alert that notifies someone (mandatory in prod).",
        category: "operations",
        enforcement: PROD_MANDATORY,
        severity: "high",
        checks: [gcpObservability.uptimeAndAlertsPerPublicHost, awsObservability.uptimePerPublicHost],
    }),
    resourcePolicy({
        name: "alerts-have-runbooks",
        description: "Every alert carries a runbook (what fired, likely causes, first steps) and notifies someone through an encrypted topic (mandatory in prod).",
        category: "operations",
        enforcement: PROD_MANDATORY,
        severity: "medium",
        checks: [gcpObservability.alertsHaveRunbooks, awsObservability.alarmsRoutedWithRunbooks, awsObservability.topicsEncrypted],
    }),
    stackPolicy({
        name: "stateful-resources-alerted",
        description: "Every database and cache is watched by an alert policy that notifies someone.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [gcpObservability.statefulResourcesAlerted, awsObservability.databasesAndCachesAlarmed],
    }),
    stackPolicy({
        name: "jobs-and-workers-alerted",
        description: "Every job alerts on a failed run and every worker on a crash loop, notifying someone.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [gcpObservability.jobsAndWorkersAlerted, awsObservability.jobsAndWorkersAlarmed],
    }),
    stackPolicy({
        name: "log-retention-set",
        description: "Log retention is set explicitly, at or above the floor.",
        category: "hygiene",
        enforcement: ADVISORY,
        severity: "low",
        defaults: { prod: { minRetentionDays: 30 }, "non-prod": { minRetentionDays: 7 } },
        schema: { minRetentionDays: days("Fewest days to keep logs.") },
        checks: [gcpObservability.logRetentionSet, awsObservability.logRetentionSet],
    }),
    resourcePolicy({
        name: "logs-encrypted",
        description: "Log groups are encrypted with a customer-managed key.",
        category: "security",
        enforcement: MANDATORY,
        severity: "medium",
        checks: [awsObservability.logsEncrypted],
    }),
    stackPolicy({
        name: "network-flow-logs",
        description: "Every network records its flows (accepted and rejected) to logs.",
        category: "operations",
        enforcement: ADVISORY,
        severity: "medium",
        checks: [awsNetwork.networkFlowLogs],
    }),
];
