/** AWS observability rules: CloudWatch log groups (retention, encryption). */
import type { ResourceCheck, StackCheck } from "../../types";
import { known, ofTypes, skip, str, usesCloud } from "../common";
import { T, what } from "./types";

/** Every log group keeps its logs for a chosen period (unset means forever, by accident) at or above the floor. */
export const logRetentionSet: StackCheck = {
    types: [T.logGroup],
    check(resources, report, ctx) {
        if (!usesCloud(resources, "aws")) return skip("no AWS resources in this stack");
        const groups = ofTypes(resources, T.logGroup);
        if (!groups.length) return skip("no CloudWatch log group in this stack");
        const min = Number(ctx.config.minRetentionDays);
        ctx.examined(...groups);
        for (const g of groups) {
            // Unknown during preview means computed, hence set.
            const days = Number(known(() => g.props.retentionInDays ?? 0, min));
            if (days === 0) {
                report(`${what(g)} sets no retentionInDays, so it keeps logs forever by default; choose a retention of at least ${min} days.`, g.urn);
            } else if (days < min) {
                report(`${what(g)} keeps logs for ${days} ${days === 1 ? "day" : "days"}; keep them at least ${min} days (retentionInDays).`, g.urn);
            }
        }
    },
};

export const logsEncrypted: ResourceCheck = {
    types: [T.logGroup],
    check(args, report) {
        if (str(known(() => args.props.kmsKeyId, "(computed)")) === "") {
            report(
                `${what(args)} is encrypted only with CloudWatch's own key, so anyone who may read logs reads these; ` +
                    "set kmsKeyId to a customer-managed KMS key whose policy admits the logs service.",
            );
        }
    },
};
