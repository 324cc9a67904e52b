/**
 * The restore drill of the GCP composition (issue 19): on by default in prod, from
 * `database.restoreDrill`. Part of the observability concern: it needs the data concern's
 * primary instance and the alert channels.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resolveRestoreDrill } from "../../components/core/restore-drill";
import type { EnvironmentSpec } from "../config";
import type { DashboardRestoreDrill } from "../../components/gcp/dashboard";
import { RestoreDrill } from "../../components/gcp/restore-drill";
import type { DataResult, GcpContext } from "./context";

/** APIs the drill needs, when the environment runs one (Cloud Run is there for the verification job). */
export function restoreDrillApis(spec: EnvironmentSpec): string[] {
    if (!spec.database || !resolveRestoreDrill(spec.database.restoreDrill, spec.tier)) return [];
    return ["workflows.googleapis.com", "workflowexecutions.googleapis.com", "cloudscheduler.googleapis.com", "run.googleapis.com"];
}

/** Deploys the drill when the spec (or the tier) asks for one; returns what the dashboard charts. */
export function deployRestoreDrill(ctx: GcpContext, data: DataResult, notificationChannels: pulumi.Input<string>[]): DashboardRestoreDrill | undefined {
    const { spec } = ctx;
    const settings = resolveRestoreDrill(spec.database?.restoreDrill, spec.tier);
    if (!settings || !data.primary || !spec.database) return undefined;
    const db = data.primary;
    const drill = new RestoreDrill("restore-drill", {
        project: ctx.project,
        region: spec.region,
        namePrefix: spec.namePrefix,
        instanceName: db.instanceName,
        engine: spec.database.engine,
        allocatedIpRange: ctx.network.privateServicesRangeName,
        drill: settings,
        verification: settings.verifyQuery === undefined ? undefined : {
            vpc: { network: ctx.network.networkId, subnetwork: ctx.network.subnetworkId },
            databaseName: db.databaseName,
            user: db.user,
            passwordSecret: db.passwordSecret,
        },
        notificationChannels,
        labels: ctx.labels,
    }, ctx.opts);
    return { runsMetric: drill.runsMetricName, durationMetric: drill.durationMetricName };
}
