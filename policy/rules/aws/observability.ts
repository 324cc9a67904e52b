/**
 * AWS observability rules: log groups (retention, encryption), alarms routed with runbooks,
 * encrypted alarm topics, health checks per public host, alarms on databases, caches, jobs
 * and workers, the budget.
 */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import { arr, dependsOn, get, isUnknown, known, listing, ofTypes, parseJson, refersTo, skip, str, usesCloud } from "../common";
import { T, what } from "./types";

/** Every log group keeps its logs for a chosen period (unset means forever, by accident) at or above the floor. */
export const logRetentionSet: StackCheck = {
    types: [T.logGroup],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "aws")) return skip("no AWS resources in this stack");
        const groups = ofTypes(resources, T.logGroup);
        if (!groups.length) return skip("no CloudWatch log group in this stack");
        const min = Number(ctx.config.minRetentionDays);
        ctx.examined(...groups);
        for (const g of groups) {
            // Unknown during preview means computed, hence set.
            const days = Number(known(() => g.props.retentionInDays ?? 0, min));
            if (days === 0) {
                report(`${what(g)} sets no retentionInDays, so it keeps logs forever by default; choose a retention of at least ${min} days.`, g.urn);
            } else if (days < min) {
                report(`${what(g)} keeps logs for ${days} ${days === 1 ? "day" : "days"}; keep them at least ${min} days (retentionInDays).`, g.urn);
            }
        }
    },
};

export const logsEncrypted: ResourceCheck = {
    types: [T.logGroup],
    check(args, report) {
        if (str(known(() => args.props.kmsKeyId, "(computed)")) === "") {
            report(
                `${what(args)} is encrypted only with CloudWatch's own key, so anyone who may read logs reads these; ` +
                    "set kmsKeyId to a customer-managed KMS key whose policy admits the logs service.",
            );
        }
    },
};

// ---------------------------------------------------------------------------
// Alarms: routed, with a runbook (alerts-have-runbooks)
// ---------------------------------------------------------------------------

/** An alarm that notifies: enabled, with at least one alarm action (an SNS topic). */
export function notifies(alarm: { props: Record<string, unknown> }): boolean {
    const enabled = known(() => alarm.props.actionsEnabled, true) !== false;
    return enabled && (isUnknown(alarm.props, "alarmActions") || arr(known(() => alarm.props.alarmActions, [])).length > 0);
}

/** Every alarm tells someone, when it fires and when it recovers, and carries a runbook (or a link to it). */
export const alarmsRoutedWithRunbooks: ResourceCheck = {
    types: [T.metricAlarm],
    check(args, report) {
        const missing: string[] = [];
        if (!notifies(args)) missing.push("alarmActions (an SNS topic; with actionsEnabled) so that someone is told when it fires");
        if (!isUnknown(args.props, "okActions") && arr(known(() => args.props.okActions, [])).length === 0) missing.push("okActions so that the recovery is told too");
        if (!isUnknown(args.props, "alarmDescription")) {
            const text = str(known(() => args.props.alarmDescription, ""));
            if (text.length > 1024) missing.push(`an alarmDescription within CloudWatch's 1,024 characters (it has ${text.length})`);
            else if (!/runbook/i.test(text) || !/https:\/\/\S+/.test(text)) missing.push("an alarmDescription saying what fired with a link to its runbook (what fired, likely causes, first steps)");
        }
        if (missing.length) report(`${what(args)} lacks ${listing(missing)}.`);
    },
};

/** Alarm topics are encrypted with a customer-managed key (alarms cannot publish under alias/aws/sns). */
export const topicsEncrypted: ResourceCheck = {
    types: [T.snsTopic],
    check(args, report) {
        if (isUnknown(args.props, "kmsMasterKeyId")) return;
        const key = str(known(() => args.props.kmsMasterKeyId, ""));
        if (key === "" || key === "alias/aws/sns") {
            report(
                `${what(args)} is ${key === "" ? "not encrypted" : "encrypted with the AWS-managed key aws/sns, whose policy CloudWatch and Budgets cannot use, so alarms never reach it"}; ` +
                    "set kmsMasterKeyId to a customer-managed KMS key whose policy lets cloudwatch.amazonaws.com and budgets.amazonaws.com use it.",
            );
        }
    },
};

// ---------------------------------------------------------------------------
// uptime-and-alerts-per-public-host
// ---------------------------------------------------------------------------

const concrete = (host: string) => host !== "" && !host.includes("*");

/**
 * Whether a distribution only redirects (`www` → apex): its only origin is the placeholder
 * the redirect function answers for (`originId: "redirect"`). The host it redirects to is checked.
 */
function redirectsOnly(d: PolicyResource): boolean {
    const origins = known(() => arr(d.props.origins), []);
    return origins.length > 0 && origins.every((o) => str(get(o, "originId")) === "redirect");
}

/** Public hosts on AWS: CloudFront aliases and the names of ACM certificates, except redirect-only hosts. */
export function awsPublicHosts(resources: PolicyResource[]): Map<string, PolicyResource> {
    const hosts = new Map<string, PolicyResource>();
    const redirecting = new Set(ofTypes(resources, T.distribution).filter(redirectsOnly).flatMap((d) => known(() => arr(d.props.aliases), []).map(str)));
    const add = (host: unknown, source: PolicyResource) => {
        if (typeof host === "string" && concrete(host) && !hosts.has(host) && !redirecting.has(host)) hosts.set(host, source);
    };
    for (const d of ofTypes(resources, T.distribution)) for (const h of known(() => arr(d.props.aliases), [])) add(h, d);
    for (const c of ofTypes(resources, T.certificate)) {
        add(known(() => c.props.domainName, undefined), c);
        for (const h of known(() => arr(c.props.subjectAlternativeNames), [])) add(h, c);
    }
    return hosts;
}

/** Alarms on a metric with this dimension value, or (values not known yet) depending on `target`. */
function alarmsOn(alarms: PolicyResource[], target: PolicyResource, dimension: string, values: string[]): PolicyResource[] {
    return alarms.filter((a) => {
        if (isUnknown(a.props, "dimensions") && dependsOn(a, target)) return true;
        const own = str(known(() => get(a.props, `dimensions.${dimension}`), ""));
        const queried = known(() => arr(a.props.metricQueries), []).map((q) => str(get(q, `metric.dimensions.${dimension}`)));
        return [own, ...queried].some((v) => v !== "" && (values.includes(v) || refersTo(v, target)));
    });
}

export const uptimePerPublicHost: StackCheck = {
    types: [T.distribution, T.certificate, T.healthCheck, T.metricAlarm],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "aws")) return skip("no AWS resources in this stack");
        const hosts = awsPublicHosts(resources);
        if (!hosts.size) return skip("no public host (CloudFront alias or certificate domain) in this stack");
        const checks = ofTypes(resources, T.healthCheck);
        const alarms = ofTypes(resources, T.metricAlarm);
        for (const [host, source] of hosts) {
            ctx.examined(source);
            const probes = checks.filter((c) => known(() => c.props.fqdn, undefined) === host);
            if (!probes.length) {
                report(`Public host ${host} (from ${what(source)}) has no uptime check; add a Route 53 HTTPS health check with fqdn ${host}.`, source.urn);
                continue;
            }
            // Route 53's checkers speak TLS 1.2 at most: a TLS 1.3-only edge fails every check.
            if (source.type === T.distribution) {
                const min = str(known(() => get(source.props, "viewerCertificate.minimumProtocolVersion"), ""));
                if (min.startsWith("TLSv1.3")) {
                    report(`${what(source)} serves ${host} with TLS 1.3 only (${min}), which Route 53 health checkers cannot speak; use TLSv1.2_2021 or TLSv1.2_2025.`, source.urn);
                }
            }
            for (const probe of probes) {
                ctx.examined(probe);
                const type = str(known(() => probe.props.type, "HTTPS"));
                if (!type.startsWith("HTTPS")) report(`${what(probe)} probes ${host} with type ${type}; use HTTPS (or HTTPS_STR_MATCH) so TLS is checked too.`, probe.urn);
                // The check's ID is computed: an alarm on HealthCheckStatus that takes it (depends on the check) watches it.
                const onStatus = alarms.filter((a) => str(known(() => a.props.metricName, "")) === "HealthCheckStatus" && dependsOn(a, probe));
                const watching = [...new Set([...alarmsOn(alarms, probe, "HealthCheckId", [str(known(() => probe.props.id, ""))]), ...onStatus])];
                ctx.examined(...watching);
                if (!watching.length) report(`${what(probe)} for ${host} has no CloudWatch alarm on its HealthCheckStatus, so an outage would go unnoticed.`, probe.urn);
                else if (!watching.some(notifies)) report(`${listing(watching.map(what))} watching ${host} notifies nobody; set alarmActions.`, watching[0].urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// stateful-resources-alerted
// ---------------------------------------------------------------------------

export const databasesAndCachesAlarmed: StackCheck = {
    types: [T.dbInstance, T.replicationGroup, T.metricAlarm],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "aws")) return skip("no AWS resources in this stack");
        const stateful = ofTypes(resources, T.dbInstance, T.replicationGroup);
        if (!stateful.length) return skip("no RDS instance or ElastiCache replication group in this stack");
        const alarms = ofTypes(resources, T.metricAlarm);
        for (const r of stateful) {
            const db = r.type === T.dbInstance;
            const id = str(known(() => (db ? r.props.identifier : r.props.replicationGroupId), ""));
            // ElastiCache alarms name member clusters: <group>-001, <group>-002…
            const watching = db
                ? alarmsOn(alarms, r, "DBInstanceIdentifier", id ? [id] : [])
                : alarms.filter((a) => (isUnknown(a.props, "dimensions") && dependsOn(a, r)) ||
                    (id !== "" && str(known(() => get(a.props, "dimensions.CacheClusterId"), "")).startsWith(`${id}-`)));
            ctx.examined(r, ...watching);
            if (!watching.some(notifies)) {
                report(`${what(r)} has no CloudWatch alarm that notifies anyone, so running out of CPU, memory, storage or connections would go unnoticed.`, r.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// jobs-and-workers-alerted
// ---------------------------------------------------------------------------

/**
 * Whether a container of the task definition maps a port. `containerDefinitions` is JSON text
 * (any layout); definitions not known yet (a preview) or not readable (a secret) are taken to
 * map ports: no crash-loop report on a guess.
 */
function mapsPorts(td: PolicyResource): boolean {
    const containers = known(() => parseJson(td.props.containerDefinitions), undefined);
    if (!Array.isArray(containers)) return true;
    return containers.some((c) => arr(get(c, "portMappings")).length > 0);
}

/** The ECS `group` a task of each job or worker carries, and what its failure would leave unnoticed. */
function workloadsToWatch(resources: PolicyResource[]): Array<{ source: PolicyResource; group: string; unnoticed: string }> {
    const taskDefs = ofTypes(resources, T.taskDefinition);
    const services = ofTypes(resources, T.ecsService);
    const familyOf = (td: PolicyResource) => str(known(() => td.props.family, ""));
    const usedBy = (td: PolicyResource) => services.find((s) => {
        const ref = str(known(() => s.props.taskDefinition, ""));
        return ref !== "" && familyOf(td) !== "" && ref.includes(`task-definition/${familyOf(td)}:`);
    });
    // A state machine that runs a task to completion (`ecs:runTask.sync`) fails that state when
    // the task fails, and reports it itself (the restore drill's verification: its alarms).
    const definitions = ofTypes(resources, T.stateMachine).map((m) => str(known(() => m.props.definition, "")));
    const runBySync = (td: PolicyResource) => familyOf(td) !== "" && definitions.some((d) =>
        d.includes("arn:aws:states:::ecs:runTask.sync") && d.includes(`task-definition/${familyOf(td)}:`));
    const out: Array<{ source: PolicyResource; group: string; unnoticed: string }> = [];
    for (const td of taskDefs) {
        const service = usedBy(td);
        if (!service && runBySync(td)) continue;
        if (!service) {
            out.push({ source: td, group: `family:${familyOf(td)}`, unnoticed: "a failed run (a failed migration or nightly run)" });
            continue;
        }
        // A worker: its containers expose no port, so no request alarm or health check sees it.
        if (!mapsPorts(td)) {
            out.push({ source: service, group: `service:${str(known(() => service.props.name, ""))}`, unnoticed: "a crash loop (a queue nobody works off)" });
        }
    }
    return out;
}

/**
 * Jobs and workers serve no requests: each needs an EventBridge rule matching its stopped
 * tasks (its ECS group), a metric filter counting them and an alarm on that metric that notifies.
 */
export const jobsAndWorkersAlarmed: StackCheck = {
    types: [T.taskDefinition, T.ecsService, T.eventRule, T.logMetricFilter, T.metricAlarm, T.stateMachine],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "aws")) return skip("no AWS resources in this stack");
        const watched = workloadsToWatch(resources);
        if (!watched.length) return skip("no ECS job or worker in this stack");
        const rules = ofTypes(resources, T.eventRule);
        const filters = ofTypes(resources, T.logMetricFilter);
        const alarms = ofTypes(resources, T.metricAlarm);
        for (const { source, group, unnoticed } of watched) {
            const quoted = `"${group}"`;
            const matching = rules.filter((r) => known(() => str(r.props.eventPattern), "").includes(quoted));
            const counters = filters.filter((f) => known(() => str(f.props.pattern), "").includes(quoted));
            const metrics = counters.map((f) => str(known(() => get(f.props, "metricTransformation.name"), "")));
            const alarmed = alarms.filter((a) => metrics.includes(str(known(() => a.props.metricName, ""))) && notifies(a));
            ctx.examined(source, ...matching, ...counters, ...alarmed);
            if (!matching.length || !alarmed.length) {
                report(`${what(source)} has no ${!matching.length ? "EventBridge rule on its stopped tasks" : "notifying alarm on the count of its failed tasks"} (ECS group ${group}), so ${unnoticed} would go unnoticed.`, source.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// billing-budget
// ---------------------------------------------------------------------------

export const costBudget: StackCheck = {
    types: [T.budget],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "aws")) return skip("no AWS resources in this stack");
        const budgets = ofTypes(resources, T.budget);
        ctx.examined(...budgets);
        if (!budgets.length) {
            report(`No budget watches this environment's spend: add a ${T.budget} (budgetType COST) with notifications.`);
            return;
        }
        for (const b of budgets) {
            if (!isUnknown(b.props, "notifications") && !known(() => arr(b.props.notifications), []).length) {
                report(`${what(b)} has no notifications, so it never alerts; add notifications (for example actual spend at 50, 90 and 100 percent).`, b.urn);
            }
        }
    },
};
