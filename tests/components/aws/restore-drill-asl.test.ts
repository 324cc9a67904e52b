import { restoreDrillDefinition, restoreDrillWatchDefinition, type DrillDefinitionInput } from "../../../components/aws/restore-drill-asl";
import { runStateMachine, type TaskAnswer } from "../../helpers/asl";

const INPUT: DrillDefinitionInput = {
    sourceIdentifier: "acme-prod-db",
    scratchIdentifier: "acme-prod-db-drill",
    instanceClass: "db.t4g.micro",
    subnetGroupName: "acme-prod-db",
    parameterGroupName: "acme-prod-db-postgres17",
    securityGroupId: "sg-0db",
    pointInTimeOffsetMinutes: 60,
    tag: { key: "prodstack-restore-drill", value: "true" },
    clusterArn: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod",
    taskDefinitionArn: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-restore-drill:3",
    container: "restore-drill",
    subnetIds: ["subnet-a", "subnet-b"],
    taskSecurityGroupId: "sg-0task",
    namespace: "prodstack/acme-prod/restore-drill",
    environment: "acme-prod",
    pollSeconds: 60,
    maxPolls: 3,
    verifyTimeoutSeconds: 900,
};
const DEFINITION = restoreDrillDefinition(INPUT);
const ADDRESS = "acme-prod-db-drill.abc.eu-central-1.rds.amazonaws.com";
const available = { result: { DbInstances: [{ DbInstanceStatus: "available", Endpoint: { Address: ADDRESS } }] } };
const creating = { result: { DbInstances: [{ DbInstanceStatus: "creating" }] } };
const exited = (code: number) => ({ result: { StoppedReason: "Essential container in task exited", Containers: [{ ExitCode: code }] } });
const fail = (Error: string, Cause = "boom") => ({ error: { Error, Cause } });

/** Answers every Task with `overrides[state]` (by call number when a list), else the happy path. */
function answers(overrides: Record<string, TaskAnswer | TaskAnswer[]> = {}) {
    const happy: Record<string, TaskAnswer | TaskAnswer[]> = { DescribeScratch: [creating, available], Verify: exited(0) };
    return (state: string, _args: unknown, call: number): TaskAnswer => {
        const a = overrides[state] ?? happy[state] ?? { result: {} };
        return Array.isArray(a) ? a[Math.min(call, a.length) - 1] : a;
    };
}
const metrics = (run: { calls: Array<{ state: string; args: any }> }) =>
    run.calls.find((c) => c.state === "RecordResult")!.args.MetricData.map((m: any) => [m.MetricName, m.Value, m.Unit]);
const called = (run: { calls: Array<{ state: string }> }) => run.calls.map((c) => c.state);

describe("aws restore drill state machine (ASL)", () => {
    it("restores to the offset, waits, verifies against the copy, deletes it and records success with the restore time", async () => {
        const run = await runStateMachine(DEFINITION, answers());
        expect(called(run)).toEqual(["Restore", "DescribeScratch", "DescribeScratch", "Verify", "DeleteScratch", "RecordResult"]);
        expect(run.calls[0]).toEqual({
            state: "Restore",
            resource: "arn:aws:states:::aws-sdk:rds:restoreDBInstanceToPointInTime",
            args: {
                SourceDBInstanceIdentifier: "acme-prod-db",
                TargetDBInstanceIdentifier: "acme-prod-db-drill",
                // The execution started 05:00: one hour before.
                RestoreTime: "2026-11-30T04:00:00.000Z",
                DbInstanceClass: "db.t4g.micro",
                DbSubnetGroupName: "acme-prod-db",
                VpcSecurityGroupIds: ["sg-0db"],
                DbParameterGroupName: "acme-prod-db-postgres17",
                PubliclyAccessible: false,
                MultiAZ: false,
                DeletionProtection: false,
                AutoMinorVersionUpgrade: false,
                CopyTagsToSnapshot: false,
                StorageType: "gp3",
                Tags: [{ Key: "prodstack-restore-drill", Value: "true" }],
            },
        });
        expect(run.calls[1]).toEqual({ state: "DescribeScratch", resource: "arn:aws:states:::aws-sdk:rds:describeDBInstances", args: { DbInstanceIdentifier: "acme-prod-db-drill" } });
        expect(run.calls[3]).toEqual({
            state: "Verify",
            resource: "arn:aws:states:::ecs:runTask.sync",
            args: {
                Cluster: "arn:aws:ecs:eu-central-1:123456789012:cluster/acme-prod",
                TaskDefinition: "arn:aws:ecs:eu-central-1:123456789012:task-definition/acme-prod-restore-drill:3",
                LaunchType: "FARGATE",
                PlatformVersion: "LATEST",
                NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ["subnet-a", "subnet-b"], SecurityGroups: ["sg-0task"], AssignPublicIp: "DISABLED" } },
                Overrides: { ContainerOverrides: [{ Name: "restore-drill", Environment: [{ Name: "DB_HOST", Value: ADDRESS }] }] },
            },
        });
        expect(run.calls[4]).toEqual({
            state: "DeleteScratch",
            resource: "arn:aws:states:::aws-sdk:rds:deleteDBInstance",
            args: { DbInstanceIdentifier: "acme-prod-db-drill", SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
        });
        expect(run.calls[5].args).toMatchObject({ Namespace: "prodstack/acme-prod/restore-drill" });
        // Two polls of 60 s: available 120 s after the restore was asked for.
        expect(metrics(run)).toEqual([["DrillSucceeded", 1, "Count"], ["DrillFailed", 0, "Count"], ["RestoreDurationSeconds", 120, "Seconds"]]);
        expect(run.status).toBe("SUCCEEDED");
        // The record (components/core/restore-drill.ts): the drill's duration runs to the cleanup's start.
        expect(run.output).toEqual({ drill: "restore", result: "succeeded", durationSeconds: 120, step: "done", environment: "acme-prod", instance: "acme-prod-db", scratchInstance: "acme-prod-db-drill" });
        expect(DEFINITION.States.Verify.TimeoutSeconds).toBe(900);
        expect(DEFINITION.States.WaitForRestore).toEqual({ Type: "Wait", Seconds: 60, Next: "DescribeScratch" });
    });

    it("takes the offset in minutes", async () => {
        const run = await runStateMachine(restoreDrillDefinition({ ...INPUT, pointInTimeOffsetMinutes: 5 }), answers());
        expect((run.calls[0].args as any).RestoreTime).toBe("2026-11-30T04:55:00.000Z");
    });

    const failures: Array<[string, Record<string, TaskAnswer | TaskAnswer[]>, string[], string, string]> = [
        ["the restore is refused", { Restore: fail("Rds.InvalidRestoreException", "time out of window") },
            ["Restore", "DeleteScratch", "RecordResult"], "restore", "Rds.InvalidRestoreException: time out of window"],
        ["the status check fails", { DescribeScratch: fail("Rds.RdsException") }, ["Restore", "DescribeScratch", "DeleteScratch", "RecordResult"], "wait", "Rds.RdsException: boom"],
        ["the copy ends in a dead status", { DescribeScratch: { result: { DbInstances: [{ DbInstanceStatus: "incompatible-restore" }] } } },
            ["Restore", "DescribeScratch", "DeleteScratch", "RecordResult"], "wait", "scratch instance status incompatible-restore"],
        ["the copy is not available after maxPolls checks", { DescribeScratch: creating },
            ["Restore", "DescribeScratch", "DescribeScratch", "DescribeScratch", "DeleteScratch", "RecordResult"], "wait", "scratch instance not available after 3 checks (last status creating)"],
        ["the verification query finds no row", { Verify: exited(1) },
            ["Restore", "DescribeScratch", "DescribeScratch", "Verify", "DeleteScratch", "RecordResult"], "verify", "verification failed: Essential container in task exited, exit code 1"],
        ["the verification task cannot run", { Verify: fail("States.TaskFailed", "CannotPullContainerError") },
            ["Restore", "DescribeScratch", "DescribeScratch", "Verify", "DeleteScratch", "RecordResult"], "verify", "States.TaskFailed: CannotPullContainerError"],
        ["the verification times out", { Verify: fail("States.Timeout", "") },
            ["Restore", "DescribeScratch", "DescribeScratch", "Verify", "DeleteScratch", "RecordResult"], "verify", "States.Timeout: "],
    ];
    it.each(failures)("deletes the scratch instance and fails the drill when %s", async (_what, overrides, path, step, error) => {
        const run = await runStateMachine(DEFINITION, answers(overrides));
        expect(called(run)).toEqual(path);
        expect(metrics(run).slice(0, 2)).toEqual([["DrillSucceeded", 0, "Count"], ["DrillFailed", 1, "Count"]]);
        expect(run.status).toBe("FAILED");
        expect(run.error).toBe("RestoreDrillFailed");
        expect(JSON.parse(String(run.cause))).toMatchObject({ drill: "restore", result: "failed", step, environment: "acme-prod", instance: "acme-prod-db", scratchInstance: "acme-prod-db-drill", error });
    });

    it("records the restore time of a copy that became available, even when the verification then fails", async () => {
        const run = await runStateMachine(DEFINITION, answers({ Verify: exited(2) }));
        expect(metrics(run)[2]).toEqual(["RestoreDurationSeconds", 120, "Seconds"]);
        expect(JSON.parse(String(run.cause)).durationSeconds).toBe(120);
        const slow = await runStateMachine(DEFINITION, answers({ DescribeScratch: creating }));
        expect(JSON.parse(String(slow.cause)).durationSeconds).toBe(180);
        expect(metrics(slow)).toHaveLength(2);
    });

    it("leaves an instance that already exists alone (another drill may own it) and fails", async () => {
        const run = await runStateMachine(DEFINITION, answers({ Restore: fail("Rds.DbInstanceAlreadyExistsException") }));
        expect(called(run)).toEqual(["Restore", "RecordResult"]);
        expect(run.status).toBe("FAILED");
        expect(JSON.parse(String(run.cause))).toMatchObject({ step: "restore", error: "Rds.DbInstanceAlreadyExistsException: boom", durationSeconds: 0 });
    });

    it("fails a verified drill whose cleanup failed (the copy costs money), and accepts a copy already gone", async () => {
        const stuck = await runStateMachine(DEFINITION, answers({ DeleteScratch: fail("Rds.InvalidDbInstanceStateException") }));
        expect(stuck.status).toBe("FAILED");
        expect(JSON.parse(String(stuck.cause))).toMatchObject({ result: "failed", step: "cleanup", error: "Rds.InvalidDbInstanceStateException: boom" });
        expect(DEFINITION.States.DeleteScratch.Retry).toEqual([{ ErrorEquals: ["Rds.InvalidDbInstanceStateException"], IntervalSeconds: 300, MaxAttempts: 12, BackoffRate: 1 }]);
        const gone = await runStateMachine(DEFINITION, answers({ DeleteScratch: fail("Rds.DbInstanceNotFoundException") }));
        expect(gone.status).toBe("SUCCEEDED");
    });

    it("ends with the drill's result even when the metrics cannot be published", async () => {
        const run = await runStateMachine(DEFINITION, answers({ RecordResult: fail("CloudWatch.CloudWatchException") }));
        expect(called(run)).toEqual(["Restore", "DescribeScratch", "DescribeScratch", "Verify", "DeleteScratch", "RecordResult"]);
        expect(run.status).toBe("SUCCEEDED");
    });

    it("catches every error of every step before the cleanup into the cleanup, and every error of the cleanup into the record", () => {
        const tasks = Object.entries(DEFINITION.States).filter(([, s]) => s.Type === "Task");
        expect(tasks.map(([n]) => n)).toEqual(["Restore", "DescribeScratch", "Verify", "DeleteScratch", "RecordResult"]);
        for (const [name, state] of tasks) {
            const catchAll = (state.Catch as any[]).find((c) => c.ErrorEquals.includes("States.ALL"));
            const expected = name === "DeleteScratch" || name === "RecordResult" ? (name === "DeleteScratch" ? "RecordResult" : "Outcome") : "DeleteScratch";
            expect([name, catchAll.Next]).toEqual([name, expected]);
        }
        // No execution timeout: it would skip every Catch, the cleanup included.
        expect(DEFINITION).not.toHaveProperty("TimeoutSeconds");
        expect(DEFINITION.QueryLanguage).toBe("JSONata");
    });
});

describe("aws restore drill watch (ASL)", () => {
    const WATCH = restoreDrillWatchDefinition({
        drillStateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill", namespace: "prodstack/acme-prod/restore-drill",
        scratchIdentifier: "acme-prod-db-drill", maxAgeSeconds: 86400,
    });
    const watch = (executions: unknown[], scratch?: TaskAnswer) => runStateMachine(WATCH, (state) => {
        if (state === "DescribeDrill") return { result: { CreationDate: "2026-11-01T05:00:00.000Z" } };
        if (state === "LastSuccess") return { result: { Executions: executions } };
        if (state === "FindLeftover") return scratch ?? fail("Rds.DbInstanceNotFoundException");
        return { result: {} };
    });
    const age = async (executions: unknown[]) => {
        const run = await watch(executions);
        expect(run.calls.slice(0, 2).map((c) => c.args)).toEqual([
            { StateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill" },
            { StateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-prod-restore-drill", StatusFilter: "SUCCEEDED", MaxResults: 1 },
        ]);
        const publish = run.calls[2].args as any;
        expect(publish.Namespace).toBe("prodstack/acme-prod/restore-drill");
        expect(publish.MetricData[0]).toMatchObject({ MetricName: "SecondsSinceLastSuccess", Unit: "Seconds" });
        expect(run.status).toBe("SUCCEEDED");
        return publish.MetricData[0].Value;
    };

    it("publishes the seconds since the last successful drill", async () => {
        expect(await age([{ StopDate: "2026-11-23T06:00:00.000Z" }])).toBe(7 * 86400 - 3600);
    });

    it("counts from the drill's creation when no drill ever succeeded", async () => {
        expect(await age([])).toBe(29 * 86400);
    });

    const scratch = (created: string, status = "available") => ({ result: { DbInstances: [{ InstanceCreateTime: created, DbInstanceStatus: status }] } });
    it.each([
        ["deletes a scratch instance older than a day", scratch("2026-11-29T04:59:00.000Z"), ["FindLeftover", "DeleteLeftover"]],
        ["leaves one of exactly a day (a drill may still run)", scratch("2026-11-29T05:00:00.000Z"), ["FindLeftover"]],
        ["leaves one already being deleted", scratch("2026-11-20T05:00:00.000Z", "deleting"), ["FindLeftover"]],
        ["has nothing to sweep without one", undefined, ["FindLeftover"]],
    ])("%s", async (_what, found, calls) => {
        const run = await watch([], found as TaskAnswer | undefined);
        expect(run.calls.slice(3).map((c) => c.state)).toEqual(calls);
        expect(run.calls[3].args).toEqual({ DbInstanceIdentifier: "acme-prod-db-drill" });
        if (calls.length > 1) expect(run.calls[4].args).toEqual({ DbInstanceIdentifier: "acme-prod-db-drill", SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
        expect(run.status).toBe("SUCCEEDED");
    });
});
