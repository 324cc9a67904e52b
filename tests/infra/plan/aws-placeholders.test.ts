import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { plan } from "../../helpers/inventory";

/** Runs `make` under the plan's mocks and returns what it resolves to. */
async function resolved(make: () => Record<string, pulumi.Output<unknown>>): Promise<Record<string, unknown>> {
    return (await plan(make)).outputs;
}

describe("AWS placeholders", () => {
    it("give ARNs the shape AWS returns, in the resource's region", async () => {
        const out = await resolved(() => ({
            role: new aws.iam.Role("r", { name: "acme-prod-api-task", path: "/prodstack/", assumeRolePolicy: "{}" }).arn,
            group: new aws.cloudwatch.LogGroup("g", { name: "/prodstack/acme-prod/api", region: "eu-west-1" }).arn,
            secret: new aws.secretsmanager.Secret("s", { name: "acme-prod/app/stripe-key", region: "eu-central-1" }).arn,
            repo: new aws.ecr.Repository("e", { name: "acme-prod/api", region: "eu-central-1" }).repositoryUrl,
            bucket: new aws.s3.Bucket("b", { region: "eu-central-1" }).bucketRegionalDomainName,
            tg: new aws.lb.TargetGroup("t", { name: "acme-prod-api", region: "eu-central-1" }).arnSuffix,
            task: new aws.ecs.TaskDefinition("d", { family: "acme-prod-api", containerDefinitions: "[]", region: "eu-central-1" }).arn,
            other: new aws.ecs.Cluster("c", { name: "acme-prod", region: "eu-central-1" }).arn,
            topic: new aws.sns.Topic("n", { name: "alerts", region: "eu-central-1" }).arn,
            fn: new aws.lambda.Function("f", { name: "acme-prod-migrate-deploy-run", role: "arn:aws:iam::123456789012:role/x", region: "eu-central-1" }).arn,
            schedule: new aws.scheduler.Schedule("s", {
                name: "acme-prod-report", region: "eu-central-1", scheduleExpression: "rate(1 day)", flexibleTimeWindow: { mode: "OFF" }, target: { arn: "x", roleArn: "y" },
            }).arn,
            generic: new aws.ecs.CapacityProvider("p", { name: "spot", region: "eu-central-1" }).arn,
            webAcl: new aws.wafv2.WebAcl("w", {
                name: "acme-prod-edge", scope: "CLOUDFRONT", region: "us-east-1", defaultAction: { allow: {} },
                visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true },
            }).arn,
            ipSet: new aws.wafv2.IpSet("i", { name: "acme-prod-deny-ipv4", scope: "REGIONAL", region: "eu-central-1", ipAddressVersion: "IPV4" }).arn,
        }));
        expect(out).toEqual({
            role: "arn:aws:iam::123456789012:role/prodstack/acme-prod-api-task",
            group: "arn:aws:logs:eu-west-1:123456789012:log-group:/prodstack/acme-prod/api",
            secret: expect.stringMatching(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod\/app\/stripe-key-[0-9a-f]{6}$/),
            repo: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api",
            bucket: expect.stringMatching(/^b-[0-9a-f]{7}\.s3\.eu-central-1\.amazonaws\.com$/),
            tg: expect.stringMatching(/^targetgroup\/acme-prod-api\/[0-9a-f]{16}$/),
            task: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-api:1",
            other: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod",
            topic: "arn:aws:sns:eu-central-1:123456789012:alerts",
            fn: "arn:aws:lambda:eu-central-1:123456789012:function:acme-prod-migrate-deploy-run",
            schedule: "arn:aws:scheduler:eu-central-1:123456789012:schedule/default/acme-prod-report",
            // WAFv2: scope (global for CloudFront), kind, name and the ID WAF assigns.
            webAcl: expect.stringMatching(/^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/acme-prod-edge\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
            ipSet: expect.stringMatching(/^arn:aws:wafv2:eu-central-1:123456789012:regional\/ipset\/acme-prod-deny-ipv4\/[0-9a-f-]{36}$/),
            // Types without their own placeholder: arn:aws:<module>:<region>:<account>:<kind>/<name>.
            generic: "arn:aws:ecs:eu-central-1:123456789012:capacity-provider/spot",
        });
    });

    it("take the region of the resource's explicit provider when the resource names none", async () => {
        const out = await resolved(() => {
            const provider = new aws.Provider("aws", { region: "ap-southeast-2" });
            return { key: new aws.kms.Key("k", {}, { provider }).arn };
        });
        expect(out.key).toMatch(/^arn:aws:kms:ap-southeast-2:123456789012:key\/[0-9a-f-]{36}$/);
    });

    it("take the account an explicit provider is limited to, for ARNs and the account look-up", async () => {
        const out = await resolved(() => {
            const provider = new aws.Provider("aws", { region: "eu-central-1", allowedAccountIds: ["210987654321"] });
            return {
                key: new aws.kms.Key("k", {}, { provider }).arn,
                role: new aws.iam.Role("r", { name: "app", assumeRolePolicy: "{}" }, { provider }).arn,
                account: aws.getCallerIdentityOutput({}, { provider }).accountId,
                // A resource of the default provider keeps the placeholder account.
                other: new aws.kms.Key("d", { region: "eu-central-1" }).arn,
            };
        });
        expect(out.key).toMatch(/^arn:aws:kms:eu-central-1:210987654321:key\/[0-9a-f-]{36}$/);
        expect(out.role).toBe("arn:aws:iam::210987654321:role/app");
        expect(out.account).toBe("210987654321");
        expect(out.other).toMatch(/^arn:aws:kms:eu-central-1:123456789012:key\//);
    });

    it("answer the account, partition and region look-ups", async () => {
        const out = await resolved(() => ({
            account: aws.getCallerIdentityOutput().accountId,
            partition: aws.getPartitionOutput().partition,
            region: aws.getRegionOutput({ region: "eu-central-1" }).region,
        }));
        expect(out).toEqual({ account: "123456789012", partition: "aws", region: "eu-central-1" });
    });
});
