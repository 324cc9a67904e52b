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
        const [ref] = container(doc(), "api-task").secrets;
        expect(ref.name).toBe("SESSION_SECRET");
        expect(ref.valueFrom.startsWith(arn)).toBe(true);
        expect(container(doc(), "api-task").environment.map((e: any) => e.name)).not.toContain("SESSION_SECRET");
        // Declared with `generate`: a random value created once, stored as the secret's first version.
        expect(named(doc(), "app-secrets-session-secret-random", "random:index/randomPassword:RandomPassword").inputs).toMatchObject({ length: 64, special: false });
        expect(named(doc(), "app-secrets-session-secret", "aws:secretsmanager/secretVersion:SecretVersion").inputs.secretString).toBe("[secret]");
        const read = statements(named(doc(), "api-execution", "aws:iam/rolePolicy:RolePolicy")).find((s) => s.Action === "secretsmanager:GetSecretValue");
        expect(read.Resource).toEqual([ref.valueFrom]);
        // The job mounts no secret, so its execution role reads none.
        const jobStatements = statements(named(doc(), "job-migrate-execution", "aws:iam/rolePolicy:RolePolicy"));
        expect(jobStatements.some((s) => String(s.Action).startsWith("secretsmanager:"))).toBe(false);
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
        expect(container(doc(), "job-migrate-task").environment).toEqual([]);
    });

    it("runs the migration to completion before the API's new tasks roll out", () => {
        const run = named(doc(), "job-migrate-deploy-run", "aws:lambda/invocation:Invocation");
        expect(named(doc(), "api-task", "aws:ecs/taskDefinition:TaskDefinition").dependsOn).toContain(run.urn);
        expect(named(doc(), "api-service", "aws:ecs/service:Service").dependsOn).toContain(named(doc(), "api-task", "aws:ecs/taskDefinition:TaskDefinition").urn);
        expect(renderPlan(doc())).toMatch(new RegExp(`\n {4}${prefix}-migrate · 0\\.5 vCPU / 1 GiB \\(X86_64\\) · runs on deploy before api \\(fails it on failure\\) · `));
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
        expect(alarms.map((a) => a.inputs.name).sort()).toEqual([
            `${prefix}-api-cpu`, `${prefix}-api-memory`, `${prefix}-api-tasks-below-desired`, `${prefix}-api-tasks-near-max`, `${prefix}-migrate-job-failed`,
        ]);
        const runbooks = named(doc(), "runbooks-dashboard", "aws:cloudwatch/dashboard:Dashboard");
        const sections = JSON.parse(runbooks.inputs.dashboardBody as string).widgets.map((w: any) => w.properties.markdown.split("\n")[0]);
        for (const a of alarms) {
            expect(a.inputs).toMatchObject({ alarmActions: [arn], okActions: [arn] });
            const description = a.inputs.alarmDescription as string;
            expect(description.length).toBeLessThanOrEqual(1024);
            expect(description).toContain(`dashboards/dashboard/${prefix}-runbooks , section "${a.inputs.name}"`);
            expect(sections).toContain(`# ${a.inputs.name}`);
        }
        expect(ofType(doc(), "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs.endpoint)).toEqual(
            tier === "prod" ? ["oncall@example.com", "platform-alerts@example.com"] : ["platform-alerts@example.com"],
        );
    });

    it("plans with no mandatory policy violation", async () => {
        const run = await evaluatePlan(doc());
        expect(run.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
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

    it("keeps every log group for the stack's retention, encrypted with the environment's key", () => {
        for (const [stack, days] of [["aws-prod", 365], ["aws-staging", 30]] as const) {
            const groups = ofType(plans[stack], "aws:cloudwatch/logGroup:LogGroup");
            expect(groups.length).toBeGreaterThanOrEqual(4);
            const key = named(plans[stack], "key-key", "aws:kms/key:Key");
            expect(groups.map((g) => [g.name, g.inputs.retentionInDays])).toEqual(groups.map((g) => [g.name, days]));
            const account = stack === "aws-prod" ? "123456789012" : "210987654321";
            expect(groups.every((g) => String(g.inputs.kmsKeyId).startsWith(`arn:aws:kms:eu-central-1:${account}:key/`))).toBe(true);
            expect(key.protect).toBe(stack === "aws-prod");
        }
    });
});
