import { RestoreDrill, validateRestoreDrillArgs } from "../../../components/aws/restore-drill";
import { scratchIdentifierOf, verificationQuery, verificationScript, type RestoreDrillArgs } from "../../../components/aws/restore-drill-args";
import { summarize } from "../../../infra/plan/summaries";
import { unixCronOf } from "../../../infra/plan/aws-summaries-observability";
import { argProblems, memo, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-prod/db/app-password-AbCdEf";
const CLUSTER = "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod";
const ARGS: RestoreDrillArgs = {
    namePrefix: "acme-prod",
    region: "eu-central-1",
    database: {
        identifier: "acme-prod-db",
        arn: "arn:aws:rds:eu-central-1:123456789012:db:acme-prod-db",
        engine: "postgres",
        version: "17",
        port: 5432,
        databaseName: "app",
        user: "app",
        passwordSecretArn: SECRET,
        securityGroupId: "sg-0db",
        subnetGroupName: "acme-prod-db",
        parameterGroupName: "acme-prod-db-postgres17",
        kmsKeyArn: KEY,
    },
    schedule: "0 5 * * 1",
    verifyQuery: "SELECT 1 FROM users LIMIT 1;",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-a", "subnet-b"],
    cluster: { arn: CLUSTER, name: "acme-prod" },
    kmsKeyArn: KEY,
};
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const MACHINE = "aws:sfn/stateMachine:StateMachine";
const DRILL_ARN = "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill";
let drill: RestoreDrill | undefined;
const planned = memo(() => plan(() => (drill = new RestoreDrill("drill", ARGS))));
const statements = (inv: Inventory, name: string) => JSON.parse(String(inv.named(name, ROLE_POLICY).inputs.policy)).Statement;
const trust = (inv: Inventory, name: string) => JSON.parse(String(inv.named(name, "aws:iam/role:Role").inputs.assumeRolePolicy)).Statement;

describe("aws RestoreDrill", () => {
    it("defines the drill with the database's subnet group, groups, the cluster and the verification task", async () => {
        const inv = await planned();
        const machine = inv.named("drill-state-machine", MACHINE).inputs;
        expect(machine).toMatchObject({ region: "eu-central-1", name: "acme-prod-restore-drill", type: "STANDARD", roleArn: "arn:aws:iam::123456789012:role/acme-prod-restore-drill" });
        const definition = JSON.parse(String(machine.definition));
        expect(definition.States.Restore.Arguments).toMatchObject({
            SourceDBInstanceIdentifier: "acme-prod-db",
            TargetDBInstanceIdentifier: "acme-prod-db-drill",
            RestoreTime: "{% $fromMillis($toMillis($states.context.Execution.StartTime) - 3600000) %}",
            DbInstanceClass: "db.t4g.micro",
            DbSubnetGroupName: "acme-prod-db",
            VpcSecurityGroupIds: ["sg-0db"],
            DbParameterGroupName: "acme-prod-db-postgres17",
            PubliclyAccessible: false,
            MultiAZ: false,
            DeletionProtection: false,
            Tags: [{ Key: "prodstack-restore-drill", Value: "true" }],
        });
        const task = inv.one("aws:ecs/taskDefinition:TaskDefinition");
        expect(definition.States.Verify.Arguments).toMatchObject({
            Cluster: CLUSTER,
            TaskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-restore-drill:1",
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ["subnet-a", "subnet-b"], AssignPublicIp: "DISABLED" } },
        });
        expect(definition.States.Verify.Arguments.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toHaveLength(1);
        // A restore takes up to 6 hours, checked every minute.
        expect(definition.States.IsRestored.Choices[2].Condition).toBe("{% $polls >= 360 %}");
        expect(definition.States.RecordResult.Arguments.Namespace).toBe("prodstack/acme-prod/restore-drill");
        expect(task.inputs).toMatchObject({ family: "acme-prod-restore-drill", cpu: "256", memory: "512" });
        const [container] = JSON.parse(String(task.inputs.containerDefinitions));
        expect(container.image).toBe("public.ecr.aws/docker/library/postgres:17-alpine");
        expect(container.entryPoint).toEqual(["sh", "-c"]);
        expect(container.command[0]).toContain("sslmode=verify-full sslrootcert=/tmp/rds-ca.pem");
        expect(Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual({
            DB_PORT: "5432",
            DB_NAME: "app",
            DB_USER: "app",
            CA_BUNDLE_URL: "https://truststore.pki.rds.amazonaws.com/eu-central-1/eu-central-1-bundle.pem",
            // The trailing semicolon dropped, wrapped so that "a row" means exactly one `1`.
            VERIFY_QUERY: "SELECT 1 FROM (SELECT 1 FROM users LIMIT 1) AS drill_verify LIMIT 1",
        });
        expect(container.secrets).toEqual([{ name: "PGPASSWORD", valueFrom: SECRET }]);
        // The override names the task's own container, or ECS refuses the run.
        expect(definition.States.Verify.Arguments.Overrides.ContainerOverrides[0].Name).toBe(container.name);
        const egress = inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4]);
        expect(egress).toEqual(expect.arrayContaining([[5432, "sg-0db"], [443, "0.0.0.0/0"]]));
        expect(inv.ofType("aws:ecs/cluster:Cluster")).toHaveLength(0);
    });

    it("lets the drill restore only from the database into the scratch name, delete only that, run only its task, publish only its namespace", async () => {
        const inv = await planned();
        const db = (r: string) => `arn:aws:rds:eu-central-1:123456789012:${r}`;
        expect(statements(inv, "drill-role")).toEqual([
            {
                Sid: "RestoreTheScratchInstance", Effect: "Allow", Action: "rds:RestoreDBInstanceToPointInTime",
                Resource: [db("db:acme-prod-db"), db("db:acme-prod-db-drill"), db("subgrp:acme-prod-db"), db("pg:acme-prod-db-postgres17"), db("og:default:postgres-17")],
            },
            { Sid: "TagItOnCreation", Effect: "Allow", Action: "rds:AddTagsToResource", Resource: db("db:acme-prod-db-drill") },
            { Sid: "WatchAndDeleteIt", Effect: "Allow", Action: ["rds:DescribeDBInstances", "rds:DeleteDBInstance"], Resource: db("db:acme-prod-db-drill") },
            {
                Sid: "EncryptTheCopyThroughRds", Effect: "Allow", Action: ["kms:CreateGrant", "kms:DescribeKey"], Resource: KEY,
                Condition: { StringEquals: { "kms:ViaService": "rds.eu-central-1.amazonaws.com" } },
            },
            {
                Sid: "RunTheTaskInItsCluster", Effect: "Allow", Action: "ecs:RunTask",
                Resource: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-restore-drill:*", Condition: { ArnEquals: { "ecs:cluster": CLUSTER } },
            },
            {
                Sid: "HandTheTaskItsRoles", Effect: "Allow", Action: "iam:PassRole",
                Resource: ["arn:aws:iam::123456789012:role/acme-prod-restore-drill-execution", "arn:aws:iam::123456789012:role/acme-prod-restore-drill-task"],
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
            { Sid: "FollowTheTask", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: "arn:aws:ecs:eu-central-1:123456789012:task/acme-prod/*" },
            {
                Sid: "ManagedRuleOfRunTaskSync", Effect: "Allow", Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                Resource: "arn:aws:events:eu-central-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule",
            },
            {
                Sid: "PublishTheResult", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
                Condition: { StringEquals: { "cloudwatch:namespace": "prodstack/acme-prod/restore-drill" } },
            },
        ]);
        expect(trust(inv, "drill-role")).toEqual([{
            Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": DRILL_ARN } },
        }]);
        expect(statements(inv, "drill-watch-role")).toEqual([
            { Sid: "ReadTheDrillsExecutions", Effect: "Allow", Action: ["states:DescribeStateMachine", "states:ListExecutions"], Resource: DRILL_ARN },
            {
                Sid: "PublishTheResult", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
                Condition: { StringEquals: { "cloudwatch:namespace": "prodstack/acme-prod/restore-drill" } },
            },
            { Sid: "SweepALeftoverScratchInstance", Effect: "Allow", Action: ["rds:DescribeDBInstances", "rds:DeleteDBInstance"], Resource: db("db:acme-prod-db-drill") },
        ]);
        expect(statements(inv, "drill-drill-scheduler")).toEqual([{ Sid: "StartIt", Effect: "Allow", Action: "states:StartExecution", Resource: DRILL_ARN }]);
        expect(statements(inv, "drill-watch-scheduler")).toEqual([{
            Sid: "StartIt", Effect: "Allow", Action: "states:StartExecution", Resource: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill-watch",
        }]);
    });

    it("names and describes every role, trusts only its service in this account, and orders each start after its policy", async () => {
        const inv = await planned();
        const roles = inv.ofType("aws:iam/role:Role").map((r) => [r.name, r.inputs.name, r.inputs.description]);
        expect(roles).toEqual(expect.arrayContaining([
            ["drill-role", "acme-prod-restore-drill", "Step Functions runs the restore drill of acme-prod-db with this role"],
            ["drill-watch-role", "acme-prod-restore-drill-watch", "Step Functions publishes the age of the last successful restore drill of acme-prod-db with this role"],
            ["drill-drill-scheduler", "acme-prod-restore-drill-scheduler", "EventBridge Scheduler starts the restore drill of acme-prod-db with this role"],
            ["drill-watch-scheduler", "acme-prod-restore-drill-watch-scheduler", "EventBridge Scheduler starts the restore drill watch of acme-prod-db with this role"],
        ]));
        expect(trust(inv, "drill-watch-role")[0].Principal).toEqual({ Service: "states.amazonaws.com" });
        expect(trust(inv, "drill-watch-role")[0].Condition).toEqual({
            StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill-watch" },
        });
        for (const scheduler of ["drill-drill-scheduler", "drill-watch-scheduler"]) {
            expect(trust(inv, scheduler)).toEqual([{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }]);
        }
        expect(inv.ofType(ROLE_POLICY).map((p) => [p.name, p.inputs.name])).toEqual(expect.arrayContaining([
            ["drill-role", "restore-verify-delete"], ["drill-watch-role", "read-the-drill-publish-its-age"],
            ["drill-drill-scheduler", "start-the-state-machine"], ["drill-watch-scheduler", "start-the-state-machine"],
        ]));
        expect(inv.named("drill-watch", MACHINE).inputs).toMatchObject({ region: "eu-central-1", name: "acme-prod-restore-drill-watch", type: "STANDARD", roleArn: "arn:aws:iam::123456789012:role/acme-prod-restore-drill-watch" });
        const after = (resource: string, type: string, policy: string) => expect(inv.named(resource, type).dependsOn).toContain(inv.named(policy, ROLE_POLICY).urn);
        after("drill-state-machine", MACHINE, "drill-role");
        after("drill-watch", MACHINE, "drill-watch-role");
        after("drill-drill-schedule", "aws:scheduler/schedule:Schedule", "drill-drill-scheduler");
        after("drill-watch-schedule", "aws:scheduler/schedule:Schedule", "drill-watch-scheduler");
        const schedules = inv.ofType("aws:scheduler/schedule:Schedule").map((r) => r.inputs.description);
        expect(schedules.sort()).toEqual(["Starts the restore drill of acme-prod-db (prodstack)", "Starts the restore drill watch of acme-prod-db (prodstack)"]);
        // Everything is the component's child.
        const component = inv.one(RestoreDrill.TYPE).urn;
        expect(inv.resources.filter((r) => r.type !== RestoreDrill.TYPE && !String(r.parent).startsWith(component.split("::")[0]))).toEqual([]);
        expect(inv.resources.filter((r) => r.parent === component).map((r) => r.name).sort()).toEqual([
            "drill-drill-schedule", "drill-drill-scheduler", "drill-drill-scheduler", "drill-execution", "drill-execution", "drill-logs", "drill-role", "drill-role", "drill-state-machine", "drill-task", "drill-task",
            "drill-tasks", "drill-watch", "drill-watch-role", "drill-watch-role", "drill-watch-schedule", "drill-watch-scheduler", "drill-watch-scheduler",
        ].sort());
        expect(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => r.inputs.description)).toContain("Postgres to the scratch instance");
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs).toMatchObject({ name: "/prodstack/acme-prod/restore-drill", retentionInDays: 30, kmsKeyId: KEY });
    });

    it("starts the drill on the spec's cron (converted for EventBridge, UTC) and the watch every 6 hours, without retries", async () => {
        const inv = await planned();
        const drill = inv.named("drill-drill-schedule", "aws:scheduler/schedule:Schedule").inputs;
        expect(drill).toMatchObject({
            region: "eu-central-1", name: "acme-prod-restore-drill", scheduleExpression: "cron(0 5 ? * 2 *)", scheduleExpressionTimezone: "UTC",
            flexibleTimeWindow: { mode: "OFF" },
            target: { arn: DRILL_ARN, roleArn: "arn:aws:iam::123456789012:role/acme-prod-restore-drill-scheduler", input: "{}", retryPolicy: { maximumRetryAttempts: 0 } },
        });
        const watch = inv.named("drill-watch-schedule", "aws:scheduler/schedule:Schedule").inputs;
        expect(watch).toMatchObject({ name: "acme-prod-restore-drill-watch", scheduleExpression: "rate(6 hours)" });
        const watchStates = JSON.parse(String(inv.named("drill-watch", MACHINE).inputs.definition)).States;
        expect(watchStates.LastSuccess.Arguments.StateMachineArn).toBe(DRILL_ARN);
        expect(watchStates.FindLeftover.Assign.leftover).toContain("> 86400000 and");
    });

    it("exposes the scratch identifier, namespace and schedule period, and verifies MySQL with its client", async () => {
        await planned();
        expect([drill!.scratchIdentifier, drill!.metricNamespace, drill!.schedulePeriodSeconds]).toEqual(["acme-prod-db-drill", "prodstack/acme-prod/restore-drill", 604800]);
        const inv = await plan(() => new RestoreDrill("drill", {
            ...ARGS, database: { ...ARGS.database, engine: "mysql", version: "8.4", port: 3306 }, verifyQuery: undefined, instanceClass: "db.t4g.small", pointInTimeOffsetMinutes: 5,
        }));
        const [container] = JSON.parse(String(inv.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions));
        expect(container.image).toBe("public.ecr.aws/docker/library/mysql:8.4");
        expect(container.command[0]).toContain("--ssl-mode=VERIFY_IDENTITY --ssl-ca=/tmp/rds-ca.pem");
        expect(container.secrets).toEqual([{ name: "MYSQL_PWD", valueFrom: SECRET }]);
        expect(container.name).toBe("restore-drill");
        expect(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => r.inputs.description)).toContain("MySQL to the scratch instance");
        expect(container.environment).toContainEqual({ name: "VERIFY_QUERY", value: "SELECT 1" });
        const definition = JSON.parse(String(inv.named("drill-state-machine", MACHINE).inputs.definition));
        expect(definition.States.Restore.Arguments).toMatchObject({ DbInstanceClass: "db.t4g.small", RestoreTime: "{% $fromMillis($toMillis($states.context.Execution.StartTime) - 300000) %}" });
        expect(statements(inv, "drill-role")[0].Resource[4]).toBe("arn:aws:rds:eu-central-1:123456789012:og:default:mysql-8-4");
        expect(summarize(RestoreDrill.TYPE, inv.resources)).toBe("restore drill weekly · PITR −5 min · login check · scratch db.t4g.small, private, deleted on every path");
    });

    it("summarizes the drill from what AWS receives", async () => {
        const inv = await planned();
        expect(summarize(RestoreDrill.TYPE, inv.resources)).toBe(
            'restore drill weekly · PITR −1 h · verify "SELECT 1 FROM users LIMIT 1" · scratch db.t4g.micro, private, deleted on every path');
        expect([unixCronOf("cron(0 5 ? * 2 *)"), unixCronOf("cron(30 4 1 * ? *)"), unixCronOf("cron(0 5 ? * 1,7 *)"), unixCronOf("rate(1 day)")])
            .toEqual(["0 5 * * 1", "30 4 1 * *", "0 5 * * 0,6", undefined]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new RestoreDrill("drill", {
            ...ARGS,
            region: "eu",
            database: { ...ARGS.database, identifier: "Acme--db", engine: "oracle" as never },
            schedule: "0 5 1 * 1",
            pointInTimeOffsetMinutes: 4,
            verifyQuery: "DELETE FROM users; SELECT 1",
            instanceClass: "t4g.micro",
            subnetIds: [],
            pollSeconds: 29,
            maxRestoreMinutes: 9,
        }));
        expect(error.problems).toEqual([
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'database.identifier: expected an RDS identifier of at most 57 characters (the scratch instance adds "-drill"), got "Acme--db"',
            'database.engine: expected one of "postgres", "mysql", got "oracle"',
            'schedule: expected a day of the month or a day of the week, not both (EventBridge cannot run on either, as unix cron does), got "0 5 1 * 1"',
            "pointInTimeOffsetMinutes: expected an integer from 5 to 50400, got 4",
            'verifyQuery: expected one SQL statement of at most 1000 characters, got "DELETE FROM users; SELECT 1"',
            'instanceClass: expected an RDS instance class such as "db.t4g.micro", got "t4g.micro"',
            "subnetIds: expected at least one private subnet, got []",
            "pollSeconds: expected an integer from 30 to 3600, got 29",
            "maxRestoreMinutes: expected an integer from 10 to 1440, got 9",
        ]);
        expect(inv.resources).toHaveLength(0);
        const cron = await rejectedArgs(() => new RestoreDrill("drill", { ...ARGS, schedule: "every monday" }));
        expect(cron.error.problems).toEqual(['schedule: expected five-field unix cron such as "0 5 * * 1", got "every monday"']);
    });

    it("checks every arg at both ends of its pattern", () => {
        const problems = (edit: Partial<RestoreDrillArgs>) => argProblems(() => validateRestoreDrillArgs("drill", { ...ARGS, ...edit }));
        expect(problems({ namePrefix: "Acme", instanceClass: "xdb.t4g.micro" })).toEqual([
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got "Acme"',
            'instanceClass: expected an RDS instance class such as "db.t4g.micro", got "xdb.t4g.micro"',
        ]);
        expect(problems({ namePrefix: "acme-", instanceClass: "db.t4g.micro!" }).map((p) => p.split(":")[0])).toEqual(["instanceClass"]);
        expect(problems({ namePrefix: "acme!" }).map((p) => p.split(":")[0])).toEqual(["namePrefix"]);
        for (const version of ["v17", "17a", "8.", "8.4x"]) {
            expect(problems({ database: { ...ARGS.database, version } })).toEqual([`database.version: expected a major version such as "17" or "8.4", got "${version}"`]);
        }
        expect(problems({ database: { ...ARGS.database, version: "8.40" } })).toEqual([]);
        expect(problems({ database: { ...ARGS.database, port: 80 } })).toEqual(["database.port: expected an integer from 1150 to 65535, got 80"]);
        expect(problems({ database: { ...ARGS.database, identifier: "acme--db" } })[0]).toMatch(/^database\.identifier: /);
        expect(problems({ database: { ...ARGS.database, identifier: "acme-db-" } })[0]).toMatch(/^database\.identifier: /);
        // One statement: a trailing semicolon (and blanks) is fine, an empty one or two are not.
        expect(problems({ verifyQuery: "  SELECT 1;  " })).toEqual([]);
        expect(problems({ verifyQuery: ` ${"x".repeat(1000)} ` })).toEqual([]);
        expect(problems({ verifyQuery: " ; " })).toEqual(['verifyQuery: expected one SQL statement of at most 1000 characters, got " ; "']);
        expect(problems({ verifyQuery: "SELECT 1;x" })).toHaveLength(1);
        expect(problems({ verifyQuery: "SELECT ';' " })).toHaveLength(1);
    });

    it("wraps the query once, without its trailing semicolon, and verifies with TLS against the region's bundle", () => {
        expect(verificationQuery("  SELECT id FROM users ;  ")).toBe("SELECT 1 FROM (SELECT id FROM users) AS drill_verify LIMIT 1");
        expect(verificationQuery("SELECT ';x'")).toBe("SELECT 1 FROM (SELECT ';x') AS drill_verify LIMIT 1");
        expect(verificationQuery(undefined)).toBe("SELECT 1");
        expect(verificationQuery("  ")).toBe("SELECT 1");
        expect(verificationScript("postgres")).toBe(
            "set -eu; (wget -qO /tmp/rds-ca.pem \"$CA_BUNDLE_URL\" || curl -fsSo /tmp/rds-ca.pem \"$CA_BUNDLE_URL\"); " +
            "rows=$(psql \"host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_USER sslmode=verify-full sslrootcert=/tmp/rds-ca.pem\" -X -q -t -A -v ON_ERROR_STOP=1 -c \"$VERIFY_QUERY\"); " +
            "if [ -z \"$rows\" ]; then echo \"restore drill: the verification query returned no row\"; exit 1; fi; echo \"restore drill: verified\"");
        expect(verificationScript("mysql")).toContain("rows=$(mysql --host=\"$DB_HOST\" --port=\"$DB_PORT\" --user=\"$DB_USER\" --ssl-mode=VERIFY_IDENTITY --ssl-ca=/tmp/rds-ca.pem -N -B -e \"$VERIFY_QUERY\" \"$DB_NAME\");");
    });

    it("accepts the bounds", () => {
        expect(argProblems(() => validateRestoreDrillArgs("drill", {
            ...ARGS, pointInTimeOffsetMinutes: 50400, pollSeconds: 3600, maxRestoreMinutes: 1440, schedule: "0 5 1 * *",
            database: { ...ARGS.database, identifier: `a${"b".repeat(56)}` },
        }))).toEqual([]);
        expect(scratchIdentifierOf(`a${"b".repeat(56)}`)).toHaveLength(63);
        expect(argProblems(() => validateRestoreDrillArgs("drill", { ...ARGS, pointInTimeOffsetMinutes: 5, pollSeconds: 30, maxRestoreMinutes: 10, verifyQuery: "SELECT 1 ;  " }))).toEqual([]);
        expect(argProblems(() => validateRestoreDrillArgs("drill", { ...ARGS, database: { ...ARGS.database, identifier: `a${"b".repeat(57)}` }, verifyQuery: "x".repeat(1001) }))).toEqual([
            `database.identifier: expected an RDS identifier of at most 57 characters (the scratch instance adds "-drill"), got "a${"b".repeat(57)}"`,
            `verifyQuery: expected one SQL statement of at most 1000 characters, got "${"x".repeat(1001)}"`,
        ]);
    });
});
