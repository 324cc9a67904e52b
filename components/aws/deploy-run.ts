/**
 * Running a job's task to completion during `pulumi up`. Internal: `FargateJob` with
 * `runOnDeploy` uses it.
 *
 * Why a Lambda invocation: `aws.lambda.Invocation` calls a function synchronously with the
 * AWS provider's own credentials and fails the resource (and so the deploy) when the function
 * returns an error; with the task definition ARN in its `triggers` it runs again for every new
 * revision and never otherwise. The function starts the task with `ecs:RunTask`, polls
 * `ecs:DescribeTasks` until it stops and fails unless the container exited 0; a task still
 * running after the job's timeout is stopped (`ecs:StopTask`) before the deploy fails, so no
 * orphan keeps running. No CLI, Docker or credentials are needed where `pulumi up` runs,
 * nothing is left running between deploys, and the plan shows exactly what runs. Limit:
 * Lambda's 15 minutes; longer jobs must not block the deploy (use `schedule` or run them out
 * of band).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWS_NAME_MAX, resourceName } from "../core/internal";
import { policyDocument, serviceTrustPolicy } from "./iam";
import { clusterTasksArn, runTaskStatements, type Task } from "./task";

/** The runner's code (Node.js 22, AWS SDK v3 from the Lambda runtime). */
export const RUNNER_SOURCE = `
const { ECSClient, RunTaskCommand, DescribeTasksCommand, StopTaskCommand } = require("@aws-sdk/client-ecs");
const ecs = new ECSClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.handler = async (event) => {
    const run = await ecs.send(new RunTaskCommand({
        cluster: event.cluster,
        taskDefinition: event.taskDefinition,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        startedBy: "prodstack-deploy",
        networkConfiguration: { awsvpcConfiguration: { subnets: event.subnets, securityGroups: event.securityGroups, assignPublicIp: "DISABLED" } },
    }));
    if (!run.tasks || run.tasks.length !== 1) throw new Error("RunTask started no task: " + JSON.stringify(run.failures));
    const taskArn = run.tasks[0].taskArn;
    const deadline = Date.now() + event.timeoutSeconds * 1000;
    while (Date.now() < deadline) {
        await sleep(event.pollSeconds * 1000);
        const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: event.cluster, tasks: [taskArn] }));
        const task = tasks && tasks[0];
        if (task && task.lastStatus === "STOPPED") {
            const container = (task.containers || []).find((c) => c.name === event.container) || {};
            if (container.exitCode === 0) return { taskArn, exitCode: 0 };
            throw new Error(taskArn + " failed: exit code " + container.exitCode + ", " + (container.reason || task.stoppedReason || "no reason given"));
        }
    }
    // The deploy fails: stop the task first, so it does not run on unseen (and, say, migrate
    // half a schema while the next deploy starts another).
    const late = taskArn + " still running after " + event.timeoutSeconds + " s";
    try {
        await ecs.send(new StopTaskCommand({ cluster: event.cluster, task: taskArn, reason: "prodstack: deploy run timed out after " + event.timeoutSeconds + " s" }));
    } catch (err) {
        throw new Error(late + "; stopping it failed (" + err.message + "): stop it by hand, see its logs");
    }
    throw new Error(late + "; stopped it, see its logs");
};
`;

/** What the deploy run needs from its job. */
export interface DeployRunSpec {
    /**
     * `<namePrefix>-<jobName>`.
     * @default none (required)
     */
    fullName: string;
    /**
     * Log group of the runner, e.g. `/prodstack/acme-prod/migrate-deploy-run`.
     * @default none (required)
     */
    logGroupName: string;
    /**
     * Container whose exit code decides.
     * @default none (required)
     */
    container: string;
    /**
     * Region of the runner.
     * @default none (required)
     */
    region: string;
    /**
     * Subnets of the task.
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * How long to wait for the task to stop.
     * @default none (required)
     */
    timeoutSeconds: number;
    /**
     * Key of the runner's log group.
     * @default none (required)
     */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * Retention of the runner's log group.
     * @default none (required)
     */
    logRetentionDays: number;
}

/** Creates the runner (role, log group, function) and the invocation that runs the task once per revision. */
export function deployRun(name: string, spec: DeployRunSpec, task: Task, parent: pulumi.Resource): aws.lambda.Invocation {
    const opts = { parent };
    const { account } = task;
    const region = spec.region;
    const functionName = resourceName([spec.fullName, "deploy-run"], 64);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-runner-logs`, {
        region,
        name: spec.logGroupName,
        retentionInDays: spec.logRetentionDays,
        kmsKeyId: spec.logsKmsKeyArn,
    }, opts);
    const role = new aws.iam.Role(`${name}-runner`, {
        name: resourceName([spec.fullName, "deploy-run"], AWS_NAME_MAX.iamRole),
        description: `Runs the ${spec.fullName} task to completion during pulumi up`,
        assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", account),
    }, opts);
    const rolePolicy = new aws.iam.RolePolicy(`${name}-runner`, {
        role: role.name,
        name: "run-the-task",
        policy: policyDocument([
            ...runTaskStatements(task),
            { Sid: "WatchTheTask", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: clusterTasksArn(task, region) },
            { Sid: "StopItOnTimeout", Effect: "Allow", Action: "ecs:StopTask", Resource: clusterTasksArn(task, region) },
            { Sid: "WriteItsLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` },
        ]),
    }, opts);
    const fn = new aws.lambda.Function(`${name}-runner`, {
        region,
        name: functionName,
        description: `Runs the ${spec.fullName} task to completion during pulumi up (prodstack)`,
        role: role.arn,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(RUNNER_SOURCE) }),
        timeout: 900,
        memorySize: 256,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    }, { parent, dependsOn: [rolePolicy] });
    return new aws.lambda.Invocation(`${name}-deploy-run`, {
        region,
        functionName: fn.name,
        lifecycleScope: "CREATE_ONLY",
        input: pulumi.jsonStringify({
            cluster: task.cluster.arn,
            taskDefinition: task.taskDefinition.arn,
            subnets: spec.subnetIds,
            securityGroups: [task.securityGroup.securityGroupId],
            container: spec.container,
            timeoutSeconds: spec.timeoutSeconds,
            pollSeconds: 10,
        }),
        // A new revision (image, env, secrets, size) replaces the invocation: the task runs again.
        triggers: { taskDefinition: task.taskDefinition.arn },
    }, opts);
}
