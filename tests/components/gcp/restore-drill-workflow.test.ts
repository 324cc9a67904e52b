import { DRILL_ENV, drillWorkflow, drillWorkflowSource, watchWorkflow, watchWorkflowSource } from "../../../components/gcp/restore-drill-workflow";
import { SimError, simulate, type SimOracle } from "../../helpers/workflow-sim";
import { EXPECTED_DRILL, EXPECTED_WATCH } from "./restore-drill-workflow.expected";

const OPTIONS = { pointInTimeOffsetMinutes: 60, verify: true, cloneTimeoutSeconds: 7200, verifyTimeoutSeconds: 900 };
/** The source as the workflow receives it, parsed back. */
const drill = (o = OPTIONS) => JSON.parse(drillWorkflowSource(o)) as Record<string, any>;

/** The switches that decide a normal run: the copy is RUNNABLE, it has a private IP, the execution succeeded. */
const happy: Record<string, number | undefined> = {
    check_runnable: 0,
    pick: 0,
    has_ip: undefined,
    check_execution: 0,
    "delete_scratch/what": undefined,
};

function oracle(opts: { failCall?: string; decide?: Record<string, number | undefined>; notFound?: boolean } = {}): SimOracle {
    return {
        call(step, fn) {
            if (opts.failCall === step) throw new SimError({ code: 409, message: `${fn} failed` }, step);
            if (opts.notFound && step === "delete_scratch/unprotect.try") throw new SimError({ code: 404, message: "gone" }, step);
            return undefined;
        },
        decide(step) {
            const key = Object.keys({ ...happy, ...opts.decide }).find((k) => step === k || step.endsWith(`/${k}`));
            if (key === undefined) return undefined;
            return { ...happy, ...opts.decide }[key];
        },
    };
}

/** The steps a run ends with after a failure: record it, delete the copy, fail the execution. */
const FAILURE_TAIL = ["record_failure", "delete_after_failure", "delete_scratch/unprotect", "delete_scratch/unprotect.try", "delete_scratch/delete", "delete_scratch/delete.try", "delete_scratch/deleted", "reraise"];

describe("restore drill workflow source", () => {
    it("is, step by step, the reviewed source (every call's arguments, retry policy and message)", () => {
        expect(drillWorkflow(OPTIONS)).toEqual(EXPECTED_DRILL);
        expect(watchWorkflow({ backupMaxAgeSeconds: 100800 })).toEqual(EXPECTED_WATCH);
    });

    it("is JSON that parses back to the generated object, and reads the cloud's values from its environment", () => {
        expect(JSON.parse(drillWorkflowSource(OPTIONS))).toEqual(drillWorkflow(OPTIONS));
        expect(JSON.parse(watchWorkflowSource({ backupMaxAgeSeconds: 100800 }))).toEqual(watchWorkflow({ backupMaxAgeSeconds: 100800 }));
        expect(DRILL_ENV).toEqual({
            source: "DRILL_SOURCE_INSTANCE",
            scratchPrefix: "DRILL_SCRATCH_PREFIX",
            allocatedIpRange: "DRILL_ALLOCATED_IP_RANGE",
            verifyJob: "DRILL_VERIFY_JOB",
            environment: "DRILL_ENVIRONMENT",
        });
        const init = drill().main.steps[0].init.assign;
        expect(init).toEqual([
            { project: '${sys.get_env("GOOGLE_CLOUD_PROJECT_ID")}' },
            { source: '${sys.get_env("DRILL_SOURCE_INSTANCE")}' },
            { environment: '${sys.get_env("DRILL_ENVIRONMENT")}' },
            { started: "${sys.now()}" },
            { scratch: '${sys.get_env("DRILL_SCRATCH_PREFIX") + "-" + string(int(sys.now()))}' },
            { pointInTime: "${time.format(sys.now() - 3600)}" },
            { step: "clone" },
        ]);
        expect(drill({ ...OPTIONS, pointInTimeOffsetMinutes: 5 }).main.steps[0].init.assign[5]).toEqual({ pointInTime: "${time.format(sys.now() - 300)}" });
    });

    it("runs clone → label → wait → verify → record → delete when everything succeeds", () => {
        const run = simulate(drill(), oracle());
        expect(run.raised).toBeUndefined();
        expect(run.returned).toEqual({ result: "succeeded", scratch: "${scratch}" });
        expect(run.trace).toEqual([
            "init", "drill", "clone", "mark_label", "label", "mark_wait", "read_scratch", "check_runnable", "restored",
            "mark_verify", "private_ip", "pick", "has_ip", "run_verify", "read_execution", "check_execution", "verified",
            "record_success", "delete_scratch", "delete_scratch/unprotect", "delete_scratch/unprotect.try", "delete_scratch/delete",
            "delete_scratch/delete.try", "delete_scratch/deleted", "finish",
        ]);
        expect(run.calls.map((c) => c.fn)).toEqual([
            "googleapis.sqladmin.v1.instances.clone",
            "googleapis.sqladmin.v1.instances.patch",
            "googleapis.sqladmin.v1.instances.get",
            "googleapis.run.v2.projects.locations.jobs.run",
            "googleapis.run.v2.projects.locations.jobs.executions.get",
            "sys.log",
            "googleapis.sqladmin.v1.instances.patch",
            "googleapis.sqladmin.v1.instances.delete",
        ]);
    });

    it("clones to the point in time into the private services range, and labels and unprotects the copy without a public IP", () => {
        const run = simulate(drill(), oracle());
        const [clone, label] = run.calls;
        expect(clone.args).toEqual({
            project: "${project}",
            instance: "${source}",
            body: { cloneContext: { destinationInstanceName: "${scratch}", pointInTime: "${pointInTime}", allocatedIpRange: '${sys.get_env("DRILL_ALLOCATED_IP_RANGE")}' } },
            connector_params: { timeout: 7200 },
        });
        expect(label.args.instance).toBe("${scratch}");
        expect(label.args.body).toEqual({
            settings: {
                userLabels: { "prodstack-restore-drill": "true", environment: "${environment}" },
                deletionProtectionEnabled: false,
                ipConfiguration: { ipv4Enabled: false },
            },
        });
    });

    it("runs the verification job with the copy's host and CA as per-execution env and polls its execution", () => {
        const run = simulate(drill(), oracle());
        const verify = run.calls.find((c) => c.fn === "googleapis.run.v2.projects.locations.jobs.run")!;
        expect(verify.args).toEqual({
            name: '${sys.get_env("DRILL_VERIFY_JOB")}',
            body: { overrides: { containerOverrides: [{ env: [{ name: "DATABASE_HOST", value: "${host}" }, { name: "DATABASE_CA_CERT", value: "${copy.serverCaCert.cert}" }] }] } },
            connector_params: { skip_polling: true },
        });
        const steps = drill().main.steps[1].drill.try.steps as Array<Record<string, any>>;
        const check = steps.find((s) => s.check_execution)!.check_execution.switch;
        expect(check.map((c: any) => c.condition)).toEqual([
            '${"completionTime" in execution and default(map.get(execution, "succeededCount"), 0) >= 1}',
            '${"completionTime" in execution}',
            "${polls * 30 >= 900}",
        ]);
        expect(steps.find((s) => s.check_runnable)!.check_runnable.switch.map((c: any) => c.condition)).toEqual([
            '${copy.state == "RUNNABLE"}',
            "${polls * 30 >= 7200}",
        ]);
    });

    it("logs one result record with the contract's fields", () => {
        const run = simulate(drill(), oracle());
        const log = run.calls.find((c) => c.fn === "sys.log")!;
        expect(log.args).toEqual({
            severity: "INFO",
            json: {
                drill: "restore", result: "succeeded", durationSeconds: "${int(sys.now() - started)}", step: "done",
                environment: "${environment}", instance: "${source}", scratch: "${scratch}",
            },
        });
    });

    it.each(["clone", "label", "read_scratch", "run_verify", "read_execution"])("deletes the copy and fails the run when %s fails", (step) => {
        const run = simulate(drill(), oracle({ failCall: step }));
        expect(run.raised?.value).toBe("${e}");
        expect(run.trace.slice(run.trace.indexOf(step) + 1)).toEqual(FAILURE_TAIL);
        const failure = run.calls.find((c) => c.step === "record_failure")!;
        expect(failure.args.severity).toBe("ERROR");
        expect(failure.args.json).toMatchObject({ drill: "restore", result: "failed", step: "${step}", error: '${default(map.get(e, "message"), json.encode_to_string(e))}' });
        expect(run.calls.some((c) => c.step === "record_success")).toBe(false);
    });

    it.each([
        ["check_runnable", 1, "scratch instance not RUNNABLE within 7200 s"],
        ["has_ip", 0, "scratch instance has no private IP address"],
        ["check_execution", 1, "verification job failed: verifyQuery returned no row or could not connect"],
        ["check_execution", 2, "verification job not finished within 900 s"],
    ])("deletes the copy and fails the run when %s takes branch %p", (step, branch, message) => {
        const run = simulate(drill(), oracle({ decide: { [step]: branch } }));
        expect(run.raised?.value).toBe("${e}");
        expect(run.trace.slice(run.trace.indexOf(step) + 1)).toEqual(FAILURE_TAIL);
        const sw = (drill().main.steps[1].drill.try.steps as Array<Record<string, any>>).find((s) => s[step])![step].switch;
        expect(sw[branch].raise).toBe(message);
    });

    it("keeps polling until the copy is RUNNABLE", () => {
        let polls = 0;
        const run = simulate(drill(), { ...oracle(), decide: (step, c) => (step === "check_runnable" ? (++polls < 3 ? undefined : 0) : oracle().decide!(step, c)) });
        expect(run.trace.filter((s) => s === "wait_runnable")).toHaveLength(2);
        expect(run.returned).toEqual({ result: "succeeded", scratch: "${scratch}" });
    });

    it("treats a copy already gone as deleted, and still fails the run", () => {
        const run = simulate(drill(), oracle({ failCall: "clone", notFound: true, decide: { gone: 0 } }));
        expect(run.trace.slice(run.trace.indexOf("delete_after_failure"))).toEqual([
            "delete_after_failure", "delete_scratch/unprotect", "delete_scratch/unprotect.try", "delete_scratch/gone", "reraise",
        ]);
        expect(run.raised).toBeDefined();
    });

    it("retries conflicts, throttling and server errors of the Cloud SQL calls", () => {
        const sub = drill().delete_scratch.steps as Array<Record<string, any>>;
        for (const s of [sub[0].unprotect, sub[1].delete]) {
            expect(s.retry).toEqual({ predicate: "${retry_sql}", max_retries: 8, backoff: { initial_delay: 30, max_delay: 300, multiplier: 2 } });
        }
        expect(drill().retry_sql.steps[0].what.switch[0].condition).toBe('${"code" in e and (e.code == 409 or e.code == 429 or e.code >= 500)}');
    });

    it("without a verification query, records success once the copy is RUNNABLE", () => {
        const run = simulate(drill({ ...OPTIONS, verify: false }), oracle());
        expect(run.trace).not.toContain("run_verify");
        expect(run.trace.slice(run.trace.indexOf("restored"))).toEqual([
            "restored", "record_success", "delete_scratch", "delete_scratch/unprotect", "delete_scratch/unprotect.try",
            "delete_scratch/delete", "delete_scratch/delete.try", "delete_scratch/deleted", "finish",
        ]);
    });

    it("raises only inside the try, so every failure reaches the delete", () => {
        const main = drill().main.steps as Array<Record<string, any>>;
        const outside = JSON.stringify(main.filter((s) => !s.drill));
        expect(outside).not.toContain('"raise"');
        expect(JSON.stringify(main.find((s) => s.drill)!.drill.try)).not.toContain('"return"');
    });
});

describe("restore drill watch source", () => {
    const watch = () => JSON.parse(watchWorkflowSource({ backupMaxAgeSeconds: 100800 })) as Record<string, any>;

    it("deletes copies named <prefix>-<digits> older than a day, and leaves others", () => {
        const steps = watch().main.steps as Array<Record<string, any>>;
        expect(steps[0].init.assign).toEqual(expect.arrayContaining([
            { copies: '${"^" + sys.get_env("DRILL_SCRATCH_PREFIX") + "-[0-9]+$"}' },
            { cutoff: "${sys.now() - 86400}" },
        ]));
        const sweep = steps.find((s) => s.sweep)!.sweep.for.steps[0].leftover.switch[0];
        expect(sweep.condition).toBe("${text.match_regex(instance.name, copies) and time.parse(instance.createTime) < cutoff}");
        const found = simulate(watch(), { decide: (step) => (step === "leftover" ? 0 : undefined) });
        expect(found.calls.filter((c) => c.fn.endsWith("instances.delete"))).toEqual([
            { step: "delete_scratch/delete.try", fn: "googleapis.sqladmin.v1.instances.delete", args: { project: "${project}", instance: "${name}" } },
        ]);
        const none = simulate(watch(), { decide: () => undefined });
        expect(none.calls.some((c) => c.fn.endsWith("instances.delete"))).toBe(false);
        expect(none.returned).toEqual({ swept: "${swept}", backupAgeSeconds: "${ageSeconds}" });
    });

    it("logs the newest successful automated backup's age against the allowed age", () => {
        const run = simulate(watch(), {});
        const [sweep, freshness] = run.calls.filter((c) => c.fn === "sys.log");
        expect(sweep.args.json).toEqual({ drill: "restore-sweep", environment: "${environment}", swept: "${swept}" });
        expect(freshness.args).toEqual({
            severity: '${if(ageSeconds > 100800, "ERROR", "INFO")}',
            json: {
                drill: "backup-freshness", fresh: "${ageSeconds <= 100800}", newestBackupAgeSeconds: "${ageSeconds}",
                successfulBackups: "${backups}", environment: "${environment}", instance: "${source}",
            },
        });
        const runs = run.calls.find((c) => c.fn === "googleapis.sqladmin.v1.backupRuns.list")!;
        expect(runs.args).toEqual({ project: "${project}", instance: "${source}", maxResults: 50 });
        const find = (watch().main.steps as Array<Record<string, any>>).find((s) => s.find_newest)!.find_newest.for.steps[0].successful.switch[0];
        expect(find.condition).toBe('${run.type == "AUTOMATED" and run.status == "SUCCESSFUL" and "endTime" in run}');
    });
});
