/**
 * AWS rule of "backups restore-tested": every RDS primary has a restore drill (a state machine
 * that restores it to a scratch instance and deletes that instance), a schedule that starts it,
 * and alarms that notify someone when a drill fails, when none succeeded for too long and when a
 * scratch instance is left over.
 */
import type { PolicyResource, StackCheck } from "../../types";
import { get, known, listing, ofTypes, parseJson, skip, str } from "../common";
import { isRdsReplica } from "./database";
import { notifies } from "./observability";
import { T, what } from "./types";

const SDK = "arn:aws:states:::aws-sdk:rds:";
const RESTORES = [`${SDK}restoreDBInstanceToPointInTime`, `${SDK}restoreDBInstanceFromDBSnapshot`];

type States = Record<string, Record<string, unknown>>;

/** The states of a definition, nested ones (Parallel branches) included. */
function statesOf(definition: unknown): States {
    const out: States = {};
    const walk = (d: unknown) => {
        const states = get(d, "States");
        if (typeof states !== "object" || states === null) return;
        for (const [name, state] of Object.entries(states as States)) {
            out[name] = state;
            if (Array.isArray(state.Branches)) state.Branches.forEach(walk);
        }
    };
    walk(definition);
    return out;
}

/** Arguments (JSONata) or Parameters (JSONPath) of a Task state. */
const argsOf = (state: Record<string, unknown>) => (state.Arguments ?? state.Parameters ?? {}) as Record<string, unknown>;

/** What a state machine drills: the source it restores, the scratch instance it restores to and deletes, and where it publishes. */
export function drillOf(machine: PolicyResource): { source: string; scratch: string; namespace: string } | undefined {
    const states = Object.values(statesOf(parseJson(known(() => machine.props.definition, undefined))));
    const restore = states.find((s) => RESTORES.includes(str(s.Resource)));
    if (!restore) return undefined;
    const scratch = str(argsOf(restore).TargetDBInstanceIdentifier);
    const deletes = states.some((s) => str(s.Resource) === `${SDK}deleteDBInstance` && str(argsOf(s).DbInstanceIdentifier) === scratch);
    if (!scratch || !deletes) return undefined;
    const publish = states.find((s) => str(s.Resource) === "arn:aws:states:::aws-sdk:cloudwatch:putMetricData");
    return { source: str(argsOf(restore).SourceDBInstanceIdentifier), scratch, namespace: publish ? str(argsOf(publish).Namespace) : "" };
}

export const restoreDrilled: StackCheck = {
    types: [T.dbInstance, T.stateMachine, T.schedule, T.metricAlarm],
    check(resources, report, ctx) {
        const primaries = ofTypes(resources, T.dbInstance).filter((r) => !isRdsReplica(r.props));
        if (!primaries.length) return skip("no RDS primary in this stack");
        const machines = ofTypes(resources, T.stateMachine);
        const schedules = ofTypes(resources, T.schedule);
        const alarms = ofTypes(resources, T.metricAlarm).filter(notifies);
        for (const db of primaries) {
            ctx.examined(db);
            const identifier = str(known(() => db.props.identifier, undefined));
            const drills = machines.map((m) => ({ machine: m, drill: drillOf(m) })).filter((d) => d.drill && d.drill.source === identifier);
            if (!identifier || !drills.length) {
                report(
                    `${what(db)} has no restore drill: add a state machine that restores it to a scratch instance, checks the copy and deletes it, ` +
                        "on a schedule (prodstack: database.restoreDrill).",
                    db.urn,
                );
                continue;
            }
            for (const { machine, drill } of drills) {
                ctx.examined(machine);
                const name = str(known(() => machine.props.name, undefined));
                const scheduled = schedules.filter((s) => name !== "" && str(known(() => get(s.props, "target.arn"), undefined)).endsWith(`:stateMachine:${name}`));
                ctx.examined(...scheduled);
                const inNamespace = alarms.filter((a) => drill!.namespace !== "" && str(a.props.namespace) === drill!.namespace);
                const onScratch = alarms.filter((a) => str(get(a.props, "dimensions.DBInstanceIdentifier")) === drill!.scratch);
                ctx.examined(...inNamespace, ...onScratch);
                const missing = [
                    ...(scheduled.length ? [] : ["a Scheduler schedule that starts it"]),
                    ...(inNamespace.some((a) => /fail/i.test(str(a.props.metricName))) ? [] : ["an alarm that notifies someone when a drill fails"]),
                    ...(inNamespace.some((a) => /success|succeeded/i.test(str(a.props.metricName)))
                        ? []
                        : ["an alarm that notifies someone when no drill succeeded for two schedule periods"]),
                    ...(onScratch.length ? [] : [`an alarm on a left-over scratch instance ${drill!.scratch}`]),
                ];
                if (missing.length) report(`${what(machine)} restores ${what(db)} but lacks ${listing(missing)}.`, machine.urn);
            }
        }
    },
};
