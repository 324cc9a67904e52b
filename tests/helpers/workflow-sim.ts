/**
 * A small interpreter of the Cloud Workflows control flow the restore drill uses (steps,
 * assign, call, switch, try/except, for, next, raise, return, subworkflows), for tests that
 * walk every path of a generated workflow. Expressions are not evaluated: the test decides
 * what each call returns or raises and which switch condition holds.
 */

/** An error a step raised, as Workflows passes it to `except`. */
export class SimError extends Error {
    constructor(readonly value: unknown, readonly at: string) {
        super(`raised at ${at}: ${JSON.stringify(value)}`);
    }
}

export interface SimOracle {
    /** What `call` of a connector or `sys.*` function at step `step` does: return a value or throw a SimError. */
    call?(step: string, fn: string, args: unknown): unknown;
    /** Which condition of the switch at `step` holds (its index), or undefined for none. */
    decide?(step: string, conditions: Array<Record<string, unknown>>): number | undefined;
    /** How many times the body of the `for` at `step` runs (default 1). */
    iterations?(step: string): number;
}

export interface SimResult {
    /** Step names in the order they ran, subworkflow steps as `subworkflow/step`. */
    trace: string[];
    /** Calls made, in order, with their step and arguments. */
    calls: Array<{ step: string; fn: string; args: any }>;
    /** What `main` returned, when it returned. */
    returned?: unknown;
    /** What escaped `main`, when something did. */
    raised?: SimError;
}

type Step = Record<string, any>;
class Return {
    constructor(readonly value: unknown) {}
}
class Jump {
    constructor(readonly target: string) {}
}

/** Runs `main` of `workflow` under `oracle`. */
export function simulate(workflow: Record<string, any>, oracle: SimOracle = {}): SimResult {
    const result: SimResult = { trace: [], calls: [] };
    const prefix: string[] = [];
    let budget = 10000;

    const runSteps = (steps: Step[]): void => {
        let i = 0;
        while (i < steps.length) {
            if (--budget < 0) throw new Error("step budget exhausted (endless loop?)");
            const [name, body] = Object.entries(steps[i])[0];
            try {
                runStep(name, body);
                i++;
            } catch (e) {
                if (!(e instanceof Jump)) throw e;
                const target = steps.findIndex((s) => Object.keys(s)[0] === e.target);
                if (target < 0) throw e; // an outer list's step
                i = target;
            }
        }
    };

    const callSubworkflow = (fn: string, args: any, step: string): unknown => {
        const sub = workflow[fn];
        if (!sub || fn === "main") {
            result.calls.push({ step, fn, args });
            return oracle.call?.(step, fn, args);
        }
        prefix.push(fn);
        try {
            runSteps(sub.steps);
            return undefined;
        } catch (e) {
            if (e instanceof Return) return e.value;
            throw e;
        } finally {
            prefix.pop();
        }
    };

    const runStep = (name: string, body: Step): void => {
        const label = [...prefix, name].join("/");
        result.trace.push(label);
        if (body.call) callSubworkflow(body.call, body.args, label);
        if (body.switch) {
            const chosen = oracle.decide?.(label, body.switch);
            if (chosen !== undefined) {
                const branch = body.switch[chosen];
                if (branch.steps) runSteps(branch.steps);
                if ("raise" in branch) throw new SimError(branch.raise, label);
                if ("return" in branch) throw new Return(branch.return);
                if (branch.next) throw new Jump(branch.next);
            }
        }
        if (body.for) {
            const n = oracle.iterations?.(label) ?? 1;
            for (let k = 0; k < n; k++) runSteps(body.for.steps);
        }
        if (body.steps) runSteps(body.steps);
        if (body.try) {
            try {
                if (body.try.steps) runSteps(body.try.steps);
                else runStep(`${name}.try`, body.try);
            } catch (e) {
                if (!(e instanceof SimError) || !body.except) throw e;
                runSteps(body.except.steps);
            }
        }
        if ("raise" in body) throw new SimError(body.raise, label);
        if ("return" in body) throw new Return(body.return);
        if (body.next) throw new Jump(body.next);
    };

    try {
        runSteps(workflow.main.steps);
    } catch (e) {
        if (e instanceof Return) result.returned = e.value;
        else if (e instanceof SimError) result.raised = e;
        else throw e;
    }
    return result;
}
