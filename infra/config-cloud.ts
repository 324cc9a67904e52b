/**
 * What the spec means differently per cloud, checked once the cloud-neutral schema passed:
 * names and sizes only one cloud accepts (Fargate CPU/memory pairs, RDS classes, CloudWatch
 * retentions, Route 53 zone IDs, AWS regions), keys only one cloud has, and the sections the
 * AWS composition cannot honour yet. Every problem names its key; a key one cloud cannot
 * honour is an error there, never silently ignored.
 *
 * Reads the raw input as well as the parsed spec: a key the user wrote is an error on a
 * cloud that ignores it, while the same key filled in by a schema default is not.
 */
import { describeValue } from "../components/core/errors";
import { DATABASE_ADMIN_USER, RDS_VERSIONS, windowsOverlap } from "../components/aws/database-engine";
import { AWS_REGION, CACHE_VERSION_EXPECTED, cacheEngineOf, cloudWatchRetentionProblem, eventBridgeCron, fargateSizeProblem, isAvailabilityZoneOf, isProd } from "../components/core/internal";
import type { DatabaseSpec, EnvironmentSpec } from "./config";
import { AWS_MAX_REQUEST_SECONDS } from "./aws-limits";
import { keyPath } from "./config-errors";

type Path = (string | number)[];
type Report = (path: Path, expected: string, given: unknown, described?: string) => void;

/** Regions where AWS offers only two availability zones to new accounts. */
export const TWO_ZONE_REGIONS = ["us-west-1"];

/** Jobs awaited during `pulumi up` on aws run under a Lambda function: 15 minutes at most, minus polling. */
export const AWS_DEPLOY_RUN_SECONDS = { min: 60, max: 840 };

/**
 * Keys the AWS composition cannot honour yet, by path pattern, with
 * the issue that brings each (`*` = any list index or mapping key). A key is reported when
 * the stack file sets it.
 */
const NOT_YET_ON_AWS: Array<[Path, string]> = [
    [["services", "*", "directIngress"], "the load balancer arrives with the AWS edge issue"],
    [["jobs", "*", "retries"], "ECS runs a task once; retries are not yet on AWS"],
    [["jobs", "*", "parallelism"], "one task per run is all the AWS job runs yet"],
    [["buckets", "*", "retentionDays"], "S3 Object Lock is not yet on AWS"],
];

/** CloudFront, ACM and WAF limits the spec must fit on AWS (CloudFront and ACM quotas). */
export const AWS_EDGE_LIMITS = { certificateNames: 10, cspLength: 1783 };

/** Keys only GCP has: an error on aws even where a section is otherwise allowed. */
const GCP_ONLY: Path[] = [
    ["network", "privateServicesPrefixLength"],
    // On AWS every task leaves through the NAT gateways' Elastic IPs (the `egressIps` output):
    // one per zone in prod, one otherwise. `services[].staticEgressIp` is honoured as it is.
    ["network", "staticEgressIps"],
    ["database", "edition"],
    ["edge", "certificate"],
    ["edge", "waf", "sensitivity"],
    ["edge", "adaptiveProtection"],
    // AWS Chatbot is authorised in the console once; it needs no token.
    ["alerts", "slack", "authToken"],
    // AWS WAF blocks a client only while it is over the limit: there is no ban duration.
    ["edge", "rateLimit", "banSeconds"],
    ["services", "*", "routes", "*", "rateLimit", "banSeconds"],
];

/** Keys only AWS has: an error on gcp. */
const AWS_ONLY: Path[] = [
    ["alerts", "slack", "workspaceId"],
    ["alerts", "slack", "channelId"],
];

/** Route 53 health checks request every 10 or 30 s from each checker region, nothing slower. */
export const ROUTE53_REQUEST_INTERVAL = 30;

/** Most notifications per AWS budget: one goes to the forecast at 100 %. */
const AWS_BUDGET_ACTUAL_THRESHOLDS = 4;

/** Most email subscribers per AWS Budgets notification. */
const AWS_BUDGET_EMAILS = 10;

/** Every (path, value) in `raw` matching `pattern`, list indices filled in. */
function written(raw: unknown, pattern: Path, at: Path = []): Array<[Path, unknown]> {
    if (pattern.length === 0) return [[at, raw]];
    const [head, ...rest] = pattern;
    if (head === "*") {
        if (Array.isArray(raw)) return raw.flatMap((item, i) => written(item, rest, [...at, i]));
        if (raw === null || typeof raw !== "object") return [];
        return Object.entries(raw).flatMap(([key, item]) => written(item, rest, [...at, key]));
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw) !== (typeof head === "number")) return [];
    const value = (raw as Record<string | number, unknown>)[head];
    return value === undefined ? [] : written(value, rest, [...at, head]);
}

/** Problems of `spec` (parsed from `raw`) on its cloud, one sentence each, naming the key. */
export function cloudProblems(raw: unknown, spec: EnvironmentSpec, namespace: string): string[] {
    const problems: string[] = [];
    const report: Report = (path, expected, given, described) =>
        problems.push(`${keyPath(namespace, path)}: expected ${expected}, got ${described ?? (given === undefined ? "nothing (the key is missing)" : describeValue(given))}`);
    if (spec.cloud === "aws") awsProblems(raw, spec, report);
    else gcpProblems(raw, spec, report);
    return problems;
}

function gcpProblems(raw: unknown, spec: EnvironmentSpec, report: Report): void {
    const on = "on gcp";
    for (const path of AWS_ONLY) {
        for (const [at, value] of written(raw, path)) report(at, `no ${String(at[at.length - 1])} ${on} (an AWS-only key)`, value);
    }
    if (spec.alerts?.slack && spec.alerts.slack.authToken === undefined) {
        report(["alerts", "slack", "authToken"], `the Cloud Monitoring Slack app's token (a \`secure:\` value) ${on}`, undefined);
    }
    if (spec.database && !/^db-[a-z0-9-]+$/.test(spec.database.tier)) {
        report(["database", "tier"], `a Cloud SQL machine tier such as "db-custom-2-8192" ${on}`, spec.database.tier);
    }
    const location = spec.database?.backups.location;
    if (location !== undefined && !/^[a-z]+(-[a-z]+\d+)?$/.test(location)) {
        report(["database", "backups", "location"], `a region or multi-region such as "eu" or "europe-west1" ${on}`, location);
    }
    if (spec.edge.dnsZone !== undefined && !/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(spec.edge.dnsZone)) {
        report(["edge", "dnsZone"], `the name of an existing Cloud DNS managed zone ${on}`, spec.edge.dnsZone);
    }
    const retention = spec.logs.retentionDays;
    if (retention !== undefined && retention > 3650) report(["logs", "retentionDays"], "an integer from 1 to 3650", retention);
}

function awsProblems(raw: unknown, spec: EnvironmentSpec, report: Report): void {
    const on = "when cloud is \"aws\"";
    if (!AWS_REGION.test(spec.region)) report(["region"], `an AWS region such as "eu-central-1" ${on}`, spec.region);
    else zoneProblems(spec, report);

    for (const path of GCP_ONLY) {
        for (const [at, value] of written(raw, path)) report(at, `no ${String(at[at.length - 1])} ${on} (a GCP-only key)`, value);
    }
    for (const [pattern, why] of NOT_YET_ON_AWS) {
        for (const [at, value] of written(raw, pattern)) {
            const key = String(at[at.length - 1]);
            const section = value !== null && typeof value === "object" && !Array.isArray(value);
            report(at, `no ${key} ${on} (not yet on AWS: ${why})`, value, section ? `${/^[aeiou]/.test(key) ? "an" : "a"} ${key} section` : undefined);
        }
    }

    // Fargate runs fixed CPU/memory pairs only; never round what was asked.
    const sized: Array<[Path, { cpu: number; memoryMiB: number }]> = [
        ...spec.services.map((s, i) => [["services", i], s] as [Path, typeof s]),
        ...spec.jobs.map((j, i) => [["jobs", i], j] as [Path, typeof j]),
    ];
    for (const [at, w] of sized) {
        const size = fargateSizeProblem(w.cpu, w.memoryMiB);
        if (size) report([...at, size.field], size.expected, size.field === "cpu" ? w.cpu : w.memoryMiB);
    }
    // Secrets Manager version IDs are UUIDs: a spec pin such as "name@3" has no meaning there.
    const sections = [["services", spec.services], ["jobs", spec.jobs]] as const;
    for (const [section, list] of sections) {
        list.forEach((w, i) => {
            for (const [envName, ref] of Object.entries(w.secretEnv)) {
                if (/@(?!latest$)/.test(ref)) {
                    report([section, i, "secretEnv", envName], `a secret name without a version pin ${on} (tasks read the current value when they start)`, ref);
                }
            }
        });
    }
    spec.services.forEach((s, i) => {
        // Target tracking needs a running task's metrics to scale out: an ECS service never starts from zero.
        if (s.minInstances === 0) report(["services", i, "minInstances"], `at least 1 ${on} (an ECS service does not scale up from zero tasks)`, 0);
        // Written only: the schema's default (300, Cloud Run's) is taken as the AWS maximum.
        for (const [at, value] of written(raw, ["services", i, "timeoutSeconds"])) {
            if (typeof value === "number" && value > AWS_MAX_REQUEST_SECONDS) {
                report(at, `at most ${AWS_MAX_REQUEST_SECONDS} seconds ${on} (CloudFront waits at most 60 s for the origin without a quota raise; the load balancer's idle timeout follows)`, value);
            }
        }
    });
    spec.jobs.forEach((j, i) => {
        if (j.schedule) {
            const converted = eventBridgeCron(j.schedule.cron);
            if ("problem" in converted) report(["jobs", i, "schedule", "cron"], `${converted.problem} ${on}`, j.schedule.cron);
        }
        const { min, max } = AWS_DEPLOY_RUN_SECONDS;
        if (j.runOnDeploy && (j.timeoutSeconds < min || j.timeoutSeconds > max)) {
            report(["jobs", i, "timeoutSeconds"], `${min} to ${max} for a runOnDeploy job ${on} (the deploy waits for it through a Lambda function, 15 minutes at most)`, j.timeoutSeconds);
        } else if (!j.runOnDeploy && written(raw, ["jobs", i, "timeoutSeconds"]).length) {
            report(["jobs", i, "timeoutSeconds"], `no timeoutSeconds on a job without runOnDeploy ${on} (not yet on AWS: ECS tasks have no run time limit)`, j.timeoutSeconds);
        }
    });

    // The VPC is carved into eight blocks (subnets of up to 4 zones); a /22 is the smallest that leaves each usable.
    const prefix = Number(spec.network.cidr.split("/")[1]);
    if (prefix < 16 || prefix > 22) report(["network", "cidr"], `a range from /16 to /22 ${on} (the VPC's subnets are carved from it)`, spec.network.cidr);

    observabilityProblems(raw, spec, report);

    const retention = spec.logs.retentionDays;
    const retentionProblem = retention === undefined ? undefined : cloudWatchRetentionProblem(retention);
    if (retentionProblem) report(["logs", "retentionDays"], retentionProblem, retention);
    if (spec.database) awsDatabaseProblems(raw, spec, spec.database, report);
    // 7.1 runs as Redis OSS, 7.2 and later as Valkey (components/core/elasticache.ts); every memoryGb (1-300) has a node type.
    const cacheVersion = spec.cache?.version;
    if (cacheVersion !== undefined && !cacheEngineOf(cacheVersion)) report(["cache", "version"], `${CACHE_VERSION_EXPECTED} ${on}`, cacheVersion);
    if (spec.edge.dnsZone !== undefined && !/^Z[A-Z0-9]{1,31}$/.test(spec.edge.dnsZone)) {
        report(["edge", "dnsZone"], `a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ" ${on}`, spec.edge.dnsZone);
    }
    edgeProblems(spec, report);
}

/** CloudFront, ACM and WAF limits the GCP edge does not have; every one names its spec key. */
function edgeProblems(spec: EnvironmentSpec, report: Report): void {
    const on = "when cloud is \"aws\"";
    const names = spec.domains.length + spec.edge.redirects.length;
    if (names > AWS_EDGE_LIMITS.certificateNames) {
        report(["domains"], `at most ${AWS_EDGE_LIMITS.certificateNames} domains and redirect hosts together ${on} (one ACM certificate covers them; ACM's default quota)`, spec.domains, `${names} names`);
    }
    const csp = (at: Path, value: string | undefined) => {
        if (value !== undefined && value.length > AWS_EDGE_LIMITS.cspLength) {
            report(at, `a Content-Security-Policy of at most ${AWS_EDGE_LIMITS.cspLength} characters ${on} (a CloudFront response headers policy's limit)`, value, `${value.length} characters`);
        }
    };
    csp(["edge", "contentSecurityPolicy"], spec.edge.contentSecurityPolicy);
    if (isProd(spec.tier) && spec.edge.waf.mode === "preview") {
        report(["edge", "waf", "mode"], `"enforce" in prod ${on} (preview the WAF rules outside prod)`, spec.edge.waf.mode);
    }
    spec.services.forEach((svc, i) => {
        svc.routes.forEach((r, j) => {
            csp(["services", i, "routes", j, "contentSecurityPolicy"], r.contentSecurityPolicy);
            const limit = spec.edge.rateLimit.requestsPerMinute;
            if (r.rateLimit && r.rateLimit.requestsPerMinute > limit) {
                report(["services", i, "routes", j, "rateLimit", "requestsPerMinute"], `at most edge.rateLimit.requestsPerMinute (${limit}) ${on} (every request also counts against the edge's limit)`, r.rateLimit.requestsPerMinute);
            }
        });
    });
}

/** What RDS cannot honour of the database section (the rest maps one to one: infra/aws/data.ts). */
function awsDatabaseProblems(raw: unknown, spec: EnvironmentSpec, d: DatabaseSpec, report: Report): void {
    const on = "when cloud is \"aws\"";
    // The schema's default tier is a Cloud SQL one: only a tier the stack file sets is checked.
    if (written(raw, ["database", "tier"]).length && !/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(d.tier)) {
        report(["database", "tier"], `an RDS instance class such as "db.t4g.medium" ${on}`, d.tier);
    } else if (d.engine === "mysql" && /^db\.t[234]g?\.(micro|small)$/.test(d.tier)) {
        report(["database", "tier"], `a class with Performance Insights for mysql (not *.micro or *.small) ${on}`, d.tier);
    }
    if (d.version !== undefined && !RDS_VERSIONS[d.engine].includes(d.version)) {
        report(["database", "version"], `one of ${RDS_VERSIONS[d.engine].join(", ")} for ${d.engine} ${on}`, d.version);
    }
    if (d.storageGb < 20) report(["database", "storageGb"], `at least 20 ${on} (the smallest gp3 volume)`, d.storageGb);
    const floor = Math.ceil((d.storageGb * 11) / 10);
    if (d.storageLimitGb !== 0 && d.storageLimitGb < floor) {
        report(["database", "storageLimitGb"], `0 (RDS's maximum) or at least 10 % above storageGb (${floor}) ${on}`, d.storageLimitGb);
    }
    const { retainedBackups, pitrDays, location, startTime } = d.backups;
    // RDS keeps daily backups and transaction logs for one retention period (1-35 days).
    if (retainedBackups !== undefined && retainedBackups > 35) {
        report(["database", "backups", "retainedBackups"], `1 to 35 ${on} (days of automated backups)`, retainedBackups);
    } else if (retainedBackups !== undefined && pitrDays !== undefined && pitrDays > retainedBackups) {
        report(["database", "backups", "pitrDays"], `at most retainedBackups (${retainedBackups}) ${on} (RDS keeps transaction logs as long as the backups)`, pitrDays);
    }
    if (location !== undefined && (!AWS_REGION.test(location) || location === spec.region)) {
        report(["database", "backups", "location"], `an AWS region other than the environment's (${spec.region}) ${on}`, location);
    }
    if (windowsOverlap(startTime, d.maintenance.hour)) {
        report(["database", "backups", "startTime"], `a 30-minute backup window clear of the maintenance hour (${d.maintenance.hour}:00 UTC) ${on}`, startTime);
    }
    if (d.user === DATABASE_ADMIN_USER || d.user.startsWith("rds")) {
        report(["database", "user"], `a name other than the master user "${DATABASE_ADMIN_USER}" and rds* users ${on}`, d.user);
    }
}

/** The zones must be named, belong to the region, and be 2 to 4 (3 or more in prod where the region has them). */
function zoneProblems(spec: EnvironmentSpec, report: Report): void {
    const zones = spec.aws?.availabilityZones;
    const at: Path = ["aws", "availabilityZones"];
    const min = spec.tier === "prod" && !TWO_ZONE_REGIONS.includes(spec.region) ? 3 : 2;
    const expected = `${min} to 4 distinct availability zones of ${spec.region} such as ["${spec.region}a", "${spec.region}b"${min === 3 ? `, "${spec.region}c"` : ""}]${min === 3 ? " (prod spreads over 3)" : ""}`;
    if (!spec.aws) return;
    if (!zones) return report(at, expected, undefined);
    if (zones.length < min || zones.length > 4 || new Set(zones).size !== zones.length) report(at, expected, zones);
    zones.forEach((z, i) => {
        if (!isAvailabilityZoneOf(z, spec.region)) report([...at, i], `a zone of ${spec.region} such as "${spec.region}a"`, z);
    });
}

/** What `alerts`, `budget`, `logs` and uptime probes can mean on AWS (Route 53, AWS Budgets, CloudWatch). */
function observabilityProblems(raw: unknown, spec: EnvironmentSpec, report: Report): void {
    const on = "when cloud is \"aws\"";
    const slack = spec.alerts?.slack;
    if (slack) {
        if (slack.workspaceId === undefined) report(["alerts", "slack", "workspaceId"], `the Slack workspace ID AWS Chatbot was authorised for, such as "T0123456789", ${on}`, undefined);
        if (slack.channelId === undefined) report(["alerts", "slack", "channelId"], `the Slack channel's ID, such as "C0123456789", ${on} (AWS Chatbot takes IDs, not names)`, undefined);
    }
    for (const [at, value] of written(raw, ["alerts", "uptime", "timeoutSeconds"])) {
        report(at, `no timeoutSeconds ${on} (Route 53 health checks have a fixed timeout: 4 s to connect, then 2 s to answer)`, value);
    }
    const contentMatch = spec.alerts?.uptime.contentMatch;
    if (contentMatch !== undefined && contentMatch.length > 255) {
        report(["alerts", "uptime", "contentMatch"], `at most 255 characters ${on} (Route 53's searchString)`, contentMatch, `${contentMatch.length} characters`);
    }
    const probes: Array<[string, number, { acceptedStatus?: string[] } | undefined]> = [
        ...spec.services.map((s, i) => ["services", i, s.uptime] as [string, number, typeof s.uptime]),
        ...spec.sites.map((s, i) => ["sites", i, s.uptime] as [string, number, typeof s.uptime]),
    ];
    for (const [section, i, uptime] of probes) {
        if (uptime?.acceptedStatus?.includes("4xx")) {
            report([section, i, "uptime", "acceptedStatus"], `only "2xx" and "3xx" ${on} (Route 53 counts 2xx and 3xx as healthy, nothing else)`, uptime.acceptedStatus);
        }
    }
    for (const [at, value] of written(raw, ["logs", "archiveBucket"])) {
        if (value === true) {
            report(at, `false ${on} (CloudWatch Logs already keeps every log group KMS-encrypted for logs.retentionDays, up to 3653 days: raise that instead of archiving to S3)`, value);
        }
    }
    const budget = spec.budget;
    if (budget) {
        if (budget.currency !== "USD") report(["budget", "currency"], `"USD" ${on} (AWS Budgets tracks cost in USD only)`, budget.currency);
        if (budget.thresholdPercents.length > AWS_BUDGET_ACTUAL_THRESHOLDS) {
            report(["budget", "thresholdPercents"], `at most ${AWS_BUDGET_ACTUAL_THRESHOLDS} percentages ${on} (AWS Budgets sends at most 5 notifications per budget; one is the forecast at 100 %)`, budget.thresholdPercents);
        }
        if (new Set(budget.thresholdPercents).size !== budget.thresholdPercents.length) {
            report(["budget", "thresholdPercents"], `each percentage once ${on}`, budget.thresholdPercents);
        }
        const emails = spec.alerts?.emails ?? [];
        if (emails.length > AWS_BUDGET_EMAILS) {
            report(["alerts", "emails"], `at most ${AWS_BUDGET_EMAILS} addresses when a budget is configured ${on} (AWS Budgets notifies at most ${AWS_BUDGET_EMAILS} per notification)`, emails, `${emails.length} addresses`);
        }
    }
}
