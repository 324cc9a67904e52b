/**
 * GCP rule of "backups restore-tested": every Cloud SQL primary has a restore drill (a
 * workflow that clones or restores it and deletes the copy), a schedule that starts it, and
 * alerts that notify someone when a drill fails and when none succeeded for too long.
 */
import type { PolicyResource, StackCheck } from "../../types";
import { get, known, listing, ofTypes, skip, str } from "../common";
import { isReplica } from "./data";
import { conditionText, enabled, mentions, notifies } from "./observability";
import { T, what } from "./types";

/** The environment variable the drill workflow reads its source instance from (components/gcp/restore-drill-workflow.ts). */
const SOURCE_ENV = "DRILL_SOURCE_INSTANCE";

/** What a drill's source must do: restore a copy, then delete it. */
const RESTORES = /googleapis\.sqladmin\.v1(beta4)?\.instances\.(clone|restoreBackup)/;
const DELETES = /googleapis\.sqladmin\.v1(beta4)?\.instances\.delete/;

/** The drill workflows of `instance`: they name it as their source and restore and delete a copy. */
function drillsOf(instance: PolicyResource, workflows: PolicyResource[]): PolicyResource[] {
    const name = str(known(() => instance.props.name, ""));
    return workflows.filter((w) => {
        const source = str(known(() => get(w.props, `userEnvVars.${SOURCE_ENV}`), ""));
        const code = str(known(() => w.props.sourceContents, ""));
        return name !== "" && source === name && RESTORES.test(code) && DELETES.test(code);
    });
}

export const restoreDrilled: StackCheck = {
    types: [T.sqlInstance, T.workflow, T.schedulerJob, T.alertPolicy],
    check(resources, report, ctx) {
        const primaries = ofTypes(resources, T.sqlInstance).filter((r) => !isReplica(r.props));
        if (!primaries.length) return skip("no Cloud SQL primary in this stack");
        const workflows = ofTypes(resources, T.workflow);
        const schedules = ofTypes(resources, T.schedulerJob);
        const alerts = ofTypes(resources, T.alertPolicy).filter(enabled);
        const channels = ofTypes(resources, T.notificationChannel);
        for (const db of primaries) {
            ctx.examined(db);
            const drills = drillsOf(db, workflows);
            if (!drills.length) {
                report(
                    `${what(db)} has no restore drill: add a workflow that clones it to a point in time (or restores a backup), ` +
                        `checks the copy and deletes it, on a schedule (prodstack: database.restoreDrill).`,
                    db.urn,
                );
                continue;
            }
            for (const drill of drills) {
                ctx.examined(drill);
                const name = str(known(() => drill.props.name, ""));
                const scheduled = schedules.filter((s) => str(known(() => get(s.props, "httpTarget.uri"), "")).includes(`/workflows/${name}/executions`));
                ctx.examined(...scheduled);
                const watching = alerts.filter((a) => mentions(conditionText(a), name) && notifies(a, channels));
                ctx.examined(...watching);
                const missing = [
                    ...(scheduled.length ? [] : ["a Cloud Scheduler job that starts it"]),
                    ...(watching.some((a) => conditionText(a).includes("failed")) ? [] : ["an alert that notifies someone when a drill fails"]),
                    ...(watching.some((a) => conditionText(a).includes("succeeded"))
                        ? []
                        : ["an alert that notifies someone when no drill succeeded for two schedule periods"]),
                ];
                if (missing.length) report(`${what(drill)} restores ${what(db)} but lacks ${listing(missing)}.`, drill.urn);
            }
        }
    },
};
