import { policyNamed } from "../../../policy/policies";
import { r, urn, validateResource, validateStack } from "../harness";

const T = {
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    check: "aws:route53/healthCheck:HealthCheck",
    cert: "aws:acm/certificate:Certificate",
    distribution: "aws:cloudfront/distribution:Distribution",
    db: "aws:rds/instance:Instance",
    redis: "aws:elasticache/replicationGroup:ReplicationGroup",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    service: "aws:ecs/service:Service",
    rule: "aws:cloudwatch/eventRule:EventRule",
    filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    budget: "aws:budgets/budget:Budget",
    vpc: "aws:ec2/vpc:Vpc",
};
const TOPIC = "arn:aws:sns:us-east-1:123456789012:acme-prod-alarms";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const RUNBOOK = "It fired. Full runbook (causes, first steps): https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-prod-runbooks , section \"x\".";
const routed = { alarmActions: [TOPIC], okActions: [TOPIC], alarmDescription: RUNBOOK };

describe("alerts-have-runbooks on AWS", () => {
    it("passes an alarm that notifies both ways with a runbook link, and a topic under a customer-managed key", async () => {
        expect((await validateResource("alerts-have-runbooks", T.alarm, routed)).messages).toEqual([]);
        expect((await validateResource("alerts-have-runbooks", T.topic, { kmsMasterKeyId: KEY })).messages).toEqual([]);
    });

    it("fails an alarm that tells nobody, not its recovery, or has no runbook; and one over 1,024 characters", async () => {
        expect((await validateResource("alerts-have-runbooks", T.alarm, { alarmDescription: "CPU high" }, { name: "api-cpu" })).messages).toEqual([
            'CloudWatch alarm "api-cpu" lacks alarmActions (an SNS topic; with actionsEnabled) so that someone is told when it fires, okActions so that the recovery ' +
                "is told too and an alarmDescription saying what fired with a link to its runbook (what fired, likely causes, first steps).",
        ]);
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, actionsEnabled: false }, { name: "api-cpu" })).messages).toEqual([
            'CloudWatch alarm "api-cpu" lacks alarmActions (an SNS topic; with actionsEnabled) so that someone is told when it fires.',
        ]);
        // " runbook https://x" is 18 characters: 1,024 in all passes, 1,025 fails.
        const described = (xs: number) => validateResource("alerts-have-runbooks", T.alarm, { ...routed, alarmDescription: `${"x".repeat(xs)} runbook https://x` }, { name: "api-cpu" });
        expect((await described(1006)).messages).toEqual([]);
        expect((await described(1007)).messages).toEqual(["CloudWatch alarm \"api-cpu\" lacks an alarmDescription within CloudWatch's 1,024 characters (it has 1025)."]);
    });

    it("fails a topic without encryption or under the AWS-managed SNS key", async () => {
        expect((await validateResource("alerts-have-runbooks", T.topic, {}, { name: "alarms" })).messages).toEqual([
            'SNS topic "alarms" is not encrypted; set kmsMasterKeyId to a customer-managed KMS key whose policy lets cloudwatch.amazonaws.com and budgets.amazonaws.com use it.',
        ]);
        expect((await validateResource("alerts-have-runbooks", T.topic, { kmsMasterKeyId: "alias/aws/sns" }, { name: "alarms" })).messages).toEqual([
            'SNS topic "alarms" is encrypted with the AWS-managed key aws/sns, whose policy CloudWatch and Budgets cannot use, so alarms never reach it; ' +
                "set kmsMasterKeyId to a customer-managed KMS key whose policy lets cloudwatch.amazonaws.com and budgets.amazonaws.com use it.",
        ]);
    });
});

describe("uptime-and-alerts-per-public-host on AWS", () => {
    const cert = r(T.cert, "edge-cert", { domainName: "app.example.com", subjectAlternativeNames: ["api.example.com"] });
    const cdn = r(T.distribution, "edge-cdn", { aliases: ["app.example.com"] });
    const check = (host: string, type = "HTTPS") => r(T.check, `uptime-${host}`, { fqdn: host, type, enableSni: true });
    const alarmOn = (host: string, props = routed) => r(T.alarm, `uptime-${host}-down`, { ...props, namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimensions: { HealthCheckId: `uptime-${host}-id` } });

    it("passes when every certificate name and CloudFront alias has an HTTPS health check and a notifying alarm", async () => {
        const out = await validateStack("uptime-and-alerts-per-public-host", [cert, cdn, check("app.example.com"), alarmOn("app.example.com"), check("api.example.com"), alarmOn("api.example.com")]);
        expect(out.messages).toEqual([]);
    });

    it("fails a host without a check, a check over plain HTTP, one without an alarm and an alarm that notifies nobody", async () => {
        const out = await validateStack("uptime-and-alerts-per-public-host", [
            cert, cdn, check("app.example.com", "HTTP"), alarmOn("app.example.com", { ...routed, alarmActions: [] }),
        ]);
        expect(out.messages).toEqual([
            "Route 53 health check \"uptime-app.example.com\" probes app.example.com with type HTTP; use HTTPS (or HTTPS_STR_MATCH) so TLS is checked too.",
            'CloudWatch alarm "uptime-app.example.com-down" watching app.example.com notifies nobody; set alarmActions.',
            'Public host api.example.com (from ACM certificate "edge-cert") has no uptime check; add a Route 53 HTTPS health check with fqdn api.example.com.',
        ]);
        const silent = await validateStack("uptime-and-alerts-per-public-host", [cdn, check("app.example.com")]);
        expect(silent.messages).toEqual(['Route 53 health check "uptime-app.example.com" for app.example.com has no CloudWatch alarm on its HealthCheckStatus, so an outage would go unnoticed.']);
    });

    it("fails a CloudFront distribution that speaks TLS 1.3 only to a checked host, and passes TLS 1.2", async () => {
        const tls = (v: string) => r(T.distribution, "edge-cdn", { aliases: ["app.example.com"], viewerCertificate: { minimumProtocolVersion: v } });
        expect((await validateStack("uptime-and-alerts-per-public-host", [tls("TLSv1.2_2021"), check("app.example.com"), alarmOn("app.example.com")])).messages).toEqual([]);
        expect((await validateStack("uptime-and-alerts-per-public-host", [tls("TLSv1.3_2025"), check("app.example.com"), alarmOn("app.example.com")])).messages).toEqual([
            'CloudFront distribution "edge-cdn" serves app.example.com with TLS 1.3 only (TLSv1.3_2025), which Route 53 health checkers cannot speak; use TLSv1.2_2021 or TLSv1.2_2025.',
        ]);
    });

    it("leaves out a host whose distribution only redirects (www → apex), even when a certificate names it", async () => {
        const www = r(T.distribution, "edge-www", { aliases: ["www.example.com"], origins: [{ originId: "redirect", domainName: "app.example.com" }] });
        const certWithWww = r(T.cert, "edge-cert", { domainName: "app.example.com", subjectAlternativeNames: ["www.example.com"] });
        expect((await validateStack("uptime-and-alerts-per-public-host", [certWithWww, www, check("app.example.com"), alarmOn("app.example.com")])).messages).toEqual([]);
        // A distribution with a real origin besides is not a redirect.
        const mixed = r(T.distribution, "edge-www", { aliases: ["www.example.com"], origins: [{ originId: "redirect" }, { originId: "api" }] });
        expect((await validateStack("uptime-and-alerts-per-public-host", [certWithWww, mixed, check("app.example.com"), alarmOn("app.example.com")])).messages).toEqual([
            'Public host www.example.com (from CloudFront distribution "edge-www") has no uptime check; add a Route 53 HTTPS health check with fqdn www.example.com.',
        ]);
    });

    it("counts an alarm on HealthCheckStatus that takes the check's computed ID (depends on it)", async () => {
        const c = check("app.example.com");
        const computed = r(T.alarm, "uptime-app-down", { ...routed, metricName: "HealthCheckStatus", dimensions: { HealthCheckId: "0f1e2d3c-aaaa-bbbb-cccc-123456789012" } }, [c]);
        expect((await validateStack("uptime-and-alerts-per-public-host", [cdn, c, computed])).messages).toEqual([]);
        // The same alarm without the dependency names another check.
        const other = r(T.alarm, "uptime-app-down", { ...routed, metricName: "HealthCheckStatus", dimensions: { HealthCheckId: "0f1e2d3c-aaaa-bbbb-cccc-123456789012" } });
        expect((await validateStack("uptime-and-alerts-per-public-host", [cdn, c, other])).messages).toHaveLength(1);
    });

    it("does not apply to an AWS stack without public hosts", async () => {
        expect((await validateStack("uptime-and-alerts-per-public-host", [r(T.vpc, "network-vpc", {})])).notApplicable).toContain("no public host (CloudFront alias or certificate domain)");
    });
});

describe("stateful-resources-alerted on AWS", () => {
    const db = r(T.db, "db-main", { identifier: "acme-prod-main" });
    const redis = r(T.redis, "cache", { replicationGroupId: "acme-prod-cache" });

    it("passes a database and a cache each watched by a notifying alarm", async () => {
        const out = await validateStack("stateful-resources-alerted", [
            db, redis,
            r(T.alarm, "db-cpu", { ...routed, dimensions: { DBInstanceIdentifier: "acme-prod-main" } }),
            r(T.alarm, "cache-memory-1", { ...routed, dimensions: { CacheClusterId: "acme-prod-cache-001" } }),
        ]);
        expect(out.messages).toEqual([]);
    });

    it("fails a database and a cache nobody is told about", async () => {
        const out = await validateStack("stateful-resources-alerted", [db, redis, r(T.alarm, "db-cpu", { dimensions: { DBInstanceIdentifier: "acme-prod-main" } })]);
        expect(out.messages).toEqual([
            'RDS instance "db-main" has no CloudWatch alarm that notifies anyone, so running out of CPU, memory, storage or connections would go unnoticed.',
            'ElastiCache replication group "cache" has no CloudWatch alarm that notifies anyone, so running out of CPU, memory, storage or connections would go unnoticed.',
        ]);
    });
});

describe("jobs-and-workers-alerted on AWS", () => {
    const job = r(T.taskDef, "job-migrate-task", { family: "acme-prod-migrate", containerDefinitions: JSON.stringify([{ name: "migrate" }]) });
    const workerTd = r(T.taskDef, "worker-task", { family: "acme-prod-worker", containerDefinitions: JSON.stringify([{ name: "worker", portMappings: [] }]) });
    const worker = r(T.service, "worker-service", { name: "acme-prod-worker", taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-worker:1" });
    const webTd = r(T.taskDef, "api-task", { family: "acme-prod-api", containerDefinitions: JSON.stringify([{ name: "api", portMappings: [{ containerPort: 8080 }] }]) });
    const web = r(T.service, "api-service", { name: "acme-prod-api", taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-api:1" });
    const rule = r(T.rule, "failures", { eventPattern: JSON.stringify({ detail: { group: ["family:acme-prod-migrate", "service:acme-prod-worker"] } }) });
    const filters = [
        r(T.filter, "f1", { pattern: '{ $.detail.group = "family:acme-prod-migrate" }', metricTransformation: { name: "job-migrate-failed" } }),
        r(T.filter, "f2", { pattern: '{ $.detail.group = "service:acme-prod-worker" }', metricTransformation: { name: "worker-worker-exited" } }),
    ];
    const alarms = [r(T.alarm, "a1", { ...routed, metricName: "job-migrate-failed" }), r(T.alarm, "a2", { ...routed, metricName: "worker-worker-exited" })];

    it("passes a job and a worker whose stopped tasks are counted and alarmed on; a web service needs neither", async () => {
        expect((await validateStack("jobs-and-workers-alerted", [job, workerTd, worker, webTd, web, rule, ...filters, ...alarms])).messages).toEqual([]);
    });

    it("leaves a task a state machine runs to completion (runTask.sync) to that machine, and only that one", async () => {
        const verify = r(T.taskDef, "restore-drill-task", { family: "acme-prod-restore-drill", containerDefinitions: JSON.stringify([{ name: "restore-drill" }]) });
        const machine = (resource: string) => r("aws:sfn/stateMachine:StateMachine", "restore-drill-state-machine", { definition: JSON.stringify({ States: { Verify: {
            Type: "Task", Resource: resource, Arguments: { TaskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-restore-drill:1" },
        } } }) });
        expect((await validateStack("jobs-and-workers-alerted", [job, verify, machine("arn:aws:states:::ecs:runTask.sync"), rule, ...filters, ...alarms])).messages).toEqual([]);
        // Started without waiting for it, its failure is nobody's.
        expect((await validateStack("jobs-and-workers-alerted", [job, verify, machine("arn:aws:states:::ecs:runTask"), rule, ...filters, ...alarms])).messages).toEqual([
            'ECS task definition "restore-drill-task" has no EventBridge rule on its stopped tasks (ECS group family:acme-prod-restore-drill), so a failed run (a failed migration or nightly run) would go unnoticed.',
        ]);
    });

    it("fails a job without a rule and a worker without a notifying alarm", async () => {
        const out = await validateStack("jobs-and-workers-alerted", [
            job, workerTd, worker, webTd, web,
            r(T.rule, "workers", { eventPattern: JSON.stringify({ detail: { group: ["service:acme-prod-worker"] } }) }),
            filters[1], r(T.alarm, "a2", { metricName: "worker-worker-exited" }),
        ]);
        expect(out.messages).toEqual([
            'ECS task definition "job-migrate-task" has no EventBridge rule on its stopped tasks (ECS group family:acme-prod-migrate), so a failed run (a failed migration or nightly run) would go unnoticed.',
            'ECS service "worker-service" has no notifying alarm on the count of its failed tasks (ECS group service:acme-prod-worker), so a crash loop (a queue nobody works off) would go unnoticed.',
        ]);
    });
});

describe("billing-budget on AWS", () => {
    it("passes a budget with notifications", async () => {
        expect((await validateStack("billing-budget", [r(T.vpc, "network-vpc", {}), r(T.budget, "budget", { notifications: [{ threshold: 50 }] })])).messages).toEqual([]);
    });

    it("fails an AWS stack without a budget, and a budget that never notifies", async () => {
        expect((await validateStack("billing-budget", [r(T.vpc, "network-vpc", {})])).messages).toEqual([
            "No budget watches this environment's spend: add a aws:budgets/budget:Budget (budgetType COST) with notifications.",
        ]);
        expect((await validateStack("billing-budget", [r(T.vpc, "network-vpc", {}), r(T.budget, "budget", { notifications: [] })])).messages).toEqual([
            'Budget "budget" has no notifications, so it never alerts; add notifications (for example actual spend at 50, 90 and 100 percent).',
        ]);
    });
});

/** `props` with `keys` unknown, as during a real preview (reading one throws the SDK's error). */
function unknownAt(props: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
    const out = { ...props };
    for (const key of keys) {
        Object.defineProperty(out, key, {
            enumerable: true,
            get() {
                throw new Error(`The value at .${key} can't be known during preview`);
            },
        });
    }
    return out;
}

describe("AWS observability rules: what each looks at", () => {
    it.each([
        ["uptime-and-alerts-per-public-host", [T.distribution, T.cert, T.check, T.alarm]],
        ["alerts-have-runbooks", [T.alarm, T.topic]],
        ["stateful-resources-alerted", [T.db, T.redis, T.alarm]],
        ["jobs-and-workers-alerted", [T.taskDef, T.service, T.rule, T.filter, T.alarm, "aws:sfn/stateMachine:StateMachine"]],
        ["log-retention-set", ["aws:cloudwatch/logGroup:LogGroup"]],
        ["logs-encrypted", ["aws:cloudwatch/logGroup:LogGroup"]],
        ["billing-budget", [T.budget]],
    ])("%s applies to its AWS resource types", (name, types) => {
        expect(policyNamed(name)!.appliesTo.filter((t) => t.startsWith("aws:")).sort()).toEqual([...new Set(types)].sort());
    });
});

describe("AWS observability rules: branches found by mutation testing", () => {
    const LOG = "aws:cloudwatch/logGroup:LogGroup";
    const vpc = r(T.vpc, "network-vpc", {});

    it("log-retention-set: says day for one day, counts a computed retention as set, and skips stacks without log groups", async () => {
        const one = r(LOG, "flow", { retentionInDays: 1 });
        expect((await validateStack("log-retention-set", [one], { tier: "prod" })).messages).toEqual([
            'Log group "flow" keeps logs for 1 day; keep them at least 30 days (retentionInDays).',
        ]);
        expect((await validateStack("log-retention-set", [r(LOG, "flow", { retentionInDays: 30 })], { tier: "prod" })).messages).toEqual([]);
        expect((await validateStack("log-retention-set", [r(LOG, "flow", { retentionInDays: 29 })], { tier: "prod" })).urns).toHaveLength(1);
        expect((await validateStack("log-retention-set", [r(LOG, "flow", unknownAt({}, "retentionInDays"))], { tier: "prod" })).messages).toEqual([]);
        expect((await validateStack("log-retention-set", [vpc])).notApplicable).toBe("no GCP resources in this stack; no CloudWatch log group in this stack");
    });

    it("logs-encrypted: a computed key counts as set", async () => {
        expect((await validateResource("logs-encrypted", LOG, unknownAt({}, "kmsKeyId"))).messages).toEqual([]);
    });

    it("alerts-have-runbooks: computed actions, recovery actions and descriptions count as set; a description needs both the word and a link", async () => {
        expect((await validateResource("alerts-have-runbooks", T.alarm, unknownAt({}, "alarmActions", "okActions", "alarmDescription"))).messages).toEqual([]);
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, actionsEnabled: true })).messages).toEqual([]);
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, alarmDescription: "RUNBOOK: https://x" })).messages).toEqual([]);
        const lacksRunbook = ['CloudWatch alarm "a" lacks an alarmDescription saying what fired with a link to its runbook (what fired, likely causes, first steps).'];
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, alarmDescription: "See the runbook in the wiki." }, { name: "a" })).messages).toEqual(lacksRunbook);
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, alarmDescription: "Details: https://wiki.example.com/x" }, { name: "a" })).messages).toEqual(lacksRunbook);
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, alarmDescription: "runbook: https://" }, { name: "a" })).messages).toEqual(lacksRunbook);
        expect((await validateResource("alerts-have-runbooks", T.alarm, { ...routed, okActions: [] }, { name: "a" })).messages).toEqual([
            'CloudWatch alarm "a" lacks okActions so that the recovery is told too.',
        ]);
        expect((await validateResource("alerts-have-runbooks", T.topic, unknownAt({}, "kmsMasterKeyId"))).messages).toEqual([]);
    });

    const cdn = r(T.distribution, "edge-cdn", { aliases: ["app.example.com"] });
    const check = r(T.check, "uptime-app", { fqdn: "app.example.com", type: "HTTPS_STR_MATCH" });

    it("uptime-and-alerts-per-public-host: wildcard names are no host, an alarm may name the check through a metric query or wait for its ID", async () => {
        const wildcard = r(T.cert, "edge-cert", { domainName: "*.example.com", subjectAlternativeNames: ["app.example.com"] });
        const viaQuery = r(T.alarm, "uptime-app-down", { ...routed, metricQueries: [{ id: "m", metric: { dimensions: { HealthCheckId: "uptime-app-id" } } }] });
        expect(await validateStack("uptime-and-alerts-per-public-host", [wildcard, cdn, check, viaQuery])).toEqual({ messages: [], urns: [] });
        // Before the check exists its ID, and so the alarm's dimensions, are unknown: the dependency tells.
        const pending = r(T.alarm, "uptime-app-down", unknownAt(routed, "dimensions"), [check]);
        expect((await validateStack("uptime-and-alerts-per-public-host", [cdn, check, pending])).messages).toEqual([]);
        expect((await validateStack("uptime-and-alerts-per-public-host", [cdn, check, r(T.alarm, "uptime-app-down", unknownAt(routed, "dimensions"))])).messages).toHaveLength(1);
        // An alarm on another metric of the check, or on another check, does not watch it.
        const otherMetric = r(T.alarm, "uptime-app-latency", { ...routed, metricName: "TimeToFirstByte" }, [check]);
        const otherCheck = r(T.alarm, "uptime-api-down", { ...routed, dimensions: { HealthCheckId: "uptime-api-id" } });
        const out = await validateStack("uptime-and-alerts-per-public-host", [cdn, check, otherMetric, otherCheck]);
        expect(out.messages).toEqual(['Route 53 health check "uptime-app" for app.example.com has no CloudWatch alarm on its HealthCheckStatus, so an outage would go unnoticed.']);
        expect(out.urns).toEqual([urn(check)]);
        // A check whose probe type is computed is taken for HTTPS; the alarm naming its ID counts.
        const byId = r(T.check, "uptime-app", unknownAt({ fqdn: "app.example.com", id: "0f1e2d3c-aaaa" }, "type"));
        expect((await validateStack("uptime-and-alerts-per-public-host", [cdn, byId, r(T.alarm, "a", { ...routed, dimensions: { HealthCheckId: "0f1e2d3c-aaaa" } })])).messages).toEqual([]);
    });

    it("uptime-and-alerts-per-public-host: reports against the resource at fault, and TLS only of a distribution", async () => {
        const tls13 = r(T.distribution, "edge-cdn", { aliases: ["app.example.com"], viewerCertificate: { minimumProtocolVersion: "TLSv1.3_2025" } });
        const silent = r(T.alarm, "uptime-app-down", { ...routed, actionsEnabled: false, dimensions: { HealthCheckId: "uptime-app-id" } });
        const out = await validateStack("uptime-and-alerts-per-public-host", [tls13, check, silent]);
        expect(out.messages).toEqual([
            'CloudFront distribution "edge-cdn" serves app.example.com with TLS 1.3 only (TLSv1.3_2025), which Route 53 health checkers cannot speak; use TLSv1.2_2021 or TLSv1.2_2025.',
            'CloudWatch alarm "uptime-app-down" watching app.example.com notifies nobody; set alarmActions.',
        ]);
        expect(out.urns).toEqual([urn(tls13), urn(silent)]);
        const cert = r(T.cert, "edge-cert", { domainName: "app.example.com" });
        expect((await validateStack("uptime-and-alerts-per-public-host", [cert])).urns).toEqual([urn(cert)]);
        expect((await validateStack("uptime-and-alerts-per-public-host", [r("gcp:compute/network:Network", "n", {})])).notApplicable)
            .toBe("no public host (URL map host rule or certificate domain) in this stack; no AWS resources in this stack");
    });

    const db = r(T.db, "db-main", { identifier: "acme-prod-main" });
    const redis = r(T.redis, "cache", { replicationGroupId: "acme-prod-cache" });

    it("stateful-resources-alerted: a metric query or a pending alarm that depends on the resource counts; a cache's alarm names one of its own members", async () => {
        const viaQuery = r(T.alarm, "db-lag", { ...routed, metricQueries: [{ id: "m", metric: { dimensions: { DBInstanceIdentifier: "acme-prod-main" } } }] });
        const pending = r(T.alarm, "cache-memory", unknownAt(routed, "dimensions"), [redis]);
        expect(await validateStack("stateful-resources-alerted", [db, redis, viaQuery, pending])).toEqual({ messages: [], urns: [] });
        const pendingDb = r(T.alarm, "db-cpu", unknownAt(routed, "dimensions"), [db]);
        expect((await validateStack("stateful-resources-alerted", [db, pendingDb])).messages).toEqual([]);
        // A cache whose name only starts like this one's, and an alarm on the group's own name, do not count.
        const other = r(T.alarm, "cache2-memory", { ...routed, dimensions: { CacheClusterId: "acme-prod-cache2-001" } });
        const group = r(T.alarm, "cache-memory", { ...routed, dimensions: { CacheClusterId: "acme-prod-cache" } });
        const out = await validateStack("stateful-resources-alerted", [redis, other, group, r(T.alarm, "x", unknownAt(routed, "dimensions"))]);
        expect(out.urns).toEqual([urn(redis)]);
        // A computed identifier: only an alarm depending on the instance can watch it.
        const computed = r(T.db, "db-main", unknownAt({}, "identifier"));
        expect((await validateStack("stateful-resources-alerted", [computed, r(T.alarm, "db-cpu", { ...routed, dimensions: { DBInstanceIdentifier: "" } })])).urns).toEqual([urn(computed)]);
        expect((await validateStack("stateful-resources-alerted", [vpc])).notApplicable).toBe("no database or cache in this stack; no RDS instance or ElastiCache replication group in this stack");
        expect((await validateStack("stateful-resources-alerted", [r("gcp:compute/network:Network", "n", {})])).notApplicable).toBe("no database or cache in this stack; no AWS resources in this stack");
    });

    const rulesFor = (...groups: string[]) => r(T.rule, "failures", { eventPattern: JSON.stringify({ detail: { group: groups } }) });
    const counting = (group: string, metric: string) => r(T.filter, `count-${metric}`, { pattern: `{ $.detail.group = "${group}" }`, metricTransformation: { name: metric } });

    it("jobs-and-workers-alerted: a worker is a service whose containers map no port, and each needs a counter and a notifying alarm on it", async () => {
        const workerTd = r(T.taskDef, "worker-task", { family: "acme-prod-worker", containerDefinitions: [{ name: "worker" }] });
        const worker = r(T.service, "worker-service", { name: "acme-prod-worker", taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-worker:3" });
        const ok = [workerTd, worker, rulesFor("service:acme-prod-worker"), counting("service:acme-prod-worker", "worker-exited"), r(T.alarm, "a", { ...routed, metricName: "worker-exited" })];
        expect(await validateStack("jobs-and-workers-alerted", ok)).toEqual({ messages: [], urns: [] });
        const noCounter = await validateStack("jobs-and-workers-alerted", [...ok.slice(0, 3), r(T.alarm, "a", { ...routed, metricName: "worker-exited" })]);
        expect(noCounter.messages).toEqual([
            'ECS service "worker-service" has no notifying alarm on the count of its failed tasks (ECS group service:acme-prod-worker), so a crash loop (a queue nobody works off) would go unnoticed.',
        ]);
        expect(noCounter.urns).toEqual([urn(worker)]);
        const otherMetric = await validateStack("jobs-and-workers-alerted", [...ok.slice(0, 4), r(T.alarm, "a", { ...routed, metricName: "api-5xx" })]);
        expect(otherMetric.messages).toHaveLength(1);
        // A rule for another group does not match this one.
        expect((await validateStack("jobs-and-workers-alerted", [workerTd, worker, rulesFor("service:acme-prod-worker2"), ...ok.slice(3)])).messages).toHaveLength(1);
    });

    it("jobs-and-workers-alerted: a service with mapped ports (in JSON text, escaped or not) is a web service; one without a task definition family is a job", async () => {
        const service = r(T.service, "api-service", { name: "acme-prod-api", taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-api:1" });
        const web = (containerDefinitions: unknown) => [r(T.taskDef, "api-task", { family: "acme-prod-api", containerDefinitions }), service];
        const NO_WORKLOAD = "no Cloud Run job or worker pool in this stack; no ECS job or worker in this stack";
        expect((await validateStack("jobs-and-workers-alerted", web([{ name: "api", portMappings: [{ containerPort: 8080 }] }]))).notApplicable).toBe(NO_WORKLOAD);
        expect((await validateStack("jobs-and-workers-alerted", web(JSON.stringify([{ name: "api", portMappings: [{ containerPort: 8080 }] }])))).notApplicable).toBe(NO_WORKLOAD);
        // One container mapping a port (the app beside a sidecar) is enough.
        expect((await validateStack("jobs-and-workers-alerted", web(JSON.stringify([{ name: "api", portMappings: [{ containerPort: 8080 }] }, { name: "log-router" }])))).notApplicable).toBe(NO_WORKLOAD);
        // Definitions not known yet (a preview) are taken to map ports, not reported as a worker's on a guess.
        expect((await validateStack("jobs-and-workers-alerted", [r(T.taskDef, "api-task", unknownAt({ family: "acme-prod-api" }, "containerDefinitions")), service])).notApplicable).toBe(NO_WORKLOAD);
        // Another family's revision is not this task definition: it runs as a job.
        const job = r(T.taskDef, "api-task", { family: "acme-prod-ap", containerDefinitions: [] });
        expect((await validateStack("jobs-and-workers-alerted", [job, service])).urns).toEqual([urn(job)]);
        const nameless = r(T.taskDef, "t", { containerDefinitions: [] });
        const anyService = r(T.service, "s", { name: "s", taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/:1" });
        expect((await validateStack("jobs-and-workers-alerted", [nameless, anyService])).messages).toEqual([
            'ECS task definition "t" has no EventBridge rule on its stopped tasks (ECS group family:), so a failed run (a failed migration or nightly run) would go unnoticed.',
        ]);
        expect((await validateStack("jobs-and-workers-alerted", [r("gcp:compute/network:Network", "n", {})])).notApplicable).toBe("no Cloud Run job or worker pool in this stack; no AWS resources in this stack");
    });

    it("unknown or empty names, a second alarm, pretty-printed or secret container JSON, a counter of another group", async () => {
        // A certificate without a domain name or with an empty one, or with names not known yet, adds no host.
        const certs = [r(T.cert, "c1", { subjectAlternativeNames: ["app.example.com"] }), r(T.cert, "c2", { domainName: "" }), r(T.cert, "c3", unknownAt({ domainName: "app.example.com" }, "subjectAlternativeNames"))];
        const alarm = r(T.alarm, "uptime-app-down", { ...routed, dimensions: { HealthCheckId: "uptime-app-id" } });
        expect(await validateStack("uptime-and-alerts-per-public-host", [...certs, check, alarm])).toEqual({ messages: [], urns: [] });
        expect((await validateStack("uptime-and-alerts-per-public-host", [r(T.distribution, "d", unknownAt({}, "aliases"))])).notApplicable)
            .toBe("no public host (URL map host rule or certificate domain) in this stack; no public host (CloudFront alias or certificate domain) in this stack");
        // One notifying alarm among silent ones is enough.
        const silent = r(T.alarm, "uptime-app-silent", { ...routed, alarmActions: [], dimensions: { HealthCheckId: "uptime-app-id" } });
        expect((await validateStack("uptime-and-alerts-per-public-host", [cdn, check, silent, alarm])).messages).toEqual([]);
        expect((await validateResource("alerts-have-runbooks", T.alarm, unknownAt(routed, "actionsEnabled"))).messages).toEqual([]);

        const worker = r(T.service, "worker-service", unknownAt({ taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-worker:3" }, "name"));
        const pretty = (defs: unknown) => r(T.taskDef, "worker-task", { family: "acme-prod-worker", containerDefinitions: JSON.stringify(defs, null, 2) });
        expect((await validateStack("jobs-and-workers-alerted", [pretty([{ name: "worker" }]), worker])).messages).toEqual([
            'ECS service "worker-service" has no EventBridge rule on its stopped tasks (ECS group service:), so a crash loop (a queue nobody works off) would go unnoticed.',
        ]);
        // Pretty-printed JSON text (the pattern this replaced saw its line breaks as text and took a web service for a worker).
        expect((await validateStack("jobs-and-workers-alerted", [pretty([{ name: "api", portMappings: [{ containerPort: 8080 }] }]), worker])).messages).toEqual([]);
        // Definitions the plan shows as a secret cannot tell: no report on a guess.
        expect((await validateStack("jobs-and-workers-alerted", [r(T.taskDef, "worker-task", { family: "acme-prod-worker", containerDefinitions: "[secret]" }), worker])).messages).toEqual([]);
        const job = r(T.taskDef, "job-task", unknownAt({ containerDefinitions: [] }, "family"));
        expect((await validateStack("jobs-and-workers-alerted", [job])).messages[0]).toContain("(ECS group family:)");
        // A counter of another group does not count this one's failures.
        const named = r(T.service, "worker-service", { name: "acme-prod-worker", taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-worker:3" });
        const otherCounter = r(T.filter, "count", { pattern: '{ $.detail.group = "service:acme-prod-other" }', metricTransformation: { name: "worker-exited" } });
        const out = await validateStack("jobs-and-workers-alerted", [pretty([{ name: "worker" }]), named, rulesFor("service:acme-prod-worker"), otherCounter, r(T.alarm, "a", { ...routed, metricName: "worker-exited" })]);
        expect(out.messages).toEqual([
            'ECS service "worker-service" has no notifying alarm on the count of its failed tasks (ECS group service:acme-prod-worker), so a crash loop (a queue nobody works off) would go unnoticed.',
        ]);
    });

    it("billing-budget: a computed notification list counts as set; each budget is judged", async () => {
        expect((await validateStack("billing-budget", [vpc, r(T.budget, "b", unknownAt({}, "notifications"))])).messages).toEqual([]);
        const silent = r(T.budget, "silent", {});
        const out = await validateStack("billing-budget", [vpc, r(T.budget, "b", { notifications: [{ threshold: 50 }] }), silent]);
        expect(out.urns).toEqual([urn(silent)]);
        // A GCP stack is judged by the GCP half only.
        expect((await validateStack("billing-budget", [r("gcp:compute/network:Network", "n", {})])).messages.filter((m) => m.includes("aws:"))).toEqual([]);
    });
});
