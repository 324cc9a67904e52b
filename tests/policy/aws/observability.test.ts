import { r, validateResource, validateStack } from "../harness";

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
