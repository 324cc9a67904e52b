/**
 * The AWS composition, through the real program: each shipped AWS stack is planned once (the
 * only whole-program plans of the AWS stacks in the suite besides the CLI's), then checked
 * for its wiring (provider, secrets → task definitions, buckets → task roles, jobs before
 * services) and for what prod and non-prod change.
 */
import * as path from "path";
import type { PlanDocument } from "../../../infra/plan/document";
import type { PlannedResource } from "../../../infra/plan/engine";
import { planStack } from "../../../infra/plan/plan";
import { renderPlan } from "../../../infra/plan/render";
import { evaluatePlan } from "../../../policy/run";

const ROOT = path.resolve(__dirname, "../../..");
const plans: Record<string, PlanDocument> = {};

beforeAll(async () => {
    for (const stack of ["aws-staging", "aws-prod"]) plans[stack] = await planStack(ROOT, stack);
}, 60_000);

const ofType = (doc: PlanDocument, type: string) => doc.resources.filter((r) => r.type === type);
const named = (doc: PlanDocument, name: string, type: string): PlannedResource => {
    const found = doc.resources.filter((r) => r.name === name && r.type === type);
    expect(found).toHaveLength(1);
    return found[0];
};
const container = (doc: PlanDocument, task: string) => JSON.parse(named(doc, task, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions as string)[0];
const statements = (r: PlannedResource) => JSON.parse(r.inputs.policy as string).Statement as any[];

describe.each([
    ["aws-staging", "210987654321", "acme-stg", "non-prod"],
    ["aws-prod", "123456789012", "acme-prod", "prod"],
])("stack %s", (stack, account, prefix, tier) => {
    const doc = () => plans[stack];

    it("uses one explicit provider that refuses other accounts and tags everything with the environment labels", () => {
        const providers = ofType(doc(), "pulumi:providers:aws");
        expect(providers).toHaveLength(1);
        expect(providers[0].inputs.region).toBe("eu-central-1");
        // The plan shows provider config JSON-encoded, as the engine receives it.
        expect(JSON.parse(providers[0].inputs.allowedAccountIds as string)).toEqual([account]);
        expect(JSON.parse(providers[0].inputs.defaultTags as string)).toEqual({
            tags: { team: "platform", "cost-center": "web", "managed-by": "prodstack", environment: stack, tier },
        });
        const awsResources = doc().resources.filter((r) => r.type.startsWith("aws:"));
        expect(awsResources.length).toBeGreaterThan(50);
        expect(awsResources.filter((r) => r.provider !== providers[0].urn)).toEqual([]);
        expect(doc().resources.filter((r) => r.type.startsWith("gcp:") || r.type.startsWith("pulumi:providers:gcp"))).toEqual([]);
    });

    it("mounts the API's secret by its exact ARN, which only the API's execution role may read", () => {
        const secret = named(doc(), "app-secrets-session-secret", "aws:secretsmanager/secret:Secret");
        expect(secret.inputs.name).toBe(`${prefix}/app/session-secret`);
        // Placeholders name the stack's own account (the provider's allowedAccountIds).
        const arn = `arn:aws:secretsmanager:eu-central-1:${account}:secret:${prefix}/app/session-secret-`;
        const ref = container(doc(), "api-task").secrets.find((x: any) => x.name === "SESSION_SECRET");
        expect(ref.valueFrom.startsWith(arn)).toBe(true);
        expect(container(doc(), "api-task").environment.map((e: any) => e.name)).not.toContain("SESSION_SECRET");
        // Declared with `generate`: a random value created once, stored as the secret's first version.
        expect(named(doc(), "app-secrets-session-secret-random", "random:index/randomPassword:RandomPassword").inputs).toMatchObject({ length: 64, special: false });
        expect(named(doc(), "app-secrets-session-secret", "aws:secretsmanager/secretVersion:SecretVersion").inputs.secretString).toBe("[secret]");
        const read = statements(named(doc(), "api-execution", "aws:iam/rolePolicy:RolePolicy")).find((s) => s.Action === "secretsmanager:GetSecretValue");
        expect(read.Resource).toEqual(container(doc(), "api-task").secrets.map((x: any) => x.valueFrom));
        expect(read.Resource).toContain(ref.valueFrom);
        // The job mounts only the database's secrets, so its execution role reads those only.
        const jobRead = statements(named(doc(), "job-migrate-execution", "aws:iam/rolePolicy:RolePolicy")).find((s) => s.Action === "secretsmanager:GetSecretValue");
        expect(jobRead.Resource).toEqual([
            expect.stringMatching(new RegExp(`^arn:aws:secretsmanager:eu-central-1:${account}:secret:${prefix}/db/app-password-`)),
            expect.stringMatching(new RegExp(`^arn:aws:secretsmanager:eu-central-1:${account}:secret:${prefix}/db/url-`)),
        ]);
    });

    it("grants the uploads bucket to the API's task role only, and tells the API its name", () => {
        const bucketName = `${prefix}-uploads-${account}`;
        expect(named(doc(), "bucket-uploads-bucket", "aws:s3/bucket:Bucket").inputs.bucket).toBe(bucketName);
        const grants = statements(named(doc(), "bucket-uploads-policy", "aws:s3/bucketPolicy:BucketPolicy")).filter((s) => s.Effect === "Allow");
        expect(grants.map((s) => s.Principal.AWS)).toEqual([
            `arn:aws:iam::${account}:role/${prefix}-api-task`,
            `arn:aws:iam::${account}:role/${prefix}-api-task`,
        ]);
        expect(grants[1].Action).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
        expect(container(doc(), "api-task").environment).toContainEqual({ name: "UPLOADS_BUCKET", value: bucketName });
        expect(container(doc(), "job-migrate-task").environment.map((e: any) => e.name)).not.toContain("UPLOADS_BUCKET");
    });

    it("gives the API and the migration the database: env, secrets by ARN, egress to its group, admission in it", () => {
        const address = doc().outputs.databaseAddress as string;
        expect(address).toMatch(new RegExp(`^${prefix}-db\\.c[0-9a-f]{12}\\.eu-central-1\\.rds\\.amazonaws\\.com$`));
        for (const [task, workload] of [["api-task", "api"], ["job-migrate-task", "migrate"]]) {
            const c = container(doc(), task);
            const env = Object.fromEntries(c.environment.map((e: any) => [e.name, e.value]));
            expect(env).toMatchObject({
                DATABASE_ENGINE: "postgres",
                DATABASE_HOST: address,
                DATABASE_PORT: "5432",
                DATABASE_NAME: "app",
                DATABASE_USER: "app",
                DATABASE_SSLMODE: "verify-full",
                DATABASE_CA_CERT_PATH: "/etc/prodstack/database/server-ca.pem",
                DATABASE_CA_BUNDLE_URL: "https://truststore.pki.rds.amazonaws.com/eu-central-1/eu-central-1-bundle.pem",
            });
            const secrets = Object.fromEntries(c.secrets.map((x: any) => [x.name, x.valueFrom]));
            expect(secrets.DATABASE_URL).toBe(doc().outputs.databaseUrlSecretArn);
            expect(secrets.DATABASE_PASSWORD).toBe(doc().outputs.databasePasswordSecretArn);
            const group = named(doc(), "database-sg-sg", "aws:ec2/securityGroup:SecurityGroup");
            const egress = named(doc(), `${task.replace(/-task$/, "")}-tasks-out-postgres-to-the-database`, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs;
            expect(egress).toMatchObject({ fromPort: 5432, toPort: 5432, referencedSecurityGroupId: `${group.name}-id` });
            const ingress = named(doc(), `database-sg-in-postgres-from-${workload}`, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs;
            expect(ingress).toMatchObject({ securityGroupId: `${group.name}-id`, fromPort: 5432, referencedSecurityGroupId: `${task.replace(/-task$/, "")}-tasks-sg-id` });
        }
        // The API alone declares usesCache: it gets the cache's host, port, TLS flag and URL secret, and admission.
        const api = container(doc(), "api-task");
        const apiEnv = Object.fromEntries(api.environment.map((e: any) => [e.name, e.value]));
        expect(apiEnv).toMatchObject({ REDIS_HOST: doc().outputs.redisHost, REDIS_PORT: "6379", REDIS_TLS: "true" });
        expect(api.secrets.find((x: any) => x.name === "REDIS_URL").valueFrom).toBe(doc().outputs.redisUrlSecretArn);
        expect(container(doc(), "job-migrate-task").environment.map((e: any) => e.name)).not.toContain("REDIS_HOST");
        const cacheGroup = named(doc(), "cache-sg-sg", "aws:ec2/securityGroup:SecurityGroup");
        expect(named(doc(), "api-tasks-out-redis-to-the-cache", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs)
            .toMatchObject({ fromPort: 6379, referencedSecurityGroupId: `${cacheGroup.name}-id` });
        expect(ofType(doc(), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("cache-sg-in-")).map((r) => [r.name, r.inputs.referencedSecurityGroupId]))
            .toEqual([["cache-sg-in-valkey-from-api", "api-tasks-sg-id"]]);
        // Only the workloads that declare usesDatabase are admitted, and in prod the restore drill's verification task.
        expect(ofType(doc(), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("database-sg-in-")).map((r) => r.inputs.referencedSecurityGroupId))
            .toEqual(["api-tasks-sg-id", "job-migrate-tasks-sg-id", ...(tier === "prod" ? ["restore-drill-tasks-sg-id"] : [])]);
    });

    it("runs the migration to completion before the API's new tasks roll out", () => {
        const run = named(doc(), "job-migrate-deploy-run", "aws:lambda/invocation:Invocation");
        expect(named(doc(), "api-task", "aws:ecs/taskDefinition:TaskDefinition").dependsOn).toContain(run.urn);
        expect(named(doc(), "api-service", "aws:ecs/service:Service").dependsOn).toContain(named(doc(), "api-task", "aws:ecs/taskDefinition:TaskDefinition").urn);
        expect(renderPlan(doc())).toMatch(new RegExp(`\n {4}${prefix}-migrate · 0\\.5 vCPU / 1 GiB \\(X86_64\\) · runs on deploy before api \\(fails it on failure, stops it after 600 s\\) · .* · cluster ${prefix}\n`));
        // The spec's args replace the image's CMD (ECS `command`); the deploy waits the spec's timeout.
        expect(container(doc(), "job-migrate-task").command).toEqual(["node", "dist/migrate.js"]);
        expect(JSON.parse(run.inputs.input as string)).toMatchObject({ timeoutSeconds: 600 });
    });

    it("runs the Fargate sizes the stack asks for, in private subnets without public IPs", () => {
        const api = named(doc(), "api-task", "aws:ecs/taskDefinition:TaskDefinition").inputs;
        expect([api.cpu, api.memory]).toEqual(tier === "prod" ? ["2048", "4096"] : ["512", "1024"]);
        const job = named(doc(), "job-migrate-task", "aws:ecs/taskDefinition:TaskDefinition").inputs;
        expect([job.cpu, job.memory]).toEqual(["512", "1024"]);
        const service = named(doc(), "api-service", "aws:ecs/service:Service").inputs as any;
        expect(service.networkConfiguration.assignPublicIp).toBe(false);
        expect(service.networkConfiguration.subnets).toEqual(ofType(doc(), "aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("network-private-")).map((s) => `${s.name}-id`));
    });

    it("runs the API and the migration in the environment's one cluster, with Container Insights, exported by name", () => {
        const clusters = ofType(doc(), "aws:ecs/cluster:Cluster");
        expect(clusters.map((c) => [c.name, c.parent, c.inputs.name, c.inputs.region, c.inputs.settings])).toEqual([
            ["cluster", null, prefix, "eu-central-1", [{ name: "containerInsights", value: "enhanced" }]],
        ]);
        const arn = `arn:aws:ecs:eu-central-1:${account}:cluster/${prefix}`;
        expect(named(doc(), "api-service", "aws:ecs/service:Service").inputs.cluster).toBe(arn);
        expect(named(doc(), "api-scaling", "aws:appautoscaling/target:Target").inputs.resourceId).toBe(`service/${prefix}/${prefix}-api`);
        expect(JSON.parse(named(doc(), "job-migrate-deploy-run", "aws:lambda/invocation:Invocation").inputs.input as string).cluster).toBe(arn);
        const stop = statements(named(doc(), "job-migrate-runner", "aws:iam/rolePolicy:RolePolicy")).find((st) => st.Action === "ecs:StopTask");
        expect(stop.Resource).toBe(`arn:aws:ecs:eu-central-1:${account}:task/${prefix}/*`);
        expect(doc().outputs.ecsClusterName).toBe(prefix);
    });

    it("drills restores of the database in prod only: the state machine from the spec's schedule, in the environment's cluster", () => {
        const machines = ofType(doc(), "aws:sfn/stateMachine:StateMachine");
        if (tier !== "prod") {
            expect(machines).toHaveLength(0);
            return;
        }
        const drill = JSON.parse(named(doc(), "restore-drill-state-machine", "aws:sfn/stateMachine:StateMachine").inputs.definition as string);
        const identifier = named(doc(), "database-primary", "aws:rds/instance:Instance").inputs.identifier;
        expect(drill.States.Restore.Arguments).toMatchObject({ SourceDBInstanceIdentifier: identifier, TargetDBInstanceIdentifier: `${identifier}-drill`, DbSubnetGroupName: `${prefix}-db` });
        const cluster = named(doc(), "cluster", "aws:ecs/cluster:Cluster").inputs.name;
        expect(drill.States.Verify.Arguments.Cluster).toBe(`arn:aws:ecs:eu-central-1:${account}:cluster/${cluster}`);
        expect(named(doc(), "restore-drill-drill-schedule", "aws:scheduler/schedule:Schedule").inputs.scheduleExpression).toBe("cron(0 5 ? * 2 *)");
        expect(container(doc(), "restore-drill-task").environment).toContainEqual({ name: "VERIFY_QUERY", value: "SELECT 1 FROM (SELECT 1 FROM users LIMIT 1) AS drill_verify LIMIT 1" });
    });

    it("exports the addresses the API's egress leaves from: one NAT gateway's in staging, one per zone in prod", () => {
        const ips = doc().outputs.egressIps as string[];
        expect(ips).toHaveLength(tier === "prod" ? 3 : 1);
        expect(ofType(doc(), "aws:ec2/eip:Eip")).toHaveLength(tier === "prod" ? 3 : 1);
    });

    it("routes every alarm to the environment's encrypted topic both ways, with a description within 1,024 characters linking its runbook", () => {
        const topic = named(doc(), "alarms-eu-central-1-topic", "aws:sns/topic:Topic");
        expect(topic.inputs.kmsMasterKeyId).toMatch(new RegExp(`^arn:aws:kms:eu-central-1:${account}:key/`));
        const arn = `arn:aws:sns:eu-central-1:${account}:${prefix}-alarms`;
        const alarms = ofType(doc(), "aws:cloudwatch/metricAlarm:MetricAlarm");
        const members = tier === "prod" ? [1, 2] : [1];
        const domain = tier === "prod" ? "example-com" : "staging-example-com";
        expect(alarms.map((a) => a.inputs.name).sort()).toEqual([
            `${prefix}-api-5xx-ratio`, `${prefix}-api-cpu`, `${prefix}-api-memory`, `${prefix}-api-p95-latency`, `${prefix}-api-tasks-below-desired`, `${prefix}-api-tasks-near-max`,
            ...members.flatMap((n) => [`${prefix}-cache-cache-${n}-evictions`, `${prefix}-cache-cache-${n}-memory`]),
            ...["api", "app", "www"].map((h) => `${prefix}-cdn-${h}-${domain}-5xx-rate`),
            `${prefix}-certificate-api-${domain}-expiry`,
            `${prefix}-db-database-connections`, `${prefix}-db-database-cpu`, `${prefix}-db-database-free-storage`, `${prefix}-db-database-no-backup-for-a-day`,
            ...(tier === "prod" ? ["connections", "cpu", "free-storage", "replica-lag"].map((k) => `${prefix}-db-database-replica-1-${k}`) : []),
            `${prefix}-migrate-job-failed`,
            ...(tier === "prod" ? ["failed", "leftover", "no-success"].map((k) => `${prefix}-restore-drill-${k}`) : []),
            `${prefix}-uptime-api-${domain}-healthz`, `${prefix}-uptime-app-${domain}`, `${prefix}-uptime-app-${domain}-api-healthz`,
            `${prefix}-waf-blocked`,
        ]);
        // The database alarms watch the RDS instances the data concern created, against the spec's max_connections.
        const identifier = named(doc(), "database-primary", "aws:rds/instance:Instance").inputs.identifier;
        const connections = alarms.find((a) => a.inputs.name === `${prefix}-db-database-connections`)!.inputs;
        expect(connections).toMatchObject({ dimensions: { DBInstanceIdentifier: identifier }, threshold: tier === "prod" ? 400 : 160 });
        const runbooks = named(doc(), "runbooks-dashboard", "aws:cloudwatch/dashboard:Dashboard");
        const sections = JSON.parse(runbooks.inputs.dashboardBody as string).widgets.map((w: any) => w.properties.markdown.split("\n")[0]);
        for (const a of alarms) {
            // Each alarm notifies the topic of its own region (us-east-1 for Route 53, CloudFront, WAF and the CloudFront certificate).
            const topicOfRegion = arn.replace("eu-central-1", String(a.inputs.region));
            expect(a.inputs).toMatchObject({ alarmActions: [topicOfRegion], okActions: [topicOfRegion] });
            const description = a.inputs.alarmDescription as string;
            expect(description.length).toBeLessThanOrEqual(1024);
            expect(description).toContain(`dashboards/dashboard/${prefix}-runbooks , section "${a.inputs.name}"`);
            expect(sections).toContain(`# ${a.inputs.name}`);
        }
        // The same emails on the topic of each alarm region (eu-central-1 and us-east-1).
        const emails = tier === "prod" ? ["oncall@example.com", "platform-alerts@example.com"] : ["platform-alerts@example.com"];
        expect(ofType(doc(), "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs.endpoint)).toEqual([...emails, ...emails]);
    });

    it("plans with no mandatory policy violation", async () => {
        const run = await evaluatePlan(doc());
        expect(run.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });

    it("passes the edge items of the hardening report, as the GCP stacks do, judged on CloudFront", async () => {
        const run = await evaluatePlan(doc());
        const edge = ["https-only", "tls-1-2", "security-headers", "waf", "rate-limiting", "cdn"];
        expect(run.report.filter((i) => edge.includes(i.id)).map((i) => [i.id, i.verdict, i.gaps ?? []])).toEqual(edge.map((id) => [id, "pass", []]));
        const https = run.report.find((i) => i.id === "https-only")!.policies.find((p) => p.name === "https-only")!;
        expect(https.resources.filter((r) => r.includes("aws:cloudfront/distribution:Distribution"))).toHaveLength(3);
    });
});

describe("prod and non-prod on AWS", () => {
    const count = (stack: string, type: string) => ofType(plans[stack], type).length;
    const protectedTypes = (stack: string) => [...new Set(plans[stack].resources.filter((r) => r.protect).map((r) => r.type))].sort();

    it("spreads prod over 3 zones with a NAT gateway each and interface endpoints; staging over 2 with one NAT gateway", () => {
        expect(count("aws-prod", "aws:ec2/subnet:Subnet")).toBe(9);
        expect(count("aws-staging", "aws:ec2/subnet:Subnet")).toBe(6);
        expect(count("aws-prod", "aws:ec2/natGateway:NatGateway")).toBe(3);
        expect(count("aws-staging", "aws:ec2/natGateway:NatGateway")).toBe(1);
        const interfaces = (stack: string) => ofType(plans[stack], "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface").length;
        expect([interfaces("aws-prod"), interfaces("aws-staging")]).toEqual([5, 0]);
    });

    it("keeps two API tasks in prod and one in staging, scaling up to the spec's maxInstances", () => {
        const target = (stack: string) => named(plans[stack], "api-scaling", "aws:appautoscaling/target:Target").inputs;
        expect([target("aws-prod").minCapacity, target("aws-prod").maxCapacity]).toEqual([2, 50]);
        expect([target("aws-staging").minCapacity, target("aws-staging").maxCapacity]).toEqual([1, 5]);
    });

    it("makes the prod database Multi-AZ, protected, replicated and copied to eu-west-1; staging single-AZ and deletable", () => {
        const primary = (stack: string) => named(plans[stack], "database-primary", "aws:rds/instance:Instance");
        expect(primary("aws-prod").inputs).toMatchObject({ instanceClass: "db.m7g.large", multiAz: true, deletionProtection: true, backupRetentionPeriod: 30, deleteAutomatedBackups: false, allocatedStorage: 50 });
        expect(primary("aws-staging").inputs).toMatchObject({ instanceClass: "db.t4g.medium", multiAz: false, deletionProtection: false, backupRetentionPeriod: 7, deleteAutomatedBackups: true, allocatedStorage: 20 });
        expect([primary("aws-prod").protect, primary("aws-staging").protect]).toEqual([true, false]);
        expect(count("aws-prod", "aws:rds/instance:Instance")).toBe(2);
        expect(count("aws-staging", "aws:rds/instance:Instance")).toBe(1);
        const copy = ofType(plans["aws-prod"], "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        expect(copy.map((c) => [c.inputs.region, c.inputs.retentionPeriod])).toEqual([["eu-west-1", 30]]);
        expect(count("aws-staging", "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")).toBe(0);
        expect(renderPlan(plans["aws-prod"])).toContain("Postgres 17 · Multi-AZ · 30 d backups + PITR · copy to eu-west-1 · 1 replica · private");
        expect(renderPlan(plans["aws-staging"])).toContain("Postgres 17 · single-AZ · 7 d backups + PITR · private");
    });

    it("gives prod a Valkey cache with failover, snapshots and protection; staging one node without snapshots", () => {
        const group = (stack: string) => named(plans[stack], "cache-group", "aws:elasticache/replicationGroup:ReplicationGroup");
        expect(group("aws-prod").inputs).toMatchObject({ engine: "valkey", nodeType: "cache.m7g.large", numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true, snapshotRetentionLimit: 7 });
        expect(group("aws-staging").inputs).toMatchObject({ engine: "valkey", nodeType: "cache.t4g.small", numCacheClusters: 1, automaticFailoverEnabled: false, snapshotRetentionLimit: 0 });
        expect([group("aws-prod").protect, group("aws-staging").protect]).toEqual([true, false]);
        // An hour after the database's Sunday 03:00 window.
        expect(group("aws-prod").inputs.maintenanceWindow).toBe("sun:04:00-sun:05:00");
    });

    it("protects the key, secrets and bucket in prod only, and lets staging's secrets go at once", () => {
        expect(protectedTypes("aws-prod")).toEqual(expect.arrayContaining(["aws:kms/key:Key", "aws:secretsmanager/secret:Secret", "aws:s3/bucket:Bucket", "aws:ec2/vpc:Vpc"]));
        expect(protectedTypes("aws-staging")).toEqual([]);
        const window = (stack: string) => named(plans[stack], "app-secrets-session-secret", "aws:secretsmanager/secret:Secret").inputs.recoveryWindowInDays;
        expect([window("aws-prod"), window("aws-staging")]).toEqual([30, 0]);
    });

    it("budgets the spec's monthly amount for this environment's tag, with the GCP stacks' thresholds and the forecast", () => {
        const budget = (stack: string) => ofType(plans[stack], "aws:budgets/budget:Budget")[0].inputs as any;
        expect([budget("aws-prod").limitAmount, budget("aws-staging").limitAmount]).toEqual(["1500.00", "300.00"]);
        expect(budget("aws-prod").costFilters).toEqual([{ name: "TagKeyValue", values: ["user:environment$aws-prod"] }]);
        expect(budget("aws-prod").notifications.map((n: any) => [n.threshold, n.notificationType])).toEqual([[50, "ACTUAL"], [90, "ACTUAL"], [100, "ACTUAL"], [100, "FORECASTED"]]);
    });

    it("keeps every log group for the stack's retention, encrypted with the key of its region", () => {
        for (const [stack, days] of [["aws-prod", 365], ["aws-staging", 30]] as const) {
            const groups = ofType(plans[stack], "aws:cloudwatch/logGroup:LogGroup");
            expect(groups.length).toBeGreaterThanOrEqual(4);
            const key = named(plans[stack], "key-key", "aws:kms/key:Key");
            expect(groups.map((g) => [g.name, g.inputs.retentionInDays])).toEqual(groups.map((g) => [g.name, days]));
            const account = stack === "aws-prod" ? "123456789012" : "210987654321";
            // CloudFront's access logs and WAF logs live in us-east-1, under the us-east-1 key.
            expect(groups.map((g) => [g.name, String(g.inputs.kmsKeyId).split("/")[0]])).toEqual(groups.map((g) => [g.name, `arn:aws:kms:${g.inputs.region}:${account}:key`]));
            expect(key.protect).toBe(stack === "aws-prod");
        }
    });
});
