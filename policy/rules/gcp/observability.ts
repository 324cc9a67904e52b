/** GCP observability rules: uptime checks, alert policies, log retention, budgets. */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import { arr, dependsOn, get, isSet, isUnknown, known, linked, listing, ofTypes, skip, str, usesCloud, type Props } from "../common";
import { isReplica } from "./data";
import { T, what } from "./types";

/** A host that is a concrete name (wildcards cannot be probed). */
const concrete = (host: string) => host !== "" && !host.includes("*");

/**
 * Hosts whose every URL map host rule leads to a path matcher that only redirects
 * (`www` → apex): they serve nothing to probe; the host they redirect to is checked.
 */
export function redirectOnlyHosts(resources: PolicyResource[]): Set<string> {
    const redirecting = new Set<string>();
    const serving = new Set<string>();
    for (const map of ofTypes(resources, T.urlMap)) {
        const matchers = new Map(known(() => arr(map.props.pathMatchers), []).map((m) => [str(get(m, "name")), m]));
        for (const rule of known(() => arr(map.props.hostRules), [])) {
            const m = matchers.get(str(get(rule, "pathMatcher")));
            const onlyRedirects = m !== undefined && isSet(m as Props, "defaultUrlRedirect")
                && !isSet(m as Props, "defaultService") && !arr(get(m, "pathRules")).length && !arr(get(m, "routeRules")).length;
            for (const h of arr(get(rule, "hosts"))) (onlyRedirects ? redirecting : serving).add(str(h));
        }
    }
    return new Set([...redirecting].filter((h) => !serving.has(h)));
}

/**
 * The public hosts of the stack and the resource that declares each: URL map host rules
 * and the domains of managed certificates (Certificate Manager or classic), except hosts
 * that only redirect.
 */
export function publicHosts(resources: PolicyResource[]): Map<string, PolicyResource> {
    const hosts = new Map<string, PolicyResource>();
    const add = (host: unknown, source: PolicyResource) => {
        if (typeof host === "string" && concrete(host) && !hosts.has(host)) hosts.set(host, source);
    };
    for (const map of ofTypes(resources, T.urlMap)) {
        for (const rule of known(() => arr(map.props.hostRules), [])) for (const h of arr(get(rule, "hosts"))) add(h, map);
    }
    for (const cert of ofTypes(resources, T.certificate, T.managedSslCertificate)) {
        for (const d of known(() => arr(get(cert.props, "managed.domains")), [])) add(d, cert);
    }
    for (const entry of ofTypes(resources, T.certificateMapEntry)) add(known(() => entry.props.hostname, undefined), entry);
    for (const host of redirectOnlyHosts(resources)) hosts.delete(host);
    return hosts;
}

/** Whether `text` names `name` as a whole word (`acme-prod-restore-drill`, not `acme-prod-restore-drill-watch`). */
export function mentions(text: string, name: string): boolean {
    return name !== "" && new RegExp(`(^|[^a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9-])`).test(text);
}

/**
 * Enabled alerts on failed runs of the restore-drill workflows that run Cloud Run job `jobName`
 * as their verification (`userEnvVars.DRILL_VERIFY_JOB`): a failed verification fails the
 * drill, whose alert is the job's.
 */
export function drillFailureAlerts(resources: PolicyResource[], jobName: string): PolicyResource[] {
    const drills = ofTypes(resources, T.workflow).filter((w) =>
        jobName !== "" && str(known(() => get(w.props, "userEnvVars.DRILL_VERIFY_JOB"), "")).endsWith(`/jobs/${jobName}`));
    const names = drills.map((d) => str(known(() => d.props.name, "")));
    return ofTypes(resources, T.alertPolicy).filter(enabled).filter((a) => {
        const text = conditionText(a);
        return text.includes("failed") && names.some((n) => mentions(text, n));
    });
}

/** Text of an alert policy's conditions (filters, MQL and PromQL queries). */
export function conditionText(alert: PolicyResource): string {
    return known(() => JSON.stringify(alert.props.conditions ?? []), "");
}

/** Enabled, and tells someone: notification channels set or wired from channels in the stack. */
export function notifies(alert: PolicyResource, channels: PolicyResource[]): boolean {
    return isSet(alert.props, "notificationChannels") || linked(alert, channels, ["notificationChannels"], false).length > 0;
}

export const enabled = (alert: PolicyResource) => known(() => alert.props.enabled, true) !== false;

/**
 * Whether `alert` watches `target`: it names it in a condition, or (conditions not known
 * yet, a first preview) it depends on it. A dependency alone is not watching.
 */
function watches(alert: PolicyResource, target: PolicyResource, names: string[]): boolean {
    if (isUnknown(alert.props, "conditions") && dependsOn(alert, target)) return true;
    const text = conditionText(alert);
    return names.some((n) => n !== "" && text.includes(n));
}

// ---------------------------------------------------------------------------
// uptime-and-alerts-per-public-host
// ---------------------------------------------------------------------------

export const uptimeAndAlertsPerPublicHost: StackCheck = {
    types: [T.urlMap, T.certificate, T.managedSslCertificate, T.certificateMapEntry, T.uptimeCheck, T.alertPolicy],
    check(resources, report, ctx) {
        const hosts = publicHosts(resources);
        if (!hosts.size) return skip("no public host (URL map host rule or certificate domain) in this stack");
        const checks = ofTypes(resources, T.uptimeCheck);
        const alerts = ofTypes(resources, T.alertPolicy).filter(enabled);
        const channels = ofTypes(resources, T.notificationChannel);
        for (const [host, source] of hosts) {
            ctx.examined(source);
            const probes = checks.filter(
                (c) => known(() => get(c.props, "monitoredResource.labels.host"), undefined) === host,
            );
            if (!probes.length) {
                report(
                    `Public host ${host} (from ${what(source)}) has no uptime check; add an HTTPS uptime check ` +
                        `whose monitoredResource is uptime_url with host ${host}.`,
                    source.urn,
                );
                continue;
            }
            for (const probe of probes) {
                ctx.examined(probe);
                if (get(probe.props, "httpCheck.useSsl") !== true) {
                    report(`${what(probe)} probes ${host} over plain HTTP; set httpCheck.useSsl to true.`, probe.urn);
                }
                const names = [host, str(known(() => probe.props.uptimeCheckId, "")), str(known(() => probe.props.displayName, ""))];
                const watching = alerts.filter(
                    // An uptime-check condition that takes an output of this check (its ID) watches it.
                    (a) => (isUnknown(a.props, "conditions") && dependsOn(a, probe)) ||
                        (/uptime_check/.test(conditionText(a)) && (dependsOn(a, probe) || watches(a, probe, names))),
                );
                ctx.examined(...watching);
                if (!watching.length) {
                    report(`${what(probe)} for ${host} has no enabled alert policy, so an outage would go unnoticed.`, probe.urn);
                } else if (!watching.some((a) => notifies(a, channels))) {
                    report(`${listing(watching.map(what))} watching ${host} notifies nobody; set notificationChannels.`, watching[0].urn);
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// stateful-resources-alerted
// ---------------------------------------------------------------------------

export const statefulResourcesAlerted: StackCheck = {
    types: [T.sqlInstance, T.redisInstance, T.redisCluster, T.alertPolicy],
    check(resources, report, ctx) {
        const stateful = ofTypes(resources, T.sqlInstance, T.redisInstance, T.redisCluster).filter(
            (r) => r.type !== T.sqlInstance || !isReplica(r.props),
        );
        if (!stateful.length) return skip("no database or cache in this stack");
        const alerts = ofTypes(resources, T.alertPolicy).filter(enabled);
        const channels = ofTypes(resources, T.notificationChannel);
        for (const r of stateful) {
            const cloudName = str(known(() => r.props.name, ""));
            const watching = alerts.filter((a) => watches(a, r, [cloudName]));
            ctx.examined(r, ...watching);
            if (!watching.some((a) => notifies(a, channels))) {
                report(
                    `${what(r)} has no alert policy that notifies anyone, so running out of CPU, memory, disk or ` +
                        "connections would go unnoticed.",
                    r.urn,
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// jobs-and-workers-alerted
// ---------------------------------------------------------------------------

/** What an alert on each workload type must watch, to say what would go unnoticed. */
const UNSEEN: Record<string, { resourceType: string; unnoticed: string }> = {
    [T.runJob]: { resourceType: "cloud_run_job", unnoticed: "a failed execution (a failed migration or nightly run)" },
    [T.runWorkerPool]: { resourceType: "cloud_run_worker_pool", unnoticed: "a crash loop (a queue nobody works off)" },
};

/**
 * Jobs and worker pools serve no requests, so no request-based alert or uptime check sees
 * them fail: each needs an alert policy on its own monitored resource that notifies someone.
 */
export const jobsAndWorkersAlerted: StackCheck = {
    types: [T.runJob, T.runWorkerPool, T.alertPolicy],
    check(resources, report, ctx) {
        const workloads = ofTypes(resources, T.runJob, T.runWorkerPool);
        if (!workloads.length) return skip("no Cloud Run job or worker pool in this stack");
        const alerts = ofTypes(resources, T.alertPolicy).filter(enabled);
        const channels = ofTypes(resources, T.notificationChannel);
        for (const w of workloads) {
            const { resourceType, unnoticed } = UNSEEN[w.type];
            const cloudName = str(known(() => w.props.name, ""));
            const watching = alerts.filter((a) => conditionText(a).includes(resourceType) && watches(a, w, [cloudName]));
            ctx.examined(w, ...watching);
            if (w.type === T.runJob && drillFailureAlerts(resources, cloudName).some((a) => notifies(a, channels))) continue;
            if (!watching.some((a) => notifies(a, channels))) {
                report(`${what(w)} has no alert policy on ${resourceType} that notifies anyone, so ${unnoticed} would go unnoticed.`, w.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// log-retention-set
// ---------------------------------------------------------------------------

export const logRetentionSet: StackCheck = {
    types: [T.logBucket],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "gcp")) return skip("no GCP resources in this stack");
        const min = Number(ctx.config.minRetentionDays);
        const buckets = ofTypes(resources, T.logBucket).filter((b) => known(() => b.props.bucketId, "_Default") === "_Default");
        ctx.examined(...buckets);
        if (!buckets.length) {
            report(
                `No log retention is set: add a ${T.logBucket} for the _Default bucket with retentionDays of at least ${min}.`,
            );
            return;
        }
        for (const b of buckets) {
            // Unknown during preview means computed, hence set: give it the benefit of the doubt.
            const days = known(() => b.props.retentionDays, min);
            if (days === undefined || days === null) {
                report(`${what(b)} does not set retentionDays, so logs follow Google's default; set at least ${min} days.`, b.urn);
            } else if (Number(days) < min) {
                report(`${what(b)} keeps logs for ${days} ${Number(days) === 1 ? "day" : "days"}; keep them at least ${min} days (retentionDays).`, b.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// billing-budget
// ---------------------------------------------------------------------------

export const billingBudget: StackCheck = {
    types: [T.budget],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "gcp")) return skip("no GCP resources in this stack");
        const budgets = ofTypes(resources, T.budget);
        ctx.examined(...budgets);
        if (!budgets.length) {
            report(`No billing budget watches this environment's spend: add a ${T.budget} with threshold rules.`);
            return;
        }
        for (const b of budgets) {
            if (!isSet(b.props, "thresholdRules")) {
                report(`${what(b)} has no threshold rules, so it never alerts; add thresholdRules (for example 50, 90 and 100 percent).`, b.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// alerts-have-runbooks
// ---------------------------------------------------------------------------

/** The sections a runbook needs, by the heading words that introduce them. */
const RUNBOOK_SECTIONS: Array<[string, RegExp]> = [
    ["what fired", /what fired|what happened/i],
    ["likely causes", /likely causes|causes/i],
    ["first steps", /first steps|what to do|next steps/i],
];

/** Whether a section starting at its heading has some text of its own before the next heading. */
function sectionHasContent(content: string, heading: RegExp): boolean {
    const lines = content.split("\n");
    const start = lines.findIndex((l) => /^#{1,6}\s|^\*\*/.test(l.trim()) && heading.test(l));
    if (start < 0) return false;
    const body: string[] = [];
    for (const line of lines.slice(start + 1)) {
        if (/^#{1,6}\s/.test(line.trim())) break;
        body.push(line);
    }
    return body.join(" ").replace(/[-*\d.\s]/g, "").length >= 10;
}

export const alertsHaveRunbooks: ResourceCheck = {
    types: [T.alertPolicy],
    check(args, report) {
        // Unknown during a first preview: counts as written.
        if (isUnknown(args.props, "documentation.content")) return;
        const text = str(get(args.props, "documentation.content"));
        const missing = RUNBOOK_SECTIONS.filter(([, heading]) => !sectionHasContent(text, heading)).map(([name]) => name);
        if (missing.length) {
            report(
                `${what(args)} has ${text.trim() ? `a runbook without ${listing(missing)}` : "no runbook"}: set documentation.content ` +
                    "(markdown) with a heading and text for what fired, its likely causes and the first steps.",
            );
        }
    },
};
