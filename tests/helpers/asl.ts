/**
 * A small interpreter of JSONata state machines (Amazon States Language) for tests: it walks a
 * definition as Step Functions would (Pass, Task, Wait, Choice, Succeed, Fail; `Assign`,
 * `Arguments`, `Catch`, `Output`), evaluating every `{% … %}` with the `jsonata` package
 * (the version Step Functions runs), and asks `answer` for each Task's result or error. Retries
 * are not simulated: an error goes to the first matching `Catch`. A fake clock starts at
 * `startTime` and moves only with `Wait` states.
 */
import jsonata from "jsonata";

type Json = unknown;
type State = Record<string, any>;
export type TaskAnswer = { result: Json } | { error: { Error: string; Cause?: string } };

/** One Task call the execution made. */
export interface TaskCall { state: string; resource: string; args: Json }

/** How an execution ended, and what it called on the way. */
export interface Execution {
    status: "SUCCEEDED" | "FAILED";
    output?: Json;
    error?: Json;
    cause?: Json;
    /** Every state entered, in order. */
    path: string[];
    calls: TaskCall[];
}

const EXPR = /^\{%([\s\S]*)%\}$/;

async function evaluate(value: Json, bindings: Record<string, unknown>): Promise<Json> {
    if (typeof value === "string") {
        const m = EXPR.exec(value);
        return m ? jsonata(m[1]).evaluate({}, bindings) : value;
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => evaluate(v, bindings)));
    if (value && typeof value === "object") {
        const out: Record<string, Json> = {};
        for (const [k, v] of Object.entries(value)) out[k] = await evaluate(v, bindings);
        return out;
    }
    return value;
}

/** Runs `definition` to its end (or throws after `maxSteps` states: a loop the test did not end). */
export async function runStateMachine(
    definition: { StartAt: string; States: Record<string, State> },
    answer: (state: string, args: any, call: number) => TaskAnswer,
    { startTime = "2026-11-30T05:00:00.000Z", maxSteps = 200 } = {},
): Promise<Execution> {
    const vars: Record<string, unknown> = {};
    const path: string[] = [];
    const calls: TaskCall[] = [];
    let clock = Date.parse(startTime);
    let current = definition.StartAt;
    const bindings = (extra: Record<string, unknown> = {}) => ({
        ...vars,
        states: { input: {}, context: { Execution: { StartTime: startTime }, State: { EnteredTime: new Date(clock).toISOString(), Name: current } }, ...extra },
    });
    const assign = async (assignments: Record<string, Json> | undefined, extra: Record<string, unknown> = {}) => {
        if (!assignments) return;
        const b = bindings(extra);
        const values = await Promise.all(Object.values(assignments).map((v) => evaluate(v, b)));
        Object.keys(assignments).forEach((k, i) => { vars[k] = values[i]; });
    };
    for (let step = 0; step < maxSteps; step++) {
        const st = definition.States[current];
        if (!st) throw new Error(`no state ${current}`);
        path.push(current);
        switch (st.Type) {
            case "Pass":
                await assign(st.Assign);
                current = st.Next;
                break;
            case "Wait":
                clock += st.Seconds * 1000;
                current = st.Next;
                break;
            case "Task": {
                const args = await evaluate(st.Arguments, bindings());
                calls.push({ state: current, resource: st.Resource, args });
                const reply = answer(current, args, calls.filter((c) => c.state === current).length);
                if ("error" in reply) {
                    const caught = (st.Catch ?? []).find((c: State) => c.ErrorEquals.includes(reply.error.Error) || c.ErrorEquals.includes("States.ALL"));
                    if (!caught) return { status: "FAILED", error: reply.error.Error, cause: reply.error.Cause, path, calls };
                    await assign(caught.Assign, { errorOutput: { Error: reply.error.Error, Cause: reply.error.Cause ?? "" } });
                    current = caught.Next;
                } else {
                    await assign(st.Assign, { result: reply.result });
                    if (st.End) return { status: "SUCCEEDED", output: reply.result, path, calls };
                    current = st.Next;
                }
                break;
            }
            case "Choice": {
                let next = st.Default;
                for (const choice of st.Choices) {
                    if (await evaluate(choice.Condition, bindings())) {
                        await assign(choice.Assign);
                        next = choice.Next;
                        break;
                    }
                }
                current = next;
                break;
            }
            case "Succeed":
                return { status: "SUCCEEDED", output: await evaluate(st.Output, bindings()), path, calls };
            case "Fail":
                return { status: "FAILED", error: await evaluate(st.Error, bindings()), cause: await evaluate(st.Cause, bindings()), path, calls };
            default:
                throw new Error(`state type ${st.Type} not simulated`);
        }
    }
    throw new Error(`no end after ${maxSteps} states: ${path.slice(-10).join(" → ")}`);
}
