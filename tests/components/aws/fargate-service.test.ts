import * as aws from "@pulumi/aws";
import { FargateService, type FargateServiceArgs, type TargetGroupRef } from "../../../components/aws/fargate-service";
import { summarize } from "../../../infra/plan/summaries";
import { byName, memo, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const DIGEST = "a".repeat(64);
const IMAGE = `123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api@sha256:${DIGEST}`;
const LOGS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-11aa-11aa-11aa-111111aaaaaa";
const SECRETS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/2222bbbb-22bb-22bb-22bb-222222bbbbbb";
const STRIPE = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/app/stripe-key-AbCdEf";
const RDS = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-0a1b2c3d-Gh1jKl";
const ARGS: FargateServiceArgs = {
    namePrefix: "acme-prod",
    serviceName: "api",
    region: "eu-central-1",
    image: IMAGE,
    cpu: 1,
    memoryMiB: 2048,
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    logsKmsKeyArn: LOGS_KEY,
};
const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const POLICY = "aws:appautoscaling/policy:Policy";

const container = (inv: Inventory) => JSON.parse(String(inv.one(TASK).inputs.containerDefinitions))[0];
const statements = (inv: Inventory, name: string) => JSON.parse(String(inv.named(name, ROLE_POLICY).inputs.policy)).Statement;
/** The listener rule the edge would create: forwards everything to the target group. */
const attach = (tg: TargetGroupRef) => new aws.lb.ListenerRule("api-rule", {
    listenerArn: "arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/acme-prod/0123456789abcdef/fedcba9876543210",
    priority: 10,
    actions: [{ type: "forward", targetGroupArn: tg.arn }],
    conditions: [{ hostHeader: { values: ["api.example.com"] } }],
});

describe("aws FargateService", () => {
    const webPlan = memo(() => plan(() => new FargateService("api", ARGS)));
    const attachedPlan = memo(() => plan(() => new FargateService("api", {
        ...ARGS,
        ingressSecurityGroupIds: ["sg-0a1b2c3d4e5f60718"],
        loadBalancerArnSuffix: "app/acme-prod/0123456789abcdef",
        attachTargetGroup: attach,
        environment: { NODE_ENV: "production", LOG_LEVEL: "info" },
        secrets: { STRIPE_KEY: { secretArn: STRIPE }, DB_PASSWORD: { secretArn: RDS, jsonKey: "password" } },
        secretsKmsKeyArn: SECRETS_KEY,
        minInstances: 2,
        maxInstances: 10,
    })));
    const workerPlan = memo(() => plan(() => new FargateService("mailer", { ...ARGS, serviceName: "mailer", kind: "worker", cpu: 0.25, memoryMiB: 512 })));

    it("creates the log group, two roles, task definition, security group, cluster, target group, service and scaling", async () => {
        const web = await webPlan();
        expect(web.counts()).toEqual({
            "prodstack:aws:FargateService": 1,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            [ROLE]: 2,
            [ROLE_POLICY]: 1,
            [TASK]: 1,
            "prodstack:aws:SecurityGroup": 1,
            "aws:ec2/securityGroup:SecurityGroup": 1,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 1,
            "aws:ecs/cluster:Cluster": 1,
            "aws:lb/targetGroup:TargetGroup": 1,
            [SERVICE]: 1,
            "aws:appautoscaling/target:Target": 1,
            [POLICY]: 1,
        });
        expect(web.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({
            region: "eu-central-1", name: "/prodstack/acme-prod/api", retentionInDays: 30, kmsKeyId: LOGS_KEY,
        });
        expect(web.one("aws:ecs/cluster:Cluster").inputs).toEqual({
            region: "eu-central-1", name: "acme-prod-api", settings: [{ name: "containerInsights", value: "enhanced" }],
        });
    });

    it("defines a Fargate task of a valid size, read-only root filesystem with a writable /tmp, logs to its group", async () => {
        const web = await webPlan();
        expect(web.one(TASK).inputs).toMatchObject({
            region: "eu-central-1",
            family: "acme-prod-api",
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: "1024",
            memory: "2048",
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            executionRoleArn: "arn:aws:iam::123456789012:role/acme-prod-api-execution",
            taskRoleArn: "arn:aws:iam::123456789012:role/acme-prod-api-task",
            volumes: [{ name: "tmp" }],
        });
        expect(container(web)).toEqual({
            name: "api",
            image: IMAGE,
            essential: true,
            portMappings: [{ name: "http", containerPort: 8080, protocol: "tcp" }],
            environment: [],
            secrets: [],
            readonlyRootFilesystem: true,
            mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
            linuxParameters: { initProcessEnabled: true },
            logConfiguration: {
                logDriver: "awslogs",
                options: { "awslogs-group": "/prodstack/acme-prod/api", "awslogs-region": "eu-central-1", "awslogs-stream-prefix": "api" },
            },
        });
        expect(web.one(TASK).dependsOn).toContain(web.one("aws:cloudwatch/logGroup:LogGroup").urn);
    });

    it("keeps plain env and secrets apart; secrets by exact ARN, a JSON key as <arn>:<key>::", async () => {
        const attached = await attachedPlan();
        const c = container(attached);
        expect(c.environment).toEqual([{ name: "LOG_LEVEL", value: "info" }, { name: "NODE_ENV", value: "production" }]);
        expect(c.secrets).toEqual([
            { name: "DB_PASSWORD", valueFrom: `${RDS}:password::` },
            { name: "STRIPE_KEY", valueFrom: STRIPE },
        ]);
    });

    it("runs tasks in the private subnets without public IPs, rolls back failed deploys and waits for steady state", async () => {
        const web = await webPlan();
        const service = web.one(SERVICE);
        expect(service.inputs).toEqual({
            region: "eu-central-1",
            name: "acme-prod-api",
            cluster: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod-api",
            taskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-api:1",
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: 1,
            networkConfiguration: { subnets: ARGS.subnetIds, securityGroups: ["api-tasks-sg-id"], assignPublicIp: false },
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableExecuteCommand: false,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            waitForSteadyState: true,
        });
        // The autoscaler owns the count after creation.
        expect(service.ignoreChanges).toEqual(["desiredCount"]);
    });

    it("gives a web service an IP target group health-checking healthPath, unattached until the edge attaches it", async () => {
        const web = await webPlan();
        expect(web.one("aws:lb/targetGroup:TargetGroup").inputs).toEqual({
            region: "eu-central-1",
            targetType: "ip",
            protocol: "HTTP",
            protocolVersion: "HTTP1",
            port: 8080,
            vpcId: "vpc-0123456789abcdef0",
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true, protocol: "HTTP", port: "traffic-port", path: "/healthz", matcher: "200-399",
                interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3,
            },
        });
        expect(web.one(SERVICE).inputs.loadBalancers).toBeUndefined();
        expect(web.one(SERVICE).inputs.healthCheckGracePeriodSeconds).toBeUndefined();
    });

    it("attached: registers the container with the target group and waits for the listener rule", async () => {
        const attached = await attachedPlan();
        const service = attached.one(SERVICE);
        const tgArn = service.inputs.loadBalancers as Array<Record<string, unknown>>;
        expect(tgArn).toEqual([{ targetGroupArn: expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup\/api-tg\/[0-9a-f]{16}$/), containerName: "api", containerPort: 8080 }]);
        expect(service.inputs.healthCheckGracePeriodSeconds).toBe(60);
        expect(service.inputs.desiredCount).toBe(2);
        expect(service.dependsOn).toContain(attached.named("api-rule").urn);
    });

    it("separates the execution role (pull this image, write this log group, read exactly these secrets) from the task role", async () => {
        const attached = await attachedPlan();
        const trust = {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-central-1:123456789012:*" },
                },
            }],
        };
        const trustOf = (name: string) => JSON.parse(String(attached.named(name, ROLE).inputs.assumeRolePolicy));
        expect(trustOf("api-task")).toEqual(trust);
        // The execution role is assumed by the Fargate agent: only the account is conditioned.
        expect(trustOf("api-execution").Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        expect(trustOf("api-execution").Statement[0].Principal).toEqual({ Service: "ecs-tasks.amazonaws.com" });
        expect(byName(attached.ofType(ROLE)).map((r) => r.inputs.name)).toEqual(["acme-prod-api-execution", "acme-prod-api-task"]);
        expect(statements(attached, "api-execution")).toEqual([
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
                Sid: "PullTheImage",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                Resource: "arn:aws:ecr:eu-central-1:123456789012:repository/acme-prod/api",
            },
            {
                Sid: "WriteTheLogGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: "arn:aws:logs:eu-central-1:123456789012:log-group:/prodstack/acme-prod/api:*",
            },
            { Sid: "ReadTheSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [STRIPE, RDS] },
            {
                Sid: "DecryptTheSecretsThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: SECRETS_KEY,
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com" } },
            },
        ]);
        // No AWS access for the application unless asked.
        expect(attached.ofType(ROLE_POLICY).map((p) => p.name)).toEqual(["api-execution"]);
        expect(attached.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toHaveLength(0);
    });

    it("grants the task role exactly the permissions asked for", async () => {
        const inv = await plan(() => new FargateService("api", {
            ...ARGS,
            permissions: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::acme-prod-uploads/*"] }],
        }));
        expect(statements(inv, "api-task")).toEqual([
            { Sid: "Application0", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::acme-prod-uploads/*"] },
        ]);
        expect(inv.named("api-task", ROLE_POLICY).inputs.role).toBe("acme-prod-api-task");
    });

    it("pulls a non-ECR image without any ECR grant", async () => {
        const inv = await plan(() => new FargateService("api", { ...ARGS, image: `ghcr.io/acme/api@sha256:${DIGEST}` }));
        // toStrictEqual: toEqual would pass a statement without a Sid (an extra list item).
        expect(statements(inv, "api-execution").map((s: { Sid: string }) => s.Sid)).toStrictEqual(["WriteTheLogGroup"]);
    });

    it("admits the container port only from the load balancer's group; HTTPS out plus the given egress", async () => {
        const inv = await plan(() => new FargateService("api", {
            ...ARGS,
            ingressSecurityGroupIds: ["sg-0a1b2c3d4e5f60718"],
            egress: [{ description: "Postgres", fromPort: 5432, securityGroupId: "sg-0database00000000" }],
        }));
        expect(inv.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs).toMatchObject({
            fromPort: 8080, toPort: 8080, ipProtocol: "tcp", referencedSecurityGroupId: "sg-0a1b2c3d4e5f60718", description: "Container port from load balancer 1",
        });
        expect(byName(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId])).toEqual([
            [443, "0.0.0.0/0"],
            [5432, "sg-0database00000000"],
        ]);
    });

    it("scales on CPU, and on requests per target behind a load balancer", async () => {
        const attached = await attachedPlan();
        const scaling = {
            region: "eu-central-1",
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/acme-prod-api/acme-prod-api",
        };
        expect(attached.one("aws:appautoscaling/target:Target").inputs).toEqual({ ...scaling, minCapacity: 2, maxCapacity: 10 });
        const policies = byName(attached.ofType(POLICY)).map((p) => p.inputs);
        expect(policies).toEqual([
            {
                ...scaling,
                name: "acme-prod-api-cpu",
                policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                    targetValue: 60, scaleInCooldown: 300, scaleOutCooldown: 60,
                },
            },
            {
                ...scaling,
                name: "acme-prod-api-requests",
                policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: {
                        predefinedMetricType: "ALBRequestCountPerTarget",
                        resourceLabel: expect.stringMatching(/^app\/acme-prod\/0123456789abcdef\/targetgroup\/api-tg\/[0-9a-f]{16}$/),
                    },
                    targetValue: 1000, scaleInCooldown: 300, scaleOutCooldown: 60,
                },
            },
        ]);
    });

    it("worker: no port, no target group, no ingress, CPU scaling only, always running", async () => {
        const worker = await workerPlan();
        expect(worker.ofType("aws:lb/targetGroup:TargetGroup")).toHaveLength(0);
        expect(worker.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toHaveLength(0);
        expect(container(worker).portMappings).toBeUndefined();
        expect(worker.one(TASK).inputs).toMatchObject({ cpu: "256", memory: "512" });
        expect(worker.one(SERVICE).inputs).toMatchObject({ desiredCount: 1, name: "acme-prod-mailer" });
        expect(worker.one(SERVICE).inputs.loadBalancers).toBeUndefined();
        expect(worker.ofType(POLICY).map((p) => p.inputs.name)).toEqual(["acme-prod-mailer-cpu"]);
    });

    it("overrides the image's entrypoint and command when asked, and only then", async () => {
        const worker = await workerPlan();
        const inv = await plan(() => new FargateService("mailer", {
            ...ARGS,
            serviceName: "mailer",
            kind: "worker",
            port: undefined,
            healthPath: undefined,
            entryPoint: ["/usr/bin/tini", "--"],
            command: ["celery", "-A", "app", "worker"],
        }));
        expect(container(inv)).toMatchObject({ entryPoint: ["/usr/bin/tini", "--"], command: ["celery", "-A", "app", "worker"] });
        expect(Object.keys(container(worker))).not.toEqual(expect.arrayContaining(["entryPoint"]));
        expect(Object.keys(container(worker))).not.toEqual(expect.arrayContaining(["command"]));
        const { error } = await rejectedArgs(() => new FargateService("api", { ...ARGS, entryPoint: [], command: [] }));
        expect(error.problems).toEqual([
            "entryPoint: expected a non-empty list of arguments, got []",
            "command: expected a non-empty list of arguments, got []",
        ]);
    });

    it("runs in a given cluster without creating one; ARM64 and exec when asked (non-prod)", async () => {
        const inv = await plan(() => new FargateService("api", {
            ...ARGS,
            cluster: { arn: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-stg", name: "acme-stg" },
            cpuArchitecture: "ARM64",
            enableExecuteCommand: true,
        }));
        expect(inv.ofType("aws:ecs/cluster:Cluster")).toHaveLength(0);
        expect(inv.one(SERVICE).inputs).toMatchObject({ cluster: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-stg", enableExecuteCommand: true });
        expect(inv.one("aws:appautoscaling/target:Target").inputs.resourceId).toBe("service/acme-stg/acme-prod-api");
        expect(inv.one(TASK).inputs).toMatchObject({ runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" } });
        // ECS Exec needs the task role to open its session channels.
        expect(inv.named("api-exec", ROLE_POLICY).inputs.role).toBe("acme-prod-api-task");
        expect(statements(inv, "api-exec")).toEqual([{
            Sid: "EcsExecSessionChannels",
            Effect: "Allow",
            Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
            Resource: "*",
        }]);
    });

    it("summarises in one line what AWS receives", async () => {
        const attached = await attachedPlan();
        const worker = await workerPlan();
        expect(summarize(FargateService.TYPE, attached.resources)).toBe(
            "acme-prod-api · web · 1 vCPU / 2 GiB (X86_64) · 2–10 tasks (CPU 60% + 1000 req/target) · rollback on failure · private, no public IP · read-only root fs · 2 secrets by ARN · health /healthz, attached · cluster acme-prod-api (own)",
        );
        expect(summarize(FargateService.TYPE, worker.resources)).toBe(
            "acme-prod-mailer · worker · 0.25 vCPU / 512 MiB (X86_64) · 1–3 tasks (CPU 60%) · rollback on failure · private, no public IP · read-only root fs · no secrets · cluster acme-prod-mailer (own)",
        );
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new FargateService("api", {
            ...ARGS,
            serviceName: "API",
            region: "Frankfurt",
            image: "acme/api:latest",
            cpu: 1,
            memoryMiB: 512,
            port: 0,
            healthPath: "healthz",
            subnetIds: [],
            environment: { "NODE-ENV": "x", SHARED: "y" },
            secrets: { SHARED: { secretArn: STRIPE, jsonKey: "a b" } },
            permissions: [{ actions: ["s3:*"], resources: ["*"] }],
            logRetentionDays: 3650,
            minInstances: 4,
            maxInstances: 3,
            cpuTargetPercent: 95,
        }));
        expect(error.problems).toEqual([
            'serviceName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "API"',
            'region: expected an AWS region such as "eu-central-1", got "Frankfurt"',
            'image: expected a pinned image reference: "host/repo/name@sha256:<digest>" or "host/repo/name:tag" (not "latest"), got "acme/api:latest"',
            "memoryMiB: expected memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate, got 512",
            "subnetIds: expected at least one private subnet, got []",
            'environment.NODE-ENV: expected a variable name of letters, digits and underscores, got "NODE-ENV"',
            'secrets.SHARED: expected a name not also in environment, got "SHARED"',
            'secrets.SHARED.jsonKey: expected a JSON key such as "password", got "a b"',
            "secretsKmsKeyArn: expected the secrets' KMS key ARN when secrets are mounted, got nothing",
            'permissions[0].actions: expected actions such as "s3:GetObject", without wildcards, got ["s3:*"]',
            'permissions[0].resources: expected exact resource ARNs, not "*", got ["*"]',
            "logRetentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 3288 or 3653, got 3650",
            "port: expected an integer from 1 to 65535, got 0",
            'healthPath: expected a URL path such as "/healthz", got "healthz"',
            "maxInstances: expected at least minInstances (4), got 3",
            "cpuTargetPercent: expected an integer from 10 to 90, got 95",
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("refuses a component name too long for the target group's autoname (32 characters with 8 added)", async () => {
        const { error } = await rejectedArgs(() => new FargateService("payments-api-service-x", ARGS));
        expect(error.problems).toEqual(['name: expected at most 21 characters for a web service (its target group is autonamed "<name>-tg-xxxxxxx", at most 32), got "payments-api-service-x"']);
        const inv = await plan(() => new FargateService("payments-api-service", ARGS));
        expect(inv.one("aws:lb/targetGroup:TargetGroup").name).toBe("payments-api-service-tg");
    });

    it.each([
        [{ cpu: 3 }, "cpu: expected a Fargate vCPU size (0.25, 0.5, 1, 2, 4, 8, 16), got 3"],
        [{ cpu: 2, memoryMiB: 1024 }, "memoryMiB: expected memory from 4096 to 16384 MiB in steps of 1024 MiB for 2 vCPU on Fargate, got 1024"],
        [{ kind: "worker" as const, port: 8080 }, "port: expected nothing for a worker (no load balancer), got 8080"],
        [{ kind: "worker" as const, ingressSecurityGroupIds: ["sg-1"] }, 'ingressSecurityGroupIds: expected nothing for a worker (no load balancer), got ["sg-1"]'],
        [{ minInstances: 0 }, "minInstances: expected an integer from 1 to 1000, got 0"],
        [{ kind: "job" as never }, 'kind: expected one of "web", "worker", got "job"'],
    ])("rejects %j", async (bad, problem) => {
        const { error } = await rejectedArgs(() => new FargateService("api", { ...ARGS, ...bad }));
        expect(error.problems).toEqual([problem]);
    });

    it.each([[0.25, 2048], [16, 122880]])("accepts %s vCPU with %s MiB (the full table is tested in core)", async (cpu, memoryMiB) => {
        const inv = await plan(() => new FargateService("api", { ...ARGS, cpu, memoryMiB }));
        expect(inv.one(TASK).inputs).toMatchObject({ cpu: String(cpu * 1024), memory: String(memoryMiB) });
    });
});

describe("aws FargateService: bounds, defaults and structure", () => {
    const ROLE_POLICY_T = "aws:iam/rolePolicy:RolePolicy";
    const problemsOf = async (bad: Partial<FargateServiceArgs>, name = "api") => (await rejectedArgs(() => new FargateService(name, { ...ARGS, ...bad }))).error.problems;

    it.each([
        ["serviceName", { serviceName: "a" }],
        ["serviceName", { serviceName: "a234567890123456789b" }],
        ["namePrefix", { namePrefix: "a" }],
        ["namePrefix", { namePrefix: `a${"b".repeat(31)}` }],
        ["maxInstances", { minInstances: 3, maxInstances: 3 }],
        ["maxInstances", { minInstances: 1000, maxInstances: 1000 }],
        ["requestsPerTarget", { requestsPerTarget: 100000 }],
        ["healthCheckGracePeriodSeconds", { healthCheckGracePeriodSeconds: 0 }],
        ["logRetentionDays", { logRetentionDays: 365 }],
        ["permissions", { permissions: [{ actions: ["s3:GetObject", "kms-x:Decrypt2"], resources: ["arn:aws:s3:::acme/*"] }] }],
    ])("accepts %s at its bound: %j", async (_key, ok) => {
        await expect(plan(() => new FargateService("api", { ...ARGS, ...ok }))).resolves.toBeDefined();
    });

    it.each([
        [{ serviceName: "1api" }, 'serviceName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "1api"'],
        [{ serviceName: "api-" }, 'serviceName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "api-"'],
        [{ serviceName: "a234567890123456789bc" }, 'serviceName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "a234567890123456789bc"'],
        [{ namePrefix: "1acme" }, 'namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "1acme"'],
        [{ namePrefix: "acme_prod" }, 'namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "acme_prod"'],
        [{ namePrefix: `a${"b".repeat(32)}` }, `namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "a${"b".repeat(32)}"`],
        [{ cpuArchitecture: "x86" as never }, 'cpuArchitecture: expected one of "X86_64", "ARM64", got "x86"'],
        [{ maxInstances: 1001 }, "maxInstances: expected an integer from 1 to 1000, got 1001"],
        [{ minInstances: 3, maxInstances: 2 }, "maxInstances: expected at least minInstances (3), got 2"],
        [{ requestsPerTarget: 0 }, "requestsPerTarget: expected an integer from 1 to 100000, got 0"],
        [{ healthCheckGracePeriodSeconds: -1 }, "healthCheckGracePeriodSeconds: expected an integer from 0 to 2147483647, got -1"],
        [{ kind: "worker" as const, healthPath: "/healthz" }, 'healthPath: expected nothing for a worker (no load balancer), got "/healthz"'],
        [{ kind: "worker" as const, loadBalancerArnSuffix: "app/acme/1" }, 'loadBalancerArnSuffix: expected nothing for a worker (no load balancer), got "app/acme/1"'],
        [{ secrets: { "DB-PASS": { secretArn: STRIPE } }, secretsKmsKeyArn: SECRETS_KEY }, 'secrets.DB-PASS: expected a variable name of letters, digits and underscores, got "DB-PASS"'],
        [{ permissions: [{ actions: [], resources: ["arn:aws:s3:::acme/*"] }] }, 'permissions[0].actions: expected actions such as "s3:GetObject", without wildcards, got []'],
        [{ permissions: [{ actions: ["s3:GetObject", "s3:*"], resources: ["arn:aws:s3:::acme/*"] }] }, 'permissions[0].actions: expected actions such as "s3:GetObject", without wildcards, got ["s3:GetObject","s3:*"]'],
        [{ permissions: [{ actions: ["S3:GetObject"], resources: ["arn:aws:s3:::acme/*"] }] }, 'permissions[0].actions: expected actions such as "s3:GetObject", without wildcards, got ["S3:GetObject"]'],
        [{ permissions: [{ actions: ["s3:Get*"], resources: ["arn:aws:s3:::acme/*"] }] }, 'permissions[0].actions: expected actions such as "s3:GetObject", without wildcards, got ["s3:Get*"]'],
        [{ permissions: [{ actions: ["s3:GetObject"], resources: [] }] }, 'permissions[0].resources: expected exact resource ARNs, not "*", got []'],
        [{ permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme/*", "*"] }] }, 'permissions[0].resources: expected exact resource ARNs, not "*", got ["arn:aws:s3:::acme/*","*"]'],
    ])("rejects %j", async (bad, problem) => {
        expect(await problemsOf(bad)).toEqual([problem]);
    });

    it("accepts a 21-character component name for a web service (22 is refused above), any length for a worker", async () => {
        const inv = await plan(() => new FargateService("payments-api-service1", ARGS));
        expect(inv.one("aws:lb/targetGroup:TargetGroup").name).toBe("payments-api-service1-tg");
        const worker = await plan(() => new FargateService("payments-api-service-worker", { ...ARGS, kind: "worker" }));
        expect(worker.ofType("aws:lb/targetGroup:TargetGroup")).toHaveLength(0);
    });

    it("refuses a load-balancer attachment for a worker with a clear message", async () => {
        expect(await problemsOf({ kind: "worker", attachTargetGroup: attach })).toEqual(["attachTargetGroup: expected nothing for a worker (no load balancer), got a function"]);
    });

    it("sends the given retention, scaling bounds and grace period", async () => {
        const inv = await plan(() => new FargateService("api", {
            ...ARGS,
            logRetentionDays: 365,
            minInstances: 3,
            maxInstances: 3,
            attachTargetGroup: (tg) => [attach(tg)],
            loadBalancerArnSuffix: "app/acme-prod/0123456789abcdef",
            requestsPerTarget: 250,
            cpuTargetPercent: 10,
            healthCheckGracePeriodSeconds: 0,
        }));
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(365);
        expect(inv.one("aws:appautoscaling/target:Target").inputs).toMatchObject({ minCapacity: 3, maxCapacity: 3 });
        expect(byName(inv.ofType(POLICY)).map((p) => (p.inputs.targetTrackingScalingPolicyConfiguration as { targetValue: number }).targetValue)).toEqual([10, 250]);
        // An attachment given as a list is waited for as well.
        expect(inv.one(SERVICE).inputs).toMatchObject({ healthCheckGracePeriodSeconds: 0, desiredCount: 3 });
        expect(inv.one(SERVICE).dependsOn).toContain(inv.named("api-rule").urn);
    });

    it("without a load balancer suffix scales on CPU only, even when attached", async () => {
        const inv = await plan(() => new FargateService("api", { ...ARGS, attachTargetGroup: attach }));
        expect(inv.ofType(POLICY).map((p) => p.inputs.name)).toEqual(["acme-prod-api-cpu"]);
    });

    it("parents every resource to the component (the tasks' group's rules to that group)", async () => {
        const inv = await plan(() => new FargateService("api", { ...ARGS, permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme/*"] }], enableExecuteCommand: true }));
        const component = inv.one(FargateService.TYPE);
        const group = inv.one("prodstack:aws:SecurityGroup");
        expect(inv.childrenOf(component.urn).length + inv.childrenOf(group.urn).length).toBe(inv.resources.length - 1);
        expect(group.parent).toBe(component.urn);
    });

    it("names and describes the two roles and their policies", async () => {
        const inv = await plan(() => new FargateService("api", { ...ARGS, permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme/*"] }], enableExecuteCommand: true }));
        expect(byName(inv.ofType(ROLE)).map((r) => [r.inputs.name, r.inputs.description])).toEqual([
            ["acme-prod-api-execution", "ECS starts the tasks of acme-prod-api with this role: image pull, logs, secrets"],
            ["acme-prod-api-task", "The application code of acme-prod-api runs with this role"],
        ]);
        expect(byName(inv.ofType(ROLE_POLICY_T)).map((p) => [p.name, p.inputs.role, p.inputs.name])).toEqual([
            ["api-exec", "acme-prod-api-task", "ecs-exec"],
            ["api-execution", "acme-prod-api-execution", "start-tasks"],
            ["api-task", "acme-prod-api-task", "application"],
        ]);
    });

    it("grants ECR pulls only for an ECR host at the start of the image (China partition included)", async () => {
        const sids = async (image: string) => statements(await plan(() => new FargateService("api", { ...ARGS, image })), "api-execution");
        const lookalike = await sids(`ghcr.io/acme/123456789012.dkr.ecr.eu-central-1.amazonaws.com/api@sha256:${DIGEST}`);
        expect(lookalike.map((s: { Sid: string }) => s.Sid)).toStrictEqual(["WriteTheLogGroup"]);
        const china = await sids(`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/acme/api:v1.2`);
        expect(china[1]).toEqual({
            Sid: "PullTheImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            Resource: "arn:aws:ecr:cn-north-1:123456789012:repository/acme/api",
        });
    });

    it("gives the secrets' key grant only with secrets, and mounts no secret without one", async () => {
        const inv = await plan(() => new FargateService("api", { ...ARGS, secretsKmsKeyArn: SECRETS_KEY }));
        expect(statements(inv, "api-execution").map((s: { Sid: string }) => s.Sid)).toStrictEqual(["EcrLogin", "PullTheImage", "WriteTheLogGroup"]);
    });
});
