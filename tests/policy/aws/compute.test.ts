import { r, urn, validateResource, validateStack } from "../harness";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const LAMBDA = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const TARGET = "aws:appautoscaling/target:Target";
const IMAGE = `123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api@sha256:${"a".repeat(64)}`;
const SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/session-AbCdEf";

/** A container as FargateService writes it; `over` replaces fields. */
const container = (over: Record<string, unknown> = {}) => ({
    name: "api",
    image: IMAGE,
    essential: true,
    environment: [{ name: "NODE_ENV", value: "production" }],
    secrets: [{ name: "SESSION_SECRET", valueFrom: SECRET_ARN }],
    readonlyRootFilesystem: true,
    mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    ...over,
});
const taskDef = (containers: unknown[], over: Record<string, unknown> = {}) => ({
    family: "acme-prod-api",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    executionRoleArn: "arn:aws:iam::123456789012:role/acme-prod-api-execution",
    taskRoleArn: "arn:aws:iam::123456789012:role/acme-prod-api-task",
    containerDefinitions: JSON.stringify(containers),
    ...over,
});
const api = { name: "api-task" };

describe("secrets-not-in-plain-env on ECS and Lambda", () => {
    it("passes plain config, secrets read from Secrets Manager and ARNs that point at secrets", async () => {
        const env = [
            { name: "NODE_ENV", value: "production" },
            { name: "TOKEN_TTL", value: "3600" },
            { name: "DB_PASSWORD_SECRET_ARN", value: SECRET_ARN },
        ];
        const out = await validateResource("secrets-not-in-plain-env", TD, taskDef([container({ environment: env })]), api);
        expect(out.messages).toEqual([]);
        const fn = { environment: { variables: { LOG_LEVEL: "info", API_KEY: SECRET_ARN } } };
        expect((await validateResource("secrets-not-in-plain-env", LAMBDA, fn, { name: "runner" })).messages).toEqual([]);
    });

    it("fails secret-looking names, credential URLs and Pulumi secrets in a container's plain environment", async () => {
        const env = [
            { name: "STRIPE_API_KEY", value: "sk_live_abc" },
            { name: "DATABASE_URL", value: "postgres://app:hunter2@db:5432/app" },
            { name: "JWT_KEY", value: "[secret]" },
        ];
        const out = await validateResource("secrets-not-in-plain-env", TD, taskDef([container({ environment: env })]), api);
        const tail = "list it under the container's secrets (valueFrom a Secrets Manager ARN) instead.";
        expect(out.messages).toEqual([
            `ECS task definition "api-task" passes STRIPE_API_KEY to container api as a plain environment variable although its name says it holds a secret; ${tail}`,
            `ECS task definition "api-task" passes DATABASE_URL to container api as a plain environment variable although its value embeds credentials; ${tail}`,
            `ECS task definition "api-task" passes JWT_KEY to container api as a plain environment variable although its value is a Pulumi secret; ${tail}`,
        ]);
    });

    it("fails container definitions the plan shows as a secret: a secret value went into them", async () => {
        const out = await validateResource("secrets-not-in-plain-env", TD, taskDef([], { containerDefinitions: "[secret]" }), api);
        expect(out.messages).toEqual([
            'ECS task definition "api-task" has a Pulumi secret inside containerDefinitions, so a secret value reaches the container as plain ' +
                "text; put it in Secrets Manager and list it under the container's secrets (valueFrom) instead.",
        ]);
    });

    it("fails a secret in a Lambda function's environment", async () => {
        const fn = { environment: { variables: { DB_PASSWORD: "hunter2" } } };
        expect((await validateResource("secrets-not-in-plain-env", LAMBDA, fn, { name: "runner" })).messages).toEqual([
            'Lambda function "runner" passes DB_PASSWORD as a plain environment variable although its name says it holds a secret; ' +
                "read it from Secrets Manager at run time instead.",
        ]);
        const shown = { environment: { variables: "[secret]" } };
        expect((await validateResource("secrets-not-in-plain-env", LAMBDA, shown, { name: "runner" })).messages).toEqual([
            'Lambda function "runner" has a Pulumi secret in its environment variables; read it from Secrets Manager at run time instead.',
        ]);
    });
});

describe("images-pinned on ECS", () => {
    it("passes digests and version tags", async () => {
        const td = taskDef([container(), container({ name: "sidecar", image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0" })]);
        expect((await validateResource("images-pinned", TD, td, api)).messages).toEqual([]);
    });

    it("fails latest and untagged images, naming the container", async () => {
        const td = taskDef([container({ image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api:latest" }), container({ name: "proxy", image: "nginx" })]);
        expect((await validateResource("images-pinned", TD, td, api)).messages).toEqual([
            'ECS task definition "api-task" runs the unpinned image 123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api:latest in container api; ' +
                "deploy by digest or by an immutable version tag.",
            'ECS task definition "api-task" runs the unpinned image nginx in container proxy; deploy by digest or by an immutable version tag.',
        ]);
    });
});

describe("containers-hardened", () => {
    it("passes an unprivileged container with a read-only root filesystem", async () => {
        expect((await validateResource("containers-hardened", TD, taskDef([container()]), api)).messages).toEqual([]);
    });

    it("fails a privileged container, a writable root filesystem and host namespaces", async () => {
        const td = taskDef([container({ privileged: true, readonlyRootFilesystem: false })], { pidMode: "host", ipcMode: "task" });
        expect((await validateResource("containers-hardened", TD, td, api)).messages).toEqual([
            'ECS task definition "api-task" shares the host\'s process namespace (pidMode: host); remove pidMode.',
            'ECS task definition "api-task" runs container api privileged, with every capability of the host; remove privileged.',
            'ECS task definition "api-task" lets container api write to its root filesystem, so an intruder can change the code it runs; ' +
                "set readonlyRootFilesystem: true and mount a volume for the paths it must write (such as /tmp).",
        ]);
        const unset = taskDef([container({ readonlyRootFilesystem: undefined })]);
        expect((await validateResource("containers-hardened", TD, unset, api)).messages).toHaveLength(1);
    });
});

describe("dedicated-service-identities on ECS", () => {
    const role = (name: string) => r(ROLE, name, { name: `acme-prod-${name}` });
    const td = (name: string, task: string | undefined, execution: string) =>
        r(TD, name, taskDef([container()], {
            taskRoleArn: task && `arn:aws:iam::123456789012:role/acme-prod-${task}`,
            executionRoleArn: `arn:aws:iam::123456789012:role/acme-prod-${execution}`,
        }));

    it("passes a task role per task definition apart from the execution roles, and a task without AWS access", async () => {
        const resources = [role("api-task"), role("api-execution"), role("worker-task"), role("worker-execution"), role("migrate-execution")];
        const tasks = [td("api", "api-task", "api-execution"), td("worker", "worker-task", "worker-execution"), td("migrate", undefined, "migrate-execution")];
        expect((await validateStack("dedicated-service-identities", [...resources, ...tasks])).messages).toEqual([]);
    });

    it("fails a task whose application runs as its execution role", async () => {
        const t = td("api", "api-execution", "api-execution");
        const out = await validateStack("dedicated-service-identities", [role("api-execution"), t]);
        expect(out.messages).toEqual([
            'ECS task definition "api" runs its application as its execution role (IAM role "api-execution"), so the code holds ECS\'s ' +
                "image-pull and secret-reading permissions; give the task a task role of its own.",
        ]);
        expect(out.urns).toEqual([urn(t)]);
    });

    it("fails two task definitions sharing one task role", async () => {
        const out = await validateStack("dedicated-service-identities", [role("shared-task"), td("api", "shared-task", "api-execution"), td("worker", "shared-task", "worker-execution")]);
        expect(out.messages).toEqual([
            'ECS task definition "api" shares its task role (IAM role "shared-task") with ECS task definition "worker"; give each workload its own ' +
                "task role so one compromise does not grant the other's access.",
            'ECS task definition "worker" shares its task role (IAM role "shared-task") with ECS task definition "api"; give each workload its own ' +
                "task role so one compromise does not grant the other's access.",
        ]);
    });
});

describe("autoscaling-bounded on ECS", () => {
    const target = (minCapacity: number, maxCapacity: number) => ({ serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", minCapacity, maxCapacity });

    it("passes a maximum at or above the minimum", async () => {
        expect((await validateResource("autoscaling-bounded", TARGET, target(2, 2), { name: "api-scaling" })).messages).toEqual([]);
    });

    it("fails a maximum below the minimum", async () => {
        expect((await validateResource("autoscaling-bounded", TARGET, target(3, 2), { name: "api-scaling" })).messages).toEqual([
            'Autoscaling target "api-scaling" has no usable maximum (maxCapacity 2, minCapacity 3); set maxCapacity at or above minCapacity so a ' +
                "traffic spike cannot run up cost or exhaust the database's connections.",
        ]);
    });
});

describe("generated-secrets-not-in-plain-env on ECS and Lambda", () => {
    const PASSWORD = "random:index/randomPassword:RandomPassword";
    const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";

    it("passes a generated password that reaches the task through Secrets Manager", async () => {
        const password = r(PASSWORD, "session-key", { length: 48, result: "[secret]" });
        const version = r(VERSION, "app-session-key", { secretId: SECRET_ARN, secretString: "[secret]" }, [password]);
        const task = r(TD, "api-task", taskDef([container()]));
        expect((await validateStack("generated-secrets-not-in-plain-env", [password, version, task])).messages).toEqual([]);
    });

    it("fails a task definition that takes a generated value directly, and a Lambda whose plain env holds one", async () => {
        const password = r(PASSWORD, "session-key", { length: 48, result: "n0tAR3alS3cretButL0ngEnough" });
        const task = r(TD, "api-task", taskDef([container({ environment: [{ name: "SESSION", value: "[secret]" }] })]), [password]);
        const fn = r(LAMBDA, "runner", { environment: { variables: { SIGNING: "prefix-n0tAR3alS3cretButL0ngEnough" } } });
        const out = await validateStack("generated-secrets-not-in-plain-env", [password, task, fn]);
        expect(out.messages).toEqual([
            'ECS task definition "api-task" takes an input straight from generated password "session-key", a generated secret; store it in ' +
                "Secrets Manager and list it under the container's secrets (valueFrom) instead.",
            'Lambda function "runner" passes the value of generated password "session-key" in the plain environment variable SIGNING; read it ' +
                "from Secrets Manager instead.",
        ]);
        expect(out.urns).toEqual([urn(task), urn(fn)]);
    });
});

describe("compute rules: each branch on its own", () => {
    const tail = "list it under the container's secrets (valueFrom a Secrets Manager ARN) instead.";
    const envOf = (value: string) => taskDef([container({ name: undefined, environment: [{ name: "DB_PASSWORD", value }] })]);

    it.each([
        ["arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf", false],
        ["arn:aws:ssm:eu-central-1:123456789012:parameter/db", false],
        ["arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db", false],
        ["xarn:aws:secretsmanager:eu-central-1:123456789012:secret:db", true],
        ["arn:aws:s3:::bucket/secretsmanager:", true],
        ["hunter2", true],
    ])("secrets-not-in-plain-env takes %s as a reference, not a secret: %s", async (value, fails) => {
        const out = await validateResource("secrets-not-in-plain-env", TD, envOf(value), api);
        expect(out.messages).toEqual(fails ? [`ECS task definition "api-task" passes DB_PASSWORD to container (unnamed) as a plain environment variable although its name says it holds a secret; ${tail}`] : []);
        const fn = await validateResource("secrets-not-in-plain-env", LAMBDA, { environment: { variables: { DB_PASSWORD: value } } }, { name: "f" });
        expect(fn.messages).toHaveLength(fails ? 1 : 0);
    });

    it("secrets-not-in-plain-env reports a Lambda environment shown whole as a secret, and passes unreadable definitions", async () => {
        expect((await validateResource("secrets-not-in-plain-env", LAMBDA, { environment: "[secret]" }, { name: "f" })).messages).toEqual([
            'Lambda function "f" has a Pulumi secret in its environment variables; read it from Secrets Manager at run time instead.',
        ]);
        expect((await validateResource("secrets-not-in-plain-env", LAMBDA, {}, { name: "f" })).messages).toEqual([]);
        expect((await validateResource("secrets-not-in-plain-env", TD, taskDef([], { containerDefinitions: "{}" }), api)).messages).toEqual([]);
    });

    it("images-pinned names an unnamed container, skips one without image and unreadable definitions", async () => {
        const td = taskDef([container({ name: "", image: "nginx:latest" }), container({ image: "" })]);
        expect((await validateResource("images-pinned", TD, td, api)).messages).toEqual([
            'ECS task definition "api-task" runs the unpinned image nginx:latest in container (unnamed); deploy by digest or by an immutable version tag.',
        ]);
        expect((await validateResource("images-pinned", TD, taskDef([], { containerDefinitions: "[secret]" }), api)).messages).toEqual([]);
    });

    it("containers-hardened names the IPC namespace, and passes task-scoped namespaces", async () => {
        expect((await validateResource("containers-hardened", TD, taskDef([container()], { ipcMode: "host", pidMode: "task" }), api)).messages).toEqual([
            'ECS task definition "api-task" shares the host\'s IPC namespace (ipcMode: host); remove ipcMode.',
        ]);
        expect((await validateResource("containers-hardened", TD, taskDef([container({ privileged: false })], { containerDefinitions: "[secret]" }), api)).messages).toEqual([]);
    });

    it.each([
        [1, 1, false],
        [0, 1, false],
        [0, 0, true],
        [2, 1, true],
        [1, -1, true],
    ])("autoscaling-bounded with minCapacity %s and maxCapacity %s fails: %s", async (minCapacity, maxCapacity, fails) => {
        const out = await validateResource("autoscaling-bounded", TARGET, { minCapacity, maxCapacity }, { name: "s" });
        expect(out.messages).toEqual(
            fails
                ? [`Autoscaling target "s" has no usable maximum (maxCapacity ${maxCapacity}, minCapacity ${minCapacity}); set maxCapacity at or above minCapacity so a traffic spike cannot run up cost or exhaust the database's connections.`]
                : [],
        );
    });

    it("autoscaling-bounded reads a missing minimum as 0 and a missing maximum as unusable", async () => {
        expect((await validateResource("autoscaling-bounded", TARGET, { maxCapacity: 1 }, { name: "s" })).messages).toEqual([]);
        expect((await validateResource("autoscaling-bounded", TARGET, { minCapacity: 0 }, { name: "s" })).messages).toEqual([
            "Autoscaling target \"s\" has no usable maximum (maxCapacity undefined, minCapacity 0); set maxCapacity at or above minCapacity so a traffic spike cannot run up cost or exhaust the database's connections.",
        ]);
    });

    it("dedicated-service-identities compares role ARNs outside the stack, and lists every other sharer", async () => {
        const arn = "arn:aws:iam::123456789012:role/shared";
        const same = r(TD, "api", taskDef([container()], { taskRoleArn: arn, executionRoleArn: arn }));
        expect((await validateStack("dedicated-service-identities", [same])).messages).toEqual([
            `ECS task definition "api" runs its application as its execution role (${arn}), so the code holds ECS's image-pull and secret-reading permissions; give the task a task role of its own.`,
        ]);
        const three = ["a", "b", "c"].map((n) => r(TD, n, taskDef([container()], { taskRoleArn: arn, executionRoleArn: `${arn}-${n}` })));
        const out = await validateStack("dedicated-service-identities", three);
        expect(out.messages[0]).toBe(
            `ECS task definition "a" shares its task role (${arn}) with ECS task definition "b" and ECS task definition "c"; give each workload its own task role so one compromise does not grant the other's access.`,
        );
        expect(out.messages).toHaveLength(3);
        const apart = ["a", "b"].map((n) => r(TD, n, taskDef([container()], { taskRoleArn: `${arn}-${n}`, executionRoleArn: "" })));
        expect((await validateStack("dedicated-service-identities", apart)).messages).toEqual([]);
        expect((await validateStack("dedicated-service-identities", [])).notApplicable).toMatch(/no ECS task definition in this stack$/);
    });
});
